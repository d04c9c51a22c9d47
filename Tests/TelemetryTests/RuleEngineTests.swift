import Foundation
import HubKit
import Telemetry
import Testing

/// Shared fixtures: a river gauge in the yellow-sea-1985 datum, one in wusong, five upstream rain gauges.
enum RuleFixture {
    static let t0: Int64 = 1_720_540_800_000   // 2024-07-10T00:00:00+08:00
    static let yellowSea = DatumTag(rawValue: "yellow-sea-1985")!
    static let river = RiverLevels(datum: yellowSea, warningLevel: 175.0, guaranteedLevel: 176.5)

    static func id(_ s: String) -> StationID { StationID(rawValue: s)! }
    static func rule(_ s: String) -> RuleID { RuleID(rawValue: s)! }

    static let stations: [StationID: RuleStation] = {
        var out: [StationID: RuleStation] = [:]
        out[id("wl-1")] = RuleStation(id: id("wl-1"), groups: ["city"], river: river)
        out[id("wl-ws")] = RuleStation(id: id("wl-ws"), groups: ["city"],
                                       river: RiverLevels(datum: DatumTag(rawValue: "wusong")!, warningLevel: 4.2, guaranteedLevel: 5.1))
        for i in 1...5 { out[id("rg-\(i)")] = RuleStation(id: id("rg-\(i)"), groups: ["jialing-upper"]) }
        return out
    }()

    static func obs(_ station: String, _ quantity: Quantity = .waterLevel, minute: Int64, _ value: Double) -> RuleEvent {
        .observation(Observation(stationKey: 0, station: id(station), quantity: quantity, at: t0 + minute * 60_000, value: value))
    }

    static func tick(minute: Int64) -> RuleEvent { .tick(t0 + minute * 60_000) }

    static func run(_ engine: RuleEngine, _ events: [RuleEvent], from state: AlarmState = AlarmState()) -> (AlarmState, [AlarmIntent]) {
        var state = state
        var out: [AlarmIntent] = []
        for event in events { out += engine.evaluate(&state, event) }
        return (state, out)
    }

    static func threshold(_ levels: [SeverityLevel], hysteresis: Double? = nil, minutes: Int? = nil, direction: Direction? = nil) -> AlarmRule {
        AlarmRule(id: rule("wl-1-high"), station: id("wl-1"), quantity: .waterLevel, datum: yellowSea, kind: .threshold,
                  direction: direction, levels: levels, hysteresis: hysteresis, minDurationMinutes: minutes)
    }
}

@Suite struct ThresholdRuleTests {
    typealias F = RuleFixture

    @Test(arguments: [(174.99, false), (175.0, true), (175.01, true)])
    func threshold_raisesAtTheLevel_notJustBelow(value: Double, raised: Bool) {
        let engine = RuleEngine(rules: [F.threshold([SeverityLevel(.yellow, value: 175.0)])], stations: F.stations)
        let (_, intents) = F.run(engine, [F.obs("wl-1", minute: 0, value)])
        #expect(intents.map(\.action) == (raised ? [.raise] : []))
        if raised { #expect(intents.first?.severity == .yellow && intents.first?.threshold == 175.0) }
    }

    @Test(arguments: [(175.0, true), (175.01, false), (174.99, true)])
    func threshold_below_mirrorsTheComparison(value: Double, raised: Bool) {
        let engine = RuleEngine(rules: [F.threshold([SeverityLevel(.yellow, value: 175.0)], direction: .below)], stations: F.stations)
        let (_, intents) = F.run(engine, [F.obs("wl-1", minute: 0, value)])
        #expect(intents.map(\.action) == (raised ? [.raise] : []))
    }

    @Test func hysteresis_oscillationInsideTheBand_raisesOnce_andClearsOnlyBelowTheBand() {
        let engine = RuleEngine(rules: [F.threshold([SeverityLevel(.yellow, value: 175.0)], hysteresis: 0.5)], stations: F.stations)
        let wobble: [Double] = [175.0, 174.8, 175.1, 174.6, 175.2, 174.7, 175.0, 174.5]
        let events = wobble.enumerated().map { F.obs("wl-1", minute: Int64($0.offset * 5), $0.element) }
        let (state, intents) = F.run(engine, events)
        #expect(intents.map(\.action) == [.raise])                       // 174.5 = level − hysteresis: still up
        let (_, after) = F.run(engine, [F.obs("wl-1", minute: 100, 174.49)], from: state)
        #expect(after.map(\.action) == [.clear])
        #expect(after.first?.threshold == 174.5)
    }

    @Test func minimumDuration_notRaisedBeforeNMinutes() {
        let engine = RuleEngine(rules: [F.threshold([SeverityLevel(.yellow, value: 175.0)], minutes: 30)], stations: F.stations)
        let (state, early) = F.run(engine, [F.obs("wl-1", minute: 0, 175.2), F.obs("wl-1", minute: 10, 175.3),
                                            F.obs("wl-1", minute: 20, 175.3), F.tick(minute: 29)])
        #expect(early.isEmpty)
        let (_, onTime) = F.run(engine, [F.tick(minute: 30)], from: state)
        #expect(onTime.map(\.action) == [.raise])
        #expect(onTime.first?.at == F.t0 + 30 * 60_000)
    }

    @Test func minimumDuration_aDipResetsIt() {
        let engine = RuleEngine(rules: [F.threshold([SeverityLevel(.yellow, value: 175.0)], minutes: 30)], stations: F.stations)
        let (state, none) = F.run(engine, [F.obs("wl-1", minute: 0, 175.2), F.obs("wl-1", minute: 20, 174.9),
                                           F.obs("wl-1", minute: 25, 175.2), F.obs("wl-1", minute: 50, 175.2)])
        #expect(none.isEmpty)
        let (_, raised) = F.run(engine, [F.obs("wl-1", minute: 55, 175.2)], from: state)
        #expect(raised.map(\.action) == [.raise])
    }

    @Test func severity_escalatesAndDeescalates_withHysteresis() {
        let engine = RuleEngine(rules: [F.threshold([SeverityLevel(.blue, value: 10), SeverityLevel(.yellow, value: 20),
                                                     SeverityLevel(.orange, value: 30), SeverityLevel(.red, value: 40)], hysteresis: 1)],
                                stations: F.stations)
        let values: [Double] = [15, 25, 45, 39.5, 38.9, 19.5, 9.5, 8.9]
        let (_, intents) = F.run(engine, values.enumerated().map { F.obs("wl-1", minute: Int64($0.offset), $0.element) })
        #expect(intents.map(\.action) == [.raise] + Array(repeating: .changeSeverity, count: 5) + [.clear])
        #expect(intents.map(\.severity) == [.blue, .yellow, .red, .orange, .yellow, .blue, .blue])
        #expect(intents.map(\.value) == [15, 25, 45, 38.9, 19.5, 9.5, 8.9])
        #expect(intents.map(\.threshold) == [10, 20, 40, 39, 29, 19, 9])
    }

    @Test func stationLevels_comeFromEachStation_andAnotherDatumIsNeverCompared() {
        let rule = AlarmRule(id: F.rule("city-levels"), group: "city", quantity: .waterLevel, kind: .threshold,
                             levels: [SeverityLevel(.orange, stationLevel: .warning), SeverityLevel(.red, stationLevel: .guaranteed)])
        let engine = RuleEngine(rules: [rule], stations: F.stations)
        let (_, intents) = F.run(engine, [F.obs("wl-ws", minute: 0, 4.3), F.obs("wl-1", minute: 0, 175.0), F.obs("wl-1", minute: 5, 176.6)])
        #expect(intents.map(\.source) == ["wl-ws", "wl-1", "wl-1"])
        #expect(intents.map(\.threshold) == [4.2, 175.0, 176.5])
        #expect(intents[1].reason.zh.contains("警戒水位"))

        let absolute = AlarmRule(id: F.rule("city-abs"), group: "city", quantity: .waterLevel, datum: F.yellowSea, kind: .threshold,
                                 levels: [SeverityLevel(.red, value: 4.0)])
        let (_, none) = F.run(RuleEngine(rules: [absolute], stations: F.stations), [F.obs("wl-ws", minute: 0, 4.3)])
        #expect(none.isEmpty)
    }

    @Test func lateData_beyondTheTolerance_isCountedAndNotEvaluated() {
        let engine = RuleEngine(rules: [F.threshold([SeverityLevel(.yellow, value: 175.0)])], stations: F.stations)
        let (state, intents) = F.run(engine, [F.obs("wl-1", minute: 100, 174.0), F.obs("wl-1", minute: 95, 176.0),
                                              F.obs("wl-1", minute: 89, 176.0)])
        #expect(intents.isEmpty)                       // 95: within 10 min but older than the newest; 89: too late
        #expect(state.lateIgnored == 1)
    }
}

@Suite struct WindowRuleTests {
    typealias F = RuleFixture

    static func sum(hours: Int = 1, levels: [SeverityLevel] = [SeverityLevel(.yellow, value: 20)]) -> AlarmRule {
        AlarmRule(id: F.rule("rain-sum"), group: "jialing-upper", quantity: .rainfall, kind: .windowSum, levels: levels, windowHours: hours)
    }

    @Test(arguments: [(9.9, false), (10.0, true), (10.1, true)])
    func windowSum_edges(second: Double, raised: Bool) {
        let engine = RuleEngine(rules: [Self.sum()], stations: F.stations)
        let (_, intents) = F.run(engine, [F.obs("rg-1", .rainfall, minute: 10, 10), F.obs("rg-1", .rainfall, minute: 40, second)])
        #expect(intents.map(\.action) == (raised ? [.raise] : []))
    }

    @Test func windowSum_theWindowIsHalfOpen_andSlidesOnTicks() {
        let engine = RuleEngine(rules: [Self.sum()], stations: F.stations)
        // (now − 1 h, now]: a reading exactly one hour old is out.
        let (_, out) = F.run(engine, [F.obs("rg-1", .rainfall, minute: 0, 10), F.obs("rg-1", .rainfall, minute: 60, 10)])
        #expect(out.isEmpty)
        let (state, raised) = F.run(engine, [F.obs("rg-2", .rainfall, minute: 1, 10), F.obs("rg-2", .rainfall, minute: 60, 10)])
        #expect(raised.map(\.action) == [.raise] && raised.first?.value == 20)
        let (still, none) = F.run(engine, [F.tick(minute: 60)], from: state)
        #expect(none.isEmpty)
        let (_, cleared) = F.run(engine, [F.tick(minute: 61)], from: still)
        #expect(cleared.map(\.action) == [.clear] && cleared.first?.value == 10)
    }

    @Test func windowSum_lateReadingWithinTolerance_counts() {
        let engine = RuleEngine(rules: [Self.sum()], stations: F.stations)
        let (_, intents) = F.run(engine, [F.obs("rg-1", .rainfall, minute: 30, 12), F.obs("rg-1", .rainfall, minute: 25, 8)])
        #expect(intents.map(\.action) == [.raise])
        #expect(intents.first?.at == F.t0 + 30 * 60_000)
    }

    @Test(arguments: [(175.124, false), (175.125, true), (175.25, true)])
    func rateOfRise_edges_withTheProjectedTime(last: Double, raised: Bool) {
        let rule = AlarmRule(id: F.rule("wl-1-rise"), station: F.id("wl-1"), quantity: .waterLevel, kind: .rateOfRise,
                             levels: [SeverityLevel(.orange, value: 0.125)], windowMinutes: 60, projectTo: LevelReference(stationLevel: .guaranteed))
        let engine = RuleEngine(rules: [rule], stations: F.stations)
        let (_, intents) = F.run(engine, [F.obs("wl-1", minute: 0, 175.0), F.obs("wl-1", minute: 30, 175.03), F.obs("wl-1", minute: 60, last)])
        #expect(intents.map(\.action) == (raised ? [.raise] : []))
        if last == 175.125, let intent = intents.first {
            // (176.5 − 175.125) m at 0.125 m/h: 11 h after the newest reading.
            #expect(intent.projectedAt == F.t0 + 60 * 60_000 + 11 * 3_600_000)
            #expect(intent.reason.en.contains("is reached at 2024-07-10T12:00"))
        }
    }

    @Test func rateOfRise_needsHalfAWindowOfReadings() {
        let rule = AlarmRule(id: F.rule("wl-1-rise"), station: F.id("wl-1"), quantity: .waterLevel, kind: .rateOfRise,
                             levels: [SeverityLevel(.orange, value: 0.1)], windowMinutes: 60)
        let (_, intents) = F.run(RuleEngine(rules: [rule], stations: F.stations),
                                 [F.obs("wl-1", minute: 0, 175.0), F.obs("wl-1", minute: 29, 176.0)])
        #expect(intents.isEmpty)
    }
}

@Suite struct NoDataAndGroupRuleTests {
    typealias F = RuleFixture

    static let silence = AlarmRule(id: F.rule("rg-silent"), group: "jialing-upper", quantity: .rainfall, kind: .noData,
                                   levels: [SeverityLevel(.yellow, value: 60)])

    @Test func noData_atExactlyNMinutes_andNotBefore() {
        let engine = RuleEngine(rules: [Self.silence], stations: F.stations)
        let reports = (1...5).map { F.obs("rg-\($0)", .rainfall, minute: 0, 0) }
        let (state, early) = F.run(engine, reports + [F.tick(minute: 0), F.obs("rg-2", .rainfall, minute: 30, 0), F.tick(minute: 59)])
        #expect(early.isEmpty)
        let (later, due) = F.run(engine, [F.tick(minute: 60)], from: state)
        #expect(due.map(\.source) == ["rg-1", "rg-3", "rg-4", "rg-5"])
        #expect(due.allSatisfy { $0.action == .raise && $0.value == 60 })
        // A late reading (sent at minute 50, arriving at 65) shows the gauge was heard from 15 minutes ago.
        let (_, late) = F.run(engine, [F.tick(minute: 65), F.obs("rg-1", .rainfall, minute: 50, 0)], from: later)
        #expect(late.map(\.action) == [.clear] && late.first?.source == "rg-1" && late.first?.value == 15)
    }

    @Test func noData_aGaugeNeverHeardFrom_countsFromTheFirstTick() {
        let engine = RuleEngine(rules: [Self.silence], stations: F.stations)
        let (_, intents) = F.run(engine, [F.tick(minute: 0), F.tick(minute: 59), F.tick(minute: 60)])
        #expect(intents.count == 5)
    }

    @Test func nOfM_atNMinusOne_andN() {
        let rule = AlarmRule(id: F.rule("basin-24h"), group: "jialing-upper", quantity: .rainfall, kind: .nOfM,
                             levels: [SeverityLevel(.orange, value: 3), SeverityLevel(.red, value: 5)],
                             member: MemberCondition(kind: .windowSum, windowHours: 24, value: 50))
        let engine = RuleEngine(rules: [rule], stations: F.stations)
        let (state, two) = F.run(engine, [F.obs("rg-1", .rainfall, minute: 0, 30), F.obs("rg-1", .rainfall, minute: 60, 20),
                                          F.obs("rg-2", .rainfall, minute: 60, 55), F.obs("rg-3", .rainfall, minute: 60, 49.5)])
        #expect(two.isEmpty)
        let (_, three) = F.run(engine, [F.obs("rg-3", .rainfall, minute: 70, 0.5)], from: state)
        #expect(three.map(\.action) == [.raise])
        #expect(three.first?.source == "jialing-upper" && three.first?.value == 3 && three.first?.severity == .orange)
        #expect(three.first?.reason.en.contains("3 of the 5 gauges") == true)
    }
}
