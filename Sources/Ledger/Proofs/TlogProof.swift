import Foundation

/// A C2SP tlog-proof: an entry's index and inclusion proof with the signed checkpoint it is proved against, so
/// that anyone can check it offline. CityHub puts the entry itself in the `extra` line; it is trusted only
/// once the proof binds its hash to a checkpoint signed by a trusted key.
public struct TlogProof: Sendable, Hashable {
    public static let header = "c2sp.org/tlog-proof@v1"

    public let extra: [UInt8]?
    public let index: UInt64
    public let proof: [TreeHash]
    public let checkpoint: SignedNote

    public init(extra: [UInt8]?, index: UInt64, proof: [TreeHash], checkpoint: SignedNote) {
        self.extra = extra
        self.index = index
        self.proof = proof
        self.checkpoint = checkpoint
    }

    public var text: String {
        var lines = [Self.header]
        if let extra { lines.append("extra " + Data(extra).base64EncodedString()) }
        lines.append("index \(index)")
        lines += proof.map { Data($0).base64EncodedString() }
        return lines.joined(separator: "\n") + "\n\n" + checkpoint.serialized
    }

    public init(parsing text: String) throws(NoteFault) {
        guard let blank = text.range(of: "\n\n") else { throw Self.malformed("缺少证明与检查点之间的空行", "No blank line before the checkpoint") }
        var lines = text[..<blank.lowerBound].split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.first == Self.header else { throw Self.malformed("第一行应为 \(Self.header)", "The first line must be \(Self.header)") }
        lines.removeFirst()
        var extra: [UInt8]?
        if let line = lines.first, line.hasPrefix("extra ") {
            guard let data = Data(base64Encoded: String(line.dropFirst(6))) else {
                throw Self.malformed("extra 行不是有效的 base64", "The extra line is not base64")
            }
            extra = Array(data)
            lines.removeFirst()
        }
        guard let line = lines.first, line.hasPrefix("index "), let index = UInt64(line.dropFirst(6)), String(index) == line.dropFirst(6)
        else { throw Self.malformed("缺少 index 行或编号无效", "The index line is missing or not a plain decimal number") }
        lines.removeFirst()
        let proof = try lines.map { line throws(NoteFault) -> TreeHash in
            guard let hash = Data(base64Encoded: line), hash.count == 32 else {
                throw Self.malformed("证明行应为 32 字节的 base64 哈希", "A proof line must be a base64 SHA-256 hash")
            }
            return Array(hash)
        }
        self.init(extra: extra, index: index, proof: proof, checkpoint: try SignedNote(parsing: String(text[blank.upperBound...])))
    }

    /// What a verified proof establishes: this entry is leaf `index` of the log named in `checkpoint`.
    public struct Verified: Sendable {
        public let checkpoint: Checkpoint
        public let signers: [VerifierKey]
        public let entry: [UInt8]
    }

    /// Checks the checkpoint's signature by a key named like its origin among `keys` (other trusted keys, such
    /// as witnesses, are reported in `signers`), then the inclusion of `entry` (default: the extra data).
    public func verify(keys: [VerifierKey], entry: [UInt8]? = nil) throws(NoteFault) -> Verified {
        let (tree, signers) = try Self.verifiedCheckpoint(checkpoint, keys: keys)
        guard let data = entry ?? extra else {
            throw Self.malformed("没有条目可供核对（既无 extra 也未提供）", "There is no entry to check (no extra line and none given)")
        }
        try Self.checkInclusion(of: data, index: index, proof: proof, in: tree)
        return Verified(checkpoint: tree, signers: signers, entry: data)
    }

    /// The checkpoint in `note`, once a key named like its origin among `keys` signed it.
    static func verifiedCheckpoint(_ note: SignedNote, keys: [VerifierKey]) throws(NoteFault) -> (Checkpoint, [VerifierKey]) {
        let signers = try note.verified(by: keys)
        let tree = try Checkpoint(parsing: note.text)
        guard signers.contains(where: { $0.name == tree.origin && $0.type == .ed25519 }) else {
            throw NoteFault(code: "NOT_SIGNED_BY_LOG", zh: "检查点未经日志 \(tree.origin) 的密钥签名",
                            en: "The checkpoint is not signed by the key of log \(tree.origin)")
        }
        return (tree, signers)
    }

    /// Whether `entry` is leaf `index` of the checkpointed tree by `proof`.
    static func checkInclusion(of entry: [UInt8], index: UInt64, proof: [TreeHash], in tree: Checkpoint) throws(NoteFault) {
        guard tree.size <= UInt64(Int.max), index < tree.size,
              MerkleProof.verifyInclusion(leafHash: MerkleTree.leafHash(entry), index: Int(index), size: Int(tree.size),
                                          proof: proof, root: Array(tree.rootHash))
        else {
            throw NoteFault(code: "INCLUSION_FAILED", zh: "条目 \(index) 不在该检查点的树中（或已被改动）",
                            en: "Entry \(index) is not in the checkpointed tree (or it was altered)")
        }
    }

    static func malformed(_ zh: String, _ en: String) -> NoteFault { NoteFault(code: "MALFORMED_PROOF", zh: zh, en: en) }
}
