import Foundation
import HubKit
import Telemetry

/// The July flood of the mission, as hourly readings of the demo gauges from 1 to 12 July, and the demo's alarm
/// rules that tell its story when the period is replayed (`POST /api/v1/telemetry/rules/replay`):
/// rain accumulates upstream from the 3rd; on the 5th three upstream gauges pass 100 mm in 72 hours (the basin
/// threshold); on the 8th Cuntan comes within 2 m of its warning level (the risk notice, drafted as a warning);
/// the riverside gauges pass their warning level of 175.80 m in the night to the 10th; the crest reaches 176.17 m
/// at Dongshuimen at 11:00 on the 10th (176.07 m at 07:00), and the water falls back below the warning level that
/// evening.
///
/// Deterministic: the rain's variation comes from a fixed pseudo-random sequence.
enum DemoFlood {
    /// The July of the flood: the latest July that has ended, by Shanghai's calendar.
    static func year(at now: Date) -> Int {
        let local = now.milliseconds + Timestamp.shanghaiOffsetMilliseconds
        let (y, m, _) = CivilDate.date(days: Int(Timestamp.floorDiv(local, 86_400_000)))
        return m > 7 ? y : y - 1
    }

    /// Milliseconds of `day` July `year` at `hour`:00 Shanghai time.
    static func instant(_ year: Int, day: Int, hour: Double) -> Int64 {
        Int64(CivilDate.days(year: year, month: 7, day: day)) * 86_400_000 + Int64(hour * 3_600_000) - Timestamp.shanghaiOffsetMilliseconds
    }

    /// Upstream rain gauges and how much of the basin's rain each gets.
    static let upstreamRain: [(id: String, share: Double)] = [
        ("rg-hechuan", 1.15), ("rg-guangan", 1.05), ("rg-beibei", 1.10), ("rg-jiangjin", 0.80), ("rg-yongchuan", 0.75),
        ("rg-zhutuo", 0.85), ("rg-luzhou", 0.70),
    ]
    static let districtRain = ["rg-district-west", "rg-district-centre"]

    /// The basin's mean hourly rain (mm) on each day of July.
    static func basinRain(day: Int) -> Double {
        switch day {
        case 3: 1.0
        case 4: 2.0
        case 5: 3.0
        case 6, 7: 4.0
        case 8: 1.0
        default: 0
        }
    }

    /// The evening storm over the district on 6 July (mm in the hour ending at `hour`): 82 mm in three hours,
    /// which the CMA signals call orange (≥ 50 mm in 3 h), after blue and yellow.
    static func districtStorm(day: Int, hour: Int) -> Double {
        guard day == 6 else { return 0 }
        switch hour {
        case 18: return 22
        case 19: return 36
        case 20: return 24
        default: return 0
        }
    }

    /// A river gauge's flood wave: base level, crest and its time, how fast it rises and falls (hours).
    struct Wave {
        var id: String
        var base: Double
        var crest: Double
        var crestDay: Int
        var crestHour: Double
        var rise: Double
        var fall: Double

        func level(at hours: Double, year: Int) -> Double {
            let crestAt = Double(DemoFlood.instant(year, day: crestDay, hour: crestHour)) / 3_600_000
            let d = hours - crestAt
            let width = d < 0 ? rise : fall
            return base + (crest - base) * exp(-(d / width) * (d / width))
        }
    }

    static let waves: [Wave] = [
        Wave(id: "wl-beibei", base: 190.2, crest: 203.4, crestDay: 8, crestHour: 14, rise: 40, fall: 40),
        Wave(id: "wl-zhutuo", base: 195.6, crest: 207.1, crestDay: 8, crestHour: 20, rise: 40, fall: 40),
        Wave(id: "wl-cuntan", base: 168.0, crest: 181.9, crestDay: 10, crestHour: 3, rise: 60, fall: 40),
        // 176.17 m at 11:00 and 176.07 m four hours before, as the pages report.
        Wave(id: "wl-dongshuimen", base: 168.0, crest: 176.17, crestDay: 10, crestHour: 11, rise: 36, fall: 30),
        Wave(id: "wl-chaotianmen", base: 168.1, crest: 176.22, crestDay: 10, crestHour: 10.5, rise: 36, fall: 30),
        Wave(id: "wl-hongyadong", base: 168.2, crest: 176.31, crestDay: 10, crestHour: 10, rise: 36, fall: 30),
    ]

    /// Every hourly reading from 1 July 01:00 to 12 July 24:00, rounded to 0.1 mm and 1 cm.
    static func readings(year: Int) -> [RawObservation] {
        var out: [RawObservation] = []
        var seed: UInt64 = 0x5EED_F100D
        func jitter() -> Double {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return 0.5 + Double(seed >> 11) / Double(1 << 53)   // 0.5 ..< 1.5
        }
        for day in 1...12 {
            for hour in 1...24 {
                let at = instant(year, day: day, hour: Double(hour))
                let time = Timestamp.shanghai(at)
                let basin = basinRain(day: day)
                for gauge in upstreamRain {
                    let mm = (basin * gauge.share * jitter() * 10).rounded() / 10
                    out.append(RawObservation(item: "\(gauge.id)@\(time)", station: gauge.id, quantity: "rainfall", time: time, value: mm))
                }
                for gauge in districtRain {
                    let mm = ((basin * 0.6 * jitter() + districtStorm(day: day, hour: hour)) * 10).rounded() / 10
                    out.append(RawObservation(item: "\(gauge)@\(time)", station: gauge, quantity: "rainfall", time: time, value: mm))
                }
                for wave in waves {
                    let level = (wave.level(at: Double(at) / 3_600_000, year: year) * 100).rounded() / 100
                    out.append(RawObservation(item: "\(wave.id)@\(time)", station: wave.id, quantity: "water_level", time: time, value: level))
                }
            }
        }
        return out
    }

    /// The demo's alarm rules.
    static var rules: [AlarmRule] {
        func id(_ raw: String) -> RuleID? { RuleID(rawValue: raw) }
        guard let basin = id("upstream-basin-72h"), let risk = id("cuntan-risk"), let riverside = id("riverside-levels"),
              let rise = id("riverside-rise"), let cuntan = StationID(rawValue: "wl-cuntan") else { return [] }
        return [
            AlarmRule(id: basin, name: "上游流域累计雨量", nameEn: "Upstream basin rainfall", group: "upstream", quantity: .rainfall,
                      kind: .nOfM, levels: [SeverityLevel(.yellow, value: 3), SeverityLevel(.orange, value: 5)],
                      member: MemberCondition(kind: .windowSum, windowHours: 72, value: 100)),
            AlarmRule(id: risk, name: "寸滩水位风险", nameEn: "Cuntan level risk", station: cuntan, quantity: .waterLevel, kind: .threshold,
                      levels: [SeverityLevel(.yellow, stationLevel: .warning, offset: -2.0), SeverityLevel(.orange, stationLevel: .warning),
                               SeverityLevel(.red, stationLevel: .guaranteed)],
                      hysteresis: 0.2,
                      actions: AlarmActions(draftWarning: DraftWarningAction(
                        event: "洪水", eventEn: "Flood", category: .met, radiusKm: 15,
                        instruction: "沿江低洼地带人员做好转移准备，远离江边", instructionEn: "Be ready to leave low riverside ground; keep away from the river",
                        validHours: 72, minSeverity: .yellow))),
            AlarmRule(id: riverside, name: "沿江水位", nameEn: "Riverside levels", group: "riverside", quantity: .waterLevel, kind: .threshold,
                      levels: [SeverityLevel(.orange, stationLevel: .warning), SeverityLevel(.red, stationLevel: .guaranteed)],
                      hysteresis: 0.05, minDurationMinutes: 10),
            AlarmRule(id: rise, name: "沿江水位上涨", nameEn: "Riverside rise", group: "riverside", quantity: .waterLevel, kind: .rateOfRise,
                      levels: [SeverityLevel(.yellow, value: 0.15)], windowMinutes: 180,
                      projectTo: LevelReference(stationLevel: .warning)),
        ] + (RainstormSignals.rules(RainstormSignals.Template(idPrefix: "district-rainstorm", group: "district", radiusKm: 8)) ?? [])
    }
}
