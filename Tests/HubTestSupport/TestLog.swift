import Crypto
import Foundation
import Ledger

/// A small transparency log held in memory, for testing a witness: leaves, signed checkpoints of any size,
/// consistency proofs between sizes, and `add-checkpoint` bodies built from them.
public struct TestLog: Sendable {
    public let signer: NoteSigner
    public private(set) var leaves: [TreeHash] = []

    public init(origin: String, leaves count: Int = 0) throws {
        signer = try NoteSigner(name: origin, privateKey: Curve25519.Signing.PrivateKey())
        grow(to: count)
    }

    public var origin: String { signer.name }
    public var key: VerifierKey { signer.verifierKey }

    /// Appends leaves `entry <n>` until the log has `size`.
    public mutating func grow(to size: Int) {
        while leaves.count < size { leaves.append(MerkleTree.leafHash(Array("entry \(leaves.count)".utf8))) }
    }

    public func root(size: Int) -> Data { Data(MerkleTree.root(leaves[0..<size])) }

    /// The checkpoint of the first `size` leaves, signed by the log (or by `signer`).
    public func note(size: Int, root: Data? = nil, by signer: NoteSigner? = nil) throws -> SignedNote {
        try (signer ?? self.signer).sign(Checkpoint(origin: origin, size: UInt64(size), rootHash: root ?? self.root(size: size)).text)
    }

    public func proof(from old: Int, to size: Int) -> [TreeHash] {
        MerkleTree.consistencyProof(oldSize: old, leaves[0..<size])
    }

    /// An `add-checkpoint` body from `old` to `size` with the right proof (or `proof`) and the log's checkpoint (or `note`).
    public func body(old: Int, size: Int, proof: [TreeHash]? = nil, note: SignedNote? = nil) throws -> String {
        let note = try note ?? self.note(size: size)
        let proof = proof ?? self.proof(from: old, to: size)
        return "old \(old)\n" + proof.map { Data($0).base64EncodedString() + "\n" }.joined() + "\n" + note.serialized
    }
}
