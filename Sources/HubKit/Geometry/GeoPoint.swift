import Foundation

/// A WGS84 position in degrees, stored the GeoJSON way round: longitude first.
public struct GeoPoint: Sendable, Hashable, Codable {
    public var lon: Double
    public var lat: Double

    public init(lon: Double, lat: Double) {
        self.lon = lon
        self.lat = lat
    }
}

/// An axis-aligned box in degrees; `minLon <= maxLon`, `minLat <= maxLat`.
public struct GeoBox: Sendable, Hashable, Codable {
    public var minLon: Double
    public var minLat: Double
    public var maxLon: Double
    public var maxLat: Double

    public init(minLon: Double, minLat: Double, maxLon: Double, maxLat: Double) {
        self.minLon = minLon
        self.minLat = minLat
        self.maxLon = maxLon
        self.maxLat = maxLat
    }

    /// The smallest box holding every point; nil for an empty sequence.
    public init?(covering points: some Sequence<GeoPoint>) {
        var iterator = points.makeIterator()
        guard let first = iterator.next() else { return nil }
        var box = GeoBox(minLon: first.lon, minLat: first.lat, maxLon: first.lon, maxLat: first.lat)
        while let p = iterator.next() {
            box.minLon = min(box.minLon, p.lon)
            box.minLat = min(box.minLat, p.lat)
            box.maxLon = max(box.maxLon, p.lon)
            box.maxLat = max(box.maxLat, p.lat)
        }
        self = box
    }

    public func contains(_ p: GeoPoint) -> Bool {
        p.lon >= minLon && p.lon <= maxLon && p.lat >= minLat && p.lat <= maxLat
    }

    public func intersects(_ other: GeoBox) -> Bool {
        minLon <= other.maxLon && other.minLon <= maxLon && minLat <= other.maxLat && other.minLat <= maxLat
    }

    public func union(_ other: GeoBox) -> GeoBox {
        GeoBox(minLon: min(minLon, other.minLon), minLat: min(minLat, other.minLat),
               maxLon: max(maxLon, other.maxLon), maxLat: max(maxLat, other.maxLat))
    }
}

extension GeoPoint {
    /// Great-circle distance in metres (haversine on a sphere of the mean Earth radius); within 0.5 % of the
    /// ellipsoidal distance, far better than the 30 m and 50 m rules it serves need.
    public func distance(to other: GeoPoint) -> Double {
        let toRadians = Double.pi / 180
        let dLat = (other.lat - lat) * toRadians, dLon = (other.lon - lon) * toRadians
        let a = sin(dLat / 2) * sin(dLat / 2)
            + cos(lat * toRadians) * cos(other.lat * toRadians) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * LocalProjection.earthRadiusMetres * asin(min(1, a.squareRoot()))
    }
}
