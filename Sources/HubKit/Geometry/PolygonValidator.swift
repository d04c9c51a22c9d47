/// One thing wrong with a polygon, with a stable code and a message for people.
public struct GeometryFault: Sendable, Hashable {
    public var code: String
    public var message: LocalizedText

    public init(code: String, zh: String, en: String) {
        self.code = code
        message = LocalizedText(zh: zh, en: en)
    }
}

/// Checks the rules RFC 7946 sets for a Polygon, plus the ones a unit grid needs: closed rings of at least
/// four positions, coordinates in range, rings that do not cross themselves or each other, holes inside the
/// exterior, and a non-zero area. Pure and fast enough for thousands of grids per import.
public enum PolygonValidator {
    /// Every fault found; empty when the polygon is valid.
    public static func validate(_ polygon: GeoPolygon) -> [GeometryFault] {
        var faults: [GeometryFault] = []
        let rings = [polygon.exterior] + polygon.holes
        for (n, ring) in rings.enumerated() {
            let name = n == 0 ? (zh: "外环", en: "the exterior ring") : (zh: "第 \(n) 个内环", en: "hole \(n)")
            guard ring.allSatisfy({ $0.lon.isFinite && $0.lat.isFinite && (-180...180).contains($0.lon) && (-90...90).contains($0.lat) }) else {
                faults.append(GeometryFault(code: "COORDINATE_OUT_OF_RANGE", zh: "\(name.zh)的坐标超出经度 ±180、纬度 ±90 的范围",
                                            en: "\(name.en) has a coordinate outside longitude ±180 / latitude ±90"))
                continue
            }
            guard ring.count >= 4 else {
                faults.append(GeometryFault(code: "TOO_FEW_POSITIONS", zh: "\(name.zh)至少需要 4 个坐标（首尾相同）",
                                            en: "\(name.en) needs at least 4 positions (first and last equal)"))
                continue
            }
            guard ring.first == ring.last else {
                faults.append(GeometryFault(code: "OPEN_RING", zh: "\(name.zh)没有闭合：首尾坐标必须相同",
                                            en: "\(name.en) is open: its first and last positions must be equal"))
                continue
            }
            if isCollinear(ring) {
                faults.append(GeometryFault(code: "ZERO_AREA", zh: "\(name.zh)的面积为零（所有点在一条直线上）",
                                            en: "\(name.en) has zero area (all positions on one line)"))
            } else if let crossing = selfIntersection(ring) {
                faults.append(GeometryFault(code: "SELF_INTERSECTION",
                                            zh: "\(name.zh)自相交（第 \(crossing.0 + 1) 条边与第 \(crossing.1 + 1) 条边）",
                                            en: "\(name.en) crosses itself (edge \(crossing.0 + 1) and edge \(crossing.1 + 1))"))
            }
        }
        guard faults.isEmpty else { return faults }
        for (n, hole) in polygon.holes.enumerated() {
            if !hole.allSatisfy({ PlanarRing.contains(polygon.exterior, $0) || PlanarRing.onBoundary(polygon.exterior, $0) }) {
                faults.append(GeometryFault(code: "HOLE_OUTSIDE", zh: "第 \(n + 1) 个内环不在外环之内",
                                            en: "hole \(n + 1) is not inside the exterior ring"))
            }
        }
        for i in 0..<rings.count {
            for j in (i + 1)..<rings.count where ringsCross(rings[i], rings[j]) {
                faults.append(GeometryFault(code: "RINGS_CROSS", zh: "多边形的两个环相交", en: "two rings of the polygon cross each other"))
                return faults
            }
        }
        return faults
    }

    static func isCollinear(_ ring: [GeoPoint]) -> Bool {
        guard let first = ring.first, let other = ring.first(where: { $0 != first }) else { return true }
        return ring.allSatisfy { PlanarRing.cross(first, other, $0) == 0 }
    }

    /// The first pair of non-adjacent edges (0-based) that touch, or nil when the ring is simple.
    static func selfIntersection(_ ring: [GeoPoint]) -> (Int, Int)? {
        let edges = ring.count - 1
        guard edges >= 3 else { return nil }
        var boxes: [GeoBox] = []
        boxes.reserveCapacity(edges)
        for i in 0..<edges {
            let a = ring[i], b = ring[i + 1]
            if a == b { return (i, i) }
            boxes.append(GeoBox(minLon: min(a.lon, b.lon), minLat: min(a.lat, b.lat), maxLon: max(a.lon, b.lon), maxLat: max(a.lat, b.lat)))
        }
        let order = (0..<edges).sorted { boxes[$0].minLon < boxes[$1].minLon }
        for (k, i) in order.enumerated() {
            for j in order[(k + 1)...] {
                if boxes[j].minLon > boxes[i].maxLon + PlanarRing.tolerance { break }
                let (lo, hi) = (min(i, j), max(i, j))
                let adjacent = hi == lo + 1 || (lo == 0 && hi == edges - 1)
                guard boxes[i].intersects(boxes[j]) else { continue }
                if adjacent {
                    // Neighbouring edges share one vertex; they are bad only when they fold back over each other.
                    let shared = hi == lo + 1 ? ring[hi] : ring[0]
                    let p = hi == lo + 1 ? ring[lo] : ring[edges - 1]
                    let q = hi == lo + 1 ? ring[hi + 1] : ring[1]
                    if PlanarRing.cross(shared, p, q) == 0, (p.lon - shared.lon) * (q.lon - shared.lon) + (p.lat - shared.lat) * (q.lat - shared.lat) > 0 {
                        return (lo, hi)
                    }
                } else if PlanarRing.segmentsTouch(ring[i], ring[i + 1], ring[j], ring[j + 1]) {
                    return (lo, hi)
                }
            }
        }
        return nil
    }

    static func ringsCross(_ a: [GeoPoint], _ b: [GeoPoint]) -> Bool {
        for i in 1..<a.count {
            for j in 1..<b.count where PlanarRing.properlyCross(a[i - 1], a[i], b[j - 1], b[j]) { return true }
        }
        return false
    }
}

/// Whether the interiors of two valid polygons share any area. Polygons that only touch along an edge or at a
/// corner (neighbouring grids) do not overlap.
public func interiorsOverlap(_ a: GeoPolygon, _ b: GeoPolygon) -> Bool {
    guard let boxA = a.boundingBox, let boxB = b.boundingBox, boxA.intersects(boxB) else { return false }
    let ringsA = [a.exterior] + a.holes, ringsB = [b.exterior] + b.holes
    for ra in ringsA where ra.count >= 2 {
        for rb in ringsB where rb.count >= 2 {
            for i in 1..<ra.count {
                for j in 1..<rb.count where PlanarRing.properlyCross(ra[i - 1], ra[i], rb[j - 1], rb[j]) { return true }
            }
        }
    }
    func probes(_ p: GeoPolygon) -> [GeoPoint] {
        var points = p.exterior
        for i in 1..<max(p.exterior.count, 1) {
            let s = p.exterior[i - 1], e = p.exterior[i]
            points.append(GeoPoint(lon: (s.lon + e.lon) / 2, lat: (s.lat + e.lat) / 2))
        }
        if let inner = PlanarRing.interiorPoint(of: p) { points.append(inner) }
        return points
    }
    return probes(a).contains { PlanarRing.strictlyInside(b, $0) } || probes(b).contains { PlanarRing.strictlyInside(a, $0) }
}
