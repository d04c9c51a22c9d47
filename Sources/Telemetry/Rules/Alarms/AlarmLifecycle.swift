import Foundation
import HubKit

/// What happens to alarms: the rules' intents and people's actions turned into new alarm values and the name of
/// the journal event that records each change. Pure: the store reads and writes, this decides.
public enum AlarmLifecycle {
    /// One change to one alarm, with its journal event kind (`alarm.raised`, `alarm.escalated`, …).
    public struct Change: Sendable, Hashable {
        public var alarm: Alarm
        public var event: String
        /// The alarm did not exist before.
        public var isNew: Bool
    }

    /// The longest an alarm may be shelved: a day, so nothing is silenced and forgotten.
    public static let maxShelve: TimeInterval = 24 * 3600
    public static let maxCommentLength = 2000

    /// Applies the engine's intent to the open alarm of its (rule, source), if there is one.
    ///
    /// A raise with no open alarm opens one; a raise or severity change on an open alarm updates it (repeats are
    /// merged: `changes` counts them); a rise in severity asks for acknowledgement again; a clear ends it. A clear
    /// or change with no open alarm (rules replaced meanwhile) opens nothing — except a change, which raises.
    public static func apply(_ intent: AlarmIntent, to open: Alarm?, newID: AlarmID, department: DepartmentID, group: String) -> Change? {
        let at = Date(milliseconds: intent.at)
        guard var alarm = open else {
            guard intent.action != .clear else { return nil }
            let alarm = Alarm(id: newID, rule: intent.rule, kind: intent.kind, source: intent.source, quantity: intent.quantity,
                              department: department, group: group, severity: intent.severity, peakSeverity: intent.severity,
                              active: true, acknowledged: false, raisedAt: at, updatedAt: at, changes: 1, value: intent.value,
                              threshold: intent.threshold, projectedAt: intent.projectedAt.map(Date.init(milliseconds:)),
                              reason: intent.reason, version: 1)
            return Change(alarm: alarm, event: "alarm.raised", isNew: true)
        }
        let event: String
        switch intent.action {
        case .clear:
            alarm.active = false
            alarm.clearedAt = at
            event = "alarm.cleared"
        case .raise, .changeSeverity:
            if intent.severity > alarm.severity {
                alarm.acknowledged = false
                alarm.acknowledgedBy = nil
                alarm.acknowledgedAt = nil
                event = "alarm.escalated"
            } else if intent.severity < alarm.severity {
                event = "alarm.deescalated"
            } else {
                event = "alarm.repeated"
            }
            alarm.severity = intent.severity
            alarm.peakSeverity = max(alarm.peakSeverity, intent.severity)
            alarm.changes += 1
        }
        alarm.value = intent.value
        alarm.threshold = intent.threshold
        alarm.projectedAt = intent.projectedAt.map(Date.init(milliseconds:))
        alarm.reason = intent.reason
        alarm.updatedAt = max(alarm.updatedAt, at)
        alarm.version += 1
        return Change(alarm: alarm, event: event, isNew: false)
    }

    /// Acknowledged by `actor`; nil when it already is (nothing to record).
    public static func acknowledge(_ alarm: Alarm, by actor: String, at now: Date) -> Change? {
        guard !alarm.acknowledged else { return nil }
        var a = alarm
        a.acknowledged = true
        a.acknowledgedBy = actor
        a.acknowledgedAt = now
        return touched(a, at: now, event: "alarm.acknowledged")
    }

    /// Assigned to `user`, or unassigned with nil; nil when nothing changes.
    public static func assign(_ alarm: Alarm, to user: String?, at now: Date) -> Change? {
        guard alarm.assignee != user else { return nil }
        var a = alarm
        a.assignee = user
        return touched(a, at: now, event: user == nil ? "alarm.unassigned" : "alarm.assigned")
    }

    /// Shelved until `until` (after now, at most a day ahead), or unshelved with nil.
    public static func shelve(_ alarm: Alarm, until: Date?, by actor: String, at now: Date) throws(TelemetryProblem) -> Change? {
        guard let until else {
            guard alarm.shelved(at: now) else { return nil }
            var a = alarm
            a.shelvedUntil = nil
            a.shelvedBy = nil
            return touched(a, at: now, event: "alarm.unshelved")
        }
        guard until > now, until.timeIntervalSince(now) <= maxShelve else {
            throw .badAlarmAction(code: "BAD_SHELVE_TIME", zh: "搁置截止时间须晚于现在且不超过 24 小时",
                                  en: "a shelve must end after now and at most 24 hours ahead")
        }
        guard !alarm.closed else {
            throw .badAlarmAction(code: "ALARM_CLOSED", zh: "告警已清除并确认，无需搁置", en: "the alarm is cleared and acknowledged; there is nothing to shelve")
        }
        var a = alarm
        a.shelvedUntil = until
        a.shelvedBy = actor
        return touched(a, at: now, event: "alarm.shelved")
    }

    /// A comment's text, trimmed; refused when empty or too long.
    public static func comment(_ text: String) throws(TelemetryProblem) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= maxCommentLength else {
            throw .badAlarmAction(code: "BAD_COMMENT", zh: "备注须为 1 至 \(maxCommentLength) 个字符",
                                  en: "a comment takes 1 to \(maxCommentLength) characters")
        }
        return trimmed
    }

    private static func touched(_ alarm: Alarm, at now: Date, event: String) -> Change {
        var a = alarm
        a.updatedAt = max(a.updatedAt, now)
        a.version += 1
        return Change(alarm: a, event: event, isNew: false)
    }
}
