import Foundation
import HubKit
import Telemetry
import Testing

/// The CMA rainstorm signals as rules: a synthetic storm reaches each colour at the reading the criteria name, each
/// colour drafts its own warning, and replaying the storm (whole, or in chunks with the state saved as JSON) gives the
/// same intents.
@Suite struct RainstormSignalTests {
    typealias F = RuleFixture

    /// Hourly rain (mm) of one gauge: 5 mm for ten hours, then a burst.
    /// 12 h sum reaches 50 at hour 10 (blue); 6 h sum 61 at hour 13 (yellow; 46 at 12); 3 h sum 64 at hour 14
    /// (orange; 46 at 13); 3 h sum 115 at hour 16 (red; 90 at 15).
    static let storm: [Double] = Array(repeating: 5, count: 10) + [12, 14, 20, 30, 40, 45] + Array(repeating: 0, count: 14)

    static var rules: [AlarmRule] {
        RainstormSignals.rules(RainstormSignals.Template(idPrefix: "storm", group: "jialing-upper")) ?? []
    }

    static var events: [RuleEvent] {
        var out: [RuleEvent] = []
        for (i, mm) in storm.enumerated() {
            out.append(F.obs("rg-1", .rainfall, minute: Int64(i + 1) * 60, mm))
            out.append(F.tick(minute: Int64(i + 1) * 60 + 30))
        }
        return out
    }

    @Test func theTemplate_makesFourValidWindowSumRules_eachDraftingItsColour() throws {
        let rules = Self.rules
        #expect(rules.map(\.id.rawValue) == ["storm-blue", "storm-yellow", "storm-orange", "storm-red"])
        #expect(rules.map(\.windowHours) == [12, 6, 3, 3])
        #expect(rules.map { $0.levels.first?.value } == [50, 50, 50, 100])
        #expect(rules.map { $0.actions?.draftWarning?.minSeverity } == [.blue, .yellow, .orange, .red])
        #expect(rules.allSatisfy { $0.actions?.draftWarning?.event == "暴雨" && $0.kind == .windowSum && $0.quantity == .rainfall })
        if case .failure(let f) = RuleCheck.check(rules, stations: F.stations) { Issue.record("faults: \(f.faults)") }
        #expect(RainstormSignals.rules(RainstormSignals.Template(idPrefix: "Bad Prefix", group: "g")) == nil)
    }

    @Test func aSyntheticStorm_reachesEachColourAtTheRightReading() {
        let engine = RuleEngine(rules: Self.rules, stations: F.stations)
        let (_, intents) = F.run(engine, Self.events)
        func raisedAt(_ id: String) -> Int64? {
            intents.first { $0.rule.rawValue == id && $0.action == .raise }.map { ($0.at - F.t0) / 3_600_000 }
        }
        #expect(raisedAt("storm-blue") == 10)
        #expect(raisedAt("storm-yellow") == 13)
        #expect(raisedAt("storm-orange") == 14)
        #expect(raisedAt("storm-red") == 16)
        #expect(intents.filter { $0.action == .raise }.map(\.severity) == [.blue, .yellow, .orange, .red])
        // Every colour clears once its window has passed the burst.
        #expect(Set(intents.filter { $0.action == .clear }.map(\.rule.rawValue)) == Set(Self.rules.map(\.id.rawValue)))
    }

    @Test func eachColourDrafts_暴雨ColourWarning() throws {
        for rule in Self.rules {
            let action = try #require(rule.actions?.draftWarning)
            let severity = try #require(rule.levels.first?.severity)
            #expect(action.due(severity) && !action.due(severity == .blue ? nil : .blue))
            let colour = try #require(WarningColour(rawValue: severity.rawValue))
            #expect("\(action.event)\(colour.label.zh)预警" == "暴雨\(severity.label.zh)预警")
        }
    }

    @Test func replay_isDeterministic_wholeOrInChunksThroughJSON() throws {
        let engine = RuleEngine(rules: Self.rules, stations: F.stations)
        let (_, once) = F.run(engine, Self.events)
        let (_, twice) = F.run(engine, Self.events)
        #expect(once == twice)
        var state = AlarmState()
        var chunked: [AlarmIntent] = []
        for chunk in stride(from: 0, to: Self.events.count, by: 7).map({ Array(Self.events[$0..<min($0 + 7, Self.events.count)]) }) {
            let (next, intents) = F.run(engine, chunk, from: state)
            chunked += intents
            state = try JSONDecoder().decode(AlarmState.self, from: JSONEncoder().encode(next))
        }
        #expect(chunked == once)
    }
}

extension DraftWarningAction {
    /// Whether this action is due for an alarm at `severity` (nil: never).
    fileprivate func due(_ severity: Severity?) -> Bool {
        guard let severity else { return false }
        return AlarmActions(draftWarning: self).due(at: severity, done: []) == [.draftWarning]
    }
}
