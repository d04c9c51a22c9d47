import HubKit
import SQLKit

/// One bucket of an aggregated series.
public struct SeriesBucket: Sendable, Hashable, Codable {
    /// The bucket's start in Asia/Shanghai time, e.g. `2024-07-10T00:00:00+08:00`.
    public var start: String
    public var value: Double
    /// Readings in the bucket.
    public var count: Int64
}

/// Aggregates per period over a time range: from raw observations inside retention, from the hourly summaries
/// before it. The split is the first bucket boundary at or after the raw data's start, so no bucket mixes both.
public struct SeriesQuery: Sendable {
    public let database: HubDatabase
    /// Raw observations are kept this long (milliseconds).
    public let retention: Int64
    let clock: HubClock

    public init(database: HubDatabase, retention: Int64, clock: HubClock) {
        self.database = database
        self.retention = retention
        self.clock = clock
    }

    public struct Answer: Sendable {
        public var buckets: [(start: Int64, summary: Summary)]
        /// Buckets from this instant on came from raw data; before it from hourly summaries.
        public var rawFrom: Int64
    }

    static let raw = FixedSQL("""
        SELECT (at_ms + ?) / ? AS b, COUNT(*) AS n, SUM(value) AS total, MIN(value) AS low, MAX(value) AS high
        FROM telemetry_observations WHERE station_key = ? AND quantity = ? AND at_ms >= ? AND at_ms < ? GROUP BY b ORDER BY b
        """)
    static let hourly = FixedSQL("""
        SELECT (hour_ms + ?) / ? AS b, CAST(SUM(n) AS BIGINT) AS n, SUM(total) AS total, MIN(low) AS low, MAX(high) AS high
        FROM telemetry_hourly WHERE station_key = ? AND quantity = ? AND hour_ms >= ? AND hour_ms < ? GROUP BY b ORDER BY b
        """)

    /// Where raw data is complete from: the later of the purge line and now − retention, rounded up to an hour.
    public func rawStart(on sql: any SQLDatabase) async throws -> Int64 {
        let purged = try await sql.first(ObservationStatements.purgedBefore([]))?.decode(column: "purged_before_ms", as: Int64.self) ?? 0
        let line = max(purged, clock.nowMilliseconds - retention)
        return (line + ObservationStore.hour - 1) / ObservationStore.hour * ObservationStore.hour
    }

    /// Buckets of `period` over [from, to) that hold readings. Sub-hour periods need raw data for the whole range.
    public func aggregate(stationKey: Int64, quantity: Quantity, from: Int64, to: Int64, period: Period) async throws -> Answer {
        try await database.read { sql in
            let start = try await rawStart(on: sql)
            let split = max(from, period.bucket(start) < start ? period.bucket(start) + period.milliseconds : start)
            if split > from, !period.nestsHours {
                throw TelemetryProblem.badQuery(field: "period", zh: "保留期（\(Timestamp.shanghai(start)) 起）之前只有小时汇总，周期须为整小时",
                                                en: "before the raw retention (from \(Timestamp.shanghai(start))) only hourly summaries exist; use a period of whole hours")
            }
            var buckets: [(start: Int64, summary: Summary)] = []
            let offset = Timestamp.shanghaiOffsetMilliseconds
            func collect(_ statement: FixedSQL, _ lower: Int64, _ upper: Int64) async throws {
                guard lower < upper else { return }
                for row in try await sql.all(statement([offset, period.milliseconds, stationKey, quantity.storageCode, lower, upper])) {
                    let b = try row.decode(column: "b", as: Int64.self)
                    buckets.append((b * period.milliseconds - offset,
                                    Summary(count: try row.decode(column: "n", as: Int64.self), sum: try row.decode(column: "total", as: Double.self),
                                            min: try row.decode(column: "low", as: Double.self), max: try row.decode(column: "high", as: Double.self))))
                }
            }
            // Hours count whole: a summary counts when its hour starts inside the range.
            try await collect(Self.hourly, from, min(split, to))
            try await collect(Self.raw, max(split, from), to)
            return Answer(buckets: buckets, rawFrom: split)
        }
    }
}
