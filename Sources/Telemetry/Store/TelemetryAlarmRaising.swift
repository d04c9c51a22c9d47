import Foundation
import HubKit

/// The Telemetry slice's `AlarmRaising`: the alarm goes through the same lifecycle, table, journal events and
/// actions outbox as a sensor rule's alarm, inside the caller's transaction.
public struct TelemetryAlarmRaising: AlarmRaising {
    let clock: HubClock

    public init(clock: HubClock) {
        self.clock = clock
    }

    public func raise(_ request: AlarmRaiseRequest, in tx: Transaction) async throws -> String {
        let severity = Severity(rawValue: request.level.rawValue) ?? .yellow
        let intent = try intent(.raise, kind: request.kind, source: request.source, quantity: RaisedAlarms.quantity(request.measure),
                                severity: severity, value: request.value, threshold: request.threshold, reason: request.reason)
        var generator = SystemRandomNumberGenerator()
        let changes = try await AlarmStore.apply([intent], owners: [(request.department, request.kind.rawValue)],
                                                 newIDs: [AlarmID.random(using: &generator)],
                                                 actions: [intent.rule: RaisedAlarms.actions(request.kind)],
                                                 in: tx, clock: clock, actor: request.actor)
        guard let alarm = changes.first?.alarm else { throw TelemetryProblem.ruleNotFound(request.kind.rawValue) }
        return alarm.id.rawValue
    }

    public func clear(kind: RaisedAlarmKind, source: String, value: Double, reason: LocalizedText, actor: String,
                      in tx: Transaction) async throws -> String? {
        guard let rule = RaisedAlarms.ruleID(kind) else { return nil }
        let open = try await tx.sql.raw("SELECT body FROM telemetry_alarms WHERE open_key = \(bind: AlarmStore.openKey(rule, source))")
            .first().map(AlarmStore.decode)
        guard let open else { return nil }
        let intent = try intent(.clear, kind: kind, source: source, quantity: open.quantity, severity: open.severity, value: value,
                                threshold: open.threshold, reason: reason)
        var generator = SystemRandomNumberGenerator()
        let changes = try await AlarmStore.apply([intent], owners: [(open.department, open.group)],
                                                 newIDs: [AlarmID.random(using: &generator)], actions: [:],
                                                 in: tx, clock: clock, actor: actor)
        return changes.first?.alarm.id.rawValue
    }

    private func intent(_ action: AlarmIntent.Action, kind: RaisedAlarmKind, source: String, quantity: Quantity, severity: Severity,
                        value: Double, threshold: Double, reason: LocalizedText) throws -> AlarmIntent {
        guard let rule = RaisedAlarms.ruleID(kind) else { throw TelemetryProblem.ruleNotFound(kind.rawValue) }
        return AlarmIntent(action: action, rule: rule, kind: .threshold, source: source, quantity: quantity,
                           severity: severity, previous: action == .clear ? severity : nil, value: value, threshold: threshold,
                           at: clock.nowMilliseconds, projectedAt: nil, reason: reason)
    }
}
