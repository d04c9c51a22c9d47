import Foundation
import HubKit
@testable import HubServer
import HubTestSupport
import Telemetry
import Testing

/// The demo's July flood: its readings hold the figures of the mission, and replaying the period through the demo
/// rules tells the story day by day — the basin threshold on the 5th, the risk notice on the 8th, the riverside
/// warning level passed before the crest of 176.17 m on the 10th at 11:00.
@Suite struct DemoFloodTests {
    static let year = 2026

    func day(_ text: String) -> Int? {
        // "2026-07-05T08:00:00+08:00" → 5
        Int(text.dropFirst(8).prefix(2))
    }

    @Test func theDockGaugeCrestsAt176_17At11_00_after176_07At07_00() throws {
        let readings = DemoFlood.readings(year: Self.year).filter { $0.station == "wl-dongshuimen" }
        let byTime = Dictionary(readings.map { ($0.time, $0.value) }, uniquingKeysWith: { a, _ in a })
        #expect(byTime["2026-07-10T07:00:00+08:00"] == 176.07)
        #expect(byTime["2026-07-10T11:00:00+08:00"] == 176.17)
        #expect(readings.map(\.value).max() == 176.17)
        #expect(DemoFlood.year(at: Date(milliseconds: DemoFlood.instant(2026, day: 31, hour: 23))) == 2025)
        #expect(DemoFlood.year(at: Date(milliseconds: DemoFlood.instant(2026, day: 31, hour: 23) + 2 * 3_600_000)) == 2026)
    }

    @Test(arguments: TestDatabases.engines)
    func replayingJuly_raisesTheBasinOnThe5th_theRiskOnThe8th_andTheRiversideBeforeTheCrest(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        hub.clock.set(Date(milliseconds: DemoFlood.instant(Self.year, day: 26, hour: 12) + 120 * 86_400_000))   // November
        let telemetry = hub.services.telemetry
        _ = try await telemetry.stations.importStations(DemoStations.all(at: hub.clock.now), sha256: "demo", actor: "test")
        _ = try await telemetry.accept(DemoFlood.readings(year: Self.year), correction: false, format: "demo", actor: "test")
        _ = try await telemetry.rules.replace(DemoFlood.rules, expectedVersion: nil, actor: "test")
        let result = try await RuleReplay(database: hub.services.database, rules: telemetry.rules)
            .run(RuleReplay.Input(from: "2026-07-01T00:00:00+08:00", to: "2026-07-13T00:00:00+08:00", rules: nil, tickMinutes: 10))
        #expect(result.readings == 12 * 24 * 15)   // the gauges the rules watch
        func first(_ rule: String, _ action: AlarmIntent.Action = .raise, source: String? = nil) -> RuleReplay.Intent? {
            result.intents.first { $0.rule.rawValue == rule && $0.action == action && (source == nil || $0.source == source) }
        }
        // The district storm of the 6th: blue, yellow and orange rainstorm signals, each drafting its warning.
        for colour in ["blue", "yellow", "orange"] {
            let signal = try #require(first("district-rainstorm-\(colour)"), "\(colour)")
            #expect(day(signal.at) == 6 && signal.source.hasPrefix("rg-district"))
        }
        #expect(first("district-rainstorm-red") == nil)   // 82 mm in 3 h < 100
        let basin = try #require(first("upstream-basin-72h"))
        #expect(day(basin.at) == 5 && basin.severity == .yellow && basin.source == "upstream")
        let risk = try #require(first("cuntan-risk"))
        #expect(day(risk.at) == 8 && risk.severity == .yellow)
        let dock = try #require(first("riverside-levels", source: "wl-dongshuimen"))
        #expect(dock.severity == .orange && dock.at < "2026-07-10T11:00:00+08:00" && dock.at > "2026-07-09T12:00:00+08:00")
        let cleared = try #require(first("riverside-levels", .clear, source: "wl-dongshuimen"))
        #expect(cleared.at > "2026-07-10T11:00:00+08:00")
        #expect(!result.intents.contains { $0.rule.rawValue == "riverside-levels" && $0.severity == .red })   // 176.17 < 176.80
        let rising = try #require(first("riverside-rise", source: "wl-dongshuimen"))
        #expect(rising.at < dock.at && rising.projectedAt != nil)
        #expect(result.activeAtEnd.isEmpty)
        // Replaying again gives exactly the same intents.
        let again = try await RuleReplay(database: hub.services.database, rules: telemetry.rules)
            .run(RuleReplay.Input(from: "2026-07-01T00:00:00+08:00", to: "2026-07-13T00:00:00+08:00", rules: nil, tickMinutes: 10))
        #expect(again.intents == result.intents)
        await hub.services.stop()
    }
}
