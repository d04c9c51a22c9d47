import Crypto
import Foundation

/// What the witness does with an `add-checkpoint` request whose log signature it has verified, given the latest
/// checkpoint it cosigned for that log: C2SP tlog-witness's consistency rules, in one place and without I/O.
///
/// Invariant: a `cosign` verdict means the new tree extends the recorded one (or there was none), so the record
/// only ever grows along one append-only history.
public enum WitnessRules {
    /// The latest checkpoint the witness cosigned for a log.
    public struct Record: Sendable, Hashable {
        public let size: UInt64
        public let rootHash: Data

        public init(size: UInt64, rootHash: Data) {
            self.size = size
            self.rootHash = rootHash
        }
    }

    public enum Verdict: Sendable, Hashable {
        /// Cosign, and make this checkpoint the record.
        case cosign
        /// 409: the client's old size is not the record's; `fork` when the checkpoint has the record's size but
        /// another root (two signed trees of one size: evidence, whatever old size came with it).
        case conflict(recordedSize: UInt64, fork: Bool)
        /// 422; `evidence` when the log signed something inconsistent with what it signed before.
        case refuse(WitnessProblem, evidence: Bool)
    }

    /// The root of the empty tree: SHA-256 of nothing (RFC 6962 §2.1).
    public static let emptyRoot = Data(SHA256.hash(data: Data()))

    public static func judge(_ request: AddCheckpointRequest, record: Record?) -> Verdict {
        let checkpoint = request.checkpoint
        if checkpoint.size == 0, checkpoint.rootHash != emptyRoot { return .refuse(.emptyTreeRoot, evidence: true) }
        if request.oldSize == 0, !request.proof.isEmpty { return .refuse(.unexpectedProof, evidence: false) }
        guard request.oldSize == (record?.size ?? 0) else {
            let fork = record.map { $0.size == checkpoint.size && $0.rootHash != checkpoint.rootHash } ?? false
            return .conflict(recordedSize: record?.size ?? 0, fork: fork)
        }
        // From here the old size is the record's (0 when there is none).
        guard let record, record.size > 0 else { return .cosign }
        if checkpoint.size == record.size {
            guard checkpoint.rootHash == record.rootHash else { return .refuse(.rootMismatch(size: checkpoint.size), evidence: true) }
            return request.proof.isEmpty ? .cosign : .refuse(.inconsistent(old: record.size, size: checkpoint.size), evidence: false)
        }
        guard checkpoint.size <= UInt64(Int.max),
              MerkleProof.verifyConsistency(oldSize: Int(record.size), newSize: Int(checkpoint.size), oldRoot: Array(record.rootHash),
                                            newRoot: Array(checkpoint.rootHash), proof: request.proof)
        else { return .refuse(.inconsistent(old: record.size, size: checkpoint.size), evidence: true) }
        return .cosign
    }
}
