/// The district (区): the top of the geography; owns streets.
public struct District: Sendable, Hashable, Codable {
    public var code: CountyCode
    public var name: String
    public var nameEn: String
    public var boundary: GeoPolygon?

    public init(code: CountyCode, name: String, nameEn: String, boundary: GeoPolygon? = nil) {
        self.code = code
        self.name = name
        self.nameEn = nameEn
        self.boundary = boundary
    }
}

/// A street (街道): owns communities and, through them, grids; its grid management centre is responsible there.
public struct Street: Sendable, Hashable, Codable {
    public var code: StreetCode
    public var name: String
    public var nameEn: String
    public var boundary: GeoPolygon?

    public init(code: StreetCode, name: String, nameEn: String, boundary: GeoPolygon? = nil) {
        self.code = code
        self.name = name
        self.nameEn = nameEn
        self.boundary = boundary
    }
}

/// A community (社区) inside a street.
public struct Community: Sendable, Hashable, Codable {
    public var code: CommunityCode
    public var name: String
    public var nameEn: String
    public var boundary: GeoPolygon?

    public init(code: CommunityCode, name: String, nameEn: String, boundary: GeoPolygon? = nil) {
        self.code = code
        self.name = name
        self.nameEn = nameEn
        self.boundary = boundary
    }

    public var street: StreetCode { code.street }
}

/// A unit grid (单元网格): the smallest managed area, about 10,000 m², inside one community.
public struct Grid: Sendable, Hashable, Codable {
    public var code: GridCode
    public var boundary: GeoPolygon
    /// Area in square metres, computed from the boundary.
    public var areaSquareMetres: Double

    public init(code: GridCode, boundary: GeoPolygon, areaSquareMetres: Double) {
        self.code = code
        self.boundary = boundary
        self.areaSquareMetres = areaSquareMetres
    }

    public var community: CommunityCode { code.community }
    public var street: StreetCode { code.street }
}

/// A point or shape on the map that is not part of the administrative geography: rivers, roads, cameras,
/// monitoring points, ferry points, squares. Later slices take these as seeds for their own registries.
public struct MapFeature: Sendable, Hashable, Codable {
    public var id: String
    public var kind: MapFeatureKind
    public var name: String
    public var nameEn: String
    public var geometry: GeoGeometry
    /// Free-form extra properties, kept as given (string values only, to stay canonical).
    public var properties: [String: String]

    public init(id: String, kind: MapFeatureKind, name: String, nameEn: String, geometry: GeoGeometry,
                properties: [String: String] = [:]) {
        self.id = id
        self.kind = kind
        self.name = name
        self.nameEn = nameEn
        self.geometry = geometry
        self.properties = properties
    }
}

/// The kinds of map features the hub knows.
public enum MapFeatureKind: String, Sendable, Hashable, Codable, CaseIterable {
    case river, road, camera, monitoringPoint = "monitoring_point", ferryPoint = "ferry_point", place
}

/// The geometries a map feature may have (a subset of RFC 7946).
public enum GeoGeometry: Sendable, Hashable {
    case point(GeoPoint)
    case lineString([GeoPoint])
    case polygon(GeoPolygon)
}

extension GeoGeometry: Codable {
    private enum Keys: String, CodingKey { case type, coordinates }

    /// Encoded as a GeoJSON geometry object: `{"type": "Point", "coordinates": [lon, lat]}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        switch try container.decode(String.self, forKey: .type) {
        case "Point":
            let c = try container.decode([Double].self, forKey: .coordinates)
            guard c.count >= 2 else {
                throw DecodingError.dataCorruptedError(forKey: .coordinates, in: container,
                                                       debugDescription: "position needs [lon, lat]")
            }
            self = .point(GeoPoint(lon: c[0], lat: c[1]))
        case "LineString":
            let c = try container.decode([[Double]].self, forKey: .coordinates)
            self = .lineString(c.compactMap { $0.count >= 2 ? GeoPoint(lon: $0[0], lat: $0[1]) : nil })
        case "Polygon":
            self = .polygon(try container.decode(GeoPolygon.self, forKey: .coordinates))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .type, in: container,
                                                   debugDescription: "unsupported geometry \(other)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        switch self {
        case .point(let p):
            try container.encode("Point", forKey: .type)
            try container.encode([p.lon, p.lat], forKey: .coordinates)
        case .lineString(let line):
            try container.encode("LineString", forKey: .type)
            try container.encode(line.map { [$0.lon, $0.lat] }, forKey: .coordinates)
        case .polygon(let polygon):
            try container.encode("Polygon", forKey: .type)
            try container.encode(polygon, forKey: .coordinates)
        }
    }
}

/// A whole district geography, as the demo builds it or an import brings it.
public struct DistrictGeography: Sendable {
    public var district: District
    public var streets: [Street]
    public var communities: [Community]
    public var grids: [Grid]
    public var features: [MapFeature]

    public init(district: District, streets: [Street], communities: [Community], grids: [Grid],
                features: [MapFeature]) {
        self.district = district
        self.streets = streets
        self.communities = communities
        self.grids = grids
        self.features = features
    }
}
