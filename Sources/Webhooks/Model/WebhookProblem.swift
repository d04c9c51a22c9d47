import HubKit

/// The Webhooks slice's refusals. Codes are stable and documented in docs/API.md.
public enum WebhookProblem: HubProblem, Equatable {
    case invalidURL(String, reason: LocalizedText)
    case urlScheme(String)
    case urlCredentials
    case invalidFilter(String, reason: LocalizedText)
    case noFilters
    case descriptionTooLong(limit: Int)
    case unknownSubscription(String)
    case unknownDeadLetter(subscription: String, seq: Int64)
    case notDead(seq: Int64, state: DeadLetter.State)

    public var code: String {
        switch self {
        case .invalidURL: "WEBHOOK_URL_INVALID"
        case .urlScheme: "WEBHOOK_URL_SCHEME"
        case .urlCredentials: "WEBHOOK_URL_CREDENTIALS"
        case .invalidFilter: "WEBHOOK_FILTER_INVALID"
        case .noFilters: "WEBHOOK_FILTER_MISSING"
        case .descriptionTooLong: "WEBHOOK_DESCRIPTION_TOO_LONG"
        case .unknownSubscription: "WEBHOOK_NOT_FOUND"
        case .unknownDeadLetter: "WEBHOOK_DEAD_LETTER_NOT_FOUND"
        case .notDead: "WEBHOOK_DEAD_LETTER_NOT_DEAD"
        }
    }

    public var status: Int {
        switch self {
        case .invalidURL, .urlScheme, .urlCredentials, .invalidFilter, .noFilters, .descriptionTooLong: 422
        case .unknownSubscription, .unknownDeadLetter: 404
        case .notDead: 409
        }
    }

    public var message: LocalizedText {
        switch self {
        case .invalidURL(let url, let reason):
            LocalizedText(zh: "回调地址 \(url) 无效：\(reason.zh)", en: "The webhook URL \(url) is invalid: \(reason.en)")
        case .urlScheme(let scheme):
            LocalizedText(zh: "回调地址只能用 http 或 https，不能用 \(scheme)。", en: "A webhook URL must be http or https, not \(scheme).")
        case .urlCredentials:
            LocalizedText(zh: "回调地址不得包含用户名或密码；请用签名密钥验证来源。",
                          en: "A webhook URL may not carry a user name or password; receivers verify the signature instead.")
        case .invalidFilter(let filter, let reason):
            LocalizedText(zh: "事件过滤条件「\(filter)」无效：\(reason.zh)", en: "The event filter \"\(filter)\" is invalid: \(reason.en)")
        case .noFilters:
            LocalizedText(zh: "请至少指定一个事件过滤条件（如 case.*，全部事件用 *）。",
                          en: "Name at least one event filter (e.g. case.*; * for every event).")
        case .descriptionTooLong(let limit):
            LocalizedText(zh: "说明过长，上限 \(limit) 个字符。", en: "The description is too long; the limit is \(limit) characters.")
        case .unknownSubscription(let id):
            LocalizedText(zh: "没有回调订阅 \(id)。", en: "There is no webhook subscription \(id).")
        case .unknownDeadLetter(let id, let seq):
            LocalizedText(zh: "订阅 \(id) 的死信列表中没有事件 \(seq)。", en: "Subscription \(id) has no dead letter for event \(seq).")
        case .notDead(let seq, let state):
            LocalizedText(zh: "事件 \(seq) 不在死信状态（当前：\(state.rawValue)），无需重发。",
                          en: "Event \(seq) is not dead (it is \(state.rawValue)); there is nothing to replay.")
        }
    }

    public var extensions: [String: ProblemValue] {
        switch self {
        case .invalidURL, .urlScheme, .urlCredentials: ["field": .string("url")]
        case .invalidFilter(let filter, _): ["field": .string("events"), "filter": .string(filter)]
        case .noFilters: ["field": .string("events")]
        case .descriptionTooLong(let limit): ["field": .string("description"), "limit": .int(limit)]
        case .notDead(_, let state): ["state": .string(state.rawValue)]
        default: [:]
        }
    }
}
