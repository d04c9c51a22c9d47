import Foundation
import HubKit
import Logging
import Telemetry

/// The rainfall map and Thiessen weights at city scale, on SQLite in a fresh directory: `gauges` rain gauges with
/// 72 hours of hourly readings, then the 24 h and since-the-rain-began accumulations of every gauge (median of 7
/// runs), and the Thiessen weights of every gauge over a 40-vertex basin that holds them. Prints one line.
func rainfallBench(directory: String, gauges: Int) async throws {
    var logger = Logger(label: "rainfall-bench")
    logger.logLevel = .warning
    let database = try await HubDatabase.open(.sqlite(path: directory + "/rainfall-bench.sqlite"), logger: logger)
    try await Migrator.run([Journal.migration] + TelemetryDesk.migrations, on: database, logger: logger)
    let clock = ManualClock(Date(timeIntervalSince1970: 1_790_000_000))
    let desk = try await TelemetryDesk.start(database: database, retentionDays: 30, clock: clock.clock, logger: logger,
                                             departmentExists: { _ in true })
    guard let department = DepartmentID(rawValue: "weather") else { return }
    var seed: UInt64 = 7
    func next() -> Double {
        seed = seed &* 6364136223846793005 &+ 1442695040888963407
        return Double(seed >> 11) / Double(1 << 53)
    }
    var stations: [Station] = []
    for n in 0..<gauges {
        guard let id = StationID(rawValue: "rg-\(n)") else { continue }
        stations.append(Station(id: id, kind: .rainGauge, name: "雨量站\(n)", nameEn: "Gauge \(n)",
                                location: GeoPoint(lon: 106 + next(), lat: 29 + next()), department: department, groups: ["basin"],
                                status: .active, river: nil, version: 1, updatedAt: clock.now))
    }
    _ = try await desk.stations.importStations(stations, sha256: "bench", actor: "bench")
    let now = clock.now.milliseconds / 3_600_000 * 3_600_000
    for chunk in stride(from: 0, to: stations.count, by: 100) {
        var raws: [RawObservation] = []
        for station in stations[chunk..<min(chunk + 100, stations.count)] {
            for hour in 0..<72 {
                let time = Timestamp.shanghai(now - Int64(hour) * 3_600_000)
                raws.append(RawObservation(item: "", station: station.id.rawValue, quantity: "rainfall", time: time,
                                           value: hour % 9 < 3 ? 0 : (next() * 80).rounded() / 10))
            }
        }
        _ = try await desk.accept(raws, correction: false, format: "bench", actor: "bench")
    }
    let query = RainfallQuery(database: database, stations: desk.stations)
    func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
    func median(_ body: () async throws -> Void) async rethrows -> Double {
        var times: [Double] = []
        for _ in 0..<7 {
            let started = ContinuousClock.now
            try await body()
            times.append(seconds(ContinuousClock.now - started))
        }
        return times.sorted()[3]
    }
    var answered = 0
    let window = try await median { answered = try await query.gauges(window: .hours(24), at: now, group: nil, department: nil).count }
    let event = try await median { _ = try await query.gauges(window: .sinceRainBegan(dryHours: 6), at: now, group: nil, department: nil) }
    let ring = (0...40).map { i -> GeoPoint in
        let a = Double(i % 40) / 40 * 2 * .pi
        let r = 0.75 + 0.1 * sin(5 * a)
        return GeoPoint(lon: 106.5 + r * cos(a), lat: 29.5 + r * sin(a))
    }
    let sites = stations.map { ($0.id.rawValue, $0.location) }
    var total = 0.0
    let thiessen = await median { total = Thiessen.weights(gauges: sites, basin: GeoPolygon(exterior: ring)).reduce(0) { $0 + $1.weight } }
    print(String(format: "rainfall: %d gauges × 72 h; 24 h map %.1f ms, since-rain map %.1f ms; Thiessen over a 40-vertex basin %.1f ms (Σ weights %.12f)",
                 answered, window * 1000, event * 1000, thiessen * 1000, total))
    await database.close()
}
