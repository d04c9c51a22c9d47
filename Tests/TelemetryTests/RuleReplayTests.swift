import Foundation
import HubKit
import Telemetry
import Testing

/// Replaying a recorded period gives exactly the same alarms: twice in a row, and in chunks with the state saved
/// and restored (JSON) between them. The period is a synthetic July flood: rain upstream from the 3rd, the basin's
/// 24-hour threshold crossed on the 5th, a crest of 176.17 m at Dongshuimen on the 10th at 11:00.
@Suite struct RuleReplayTests {
    typealias F = RuleFixture
    static let july1: Int64 = 1_719_763_200_000   // 2024-07-01T00:00:00+08:00
    static let hour: Int64 = 3_600_000

    static let rules: [AlarmRule] = {
        let text = RuleDefinitionTests.documented
        return (try? JSONDecoder().decode([AlarmRule].self, from: Data(text.utf8))) ?? []
    }()

    /// Rain per hour at an upstream gauge, mm: dry, then 1.5 on the 3rd, 1.9 on the 4th, 3 on the 5th, 5 on the
    /// 6th and 7th, 2 on the 8th, dry again.
    static func rain(day: Int, factor: Double) -> Double {
        let base: Double = switch day {
        case 3: 1.5
        case 4: 1.9
        case 5: 3.0
        case 6, 7: 5.0
        case 8: 2.0
        default: 0
        }
        return base * factor
    }

    /// The level at Dongshuimen: 170 m until the 8th, rising linearly to 176.17 m at 11:00 on the 10th (about
    /// 0.105 m/h), then falling 0.1 m/h.
    static func level(at t: Int64) -> Double {
        let start = july1 + 7 * 24 * hour
        let crest = july1 + 9 * 24 * hour + 11 * hour
        if t <= start { return 170 }
        if t <= crest { return 170 + 6.17 * Double(t - start) / Double(crest - start) }
        return 176.17 - 0.1 * Double(t - crest) / Double(hour)
    }

    /// Twelve days of readings and ticks in delivery order. Every seventh reading of rg-2 arrives five minutes late
    /// (within the tolerance), and rg-5 falls silent for four hours on the 6th.
    static func period() -> [RuleEvent] {
        var timed: [(delivered: Int64, order: Int, event: RuleEvent)] = []
        var n = 0
        func add(_ delivered: Int64, _ event: RuleEvent) {
            timed.append((delivered, n, event))
            n += 1
        }
        let factors = [1.2, 1.1, 1.0, 0.7, 0.6]
        for h in 0..<(12 * 24) {
            let at = july1 + Int64(h) * hour
            let day = h / 24 + 1
            for (i, factor) in factors.enumerated() {
                let gauge = "rg-\(i + 1)"
                if gauge == "rg-5", day == 6, (8..<12).contains(h % 24) { continue }
                let delay: Int64 = gauge == "rg-2" && h % 7 == 0 ? 5 * 60_000 : 0
                add(at + delay, .observation(Observation(stationKey: 0, station: F.id(gauge), quantity: .rainfall, at: at,
                                                         value: rain(day: day, factor: factor))))
            }
            for quarter in 0..<4 {
                let t = at + Int64(quarter) * 15 * 60_000
                add(t, .observation(Observation(stationKey: 0, station: F.id("wl-1"), quantity: .waterLevel, at: t,
                                                value: (level(at: t) * 100).rounded() / 100)))
            }
            for minute in stride(from: 0, to: 60, by: 10) { add(at + Int64(minute) * 60_000 + 30_000, .tick(at + Int64(minute) * 60_000 + 30_000)) }
        }
        return timed.sorted { ($0.delivered, $0.order) < ($1.delivered, $1.order) }.map(\.event)
    }

    @Test func aRecordedPeriod_replaysToTheSameIntents_wholeAndInChunks() throws {
        #expect(Self.rules.count == 6)
        let engine = RuleEngine(rules: Self.rules, stations: F.stations)
        let events = Self.period()
        let (_, first) = F.run(engine, events)
        let (_, second) = F.run(engine, events)
        #expect(first == second)

        var state = AlarmState()
        var chunked: [AlarmIntent] = []
        var offset = 0
        while offset < events.count {
            let chunk = events[offset..<min(offset + 997, events.count)]
            var restored = try JSONDecoder().decode(AlarmState.self, from: JSONEncoder().encode(state))
            #expect(restored == state)
            for event in chunk { chunked += engine.evaluate(&restored, event) }
            state = restored
            offset += chunk.count
        }
        #expect(chunked == first)

        // The flood's shape shows in the alarms.
        let basin = first.first { $0.rule.rawValue == "upper-3-of-5" && $0.action == .raise }
        #expect(basin.map { Timestamp.shanghai($0.at).hasPrefix("2024-07-05") } == true)
        let levels = first.filter { $0.rule.rawValue == "wl-dongshuimen-levels" }
        #expect(levels.map(\.severity).contains(.red) == false)           // 176.17 stays below the guaranteed 176.5
        #expect(levels.first?.action == .raise && levels.first?.severity == .orange)
        #expect(levels.contains { $0.action == .clear })
        #expect(first.contains { $0.rule.rawValue == "wl-rise" && $0.projectedAt != nil })
        #expect(first.contains { $0.rule.rawValue == "upper-silent" && $0.source == "rg-5" && $0.action == .raise })
        #expect(first.contains { $0.rule.rawValue == "upper-rain-24h" && $0.severity == .yellow })
    }
}
