import Foundation
import HubKit
import Logging
import SQLKit

/// Works off the alarm actions outbox: opens cases and drafts warnings through HubKit's protocols, with retries.
///
/// At least once: a row leaves `pending` only after its action succeeded (`done`, with the case or warning id) or
/// failed for good (`failed`: refused as invalid, or 8 attempts). Opening a case is idempotent per alarm; a draft
/// warning made just before a crash may be drafted again (a person approves drafts, and sees both).
public actor AlarmActionRunner {
    let database: HubDatabase
    let clock: HubClock
    let stations: StationStore
    let rules: RuleStore
    let alarms: AlarmStore
    let logger: Logger
    var caseOpening: (any CaseOpening)?
    var warningDrafting: (any WarningDrafting)?
    var dutyPaging: (any DutyPaging)?

    static let maxAttempts = 8
    /// How long a claimed action is left to its runner before another may take it.
    static let claim: Int64 = 120_000

    init(database: HubDatabase, clock: HubClock, stations: StationStore, rules: RuleStore, alarms: AlarmStore, logger: Logger) {
        self.alarms = alarms
        self.database = database
        self.clock = clock
        self.stations = stations
        self.rules = rules
        self.logger = logger
    }

    /// Connects the slices that carry the actions out (HubServer does this at start).
    public func connect(caseOpening: (any CaseOpening)?, warningDrafting: (any WarningDrafting)?, dutyPaging: (any DutyPaging)?) {
        self.caseOpening = caseOpening
        self.warningDrafting = warningDrafting
        self.dutyPaging = dutyPaging
    }

    /// Someone acknowledged the alarm: the duty call about it stops escalating (or, reporting every level, moves up).
    public func acknowledged(_ alarm: Alarm, by actor: String) async {
        guard let dutyPaging else { return }
        do {
            try await dutyPaging.settle(subject: "alarm:\(alarm.id)", by: actor)
        } catch {
            logger.error("settling the duty call of an acknowledged alarm failed", metadata: ["alarm": "\(alarm.id)", "error": "\(error)"])
        }
    }

    /// Seconds before attempt `n + 1`: 5 s, 20 s, 80 s, … capped at 30 minutes.
    public static func backoff(afterAttempts n: Int) -> Int64 {
        min(5_000 << (2 * Int64(max(0, n - 1))), 1_800_000)
    }

    public func run(every interval: Duration = .seconds(2)) async {
        while !Task.isCancelled {
            do {
                _ = try await pass()
            } catch {
                logger.error("alarm actions pass failed", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }

    /// Runs the due actions once; returns how many were attempted.
    @discardableResult
    public func pass(limit: Int = 50) async throws -> Int {
        let now = clock.nowMilliseconds
        let due = try await database.read { sql in
            try await sql.raw("""
                SELECT alarm_id, action, attempts, next_at_ms FROM telemetry_alarm_actions
                WHERE status = 'pending' AND next_at_ms <= \(bind: now) ORDER BY next_at_ms LIMIT \(bind: limit)
                """).all().map { (id: try $0.decode(column: "alarm_id", as: String.self), action: try $0.decode(column: "action", as: String.self),
                                  attempts: try $0.decode(column: "attempts", as: Int.self), next: try $0.decode(column: "next_at_ms", as: Int64.self)) }
        }
        guard !due.isEmpty else { return 0 }
        let ruleSet = try await rules.current()
        for row in due {
            let claimed = try await database.write { tx in
                try await tx.sql.raw("""
                    UPDATE telemetry_alarm_actions SET next_at_ms = \(bind: now + Self.claim)
                    WHERE alarm_id = \(bind: row.id) AND action = \(bind: row.action) AND status = 'pending' AND next_at_ms = \(bind: row.next)
                    RETURNING alarm_id
                    """).first() != nil
            }
            guard claimed, let id = AlarmID(rawValue: row.id), let kind = AlarmActionKind(rawValue: row.action) else { continue }
            let attempts = row.attempts + 1
            do {
                let result = try await perform(kind, alarm: id, rules: ruleSet.rules)
                try await finish(id, kind, status: "done", attempts: attempts, result: result, error: nil, event: "alarm.action_done")
            } catch let problem as any HubProblem where problem.status < 500 {
                try await finish(id, kind, status: "failed", attempts: attempts, result: nil, error: problem.message.en, event: "alarm.action_failed")
            } catch {
                if attempts >= Self.maxAttempts {
                    try await finish(id, kind, status: "failed", attempts: attempts, result: nil, error: "\(error)", event: "alarm.action_failed")
                } else {
                    let next = clock.nowMilliseconds + Self.backoff(afterAttempts: attempts)
                    try await database.write { tx in
                        try await tx.sql.raw("""
                            UPDATE telemetry_alarm_actions SET attempts = \(bind: attempts), next_at_ms = \(bind: next), error = \(bind: "\(error)")
                            WHERE alarm_id = \(bind: row.id) AND action = \(bind: row.action)
                            """).run()
                    }
                }
            }
        }
        return due.count
    }

    func finish(_ id: AlarmID, _ kind: AlarmActionKind, status: String, attempts: Int, result: String?, error: String?, event: String) async throws {
        let clock = self.clock
        try await database.write { tx in
            try await tx.sql.raw("""
                UPDATE telemetry_alarm_actions SET status = \(bind: status), attempts = \(bind: attempts), result = \(bind: result), error = \(bind: error)
                WHERE alarm_id = \(bind: id.rawValue) AND action = \(bind: kind.rawValue)
                """).run()
            let department = try await tx.sql.raw("SELECT department_id FROM telemetry_alarms WHERE alarm_id = \(bind: id.rawValue)").first()?
                .decode(column: "department_id", as: String.self)
            var payload = ["id": id.rawValue, "action": kind.rawValue]
            payload["result"] = result
            payload["error"] = error
            try await Journal.append(try NewEvent(kind: event, subject: "alarm:\(id)", actor: "system:telemetry-actions",
                                                  department: department, payload: payload), in: tx, clock: clock)
        }
    }

    /// Carries out one action; returns what it made (the case or warning id).
    func perform(_ kind: AlarmActionKind, alarm id: AlarmID, rules: [AlarmRule]) async throws -> String {
        guard let alarm = try await alarms.alarm(id) else { throw TelemetryProblem.alarmNotFound(id.rawValue) }
        let actions: AlarmActions
        if let raised = RaisedAlarms.kind(of: alarm.rule) {
            actions = RaisedAlarms.actions(raised)
        } else if let rule = rules.first(where: { $0.id == alarm.rule }), let ruleActions = rule.actions {
            actions = ruleActions
        } else {
            throw TelemetryProblem.ruleNotFound(alarm.rule.rawValue)
        }
        let station = try await stations.station(alarm.source)
        switch kind {
        case .openCase:
            guard let action = actions.openCase, let caseOpening else { throw ActionUnavailable(kind: kind) }
            guard let station else { throw TelemetryProblem.stationNotFound(alarm.source) }
            let opened = try await caseOpening.openCase(CaseOpeningRequest(
                origin: "alarm:\(alarm.id)", category: action.category, location: station.location,
                description: "\(alarm.reason.zh)\n\(alarm.reason.en)", department: action.department, actor: "system:telemetry"))
            return opened.caseID
        case .draftWarning:
            guard let action = actions.draftWarning, let warningDrafting else { throw ActionUnavailable(kind: kind) }
            let draft = AlarmWarningDraft.content(action, alarm: alarm, station: station, now: clock.now())
            let warning = try await warningDrafting.draft(WarningDraftInput(content: draft, composer: "system:telemetry",
                                                                            department: alarm.department, origin: "alarm:\(alarm.id)"))
            return warning.rawValue
        case .callDuty:
            guard let action = actions.callDuty, let dutyPaging else { throw ActionUnavailable(kind: kind) }
            guard !alarm.acknowledged else { return "acknowledged before the call" }
            let severity: DutySeverity = switch alarm.severity {
            case .blue, .yellow: .minor
            case .orange: .major
            case .red: .critical
            }
            let call = try await dutyPaging.page(DutyPageRequest(subject: "alarm:\(alarm.id)", department: alarm.department,
                                                                 title: alarm.reason, severity: severity,
                                                                 reportEveryLevel: action.reportEveryLevel ?? false, origin: "system:telemetry"))
            return call.rawValue
        }
    }
}

/// An action whose slice is not connected in this hub.
struct ActionUnavailable: Error, CustomStringConvertible {
    var kind: AlarmActionKind
    var description: String { "no slice carries out \(kind.rawValue) in this hub" }
}
