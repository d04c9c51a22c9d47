import Cases
import Foundation
import HubKit
@testable import HubServer
import HubTestSupport
import SQLKit
import Telemetry
import Testing

/// A raised alarm's actions through HubKit's protocols, as the assembled hub wires them: a waterlogging sensor's
/// alarm opens a case dispatched to the drainage department and drafts a warning; each action runs once (the case
/// opening is idempotent per alarm), and an action the other slice refuses fails for good with its reason.
@Suite struct AlarmActionTests {
    static let drainage = DepartmentID(rawValue: "drainage")!

    static func rules(category: String) -> [AlarmRule] {
        [AlarmRule(id: RuleID(rawValue: "waterlogging")!, name: "下穿道积水", station: StationID(rawValue: "wp-underpass")!,
                   quantity: .waterDepth, kind: .threshold, levels: [SeverityLevel(.yellow, value: 0.15), SeverityLevel(.red, value: 0.3)],
                   actions: AlarmActions(openCase: OpenCaseAction(category: category, department: drainage, minSeverity: .yellow),
                                         draftWarning: DraftWarningAction(event: "城市内涝", eventEn: "Urban waterlogging", category: .met,
                                                                          radiusKm: 1, instruction: "请绕行下穿道", minSeverity: .red)))]
    }

    func setUp(_ hub: TestHub, category: String) async throws {
        _ = try await hub.signIn("drain", role: .departmentOperator, department: Self.drainage)
        _ = try await hub.services.importGeography(Data(CaseRouteTests.geography.utf8), actor: "test")
        let station = Station(id: StationID(rawValue: "wp-underpass")!, kind: .monitoringPoint, name: "解放碑下穿道积水监测点",
                              nameEn: "Jiefangbei underpass water point", location: GeoPoint(lon: 106.5705, lat: 29.5605),
                              department: Self.drainage, groups: [], status: .active, river: nil, version: 1, updatedAt: hub.clock.now)
        _ = try await hub.services.telemetry.stations.create(station, actor: "test")
        _ = try await hub.services.telemetry.rules.replace(Self.rules(category: category), expectedVersion: nil, actor: "test")
    }

    func depth(_ hub: TestHub, _ metres: Double, minutes: Double) async throws {
        hub.clock.advance(by: minutes * 60)
        _ = try await hub.services.telemetry.accept([RawObservation(item: "o", station: "wp-underpass", quantity: "water_depth",
                                                                    time: Timestamp.shanghai(hub.clock.now.milliseconds), value: metres)],
                                                    correction: false, format: "json", actor: "test")
        _ = try await hub.services.telemetry.evaluator.pass()
        _ = try await hub.services.telemetry.actions.pass()
    }

    func events(_ hub: TestHub, _ kind: String) async throws -> [HubEvent] {
        try await hub.services.database.read { sql in try await Journal.events(after: 0, limit: 100_000, on: sql) }.filter { $0.kind == kind }
    }

    @Test(arguments: TestDatabases.engines)
    func aWaterloggingAlarm_opensADispatchedCase_thenDraftsAWarningWhenRed(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        try await setUp(hub, category: "E0402")
        try await depth(hub, 0.05, minutes: 0)
        #expect(try await events(hub, "alarm.action_done").isEmpty)
        try await depth(hub, 0.2, minutes: 5)   // yellow: the case
        let done = try await events(hub, "alarm.action_done")
        #expect(done.count == 1 && done[0].payload.contains("open_case"))
        let caseID = try #require(done.first.flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.payload.utf8))["result"] })
        let stored = try #require(try await hub.services.cases.store.record(CaseID(rawValue: caseID)!))
        #expect(stored.source == .sensor && stored.department == Self.drainage && stored.state.rawValue == "dispatched")
        #expect(stored.description.contains("下穿道积水"))

        try await depth(hub, 0.35, minutes: 5)   // red: the warning draft, and no second case
        let after = try await events(hub, "alarm.action_done")
        #expect(after.count == 2 && after[1].payload.contains("draft_warning"))
        #expect(try await events(hub, "case.reported").count == 1)
        let drafts = try await hub.services.warnings.store.list(states: [.draft], liveAt: nil, limit: 10)
        #expect(drafts.count == 1 && drafts.first?.origin?.hasPrefix("alarm:a-") == true)

        // Opening again for the same alarm answers the same case.
        let again = try await hub.services.cases.openCase(CaseOpeningRequest(origin: drafts[0].origin ?? "", category: "E0402",
                                                                             location: GeoPoint(lon: 106.5705, lat: 29.5605),
                                                                             description: "again", actor: "test"))
        #expect(again.caseID == caseID && !again.created)
        try await depth(hub, 0.4, minutes: 5)
        #expect(try await events(hub, "alarm.action_done").count == 2)
        await hub.services.stop()
    }

    @Test(arguments: TestDatabases.engines)
    func anActionTheCaseLoopRefuses_failsForGood_withItsReason(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        try await setUp(hub, category: "Z9999")
        try await depth(hub, 0.2, minutes: 0)
        let failed = try await events(hub, "alarm.action_failed")
        #expect(failed.count == 1 && failed[0].payload.contains("open_case"))
        let status = try await hub.services.database.read { sql in
            try await sql.raw("SELECT status FROM telemetry_alarm_actions").first()?.decode(column: "status", as: String.self)
        }
        #expect(status == "failed")
        await hub.services.stop()
    }

    @Test(arguments: TestDatabases.engines)
    func callDuty_pagesTheDepartmentsDuty_andAcknowledgingTheAlarmSettlesTheCall(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        try await setUp(hub, category: "E0402")
        var rules = Self.rules(category: "E0402")
        rules[0].actions = AlarmActions(callDuty: CallDutyAction(minSeverity: .yellow))
        _ = try await hub.services.telemetry.rules.replace(rules, expectedVersion: nil, actor: "test")
        try await depth(hub, 0.2, minutes: 1)
        let done = try await events(hub, "alarm.action_done")
        #expect(done.count == 1 && done[0].payload.contains("call_duty") && done[0].payload.contains("dc-"))
        let paged = try await events(hub, "duty.paged")
        #expect(paged.count == 1 && paged[0].payload.contains("alarm:\(done[0].subject.dropFirst(6))"))
        let alarm = try #require(try await hub.services.telemetry.alarms.list(AlarmFilter(), limit: 1).first)
        let acked = try await hub.services.telemetry.alarms.act(alarm.id, actor: "user:drain", authorise: { _ in }) { a, now in
            AlarmLifecycle.acknowledge(a, by: "user:drain", at: now)
        }
        await hub.services.telemetry.actions.acknowledged(acked, by: "user:drain")
        #expect(try await events(hub, "duty.settled").count == 1)
        await hub.services.stop()
    }

    @Test func backoff_growsFourfoldFromFiveSeconds_cappedAtHalfAnHour() {
        #expect(AlarmActionRunner.backoff(afterAttempts: 1) == 5_000)
        #expect(AlarmActionRunner.backoff(afterAttempts: 2) == 20_000)
        #expect(AlarmActionRunner.backoff(afterAttempts: 3) == 80_000)
        #expect(AlarmActionRunner.backoff(afterAttempts: 7) == 1_800_000)
    }
}
