import Foundation
import HubKit
import Telemetry

/// More floods for the demo's history: four August floods of different size after the July flood, as hourly
/// river levels of the six demo gauges (1–31 August). They give the crest forecast floods to be fitted and tested
/// on (leave one flood out); the July flood (`DemoFlood`) keeps its own figures untouched.
///
/// Each flood is a wave through the gauges: upstream (Beibei, Zhutuo) a day and a half before Cuntan, Cuntan 7–9 hours
/// before the district's dock gauges; each gauge's rise above its base is a skewed bell (its own rise and fall
/// widths), and the floods differ in size, travel time and shape, so no model fits them exactly. Deterministic.
enum DemoFloodHistory {
    /// One August flood: the dock gauge's crest above base (m) and time, Dongshuimen ÷ Cuntan rise ratio, Cuntan's
    /// lead on the dock (h), the upstream gauges' lead on Cuntan (h), their size relative to Cuntan, and the widths.
    struct Flood {
        var dockRise: Double
        var day: Int
        var hour: Int
        var ratio: Double
        var cuntanLead: Double
        var upstreamLead: Double
        var beibeiShare: Double
        var zhutuoShare: Double
        var cuntanWidths: (rise: Double, fall: Double)
        var dockWidths: (rise: Double, fall: Double)
    }

    static let floods: [Flood] = [
        Flood(dockRise: 5.9, day: 4, hour: 14, ratio: 0.60, cuntanLead: 7, upstreamLead: 35, beibeiShare: 0.90, zhutuoShare: 0.80,
              cuntanWidths: (55, 38), dockWidths: (34, 28)),
        Flood(dockRise: 7.4, day: 12, hour: 5, ratio: 0.57, cuntanLead: 9, upstreamLead: 40, beibeiShare: 1.00, zhutuoShare: 0.86,
              cuntanWidths: (62, 42), dockWidths: (38, 32)),
        Flood(dockRise: 6.6, day: 19, hour: 20, ratio: 0.59, cuntanLead: 8, upstreamLead: 36, beibeiShare: 0.93, zhutuoShare: 0.82,
              cuntanWidths: (58, 40), dockWidths: (35, 30)),
        Flood(dockRise: 8.0, day: 27, hour: 9, ratio: 0.61, cuntanLead: 8, upstreamLead: 38, beibeiShare: 0.97, zhutuoShare: 0.85,
              cuntanWidths: (60, 36), dockWidths: (36, 29)),
    ]

    /// Base levels, as in the July flood (each gauge in its own datum).
    static let bases: [String: Double] = [
        "wl-beibei": 190.2, "wl-zhutuo": 195.6, "wl-cuntan": 168.0, "wl-dongshuimen": 168.0, "wl-chaotianmen": 168.1, "wl-hongyadong": 168.2,
    ]

    static func hourOf(year: Int, day: Int, hour: Int) -> Double {
        Double(Int64(CivilDate.days(year: year, month: 8, day: day)) * 24 + Int64(hour)) - 8   // Shanghai → UTC hours
    }

    static func bell(_ t: Double, crest: Double, rise: Double, fall: Double) -> Double {
        let d = t - crest
        let w = d < 0 ? rise : fall
        return exp(-(d / w) * (d / w))
    }

    /// Each gauge's level at UTC hour `t`.
    static func level(_ station: String, at t: Double, year: Int) -> Double {
        var total = bases[station] ?? 0
        for f in floods {
            let dock = hourOf(year: year, day: f.day, hour: f.hour)
            let cuntanCrest = dock - f.cuntanLead
            let cuntanRise = f.dockRise / f.ratio
            switch station {
            case "wl-dongshuimen":
                total += f.dockRise * bell(t, crest: dock, rise: f.dockWidths.rise, fall: f.dockWidths.fall)
            case "wl-chaotianmen":
                total += (f.dockRise + 0.05) * bell(t, crest: dock - 0.5, rise: f.dockWidths.rise, fall: f.dockWidths.fall)
            case "wl-hongyadong":
                total += (f.dockRise + 0.1) * bell(t, crest: dock - 1, rise: f.dockWidths.rise, fall: f.dockWidths.fall)
            case "wl-cuntan":
                total += cuntanRise * bell(t, crest: cuntanCrest, rise: f.cuntanWidths.rise, fall: f.cuntanWidths.fall)
            case "wl-beibei":
                total += cuntanRise * f.beibeiShare * bell(t, crest: cuntanCrest - f.upstreamLead, rise: 40, fall: 40)
            case "wl-zhutuo":
                total += cuntanRise * f.zhutuoShare * bell(t, crest: cuntanCrest - f.upstreamLead + 6, rise: 40, fall: 40)
            default:
                break
            }
        }
        return total
    }

    /// Hourly levels from 1 August 01:00 to 31 August 24:00 of `year`, rounded to 1 cm, only those not after `until`.
    static func readings(year: Int, until: Date) -> [RawObservation] {
        var out: [RawObservation] = []
        let limit = until.milliseconds
        for day in 1...31 {
            for hour in 1...24 {
                let t = hourOf(year: year, day: day, hour: hour)
                let at = Int64(t) * 3_600_000
                guard at <= limit else { return out }
                let time = Timestamp.shanghai(at)
                for station in bases.keys.sorted() {
                    let value = (level(station, at: t, year: year) * 100).rounded() / 100
                    out.append(RawObservation(item: "\(station)@\(time)", station: station, quantity: "water_level", time: time, value: value))
                }
            }
        }
        return out
    }
}
