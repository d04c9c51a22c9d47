import Foundation
import HubKit

/// A height datum tag such as `wusong` or `yellow-sea-1985`: 2–40 of a–z, 0–9 and `-`. Levels in different
/// datums are never compared or converted silently.
public struct DatumTag: CheckedString {
    public let rawValue: String

    public init?(rawValue: String) {
        let bytes = rawValue.utf8
        guard (2...40).contains(bytes.count),
              bytes.allSatisfy({ ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }) else { return nil }
        self.rawValue = rawValue
    }

    public static let syntax = "a datum tag is 2-40 of a-z, 0-9 and '-'"
}

/// A river gauge's reference levels, metres in `datum`: 警戒水位 (warning) and 保证水位 (guaranteed).
/// Invariant: `warningLevel < guaranteedLevel`.
public struct RiverLevels: Sendable, Hashable, Codable {
    public var datum: DatumTag
    public var warningLevel: Double
    public var guaranteedLevel: Double

    public init(datum: DatumTag, warningLevel: Double, guaranteedLevel: Double) {
        self.datum = datum
        self.warningLevel = warningLevel
        self.guaranteedLevel = guaranteedLevel
    }

    /// Levels a working gauge can plausibly report: 60 m below the guaranteed level to 30 m above it.
    public var plausibleRange: ClosedRange<Double> { (guaranteedLevel - 60)...(guaranteedLevel + 30) }
}

/// A registered station or device, as stored and as the API shows it (location as a GeoJSON Point).
public struct Station: Sendable, Hashable {
    public var id: StationID
    public var kind: StationKind
    public var name: String
    public var nameEn: String
    public var location: GeoPoint
    public var department: DepartmentID
    /// Free tags and groups, e.g. the basin `jialing-upper`.
    public var groups: [String]
    public var status: StationStatus
    /// River gauges only.
    public var river: RiverLevels?
    public var version: Int
    public var updatedAt: Date

    public init(id: StationID, kind: StationKind, name: String, nameEn: String, location: GeoPoint, department: DepartmentID,
                groups: [String], status: StationStatus, river: RiverLevels?, version: Int, updatedAt: Date) {
        self.id = id
        self.kind = kind
        self.name = name
        self.nameEn = nameEn
        self.location = location
        self.department = department
        self.groups = groups
        self.status = status
        self.river = river
        self.version = version
        self.updatedAt = updatedAt
    }

    /// True when every field a person edits is equal (version and time aside).
    public func sameContent(as other: Station) -> Bool {
        id == other.id && kind == other.kind && name == other.name && nameEn == other.nameEn && location == other.location
            && department == other.department && groups == other.groups && status == other.status && river == other.river
    }
}

extension Station: Codable {
    enum CodingKeys: String, CodingKey {
        case id, kind, name, nameEn, location, department, groups, status, datum, warningLevel, guaranteedLevel, version, updatedAt
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(StationID.self, forKey: .id)
        kind = try c.decode(StationKind.self, forKey: .kind)
        name = try c.decode(String.self, forKey: .name)
        nameEn = try c.decode(String.self, forKey: .nameEn)
        location = try c.decode(GeoJSONPoint.self, forKey: .location).point
        department = try c.decode(DepartmentID.self, forKey: .department)
        groups = try c.decode([String].self, forKey: .groups)
        status = try c.decode(StationStatus.self, forKey: .status)
        if let datum = try c.decodeIfPresent(DatumTag.self, forKey: .datum) {
            river = RiverLevels(datum: datum, warningLevel: try c.decode(Double.self, forKey: .warningLevel),
                                guaranteedLevel: try c.decode(Double.self, forKey: .guaranteedLevel))
        }
        version = try c.decode(Int.self, forKey: .version)
        updatedAt = try c.decode(Date.self, forKey: .updatedAt)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(kind, forKey: .kind)
        try c.encode(name, forKey: .name)
        try c.encode(nameEn, forKey: .nameEn)
        try c.encode(GeoJSONPoint(location), forKey: .location)
        try c.encode(department, forKey: .department)
        try c.encode(groups, forKey: .groups)
        try c.encode(status, forKey: .status)
        try c.encodeIfPresent(river?.datum, forKey: .datum)
        try c.encodeIfPresent(river?.warningLevel, forKey: .warningLevel)
        try c.encodeIfPresent(river?.guaranteedLevel, forKey: .guaranteedLevel)
        try c.encode(version, forKey: .version)
        try c.encode(updatedAt, forKey: .updatedAt)
    }
}

/// A GeoJSON Point (RFC 7946): `{"type": "Point", "coordinates": [lon, lat]}`, WGS84.
public struct GeoJSONPoint: Sendable, Hashable, Codable {
    public var point: GeoPoint

    public init(_ point: GeoPoint) {
        self.point = point
    }

    enum CodingKeys: String, CodingKey { case type, coordinates }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard try c.decode(String.self, forKey: .type) == "Point" else {
            throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "a location is a GeoJSON Point")
        }
        let coordinates = try c.decode([Double].self, forKey: .coordinates)
        guard coordinates.count >= 2 else {
            throw DecodingError.dataCorruptedError(forKey: .coordinates, in: c, debugDescription: "[longitude, latitude]")
        }
        point = GeoPoint(lon: coordinates[0], lat: coordinates[1])
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("Point", forKey: .type)
        try c.encode([point.lon, point.lat], forKey: .coordinates)
    }
}
