import HubKit

/// The hot statements of ingest, as `FixedSQL` multi-row inserts in a few fixed sizes (a batch is cut into
/// runs of 256, 64, 16, 4 and 1 rows), one set per engine.
struct ObservationStatements: Sendable {
    static let sizes = [256, 64, 16, 4, 1]

    /// Inserts observations, skipping those whose key exists, and answers `n`: how many went in.
    let insert: [Int: FixedSQL]
    /// On SQLite the count comes from `changes()` after the insert; PostgreSQL counts in the same statement.
    let insertedCount: FixedSQL?
    /// Adds hourly summaries to the stored ones.
    let addHourly: [Int: FixedSQL]

    static let sqlite = ObservationStatements(engine: .sqlite)
    static let postgres = ObservationStatements(engine: .postgres)

    static func on(_ engine: DatabaseEngine) -> ObservationStatements { engine == .sqlite ? sqlite : postgres }

    init(engine: DatabaseEngine) {
        func rows(_ count: Int, _ columns: Int) -> String {
            let one = "(" + Array(repeating: "?", count: columns).joined(separator: ", ") + ")"
            return Array(repeating: one, count: count).joined(separator: ", ")
        }
        var insert: [Int: FixedSQL] = [:]
        var addHourly: [Int: FixedSQL] = [:]
        let (least, greatest) = engine == .sqlite ? ("MIN", "MAX") : ("LEAST", "GREATEST")
        for size in Self.sizes {
            let plain = "INSERT INTO telemetry_observations (station_key, quantity, at_ms, value, batch_id) VALUES \(rows(size, 5)) ON CONFLICT DO NOTHING"
            insert[size] = FixedSQL(engine == .sqlite ? plain : "WITH ins AS (\(plain) RETURNING 1) SELECT COUNT(*) AS n FROM ins")
            addHourly[size] = FixedSQL("""
                INSERT INTO telemetry_hourly (station_key, quantity, hour_ms, n, total, low, high) VALUES \(rows(size, 7))
                ON CONFLICT (station_key, quantity, hour_ms) DO UPDATE SET n = telemetry_hourly.n + excluded.n,
                total = telemetry_hourly.total + excluded.total, low = \(least)(telemetry_hourly.low, excluded.low),
                high = \(greatest)(telemetry_hourly.high, excluded.high)
                """)
        }
        self.insert = insert
        self.addHourly = addHourly
        insertedCount = engine == .sqlite ? FixedSQL("SELECT changes() AS n") : nil
    }

    static let existing = FixedSQL("""
        SELECT at_ms, value FROM telemetry_observations WHERE station_key = ? AND quantity = ? AND at_ms >= ? AND at_ms <= ? AND batch_id <> ?
        """)
    static let correct = FixedSQL("UPDATE telemetry_observations SET value = ?, batch_id = ? WHERE station_key = ? AND quantity = ? AND at_ms = ?")
    static let purgedBefore = FixedSQL("SELECT purged_before_ms FROM telemetry_retention WHERE id = 1")
    static let hourExists = FixedSQL("SELECT n FROM telemetry_hourly WHERE station_key = ? AND quantity = ? AND hour_ms = ?")
    static let dropHour = FixedSQL("DELETE FROM telemetry_hourly WHERE station_key = ? AND quantity = ? AND hour_ms = ?")
    static let rebuildHour = FixedSQL("""
        INSERT INTO telemetry_hourly (station_key, quantity, hour_ms, n, total, low, high)
        SELECT station_key, quantity, ?, COUNT(*), SUM(value), MIN(value), MAX(value) FROM telemetry_observations
        WHERE station_key = ? AND quantity = ? AND at_ms >= ? AND at_ms < ? GROUP BY station_key, quantity
        """)
    static let latest = FixedSQL("SELECT at_ms, value FROM telemetry_observations WHERE station_key = ? AND quantity = ? ORDER BY at_ms DESC LIMIT 1")
    static let latestAtOrBefore = FixedSQL("""
        SELECT at_ms, value FROM telemetry_observations WHERE station_key = ? AND quantity = ? AND at_ms <= ? ORDER BY at_ms DESC LIMIT 1
        """)
}
