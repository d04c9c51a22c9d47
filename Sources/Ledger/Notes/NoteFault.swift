/// Why a signed note, a verifier key or a checkpoint was refused: a stable code and a sentence for a person,
/// in Chinese first and English second.
public struct NoteFault: Error, Sendable, Hashable, CustomStringConvertible {
    public let code: String
    public let zh: String
    public let en: String

    public var description: String { "\(code): \(en)" }

    public init(code: String, zh: String, en: String) {
        self.code = code
        self.zh = zh
        self.en = en
    }

    static func malformed(_ zh: String, _ en: String) -> NoteFault { NoteFault(code: "MALFORMED_NOTE", zh: zh, en: en) }
    static func badKey(_ zh: String, _ en: String) -> NoteFault { NoteFault(code: "INVALID_VERIFIER_KEY", zh: zh, en: en) }
    static func badCheckpoint(_ zh: String, _ en: String) -> NoteFault { NoteFault(code: "INVALID_CHECKPOINT", zh: zh, en: en) }
    static let unverified = NoteFault(code: "NOTE_NOT_VERIFIED", zh: "没有任何受信任的密钥验证此签名文本",
                                      en: "No trusted key verified this signed note")
    static func badSignature(_ name: String) -> NoteFault {
        NoteFault(code: "BAD_SIGNATURE", zh: "受信任密钥 \(name) 的签名不正确", en: "The signature of trusted key \(name) is not valid")
    }
}
