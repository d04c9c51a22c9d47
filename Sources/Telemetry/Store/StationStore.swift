import Foundation
import HubKit
import SQLKit

/// Which stations a list returns.
public struct StationFilter: Sendable {
    public var kind: StationKind?
    public var group: String?
    public var department: DepartmentID?
    public var box: GeoBox?
    /// Ids after this one (the previous page's last).
    public var after: String?

    public init(kind: StationKind? = nil, group: String? = nil, department: DepartmentID? = nil, box: GeoBox? = nil, after: String? = nil) {
        self.kind = kind
        self.group = group
        self.department = department
        self.box = box
        self.after = after
    }
}

/// The registry of stations and devices: SQL for `telemetry_stations`, each change with its journal event in
/// the same transaction, and the in-memory `StationDirectory` refreshed after each commit.
public struct StationStore: Sendable {
    public let database: HubDatabase
    public let directory: StationDirectory
    let clock: HubClock

    public init(database: HubDatabase, directory: StationDirectory, clock: HubClock) {
        self.database = database
        self.directory = directory
        self.clock = clock
    }

    static let columns = "id, station_key, kind, name, name_en, lon, lat, department_id, groups_text, status, datum, warning_level, guaranteed_level, version, updated_at_ms"
    static let rowsPerInsert = 50
    static let insertMany = FixedSQL("INSERT INTO telemetry_stations (\(columns)) VALUES "
        + Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", count: rowsPerInsert).joined(separator: ", "))
    static let insertOne = FixedSQL("INSERT INTO telemetry_stations (\(columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
    static let update = FixedSQL("""
        UPDATE telemetry_stations SET kind = ?, name = ?, name_en = ?, lon = ?, lat = ?, department_id = ?, groups_text = ?, status = ?,
        datum = ?, warning_level = ?, guaranteed_level = ?, version = ?, updated_at_ms = ? WHERE id = ?
        """)
    static let byID = FixedSQL("SELECT \(columns) FROM telemetry_stations WHERE id = ?")

    /// Reads every station's ingest facts into the directory.
    public func loadDirectory() async throws {
        let entries = try await database.read { sql in
            try await sql.raw("SELECT id, station_key, kind, department_id, groups_text, status, datum, warning_level, guaranteed_level FROM telemetry_stations")
                .all().map(Self.entry)
        }
        directory.replace(entries)
    }

    /// Reloads the directory after a miss, at most once a second (stations made by another instance).
    public func reloadAfterMiss() async throws -> Bool {
        guard directory.mayReload(now: clock.nowMilliseconds) else { return false }
        try await loadDirectory()
        return true
    }

    public func station(_ id: String) async throws -> Station? {
        try await database.read { sql in try await sql.first(Self.byID([id])).map(Self.station) }
    }

    /// One page of stations in id order.
    public func list(_ filter: StationFilter, limit: Int) async throws -> [Station] {
        var clauses: [SQLQueryString] = []
        if let kind = filter.kind { clauses.append("kind = \(bind: kind.rawValue)") }
        if let group = filter.group { clauses.append("groups_text LIKE \(bind: "%|" + group + "|%")") }
        if let department = filter.department { clauses.append("department_id = \(bind: department.rawValue)") }
        if let box = filter.box {
            clauses.append("lon >= \(bind: box.minLon) AND lon <= \(bind: box.maxLon) AND lat >= \(bind: box.minLat) AND lat <= \(bind: box.maxLat)")
        }
        if let after = filter.after { clauses.append("id > \(bind: after)") }
        var query: SQLQueryString = "SELECT \(unsafeRaw: Self.columns) FROM telemetry_stations"
        for (i, clause) in clauses.enumerated() {
            query = query + (i == 0 ? " WHERE " : " AND ") + clause
        }
        query = query + " ORDER BY id LIMIT \(bind: limit)"
        let finished = query
        return try await database.read { sql in try await sql.raw(finished).all().map(Self.station) }
    }

    /// Registers a new station; 409 when its id exists.
    public func create(_ station: Station, actor: String) async throws -> Station {
        let created = try await database.write { tx -> (Station, Int64) in
            if try await tx.sql.first(Self.byID([station.id.rawValue])) != nil { throw TelemetryProblem.stationExists(station.id.rawValue) }
            let key = try await nextKey(tx)
            try await tx.sql.run(Self.insertOne(Self.values(station, key: key)))
            try await Journal.append(try NewEvent(kind: "telemetry.station.created", subject: "station:\(station.id)", actor: actor,
                                                  department: station.department.rawValue, payload: EventStation(station)),
                                     in: tx, clock: clock)
            return (station, key)
        }
        directory.upsert([Self.entry(created.0, key: created.1)])
        return created.0
    }

    /// Replaces a station's fields when `expectedVersion` is current; 409 when stale. `authorise` sees the stored
    /// station first (department checks).
    public func update(_ id: String, expectedVersion: Int, actor: String, authorise: @Sendable (Station) throws -> Void,
                       change: @Sendable (Station) throws -> Station) async throws -> Station {
        let (updated, key) = try await database.write { tx -> (Station, Int64) in
            guard let row = try await tx.sql.first(Self.byID([id])) else { throw TelemetryProblem.stationNotFound(id) }
            let current = try Self.station(row)
            try authorise(current)
            guard current.version == expectedVersion else {
                throw TelemetryProblem.staleVersion(expected: expectedVersion, actual: current.version)
            }
            var next = try change(current)
            next.version = current.version + 1
            next.updatedAt = clock.now()
            let v = Self.values(next, key: 0)
            try await tx.sql.run(Self.update(Array(v[2...14]) + [id]))
            let kind = next.status == .retired && current.status != .retired ? "telemetry.station.retired" : "telemetry.station.updated"
            try await Journal.append(try NewEvent(kind: kind, subject: "station:\(id)", actor: actor,
                                                  department: next.department.rawValue, payload: EventStation(next)),
                                     in: tx, clock: clock)
            return (next, try row.decode(column: "station_key", as: Int64.self))
        }
        directory.upsert([Self.entry(updated, key: key)])
        return updated
    }

    /// The outcome of an import.
    public struct ImportResult: Sendable, Codable {
        public var stations: Int
        public var created: Int
        public var updated: Int
        public var unchanged: Int
        public var sha256: String
        public var event: Int64
    }

    /// Creates or replaces many stations in one transaction with one `telemetry.stations.imported` event;
    /// an unchanged station keeps its version.
    public func importStations(_ stations: [Station], sha256: String, actor: String) async throws -> ImportResult {
        let now = clock.now()
        let (result, entries) = try await database.write { tx -> (ImportResult, [StationEntry]) in
            var existing: [String: (key: Int64, station: Station)] = [:]
            for row in try await tx.sql.raw("SELECT \(unsafeRaw: Self.columns) FROM telemetry_stations").all() {
                let s = try Self.station(row)
                existing[s.id.rawValue] = (try row.decode(column: "station_key", as: Int64.self), s)
            }
            var next = try await nextKey(tx)
            var fresh: [[any Encodable & Sendable]] = []
            var entries: [StationEntry] = []
            var updated = 0
            var unchanged = 0
            for var station in stations {
                if let old = existing[station.id.rawValue] {
                    if old.station.sameContent(as: station) { unchanged += 1; continue }
                    station.version = old.station.version + 1
                    station.updatedAt = now
                    try await tx.sql.run(Self.update(Array(Self.values(station, key: 0)[2...14]) + [station.id.rawValue]))
                    entries.append(Self.entry(station, key: old.key))
                    updated += 1
                } else {
                    station.updatedAt = now
                    fresh.append(Self.values(station, key: next))
                    entries.append(Self.entry(station, key: next))
                    next += 1
                }
            }
            var index = 0
            while fresh.count - index >= Self.rowsPerInsert {
                try await tx.sql.run(Self.insertMany(Array(fresh[index..<index + Self.rowsPerInsert].joined())))
                index += Self.rowsPerInsert
            }
            for row in fresh[index...] { try await tx.sql.run(Self.insertOne(row)) }
            let event = try await Journal.append(try NewEvent(kind: "telemetry.stations.imported", subject: "stations", actor: actor,
                                                              payload: ImportPayload(stations: stations.count, created: fresh.count,
                                                                                     updated: updated, unchanged: unchanged, sha256: sha256)),
                                                 in: tx, clock: clock)
            return (ImportResult(stations: stations.count, created: fresh.count, updated: updated, unchanged: unchanged,
                                 sha256: sha256, event: event.seq), entries)
        }
        directory.upsert(entries)
        return result
    }

    struct ImportPayload: Encodable {
        var stations: Int
        var created: Int
        var updated: Int
        var unchanged: Int
        var sha256: String
    }

    /// The journal's record of a station: every field a person sets.
    struct EventStation: Encodable {
        var station: Station
        init(_ station: Station) { self.station = station }
        func encode(to encoder: any Encoder) throws { try station.encode(to: encoder) }
    }

    private func nextKey(_ tx: Transaction) async throws -> Int64 {
        if tx.engine == .postgres { try await tx.sql.raw("SELECT pg_advisory_xact_lock(741502)").run() }
        let row = try await tx.sql.raw("SELECT COALESCE(MAX(station_key), 0) AS k FROM telemetry_stations").first()
        return (try row?.decode(column: "k", as: Int64.self) ?? 0) + 1
    }

    static func values(_ s: Station, key: Int64) -> [any Encodable & Sendable] {
        [s.id.rawValue, key, s.kind.rawValue, s.name, s.nameEn, s.location.lon, s.location.lat, s.department.rawValue,
         "|" + s.groups.joined(separator: "|") + "|", s.status.rawValue, s.river?.datum.rawValue, s.river?.warningLevel,
         s.river?.guaranteedLevel, s.version, s.updatedAt.milliseconds]
    }

    static func river(_ row: any SQLRow) throws -> RiverLevels? {
        guard let datum = try row.decode(column: "datum", as: String?.self).flatMap(DatumTag.init(rawValue:)),
              let w = try row.decode(column: "warning_level", as: Double?.self),
              let g = try row.decode(column: "guaranteed_level", as: Double?.self) else { return nil }
        return RiverLevels(datum: datum, warningLevel: w, guaranteedLevel: g)
    }

    /// The columns every read of a station needs, checked.
    static func identity(_ row: any SQLRow) throws -> (StationID, StationKind, DepartmentID, StationStatus) {
        let id = try row.decode(column: "id", as: String.self)
        guard let sid = StationID(rawValue: id),
              let kind = StationKind(rawValue: try row.decode(column: "kind", as: String.self)),
              let department = DepartmentID(rawValue: try row.decode(column: "department_id", as: String.self)),
              let status = StationStatus(rawValue: try row.decode(column: "status", as: String.self)) else {
            throw StoredStationDamaged(id: id)
        }
        return (sid, kind, department, status)
    }

    static func station(_ row: any SQLRow) throws -> Station {
        let (sid, kind, department, status) = try identity(row)
        return Station(id: sid, kind: kind, name: try row.decode(column: "name", as: String.self),
                       nameEn: try row.decode(column: "name_en", as: String.self),
                       location: GeoPoint(lon: try row.decode(column: "lon", as: Double.self), lat: try row.decode(column: "lat", as: Double.self)),
                       department: department, groups: try groups(row), status: status, river: try river(row),
                       version: try row.decode(column: "version", as: Int.self),
                       updatedAt: Date(milliseconds: try row.decode(column: "updated_at_ms", as: Int64.self)))
    }

    static func entry(_ row: any SQLRow) throws -> StationEntry {
        let (sid, kind, department, status) = try identity(row)
        return StationEntry(key: try row.decode(column: "station_key", as: Int64.self), id: sid, kind: kind, department: department,
                            status: status, river: try river(row), groups: try groups(row))
    }

    static func groups(_ row: any SQLRow) throws -> [String] {
        try row.decode(column: "groups_text", as: String.self).split(separator: "|").map(String.init)
    }

    static func entry(_ s: Station, key: Int64) -> StationEntry {
        StationEntry(key: key, id: s.id, kind: s.kind, department: s.department, status: s.status, river: s.river, groups: s.groups)
    }
}

/// A stored station row that no longer reads as a station (edited by hand).
struct StoredStationDamaged: Error, CustomStringConvertible {
    var id: String
    var description: String { "the stored station \(id) has an unknown kind, department or status" }
}
