import HubKit

/// The Warnings slice's refusals. Codes are stable; a broken CAP rule is its own code (see `CAPRule`).
public enum WarningProblem: HubProblem, Equatable {
    case unknownWarning(String)
    case unknownAlert(String)
    /// The content or message breaks CAP rules; the first rule broken is the problem's code, all are listed.
    case rulesBroken([CAPFault])
    /// Four eyes: the person who composed or edited a revision may not approve it.
    case ownRevision
    case wrongState(action: String, state: WarningState)
    /// More than ten messages from one issuing unit within one second (the identifier's sequence is one digit).
    case identifierSequenceExhausted

    public var code: String {
        switch self {
        case .unknownWarning: "WARNING_NOT_FOUND"
        case .unknownAlert: "CAP_ALERT_NOT_FOUND"
        case .rulesBroken(let faults): faults.first?.rule.rawValue ?? "CAP_RULE_BROKEN"
        case .ownRevision: "FOUR_EYES_REQUIRED"
        case .wrongState: "WARNING_WRONG_STATE"
        case .identifierSequenceExhausted: "CAP_IDENTIFIER_SEQUENCE_EXHAUSTED"
        }
    }

    public var status: Int {
        switch self {
        case .unknownWarning, .unknownAlert: 404
        case .rulesBroken: 422
        case .ownRevision: 403
        case .wrongState, .identifierSequenceExhausted: 409
        }
    }

    public var message: LocalizedText {
        switch self {
        case .unknownWarning(let id):
            LocalizedText(zh: "没有预警 \(id)。", en: "There is no warning \(id).")
        case .unknownAlert(let identifier):
            LocalizedText(zh: "没有已发布的预警信息 \(identifier)。", en: "No alert \(identifier) has been issued.")
        case .rulesBroken(let faults):
            LocalizedText(
                zh: "预警内容不符合 CAP 规则（\(faults.count) 处）：" + faults.map { "\($0.field)：\($0.message.zh)" }.joined(separator: "；"),
                en: "The warning breaks CAP rules (\(faults.count)): " + faults.map { "\($0.field): \($0.message.en)" }.joined(separator: "; "))
        case .ownRevision:
            LocalizedText(zh: "审核须由他人进行：您编写或修改过此稿，不能自己审核。",
                          en: "Four eyes: you composed or edited this revision, so someone else must approve it.")
        case .wrongState(let action, let state):
            LocalizedText(zh: "预警处于「\(state.label.zh)」状态，不能\(Self.actionLabel(action).zh)。",
                          en: "The warning is \(state.label.en.lowercased()); it cannot be \(Self.actionLabel(action).en).")
        case .identifierSequenceExhausted:
            LocalizedText(zh: "同一秒内发布的预警信息已达 10 条，请一秒后重试。",
                          en: "Ten alerts were already issued within this second; retry in a second.")
        }
    }

    public var extensions: [String: ProblemValue] {
        switch self {
        case .rulesBroken(let faults):
            ["faults": .objects(faults.map { ["rule": $0.rule.rawValue, "field": $0.field, "message": $0.message.en,
                                              "messageZh": $0.message.zh] })]
        case .wrongState(let action, let state): ["action": .string(action), "state": .string(state.rawValue)]
        case .identifierSequenceExhausted: ["retryAfter": .int(1)]
        default: [:]
        }
    }

    static func actionLabel(_ action: String) -> LocalizedText {
        switch action {
        case "edit": LocalizedText(zh: "修改", en: "edited")
        case "approve": LocalizedText(zh: "审核通过", en: "approved")
        case "issue": LocalizedText(zh: "发布", en: "issued")
        case "revise": LocalizedText(zh: "更新", en: "revised")
        case "cancel": LocalizedText(zh: "解除", en: "cancelled")
        case "withdraw": LocalizedText(zh: "撤回", en: "withdrawn")
        default: LocalizedText(zh: action, en: action)
        }
    }
}
