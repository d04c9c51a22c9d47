/// Planar predicates on rings of lon/lat positions, treated as x/y. At district scale (a few kilometres) the
/// distortion of treating degrees as planar coordinates is far below a grid's size, and every decision here
/// (inside, crossing) is unchanged by the equirectangular scale factor.
enum PlanarRing {
    /// Whether `p` lies inside `ring` by the crossing-number rule. Points on a left or bottom edge count as
    /// inside and on a right or top edge as outside, so a point on an edge shared by two grids belongs to
    /// exactly one of them.
    static func contains(_ ring: [GeoPoint], _ p: GeoPoint) -> Bool {
        var inside = false
        var j = ring.count - 1
        for i in 0..<ring.count {
            let a = ring[i], b = ring[j]
            if (a.lat > p.lat) != (b.lat > p.lat) {
                let x = (b.lon - a.lon) * (p.lat - a.lat) / (b.lat - a.lat) + a.lon
                if p.lon < x { inside.toggle() }
            }
            j = i
        }
        return inside
    }

    /// Whether `p` lies on a segment of `ring` (within a tolerance of about a millimetre).
    static func onBoundary(_ ring: [GeoPoint], _ p: GeoPoint) -> Bool {
        guard ring.count >= 2 else { return false }
        for i in 1..<ring.count where onSegment(ring[i - 1], ring[i], p) { return true }
        return false
    }

    /// Strictly inside the polygon: inside the exterior, outside every hole, and on no boundary.
    static func strictlyInside(_ polygon: GeoPolygon, _ p: GeoPoint) -> Bool {
        guard contains(polygon.exterior, p), !onBoundary(polygon.exterior, p) else { return false }
        for hole in polygon.holes where contains(hole, p) || onBoundary(hole, p) { return false }
        return true
    }

    static let tolerance = 1e-11

    static func cross(_ o: GeoPoint, _ a: GeoPoint, _ b: GeoPoint) -> Double {
        (a.lon - o.lon) * (b.lat - o.lat) - (a.lat - o.lat) * (b.lon - o.lon)
    }

    static func onSegment(_ a: GeoPoint, _ b: GeoPoint, _ p: GeoPoint) -> Bool {
        let length = max(abs(b.lon - a.lon), abs(b.lat - a.lat), tolerance)
        guard abs(cross(a, b, p)) <= tolerance * length else { return false }
        return p.lon >= min(a.lon, b.lon) - tolerance && p.lon <= max(a.lon, b.lon) + tolerance
            && p.lat >= min(a.lat, b.lat) - tolerance && p.lat <= max(a.lat, b.lat) + tolerance
    }

    /// Whether segments ab and cd share any point.
    static func segmentsTouch(_ a: GeoPoint, _ b: GeoPoint, _ c: GeoPoint, _ d: GeoPoint) -> Bool {
        if properlyCross(a, b, c, d) { return true }
        return onSegment(a, b, c) || onSegment(a, b, d) || onSegment(c, d, a) || onSegment(c, d, b)
    }

    /// Whether segments ab and cd cross at a single point interior to both.
    static func properlyCross(_ a: GeoPoint, _ b: GeoPoint, _ c: GeoPoint, _ d: GeoPoint) -> Bool {
        let d1 = cross(c, d, a), d2 = cross(c, d, b), d3 = cross(a, b, c), d4 = cross(a, b, d)
        let t = tolerance * max(abs(b.lon - a.lon), abs(b.lat - a.lat), abs(d.lon - c.lon), abs(d.lat - c.lat), tolerance)
        return ((d1 > t && d2 < -t) || (d1 < -t && d2 > t)) && ((d3 > t && d4 < -t) || (d3 < -t && d4 > t))
    }

    /// A point strictly inside the polygon, found on a horizontal line through the middle of its box; nil
    /// for a degenerate polygon.
    static func interiorPoint(of polygon: GeoPolygon) -> GeoPoint? {
        guard let box = polygon.boundingBox, box.maxLat > box.minLat else { return nil }
        for fraction in [0.5, 0.377, 0.619, 0.233, 0.771, 0.1117, 0.8813] {
            let y = box.minLat + (box.maxLat - box.minLat) * fraction
            var xs: [Double] = []
            for ring in [polygon.exterior] + polygon.holes where ring.count >= 2 {
                for i in 1..<ring.count {
                    let a = ring[i - 1], b = ring[i]
                    if (a.lat > y) != (b.lat > y) {
                        xs.append((b.lon - a.lon) * (y - a.lat) / (b.lat - a.lat) + a.lon)
                    }
                }
            }
            xs.sort()
            var k = 0
            while k + 1 < xs.count {
                let candidate = GeoPoint(lon: (xs[k] + xs[k + 1]) / 2, lat: y)
                if xs[k + 1] - xs[k] > tolerance, strictlyInside(polygon, candidate) { return candidate }
                k += 2
            }
        }
        return nil
    }
}

extension GeoPolygon {
    /// Whether `p` lies inside the exterior and outside every hole (crossing-number rule; see
    /// `PlanarRing.contains` for how edges are shared between neighbours).
    public func contains(_ p: GeoPoint) -> Bool {
        guard PlanarRing.contains(exterior, p) else { return false }
        return !holes.contains { PlanarRing.contains($0, p) }
    }
}
