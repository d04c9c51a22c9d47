import Foundation
import HubKit

/// What happens when a stage's time runs on: a warning at 75 % of its working time, then, past the deadline,
/// the overdue notice (督办) to the department and the centre. Each fires once per stage: the record keeps
/// `warnedAt` and `overdueAt`, so a restart neither repeats nor loses them.
public enum DeadlineRules {
    /// Where notices for the command centre go.
    public static let centre = "centre"

    /// Who a principal reads notices as: themself, their department, and the centre for dispatchers and admins.
    public static func recipients(of principal: Principal) -> [String] {
        var recipients = [principal.actor]
        if let department = principal.departmentID { recipients.append("department:\(department)") }
        if [.dispatcher, .admin].contains(principal.role) { recipients.append(centre) }
        return recipients
    }

    /// The next alert due for `record` at `now`, or nil. Call again after committing to get a later one.
    public static func alert(for record: CaseRecord, at now: Date) -> Transition? {
        guard record.state.isOpen, record.state != .shelved, let due = record.dueAt else { return nil }
        var next = record
        next.version += 1
        var payload = ["stage": record.stage?.rawValue ?? "", "dueAt": due.formatted(.iso8601)]
        if record.warnedAt == nil, let warn = record.warnAt, warn <= now, warn < due {
            next.warnedAt = now
            return Transition(record: next, eventKind: "case.deadline_warning", payload: payload,
                              notify: record.department.map { [$0] } ?? [])
        }
        guard record.overdueAt == nil, due <= now else { return nil }
        next.warnedAt = next.warnedAt ?? now
        next.overdueAt = now
        next.everOverdue = true
        payload["notice"] = "督办 supervision notice"
        return Transition(record: next, eventKind: "case.overdue", payload: payload, notify: record.department.map { [$0] } ?? [])
    }
}
