import HubKit

/// Why the hub's witness refused an `add-checkpoint` call or a monitoring read, with the status C2SP
/// tlog-witness prescribes. Codes are stable. (The 409 of a stale old size is not a problem: its body is the
/// witness's size as `text/x.tlog.size`, as the spec requires.)
public enum WitnessProblem: HubProblem, Hashable {
    // 400: the request is malformed.
    case notUTF8
    case invalidOldSize
    case tooManyProofLines
    case invalidProofLine(Int)
    case missingBlankLine
    case invalidCheckpoint(NoteFault)
    case oldSizeBeyondCheckpoint(old: UInt64, size: UInt64)
    // 403: no trusted signature.
    case untrustedCheckpoint(origin: String)
    case badLogSignature(key: String)
    // 404
    case unknownLog(origin: String)
    case notCosigned
    // 422: signed by the log, but not consistent.
    case emptyTreeRoot
    case unexpectedProof
    case inconsistent(old: UInt64, size: UInt64)
    case rootMismatch(size: UInt64)

    public var code: String {
        switch self {
        case .notUTF8: "NOT_UTF8"
        case .invalidOldSize: "INVALID_OLD_SIZE"
        case .tooManyProofLines: "TOO_MANY_PROOF_LINES"
        case .invalidProofLine: "INVALID_PROOF_LINE"
        case .missingBlankLine: "MISSING_BLANK_LINE"
        case .invalidCheckpoint: "INVALID_CHECKPOINT"
        case .oldSizeBeyondCheckpoint: "OLD_SIZE_TOO_LARGE"
        case .untrustedCheckpoint: "CHECKPOINT_NOT_TRUSTED"
        case .badLogSignature: "BAD_LOG_SIGNATURE"
        case .unknownLog: "UNKNOWN_LOG"
        case .notCosigned: "NOT_COSIGNED"
        case .emptyTreeRoot: "EMPTY_TREE_ROOT_MISMATCH"
        case .unexpectedProof: "UNEXPECTED_PROOF"
        case .inconsistent: "INCONSISTENT_CHECKPOINT"
        case .rootMismatch: "ROOT_MISMATCH"
        }
    }

    public var status: Int {
        switch self {
        case .notUTF8, .invalidOldSize, .tooManyProofLines, .invalidProofLine, .missingBlankLine, .invalidCheckpoint,
             .oldSizeBeyondCheckpoint: 400
        case .untrustedCheckpoint, .badLogSignature: 403
        case .unknownLog, .notCosigned: 404
        case .emptyTreeRoot, .unexpectedProof, .inconsistent, .rootMismatch: 422
        }
    }

    public var message: LocalizedText {
        switch self {
        case .notUTF8:
            LocalizedText(zh: "请求内容不是有效的 UTF-8", en: "The request body is not valid UTF-8")
        case .invalidOldSize:
            LocalizedText(zh: "第一行应为“old <大小>”，十进制且无前导零", en: "The first line must be \"old <size>\" in decimal without leading zeros")
        case .tooManyProofLines:
            LocalizedText(zh: "一致性证明至多 \(AddCheckpointRequest.maximumProofLines) 行",
                          en: "A consistency proof has at most \(AddCheckpointRequest.maximumProofLines) lines")
        case .invalidProofLine(let line):
            LocalizedText(zh: "第 \(line) 行证明不是 32 字节哈希的 base64", en: "Proof line \(line) is not base64 of a 32-byte hash")
        case .missingBlankLine:
            LocalizedText(zh: "证明与检查点之间缺少空行", en: "No blank line between the proof and the checkpoint")
        case .invalidCheckpoint(let fault):
            LocalizedText(zh: "检查点格式错误：\(fault.zh)", en: "The checkpoint is malformed: \(fault.en)")
        case .oldSizeBeyondCheckpoint(let old, let size):
            LocalizedText(zh: "旧大小 \(old) 大于检查点大小 \(size)", en: "The old size \(old) exceeds the checkpoint's size \(size)")
        case .untrustedCheckpoint(let origin):
            LocalizedText(zh: "检查点没有日志 \(origin) 受信任密钥的签名", en: "The checkpoint has no signature by a trusted key of log \(origin)")
        case .badLogSignature(let key):
            LocalizedText(zh: "受信任密钥 \(key) 的签名不正确", en: "The signature of trusted key \(key) does not verify")
        case .unknownLog(let origin):
            LocalizedText(zh: "本见证人不见证日志 \(origin)", en: "This witness does not witness log \(origin)")
        case .notCosigned:
            LocalizedText(zh: "本见证人尚未联署过该日志的检查点", en: "This witness has not cosigned a checkpoint of that log")
        case .emptyTreeRoot:
            LocalizedText(zh: "大小为 0 的检查点必须带空树的根哈希", en: "A checkpoint of size 0 must carry the empty tree's root hash")
        case .unexpectedProof:
            LocalizedText(zh: "旧大小为 0 时不应附一致性证明", en: "No consistency proof may be sent with an old size of 0")
        case .inconsistent(let old, let size):
            LocalizedText(zh: "一致性证明不成立：大小 \(size) 的树不是已联署的大小 \(old) 的树的延续",
                          en: "The consistency proof fails: the tree of size \(size) does not extend the cosigned tree of size \(old)")
        case .rootMismatch(let size):
            LocalizedText(zh: "大小 \(size) 相同而根哈希与已联署的不同", en: "Same size \(size) as the cosigned checkpoint but a different root hash")
        }
    }
}
