import Foundation
import HubKit
import HubTestSupport
import SQLKit
import Telemetry
import Testing

/// The rules running over ingest on both engines: alarms raised, merged and cleared with their journal events;
/// a restart (new evaluator, same database) recovers the engine's state exactly, with and without a snapshot;
/// clock ticks; batches written by another hub instance; rule changes; people's actions; the actions outbox.
@Suite struct AlarmEvaluatorTests {
    static let t0: Int64 = 1_720_580_400_000   // 2024-07-10T11:00:00+08:00
    static let water = DepartmentID(rawValue: "water-resources")!

    struct Fixture {
        let database: HubDatabase
        let clock: TestClock
        var desk: TelemetryDesk

        static func make(_ engine: DatabaseEngine) async throws -> Fixture {
            let database = try await TestDatabases.open(engine, migrations: [Journal.migration] + TelemetryMigrations.all)
            let clock = TestClock(Date(milliseconds: AlarmEvaluatorTests.t0))
            let desk = try await desk(database, clock)
            let point = GeoPoint(lon: 106.58, lat: 29.55)
            let stations = [
                Station(id: StationID(rawValue: "wl-1")!, kind: .riverGauge, name: "东水门水位站", nameEn: "Dongshuimen gauge", location: point,
                        department: water, groups: ["yangtze"], status: .active,
                        river: RiverLevels(datum: DatumTag(rawValue: "yellow-sea-1985")!, warningLevel: 175.8, guaranteedLevel: 176.8),
                        version: 1, updatedAt: clock.now),
                Station(id: StationID(rawValue: "rg-1")!, kind: .rainGauge, name: "雨量站", nameEn: "Rain gauge", location: point,
                        department: DepartmentID(rawValue: "weather")!, groups: ["jialing-upper"], status: .active, river: nil,
                        version: 1, updatedAt: clock.now),
            ]
            _ = try await desk.stations.importStations(stations, sha256: "test", actor: "test")
            _ = try await desk.rules.replace(rules, expectedVersion: 0, actor: "user:admin")
            return Fixture(database: database, clock: clock, desk: desk)
        }

        static func desk(_ database: HubDatabase, _ clock: TestClock) async throws -> TelemetryDesk {
            try await TelemetryDesk.start(database: database, retentionDays: 30, clock: clock.clock, logger: TestDatabases.logger,
                                          departmentExists: { _ in true }, userExists: { $0 == "u7" })
        }

        static let rules: [AlarmRule] = [
            AlarmRule(id: RuleID(rawValue: "wl-levels")!, name: "东水门水位", station: StationID(rawValue: "wl-1")!, quantity: .waterLevel,
                      kind: .threshold, levels: [SeverityLevel(.orange, stationLevel: .warning), SeverityLevel(.red, stationLevel: .guaranteed)],
                      hysteresis: 0.1),
            AlarmRule(id: RuleID(rawValue: "rg-silent")!, station: StationID(rawValue: "rg-1")!, quantity: .rainfall, kind: .noData,
                      levels: [SeverityLevel(.yellow, value: 30)]),
        ]

        /// A restarted hub: a new desk (and evaluator) on the same database. On SQLite the old evaluator just stops
        /// (as in a crash); on PostgreSQL it gives its lease up as a stopping hub does (a crashed one's runs out).
        mutating func restart() async throws {
            if database.engine == .postgres { await desk.evaluator.release() }
            desk = try await Self.desk(database, clock)
        }

        /// Moves the clock to `at` when it is behind (readings may not lie in the future).
        func catchUp(_ at: Int64) {
            if clock.now.milliseconds < at { clock.set(Date(milliseconds: at)) }
        }

        func level(_ pairs: [(Int64, Double)]) async throws {
            catchUp(pairs.map(\.0).max() ?? 0)
            let raws = pairs.enumerated().map { i, p in
                RawObservation(item: "observations[\(i)]", station: "wl-1", quantity: "water_level", time: Timestamp.shanghai(p.0), value: p.1)
            }
            _ = try await desk.accept(raws, correction: false, format: "json", actor: "test")
        }

        func rain(_ at: Int64, _ value: Double) async throws {
            catchUp(at)
            _ = try await desk.accept([RawObservation(item: "o", station: "rg-1", quantity: "rainfall", time: Timestamp.shanghai(at), value: value)],
                                      correction: false, format: "json", actor: "test")
        }

        func all() async throws -> [Alarm] {
            var filter = AlarmFilter()
            filter.includeClosed = true
            filter.includeShelved = true
            return try await desk.alarms.list(filter, limit: 100)
        }

        func events(_ prefix: String) async throws -> [HubEvent] {
            try await database.read { sql in try await Journal.events(after: 0, limit: 10_000, on: sql) }.filter { $0.kind.hasPrefix(prefix) }
        }

        func at(_ minutes: Int64) -> Int64 { AlarmEvaluatorTests.t0 + minutes * 60_000 }
    }

    @Test(arguments: TestDatabases.engines)
    func levels_raiseEscalateAndClear_oneAlarmPerRuleAndSource_eachChangeJournaled(engine: DatabaseEngine) async throws {
        let f = try await Fixture.make(engine)
        defer { Task { await f.database.close() } }
        _ = try await f.desk.rules.replace([Fixture.rules[0]], expectedVersion: nil, actor: "user:admin")   // no silent-gauge rule
        try await f.level([(f.at(0), 175.5), (f.at(5), 175.79)])
        #expect(try await f.desk.evaluator.pass().isEmpty)
        #expect(try await f.all().isEmpty)

        try await f.level([(f.at(10), 175.8)])   // at the warning level: raised
        let raised = try await f.desk.evaluator.pass()
        #expect(raised.map(\.event) == ["alarm.raised"])
        try await f.level([(f.at(15), 176.0), (f.at(20), 176.2)])
        #expect(try await f.desk.evaluator.pass().isEmpty)   // still orange: nothing new
        try await f.level([(f.at(25), 176.8)])
        #expect(try await f.desk.evaluator.pass().map(\.event) == ["alarm.escalated"])
        var alarms = try await f.all()
        #expect(alarms.count == 1)
        let alarm = try #require(alarms.first)
        #expect(alarm.severity == .red && alarm.peakSeverity == .red && alarm.active && alarm.department == Self.water)
        #expect(alarm.reason.zh.contains("保证水位"))

        try await f.level([(f.at(30), 175.75)])   // below warning, but within the 0.1 m hysteresis: stays, steps down
        #expect(try await f.desk.evaluator.pass().map(\.event) == ["alarm.deescalated"])
        try await f.level([(f.at(35), 175.69)])
        #expect(try await f.desk.evaluator.pass().map(\.event) == ["alarm.cleared"])
        alarms = try await f.all()
        #expect(alarms.count == 1 && alarms[0].active == false && alarms[0].acknowledged == false)
        #expect(try await f.desk.alarms.list(AlarmFilter(), limit: 10).count == 1)   // cleared but unacknowledged: still current

        // Raised again later: a new alarm, the old one stays in the history.
        try await f.level([(f.at(40), 176.0)])
        #expect(try await f.desk.evaluator.pass().map(\.event) == ["alarm.raised"])
        #expect(try await f.all().count == 2)
        let journaled = try await f.events("alarm.").map(\.kind)
        #expect(journaled == ["alarm.raised", "alarm.escalated", "alarm.deescalated", "alarm.cleared", "alarm.raised"])
    }

    @Test(arguments: TestDatabases.engines)
    func aRestart_recoversTheEngineState_withoutRepeatingOrLosingAlarms(engine: DatabaseEngine) async throws {
        var f = try await Fixture.make(engine)
        let database = f.database
        defer { Task { await database.close() } }
        try await f.level([(f.at(0), 176.0)])
        #expect(try await f.desk.evaluator.pass().map(\.event) == ["alarm.raised"])
        // Readings the old evaluator evaluated in memory only (no change, nothing written) before the restart.
        try await f.level([(f.at(5), 175.75)])
        _ = try await f.desk.evaluator.pass()

        try await f.restart()
        #expect(try await f.desk.evaluator.pass().isEmpty)   // recovery replays; nothing raised twice
        try await f.level([(f.at(10), 175.69)])
        #expect(try await f.desk.evaluator.pass().map(\.event) == ["alarm.cleared"])

        // Again with a snapshot in between (the state saved after five minutes), and readings after it.
        try await f.level([(f.at(15), 176.9)])
        #expect(try await f.desk.evaluator.pass().map(\.event) == ["alarm.raised"])
        f.clock.advance(by: 301)
        _ = try await f.desk.evaluator.pass()
        let saved = try await f.database.read { sql in
            try await sql.raw("SELECT through_seq, state FROM telemetry_rule_snapshot WHERE id = 1").first()?.decode(column: "state", as: String.self)
        }
        #expect(saved?.contains("wl-levels") == true)
        try await f.level([(f.at(20), 176.75)])   // within hysteresis of red: stays red, in memory only
        _ = try await f.desk.evaluator.pass()
        try await f.restart()
        try await f.level([(f.at(25), 176.69)])
        #expect(try await f.desk.evaluator.pass().map(\.event) == ["alarm.deescalated"])
        #expect(try await f.events("alarm.").count == 4)
    }

    @Test(arguments: TestDatabases.engines)
    func ticks_raiseNoData_andAreReplayedAfterARestart(engine: DatabaseEngine) async throws {
        var f = try await Fixture.make(engine)
        let database = f.database
        defer { Task { await database.close() } }
        try await f.rain(f.at(0), 0.5)
        _ = try await f.desk.evaluator.pass()
        f.clock.advance(by: 29 * 60)
        #expect(try await f.desk.evaluator.pass().isEmpty)
        f.clock.advance(by: 60)   // 30 minutes without rain data: the tick raises
        #expect(try await f.desk.evaluator.pass().map(\.event) == ["alarm.raised"])
        #expect(try await f.all().first?.rule.rawValue == "rg-silent")
        try await f.restart()
        try await f.rain(f.at(31), 0.2)   // data again: cleared, by the recovered state
        #expect(try await f.desk.evaluator.pass().map(\.event) == ["alarm.cleared"])
        let ticks = try await f.database.read { sql in
            try await sql.raw("SELECT next_tick_id FROM telemetry_rule_progress").first()?.decode(column: "next_tick_id", as: Int.self) ?? 0
        }
        #expect(ticks >= 4)   // a tick at 11:00, 11:29, 11:30 and 11:31
    }

    @Test(arguments: TestDatabases.engines)
    func batchesOfAnotherInstance_areReadBack_andRuleChangesApplyFromTheirEvent(engine: DatabaseEngine) async throws {
        let f = try await Fixture.make(engine)
        defer { Task { await f.database.close() } }
        let other = try await Fixture.desk(f.database, f.clock)   // another hub instance: its hand-overs never reach ours
        _ = try await other.accept([RawObservation(item: "o", station: "wl-1", quantity: "water_level",
                                                   time: Timestamp.shanghai(f.at(0)), value: 176.0)],
                                   correction: false, format: "json", actor: "test")
        #expect(try await f.desk.evaluator.pass().map(\.event) == ["alarm.raised"])

        // A stricter rule set: the warning level raises red now.
        var rules = Fixture.rules
        rules[0].levels = [SeverityLevel(.red, stationLevel: .warning)]
        _ = try await f.desk.rules.replace(rules, expectedVersion: 1, actor: "user:admin")
        try await f.level([(f.at(5), 176.0)])
        #expect(try await f.desk.evaluator.pass().map(\.event) == ["alarm.escalated"])
        await #expect(throws: TelemetryProblem.self) {
            _ = try await f.desk.rules.replace(rules, expectedVersion: 1, actor: "user:admin")
        }
        // An invalid set is refused whole, naming the fault.
        var bad = rules
        bad[0].station = StationID(rawValue: "nowhere")
        do {
            _ = try await f.desk.rules.replace(bad, expectedVersion: nil, actor: "user:admin")
            Issue.record("an invalid rule set was taken")
        } catch let problem as TelemetryProblem {
            #expect(problem.code == "INVALID_RULES")
            #expect(problem.extensions["faultCount"] != nil)
        }
        #expect(try await f.desk.rules.current().version == 2)
    }

    @Test(arguments: TestDatabases.engines)
    func peoplesActions_areJournaled_andDepartmentBound(engine: DatabaseEngine) async throws {
        let f = try await Fixture.make(engine)
        defer { Task { await f.database.close() } }
        try await f.level([(f.at(0), 176.0)])
        let alarm = try #require(try await f.desk.evaluator.pass().first?.alarm)
        let allowed: @Sendable (Alarm) throws -> Void = { _ in }
        let acked = try await f.desk.alarms.act(alarm.id, actor: "user:u1", authorise: allowed) { a, now in
            AlarmLifecycle.acknowledge(a, by: "user:u1", at: now)
        }
        #expect(acked.acknowledged && acked.version == 2)
        let again = try await f.desk.alarms.act(alarm.id, actor: "user:u1", authorise: allowed) { a, now in
            AlarmLifecycle.acknowledge(a, by: "user:u1", at: now)
        }
        #expect(again.version == 2)   // nothing changed, nothing journaled
        _ = try await f.desk.alarms.comment(alarm.id, text: "已通知泵站", actor: "user:u1", authorise: allowed)
        let denied: @Sendable (Alarm) throws -> Void = { _ in throw AccessProblem.notYourDepartment }
        await #expect(throws: AccessProblem.self) {
            _ = try await f.desk.alarms.comment(alarm.id, text: "x", actor: "user:u9", authorise: denied)
        }
        #expect(try await f.desk.alarms.comments(alarm.id).map(\.text) == ["已通知泵站"])
        #expect(try await f.events("alarm.").map(\.kind) == ["alarm.raised", "alarm.acknowledged", "alarm.commented"])
        // The acknowledged alarm closes when it clears.
        try await f.level([(f.at(5), 175.0)])
        _ = try await f.desk.evaluator.pass()
        #expect(try await f.desk.alarms.list(AlarmFilter(), limit: 10).isEmpty)
        var closed = AlarmFilter()
        closed.includeClosed = true
        #expect(try await f.desk.alarms.list(closed, limit: 10).first?.closed == true)
    }
}
