import HubKit

/// Which journal events a subscription wants: an exact kind (`case.created`), every kind under a prefix
/// (`case.*` matches `case.created` and `case.sla.warned`, not `cases.x`), or everything (`*`).
///
/// Events of the webhook machinery itself (`webhook.*`: subscriptions changed, events dead-lettered, replays)
/// are never delivered, whatever the filter: a failing receiver would otherwise be sent the news of its own
/// failure, fail again, and feed the journal forever.
public enum EventFilter: Sendable, Hashable {
    case exact(String)
    case prefix(String)
    case everything

    /// The kinds' namespace that is never delivered.
    public static let reservedPrefix = "webhook."

    /// Parses one filter as written; throws a problem naming it.
    public static func parse(_ text: String) throws(WebhookProblem) -> EventFilter {
        if text == "*" { return .everything }
        let isPrefix = text.hasSuffix(".*")
        let body = isPrefix ? String(text.dropLast(2)) : text
        guard !body.isEmpty, body.utf8.count <= 100 else {
            throw .invalidFilter(text, reason: LocalizedText(zh: "应为事件类型（如 case.created）、前缀加 .*（如 alarm.*）或 *",
                                                             en: "expected an event type (case.created), a prefix with .* (alarm.*) or *"))
        }
        for segment in body.split(separator: ".", omittingEmptySubsequences: false) {
            guard !segment.isEmpty, segment.utf8.allSatisfy({ (97...122).contains($0) || (48...57).contains($0) || $0 == 95 }) else {
                throw .invalidFilter(text, reason: LocalizedText(zh: "每段只能用小写字母、数字和下划线，段间用点分隔；通配符 * 只能单独出现或作为最后一段",
                                                                 en: "segments are lower-case letters, digits and _, separated by dots; * stands alone or as the last segment"))
            }
        }
        if body == "webhook" || (body + ".").hasPrefix(reservedPrefix) {
            throw .invalidFilter(text, reason: LocalizedText(zh: "webhook.* 事件（投递本身的记录）不通过回调投递，以免循环",
                                                             en: "webhook.* events (delivery bookkeeping) are never delivered, so that failures cannot loop"))
        }
        return isPrefix ? .prefix(body + ".") : .exact(body)
    }

    /// Parses every filter; at least one is needed, duplicates are dropped, order is kept.
    public static func parse(all texts: [String]) throws(WebhookProblem) -> [EventFilter] {
        guard !texts.isEmpty else { throw .noFilters }
        guard texts.count <= 50 else {
            throw .invalidFilter(texts[50], reason: LocalizedText(zh: "最多 50 个过滤条件", en: "at most 50 filters"))
        }
        var filters: [EventFilter] = []
        for text in texts {
            let filter = try parse(text)
            if !filters.contains(filter) { filters.append(filter) }
        }
        return filters
    }

    public func matches(_ kind: String) -> Bool {
        switch self {
        case .everything: true
        case .exact(let exact): kind == exact
        case .prefix(let prefix): kind.hasPrefix(prefix)
        }
    }

    /// Whether a subscription with these filters and department filter is sent `event`.
    public static func wants(_ event: HubEvent, filters: [EventFilter], department: String?) -> Bool {
        guard !event.kind.hasPrefix(reservedPrefix) else { return false }
        if let department, event.department != department { return false }
        return filters.contains { $0.matches(event.kind) }
    }
}
