import Foundation

/// An equirectangular projection around a reference point, accurate to well under 0.1 % across a district
/// (tens of kilometres). Converts degrees to local metres east/north and back.
public struct LocalProjection: Sendable, Hashable {
    public static let earthRadiusMetres = 6_371_008.8

    public let origin: GeoPoint
    private let metresPerDegreeLat: Double
    private let metresPerDegreeLon: Double

    public init(origin: GeoPoint) {
        self.origin = origin
        metresPerDegreeLat = Self.earthRadiusMetres * .pi / 180
        metresPerDegreeLon = metresPerDegreeLat * cos(origin.lat * .pi / 180)
    }

    /// Metres east (x) and north (y) of the origin.
    public func project(_ p: GeoPoint) -> (x: Double, y: Double) {
        ((p.lon - origin.lon) * metresPerDegreeLon, (p.lat - origin.lat) * metresPerDegreeLat)
    }

    public func unproject(x: Double, y: Double) -> GeoPoint {
        GeoPoint(lon: origin.lon + x / metresPerDegreeLon, lat: origin.lat + y / metresPerDegreeLat)
    }

    /// Unsigned area in square metres of a polygon (exterior minus holes), by the shoelace formula.
    public func area(of polygon: GeoPolygon) -> Double {
        let outer = abs(signedArea(polygon.exterior))
        let holes = polygon.holes.reduce(0) { $0 + abs(signedArea($1)) }
        return max(0, outer - holes)
    }

    private func signedArea(_ ring: [GeoPoint]) -> Double {
        guard ring.count >= 3 else { return 0 }
        var sum = 0.0
        var previous = project(ring[ring.count - 1])
        for point in ring {
            let current = project(point)
            sum += previous.x * current.y - current.x * previous.y
            previous = current
        }
        return sum / 2
    }
}
