import Foundation
import HubKit
import Telemetry
import Testing

/// The alarm lifecycle's rules without storage: one alarm per (rule, source), repeats merged, escalation asks for
/// acknowledgement again, clears, acknowledgement, assignment, shelving limits, comments.
@Suite struct AlarmLifecycleTests {
    static let rule = RuleID(rawValue: "wl-levels")!
    static let department = DepartmentID(rawValue: "water-resources")!
    static let t0: Int64 = 1_720_580_400_000

    static func intent(_ action: AlarmIntent.Action, _ severity: Severity, previous: Severity? = nil, at: Int64 = t0,
                       value: Double = 176.0) -> AlarmIntent {
        AlarmIntent(action: action, rule: rule, kind: .threshold, source: "wl-1", quantity: .waterLevel, severity: severity,
                    previous: previous, value: value, threshold: 175.8, at: at, projectedAt: nil,
                    reason: LocalizedText(zh: "水位 \(value) m", en: "level \(value) m"))
    }

    static var newID: AlarmID {
        var g = SystemRandomNumberGenerator()
        return AlarmID.random(using: &g)
    }

    static func raised(_ severity: Severity = .orange) throws -> Alarm {
        try #require(AlarmLifecycle.apply(intent(.raise, severity), to: nil, newID: newID, department: department, group: "wl")).alarm
    }

    @Test func raise_opensAnActiveUnacknowledgedAlarm_andAClearWithoutOneDoesNothing() throws {
        let change = try #require(AlarmLifecycle.apply(Self.intent(.raise, .orange), to: nil, newID: Self.newID,
                                                       department: Self.department, group: "wl"))
        #expect(change.isNew && change.event == "alarm.raised")
        #expect(change.alarm.active && !change.alarm.acknowledged && change.alarm.severity == .orange && change.alarm.changes == 1)
        #expect(change.alarm.raisedAt == Date(milliseconds: Self.t0) && change.alarm.version == 1)
        #expect(AlarmLifecycle.apply(Self.intent(.clear, .orange), to: nil, newID: Self.newID, department: Self.department, group: "wl") == nil)
        // A severity change with no open alarm (rules replaced meanwhile) raises one.
        let changed = try #require(AlarmLifecycle.apply(Self.intent(.changeSeverity, .red, previous: .orange), to: nil, newID: Self.newID,
                                                        department: Self.department, group: "wl"))
        #expect(changed.isNew && changed.alarm.severity == .red)
    }

    @Test func repeats_merge_escalationNeedsAcknowledgementAgain_deescalationKeepsIt() throws {
        var alarm = try Self.raised(.orange)
        alarm = try #require(AlarmLifecycle.acknowledge(alarm, by: "user:u1", at: Date(milliseconds: Self.t0 + 1000))).alarm
        #expect(alarm.acknowledged && alarm.acknowledgedBy == "user:u1")
        let repeated = try #require(AlarmLifecycle.apply(Self.intent(.raise, .orange, at: Self.t0 + 60_000), to: alarm, newID: Self.newID,
                                                         department: Self.department, group: "wl"))
        #expect(!repeated.isNew && repeated.event == "alarm.repeated" && repeated.alarm.changes == 2 && repeated.alarm.id == alarm.id)
        #expect(repeated.alarm.acknowledged)
        let up = try #require(AlarmLifecycle.apply(Self.intent(.changeSeverity, .red, previous: .orange, at: Self.t0 + 120_000),
                                                   to: repeated.alarm, newID: Self.newID, department: Self.department, group: "wl"))
        #expect(up.event == "alarm.escalated" && up.alarm.severity == .red && up.alarm.peakSeverity == .red && !up.alarm.acknowledged)
        let acked = try #require(AlarmLifecycle.acknowledge(up.alarm, by: "user:u2", at: Date(milliseconds: Self.t0 + 130_000))).alarm
        let down = try #require(AlarmLifecycle.apply(Self.intent(.changeSeverity, .orange, previous: .red, at: Self.t0 + 180_000),
                                                     to: acked, newID: Self.newID, department: Self.department, group: "wl"))
        #expect(down.event == "alarm.deescalated" && down.alarm.acknowledged && down.alarm.peakSeverity == .red)
        let cleared = try #require(AlarmLifecycle.apply(Self.intent(.clear, .orange, at: Self.t0 + 240_000), to: down.alarm,
                                                        newID: Self.newID, department: Self.department, group: "wl"))
        #expect(cleared.event == "alarm.cleared" && !cleared.alarm.active && cleared.alarm.closed)
        #expect(cleared.alarm.clearedAt == Date(milliseconds: Self.t0 + 240_000))
        #expect(cleared.alarm.version == acked.version + 2)
    }

    @Test func acknowledgingTwice_orAssigningTheSameUser_changesNothing() throws {
        let alarm = try Self.raised()
        let now = Date(milliseconds: Self.t0 + 5000)
        let acked = try #require(AlarmLifecycle.acknowledge(alarm, by: "user:u1", at: now)).alarm
        #expect(AlarmLifecycle.acknowledge(acked, by: "user:u2", at: now) == nil)
        let assigned = try #require(AlarmLifecycle.assign(acked, to: "u7", at: now))
        #expect(assigned.event == "alarm.assigned" && assigned.alarm.assignee == "u7")
        #expect(AlarmLifecycle.assign(assigned.alarm, to: "u7", at: now) == nil)
        #expect(try #require(AlarmLifecycle.assign(assigned.alarm, to: nil, at: now)).event == "alarm.unassigned")
    }

    @Test func shelving_endsAfterNowAndWithinADay_andNotOnAClosedAlarm() throws {
        let alarm = try Self.raised()
        let now = Date(milliseconds: Self.t0 + 1000)
        for bad in [now, now.addingTimeInterval(-60), now.addingTimeInterval(24 * 3600 + 1)] {
            #expect(throws: TelemetryProblem.self) { try AlarmLifecycle.shelve(alarm, until: bad, by: "user:u1", at: now) }
        }
        let edge = try #require(try AlarmLifecycle.shelve(alarm, until: now.addingTimeInterval(24 * 3600), by: "user:u1", at: now))
        #expect(edge.event == "alarm.shelved" && edge.alarm.shelved(at: now) && !edge.alarm.shelved(at: now.addingTimeInterval(24 * 3600)))
        #expect(try #require(try AlarmLifecycle.shelve(edge.alarm, until: nil, by: "user:u1", at: now)).event == "alarm.unshelved")
        #expect(try AlarmLifecycle.shelve(alarm, until: nil, by: "user:u1", at: now) == nil)
        var closed = try #require(AlarmLifecycle.acknowledge(alarm, by: "user:u1", at: now)).alarm
        closed.active = false
        do {
            _ = try AlarmLifecycle.shelve(closed, until: now.addingTimeInterval(60), by: "user:u1", at: now)
            Issue.record("a closed alarm was shelved")
        } catch {
            #expect(error.code == "ALARM_CLOSED")
        }
    }

    @Test func comments_areTrimmed_andRefusedEmptyOrTooLong() throws {
        #expect(try AlarmLifecycle.comment("  已通知泵站 \n") == "已通知泵站")
        #expect(try AlarmLifecycle.comment(String(repeating: "水", count: 2000)).count == 2000)
        for bad in ["", "   \n", String(repeating: "x", count: 2001)] {
            #expect(throws: TelemetryProblem.self) { try AlarmLifecycle.comment(bad) }
        }
    }

    @Test func actionsDue_followTheSeverityAndRunOnce() {
        let actions = AlarmActions(openCase: OpenCaseAction(category: "waterlogging", minSeverity: .yellow),
                                   draftWarning: DraftWarningAction(event: "洪水", category: .met, minSeverity: .red))
        #expect(actions.due(at: .blue, done: []) == [])
        #expect(actions.due(at: .yellow, done: []) == [.openCase])
        #expect(actions.due(at: .red, done: [.openCase]) == [.draftWarning])
        #expect(actions.due(at: .red, done: [.openCase, .draftWarning]) == [])
    }
}
