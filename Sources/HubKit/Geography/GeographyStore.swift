import Foundation
import SQLKit

/// SQL for the administrative geography (district → streets → communities → grids) and map features.
/// Boundaries and geometries are stored as GeoJSON text.
public struct GeographyStore: Sendable {
    public static let migration = Migration(id: "hubkit.0002.geography", portable: [
        """
        CREATE TABLE districts (
            code TEXT PRIMARY KEY, name TEXT NOT NULL, name_en TEXT NOT NULL, boundary TEXT
        )
        """,
        """
        CREATE TABLE streets (
            code TEXT PRIMARY KEY, district_code TEXT NOT NULL REFERENCES districts (code),
            name TEXT NOT NULL, name_en TEXT NOT NULL, boundary TEXT
        )
        """,
        """
        CREATE TABLE communities (
            code TEXT PRIMARY KEY, street_code TEXT NOT NULL REFERENCES streets (code),
            name TEXT NOT NULL, name_en TEXT NOT NULL, boundary TEXT
        )
        """,
        """
        CREATE TABLE grids (
            code TEXT PRIMARY KEY, community_code TEXT NOT NULL REFERENCES communities (code),
            street_code TEXT NOT NULL, boundary TEXT NOT NULL, area_m2 DOUBLE PRECISION NOT NULL,
            min_lon DOUBLE PRECISION NOT NULL, min_lat DOUBLE PRECISION NOT NULL,
            max_lon DOUBLE PRECISION NOT NULL, max_lat DOUBLE PRECISION NOT NULL
        )
        """,
        "CREATE INDEX grids_street ON grids (street_code)",
        """
        CREATE TABLE map_features (
            id TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, name_en TEXT NOT NULL,
            geometry TEXT NOT NULL, properties TEXT NOT NULL
        )
        """,
        "CREATE INDEX map_features_kind ON map_features (kind)",
    ])

    public let database: HubDatabase

    public init(database: HubDatabase) {
        self.database = database
    }

    /// Inserts or replaces every item of `geography` (matched by code or id) in transaction `tx`.
    public func save(_ geography: DistrictGeography, in tx: Transaction) async throws {
        let sql = tx.sql
        let d = geography.district
        try await sql.insert(into: "districts").columns("code", "name", "name_en", "boundary")
            .values(SQLBind(d.code.rawValue), SQLBind(d.name), SQLBind(d.nameEn), SQLBind(try json(d.boundary)))
            .onConflict(with: ["code"]) { $0.setExcluded(["name", "name_en", "boundary"]) }
            .run()
        for chunk in geography.streets.chunked(200) {
            let insert = sql.insert(into: "streets").columns("code", "district_code", "name", "name_en", "boundary")
            for s in chunk {
                insert.values(SQLBind(s.code.rawValue), SQLBind(s.code.county.rawValue), SQLBind(s.name),
                              SQLBind(s.nameEn), SQLBind(try json(s.boundary)))
            }
            try await insert.onConflict(with: ["code"]) {
                $0.setExcluded(["name", "name_en", "boundary"])
            }.run()
        }
        for chunk in geography.communities.chunked(200) {
            let insert = sql.insert(into: "communities").columns("code", "street_code", "name", "name_en", "boundary")
            for c in chunk {
                insert.values(SQLBind(c.code.rawValue), SQLBind(c.street.rawValue), SQLBind(c.name),
                              SQLBind(c.nameEn), SQLBind(try json(c.boundary)))
            }
            try await insert.onConflict(with: ["code"]) {
                $0.setExcluded(["street_code", "name", "name_en", "boundary"])
            }.run()
        }
        for chunk in geography.grids.chunked(200) {
            let insert = sql.insert(into: "grids").columns(
                "code", "community_code", "street_code", "boundary", "area_m2", "min_lon", "min_lat", "max_lon", "max_lat")
            for g in chunk {
                let box = g.boundary.boundingBox ?? GeoBox(minLon: 0, minLat: 0, maxLon: 0, maxLat: 0)
                insert.values(SQLBind(g.code.rawValue), SQLBind(g.community.rawValue), SQLBind(g.street.rawValue),
                              SQLBind(try json(g.boundary)), SQLBind(g.areaSquareMetres), SQLBind(box.minLon),
                              SQLBind(box.minLat), SQLBind(box.maxLon), SQLBind(box.maxLat))
            }
            try await insert.onConflict(with: ["code"]) {
                $0.setExcluded([
                    "community_code", "street_code", "boundary", "area_m2", "min_lon", "min_lat", "max_lon", "max_lat"])
            }.run()
        }
        for chunk in geography.features.chunked(200) {
            let insert = sql.insert(into: "map_features").columns("id", "kind", "name", "name_en", "geometry", "properties")
            for f in chunk {
                insert.values(SQLBind(f.id), SQLBind(f.kind.rawValue), SQLBind(f.name), SQLBind(f.nameEn),
                              SQLBind(try CanonicalJSON.encode(f.geometry)), SQLBind(try CanonicalJSON.encode(f.properties)))
            }
            try await insert.onConflict(with: ["id"]) {
                $0.setExcluded(["kind", "name", "name_en", "geometry", "properties"])
            }.run()
        }
    }

    public func district() async throws -> District? {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM districts ORDER BY code LIMIT 1").first().map { row in
                District(code: try code(row, "code", CountyCode.init), name: try row.decode(column: "name", as: String.self),
                         nameEn: try row.decode(column: "name_en", as: String.self),
                         boundary: try polygon(row.decode(column: "boundary", as: String?.self)))
            }
        }
    }

    public func streets() async throws -> [Street] {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM streets ORDER BY code").all().map { row in
                Street(code: try code(row, "code", StreetCode.init), name: try row.decode(column: "name", as: String.self),
                       nameEn: try row.decode(column: "name_en", as: String.self),
                       boundary: try polygon(row.decode(column: "boundary", as: String?.self)))
            }
        }
    }

    public func communities() async throws -> [Community] {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM communities ORDER BY code").all().map { row in
                Community(code: try code(row, "code", CommunityCode.init),
                          name: try row.decode(column: "name", as: String.self),
                          nameEn: try row.decode(column: "name_en", as: String.self),
                          boundary: try polygon(row.decode(column: "boundary", as: String?.self)))
            }
        }
    }

    /// All grids, or those of one street, ordered by code.
    public func grids(street: StreetCode? = nil) async throws -> [Grid] {
        try await database.read { sql in
            let rows = if let street {
                try await sql.raw("SELECT code, boundary, area_m2 FROM grids WHERE street_code = \(bind: street.rawValue) ORDER BY code").all()
            } else {
                try await sql.raw("SELECT code, boundary, area_m2 FROM grids ORDER BY code").all()
            }
            return try rows.map(gridFromRow)
        }
    }

    public func grid(_ code: GridCode) async throws -> Grid? {
        try await database.read { sql in
            try await sql.raw("SELECT code, boundary, area_m2 FROM grids WHERE code = \(bind: code.rawValue)").first()
                .map(gridFromRow)
        }
    }

    public func features(kind: MapFeatureKind? = nil) async throws -> [MapFeature] {
        try await database.read { sql in
            let rows = if let kind {
                try await sql.raw("SELECT * FROM map_features WHERE kind = \(bind: kind.rawValue) ORDER BY id").all()
            } else {
                try await sql.raw("SELECT * FROM map_features ORDER BY kind, id").all()
            }
            return try rows.map { row in
                let kindText = try row.decode(column: "kind", as: String.self)
                guard let kind = MapFeatureKind(rawValue: kindText) else { throw GeographyStoreError.corrupt("kind \(kindText)") }
                return MapFeature(
                    id: try row.decode(column: "id", as: String.self), kind: kind,
                    name: try row.decode(column: "name", as: String.self),
                    nameEn: try row.decode(column: "name_en", as: String.self),
                    geometry: try JSONDecoder().decode(GeoGeometry.self,
                                                       from: Data(try row.decode(column: "geometry", as: String.self).utf8)),
                    properties: try JSONDecoder().decode([String: String].self,
                                                         from: Data(try row.decode(column: "properties", as: String.self).utf8)))
            }
        }
    }

    /// Row counts of each level, for status pages and checks.
    public func counts() async throws -> GeographyCounts {
        try await database.read { sql in
            func count(_ table: String) async throws -> Int {
                try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()?.decode(column: "n", as: Int.self) ?? 0
            }
            return GeographyCounts(streets: try await count("streets"), communities: try await count("communities"),
                                   grids: try await count("grids"), features: try await count("map_features"))
        }
    }

    private func gridFromRow(_ row: any SQLRow) throws -> Grid {
        guard let boundary = try polygon(row.decode(column: "boundary", as: String?.self)) else {
            throw GeographyStoreError.corrupt("grid without boundary")
        }
        return Grid(code: try code(row, "code", GridCode.init), boundary: boundary,
                    areaSquareMetres: try row.decode(column: "area_m2", as: Double.self))
    }
}

/// How many of each geography item the hub holds.
public struct GeographyCounts: Sendable, Hashable, Codable {
    public var streets: Int
    public var communities: Int
    public var grids: Int
    public var features: Int
}

/// Stored geography that cannot be read back (edited by hand or damaged).
public enum GeographyStoreError: HubProblem {
    case corrupt(String)

    public var code: String { "GEOGRAPHY_STORE_CORRUPT" }
    public var status: Int { 500 }
    public var message: LocalizedText {
        switch self {
        case .corrupt(let detail): LocalizedText(zh: "地理数据损坏：\(detail)", en: "Stored geography is damaged: \(detail)")
        }
    }
}

extension SQLConflictUpdateBuilder {
    /// `SET column = excluded.column` for each column: the upsert takes the incoming row's values.
    func setExcluded(_ columns: [String]) -> Self {
        columns.reduce(self) { builder, column in builder.set(excludedValueOf: column) }
    }
}

private func json(_ polygon: GeoPolygon?) throws -> String? {
    try polygon.map { try CanonicalJSON.encode($0) }
}

private func polygon(_ text: String?) throws -> GeoPolygon? {
    guard let text else { return nil }
    return try JSONDecoder().decode(GeoPolygon.self, from: Data(text.utf8))
}

private func code<C>(_ row: any SQLRow, _ column: String, _ make: (String) -> C?) throws -> C {
    let raw = try row.decode(column: column, as: String.self)
    guard let value = make(raw) else { throw GeographyStoreError.corrupt("\(column) \(raw)") }
    return value
}

extension Array {
    /// Consecutive slices of at most `size` elements.
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
