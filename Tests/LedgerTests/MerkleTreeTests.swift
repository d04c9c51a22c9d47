import Foundation
import Testing
@testable import Ledger

/// RFC 6962/9162 tree hashes and proofs, against the Certificate Transparency reference tree
/// (`../shared/specs/vectors/rfc6962-test-tree.txt`), and every proof of every size up to 8 checked both ways:
/// the honest one verifies, any altered one does not.
@Suite struct MerkleTreeTests {
    static let entries: [[UInt8]] = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                                     "606162636465666768696a6b6c6d6e6f"].map(bytes)
    static let roots = [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ]
    static let leaves = entries.map(MerkleTree.leafHash)

    static func bytes(_ hex: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        return bytes
    }

    static func flipped(_ hash: TreeHash) -> TreeHash {
        var copy = hash
        copy[0] ^= 1
        return copy
    }

    @Test func roots_matchTheReferenceTree_atEverySize() {
        #expect(MerkleTree.root([]) == Self.bytes("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"))
        for size in 1...8 {
            #expect(MerkleTree.root(Self.leaves[0..<size]) == Self.bytes(Self.roots[size - 1]), "size \(size)")
        }
    }

    @Test func inclusionProofs_verify_andAlteredOnesDoNot() {
        for size in 1...8 {
            let root = MerkleTree.root(Self.leaves[0..<size])
            for index in 0..<size {
                let proof = MerkleTree.inclusionProof(index: index, Self.leaves[0..<size])
                let leaf = Self.leaves[index]
                #expect(MerkleProof.verifyInclusion(leafHash: leaf, index: index, size: size, proof: proof, root: root))
                #expect(!MerkleProof.verifyInclusion(leafHash: Self.flipped(leaf), index: index, size: size, proof: proof, root: root))
                #expect(!MerkleProof.verifyInclusion(leafHash: leaf, index: index, size: size, proof: proof, root: Self.flipped(root)))
                #expect(!MerkleProof.verifyInclusion(leafHash: leaf, index: index, size: size, proof: proof + [leaf], root: root))
                for position in proof.indices {
                    var altered = proof
                    altered[position] = Self.flipped(altered[position])
                    #expect(!MerkleProof.verifyInclusion(leafHash: leaf, index: index, size: size, proof: altered, root: root))
                }
                if size > 1 {
                    let other = (index + 1) % size
                    #expect(!MerkleProof.verifyInclusion(leafHash: leaf, index: other, size: size, proof: proof, root: root)
                            || Self.leaves[other] == leaf)
                }
            }
            #expect(!MerkleProof.verifyInclusion(leafHash: Self.leaves[0], index: size, size: size, proof: [], root: root))
        }
    }

    @Test func consistencyProofs_verify_andAlteredOnesDoNot() {
        for newSize in 1...8 {
            let newRoot = MerkleTree.root(Self.leaves[0..<newSize])
            for oldSize in 1...newSize {
                let oldRoot = MerkleTree.root(Self.leaves[0..<oldSize])
                let proof = MerkleTree.consistencyProof(oldSize: oldSize, Self.leaves[0..<newSize])
                #expect(MerkleProof.verifyConsistency(oldSize: oldSize, newSize: newSize, oldRoot: oldRoot, newRoot: newRoot,
                                                      proof: proof), "\(oldSize) → \(newSize)")
                guard oldSize < newSize else { continue }
                #expect(!MerkleProof.verifyConsistency(oldSize: oldSize, newSize: newSize, oldRoot: Self.flipped(oldRoot),
                                                       newRoot: newRoot, proof: proof))
                #expect(!MerkleProof.verifyConsistency(oldSize: oldSize, newSize: newSize, oldRoot: oldRoot,
                                                       newRoot: Self.flipped(newRoot), proof: proof))
                #expect(!MerkleProof.verifyConsistency(oldSize: oldSize, newSize: newSize, oldRoot: oldRoot, newRoot: newRoot,
                                                       proof: []))
                for position in proof.indices {
                    var altered = proof
                    altered[position] = Self.flipped(altered[position])
                    #expect(!MerkleProof.verifyConsistency(oldSize: oldSize, newSize: newSize, oldRoot: oldRoot,
                                                           newRoot: newRoot, proof: altered))
                }
            }
        }
        #expect(!MerkleProof.verifyConsistency(oldSize: 5, newSize: 3, oldRoot: [], newRoot: [], proof: []))
    }

    @Test func proofSizes_areLogarithmic() {
        // RFC 9162's example tree of 7 leaves: leaf 3's path has 3 nodes; the 3 → 7 consistency proof has 4.
        let seven = Self.leaves[0..<7]
        #expect(MerkleTree.inclusionProof(index: 3, seven).count == 3)
        #expect(MerkleTree.consistencyProof(oldSize: 3, seven).count == 4)
        #expect(MerkleTree.consistencyProof(oldSize: 4, seven).count == 1)
    }
}

/// For random tree sizes, every inclusion and consistency proof verifies, and fails once any byte of it, the
/// index or a size is altered. (A size always comes with its root, as in a signed checkpoint: the same root
/// under a neighbouring size can pass RFC 9162's check, which is why the checkpoint signs both.)
@Suite struct MerkleProofPropertyTests {
    @Test(arguments: [1_001, 2_024, 3_333])
    func randomTrees_proofsHold_andAlterationsFail(seed: Int) {
        var rng = Xorshift(seed: UInt64(seed))
        let size = Int(rng.next() % 3000) + 2
        let leaves = (0..<size).map { MerkleTree.leafHash([UInt8(truncatingIfNeeded: $0), UInt8($0 >> 8), UInt8(truncatingIfNeeded: seed)]) }
        let root = MerkleTree.root(leaves[...])
        let biggerRoot = MerkleTree.root((leaves + [MerkleTree.leafHash([0xff])])[...])
        for _ in 0..<8 {
            let index = Int(rng.next() % UInt64(size))
            let proof = MerkleTree.inclusionProof(index: index, leaves[...])
            #expect(MerkleProof.verifyInclusion(leafHash: leaves[index], index: index, size: size, proof: proof, root: root))
            if !proof.isEmpty {
                var bent = proof
                let at = Int(rng.next() % UInt64(proof.count))
                bent[at][Int(rng.next() % 32)] ^= UInt8(1 << (rng.next() % 8))
                #expect(!MerkleProof.verifyInclusion(leafHash: leaves[index], index: index, size: size, proof: bent, root: root))
            }
            let otherIndex = (index + 1 + Int(rng.next() % UInt64(size - 1))) % size
            #expect(!MerkleProof.verifyInclusion(leafHash: leaves[index], index: otherIndex, size: size, proof: proof, root: root))
            #expect(!MerkleProof.verifyInclusion(leafHash: leaves[index], index: index, size: size + 1, proof: proof, root: biggerRoot))
            #expect(!MerkleProof.verifyInclusion(leafHash: leaves[index], index: index, size: size - 1, proof: proof,
                                                 root: MerkleTree.root(leaves[0..<(size - 1)])))

            let old = Int(rng.next() % UInt64(size - 1)) + 1
            let oldRoot = MerkleTree.root(leaves[0..<old])
            let consistency = MerkleTree.consistencyProof(oldSize: old, leaves[...])
            #expect(MerkleProof.verifyConsistency(oldSize: old, newSize: size, oldRoot: oldRoot, newRoot: root, proof: consistency))
            if !consistency.isEmpty {
                var bent = consistency
                let at = Int(rng.next() % UInt64(consistency.count))
                bent[at][Int(rng.next() % 32)] ^= 0x80
                #expect(!MerkleProof.verifyConsistency(oldSize: old, newSize: size, oldRoot: oldRoot, newRoot: root, proof: bent))
            }
            let wrongOld = old == 1 ? 2 : old - 1
            if wrongOld < size {
                #expect(!MerkleProof.verifyConsistency(oldSize: wrongOld, newSize: size, oldRoot: MerkleTree.root(leaves[0..<wrongOld]),
                                                       newRoot: root, proof: consistency))
            }
            #expect(!MerkleProof.verifyConsistency(oldSize: old, newSize: size + 1, oldRoot: oldRoot, newRoot: biggerRoot, proof: consistency))
        }
    }
}

/// A small deterministic generator, so a failing case can be replayed.
struct Xorshift {
    var state: UInt64
    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }
    mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }
}
