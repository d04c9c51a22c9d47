import Crypto
import Foundation

/// A SHA-256 hash in a Merkle tree (RFC 9162 §2.1).
public typealias TreeHash = [UInt8]

/// The Merkle tree hash of RFC 6962/9162 over a list of leaves: leaf hashes SHA-256(0x00 ‖ entry), node hashes
/// SHA-256(0x01 ‖ left ‖ right), the left subtree always the largest power of two smaller than the whole. Pure:
/// the leaves' hashes come in, roots and proofs come out.
public enum MerkleTree {
    public static func leafHash(_ entry: some Sequence<UInt8>) -> TreeHash {
        var hasher = SHA256()
        hasher.update(data: [0x00])
        hasher.update(data: Array(entry))
        return Array(hasher.finalize())
    }

    public static func nodeHash(_ left: TreeHash, _ right: TreeHash) -> TreeHash {
        // One buffer on the stack instead of a hasher fed three arrays: proofs are verified by hashing ~27 nodes.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1 + left.count + right.count) { buffer in
            buffer[0] = 0x01
            _ = UnsafeMutableBufferPointer(rebasing: buffer[1...]).initialize(from: left)
            _ = UnsafeMutableBufferPointer(rebasing: buffer[(1 + left.count)...]).initialize(from: right)
            return SHA256.hash(data: UnsafeRawBufferPointer(buffer)).withUnsafeBytes { Array($0) }
        }
    }

    /// The root of the tree whose leaf hashes are `leaves` (the hash of the empty string for no leaves).
    public static func root(_ leaves: ArraySlice<TreeHash>) -> TreeHash {
        switch leaves.count {
        case 0: return Array(SHA256.hash(data: Data()))
        case 1: return leaves[leaves.startIndex]
        default:
            let split = leaves.startIndex + largestPowerOfTwo(below: leaves.count)
            return nodeHash(root(leaves[..<split]), root(leaves[split...]))
        }
    }

    /// The audit path of leaf `index` in the tree of `leaves` (RFC 9162 §2.1.3.1), nearest sibling first.
    public static func inclusionProof(index: Int, _ leaves: ArraySlice<TreeHash>) -> [TreeHash] {
        guard leaves.count > 1, (0..<leaves.count).contains(index) else { return [] }
        let k = largestPowerOfTwo(below: leaves.count)
        let split = leaves.startIndex + k
        if index < k {
            return inclusionProof(index: index, leaves[..<split]) + [root(leaves[split...])]
        }
        return inclusionProof(index: index - k, leaves[split...]) + [root(leaves[..<split])]
    }

    /// The proof that the tree of the first `oldSize` leaves is a prefix of the tree of `leaves`
    /// (RFC 9162 §2.1.4.1); empty when the sizes are equal or the old tree is empty.
    public static func consistencyProof(oldSize: Int, _ leaves: ArraySlice<TreeHash>) -> [TreeHash] {
        guard oldSize > 0, oldSize < leaves.count else { return [] }
        return subproof(oldSize, leaves, complete: true)
    }

    private static func subproof(_ m: Int, _ leaves: ArraySlice<TreeHash>, complete: Bool) -> [TreeHash] {
        let n = leaves.count
        if m == n { return complete ? [] : [root(leaves)] }
        let k = largestPowerOfTwo(below: n)
        let split = leaves.startIndex + k
        if m <= k {
            return subproof(m, leaves[..<split], complete: complete) + [root(leaves[split...])]
        }
        return subproof(m - k, leaves[split...], complete: false) + [root(leaves[..<split])]
    }

    /// The largest power of two strictly smaller than `n` (n ≥ 2).
    static func largestPowerOfTwo(below n: Int) -> Int {
        var k = 1
        while k << 1 < n { k <<= 1 }
        return k
    }
}

/// Checks proofs against roots without the tree (RFC 9162 §2.1.3.2 and §2.1.4.2): what auditors, witnesses and
/// the offline verifier run.
public enum MerkleProof {
    /// Whether `leafHash` is leaf `index` of the tree of `size` leaves with root `root`.
    public static func verifyInclusion(leafHash: TreeHash, index: Int, size: Int, proof: [TreeHash], root: TreeHash) -> Bool {
        guard index >= 0, index < size else { return false }
        var fn = index, sn = size - 1
        var r = leafHash
        for p in proof {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                r = MerkleTree.nodeHash(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                r = MerkleTree.nodeHash(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && r == root
    }

    /// Whether the tree of `newSize` leaves with `newRoot` extends the tree of `oldSize` leaves with `oldRoot`.
    public static func verifyConsistency(oldSize: Int, newSize: Int, oldRoot: TreeHash, newRoot: TreeHash,
                                         proof: [TreeHash]) -> Bool {
        guard oldSize >= 0, oldSize <= newSize else { return false }
        if oldSize == newSize { return proof.isEmpty && oldRoot == newRoot }
        if oldSize == 0 { return proof.isEmpty }
        guard !proof.isEmpty else { return false }
        var path = proof
        // When the old tree is a complete subtree, its root is the first node of the path.
        if oldSize & (oldSize - 1) == 0 { path.insert(oldRoot, at: 0) }
        guard let first = path.first else { return false }
        var fn = oldSize - 1, sn = newSize - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        var fr = first, sr = first
        for c in path.dropFirst() {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                fr = MerkleTree.nodeHash(c, fr)
                sr = MerkleTree.nodeHash(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                sr = MerkleTree.nodeHash(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && fr == oldRoot && sr == newRoot
    }
}
