import HubKit
import SQLKit

/// Rain gauges' accumulations at an instant, read from the raw observations (`RainfallAccumulation` does the sums).
///
/// One indexed range read per gauge, all in one read transaction: the observation key is (station, quantity, time),
/// so each read walks only that gauge's rain of the look-back. Readings older than the raw retention are not
/// consulted: an accumulation asked for at a time before the purge line counts what is left.
public struct RainfallQuery: Sendable {
    let database: HubDatabase
    let stations: StationStore

    public init(database: HubDatabase, stations: StationStore) {
        self.database = database
        self.stations = stations
    }

    /// A gauge with its accumulation, grade (windows with a table) and map colour.
    public struct GaugeRainfall: Sendable, Hashable {
        public var station: Station
        public var accumulation: RainfallAccumulation
        public var grade: RainfallClass?
        public var colour: RainfallColour
    }

    static let readings = FixedSQL("""
        SELECT at_ms, value FROM telemetry_observations WHERE station_key = ? AND quantity = ? AND at_ms > ? AND at_ms <= ? ORDER BY at_ms
        """)

    /// The rain gauges (of `group`, of `department` when given), in id order, with their accumulation at `at`.
    public func gauges(window: RainfallWindow, at: Int64, group: String?, department: DepartmentID?) async throws -> [GaugeRainfall] {
        let listed = try await stations.list(StationFilter(kind: .rainGauge, group: group, department: department), limit: 1_000_000)
        let directory = stations.directory.snapshot
        let keyed = listed.compactMap { station in directory[station.id.rawValue].map { (station, $0.key) } }
        let series: [[RainReading]] = try await database.read { sql in
            var out: [[RainReading]] = []
            out.reserveCapacity(keyed.count)
            for (_, key) in keyed {
                let rows = try await sql.all(Self.readings([key, Quantity.rainfall.storageCode, at - window.lookBack, at]))
                out.append(try rows.map { RainReading(at: try $0.decode(column: "at_ms", as: Int64.self),
                                                      millimetres: try $0.decode(column: "value", as: Double.self)) })
            }
            return out
        }
        return zip(keyed, series).map { entry, readings in
            let accumulation = RainfallAccumulation.at(at, window: window, readings: readings)
            return GaugeRainfall(station: entry.0, accumulation: accumulation,
                                 grade: window.gradedHours.flatMap { RainfallClass.classify(accumulation.millimetres, windowHours: $0) },
                                 colour: RainfallColour.of(accumulation.millimetres))
        }
    }
}
