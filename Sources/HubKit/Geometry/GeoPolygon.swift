/// A polygon as GeoJSON holds it: an exterior ring and optional holes.
///
/// Invariant once validated (see `PolygonValidator`): every ring is closed (first == last), has at least
/// four positions and does not cross itself.
public struct GeoPolygon: Sendable, Hashable {
    public var exterior: [GeoPoint]
    public var holes: [[GeoPoint]]

    public init(exterior: [GeoPoint], holes: [[GeoPoint]] = []) {
        self.exterior = exterior
        self.holes = holes
    }

    /// GeoJSON `coordinates` of a Polygon: rings of [lon, lat] pairs.
    public var coordinates: [[[Double]]] {
        ([exterior] + holes).map { ring in ring.map { [$0.lon, $0.lat] } }
    }

    public var boundingBox: GeoBox? { GeoBox(covering: exterior) }
}

extension GeoPolygon: Codable {
    /// Encoded as GeoJSON Polygon `coordinates`: `[[[lon, lat], …], …]`, exterior first.
    public init(from decoder: any Decoder) throws {
        let rings = try decoder.singleValueContainer().decode([[[Double]]].self)
        guard let first = rings.first else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "no rings"))
        }
        let toRing: ([[Double]]) throws -> [GeoPoint] = { ring in
            try ring.map { position in
                guard position.count >= 2 else {
                    throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                            debugDescription: "position needs [lon, lat]"))
                }
                return GeoPoint(lon: position[0], lat: position[1])
            }
        }
        self.init(exterior: try toRing(first), holes: try rings.dropFirst().map(toRing))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(coordinates)
    }
}
