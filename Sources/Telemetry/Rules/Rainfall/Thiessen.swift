import HubKit

/// Thiessen (Voronoi) weights of rain gauges over a basin: each gauge's cell is the part of the basin nearer to it
/// than to any other gauge, and its weight is the cell's share of the basin's area. Pure.
///
/// Computed in a local equirectangular projection around the basin (metres; accurate to well under 0.1 % over a
/// basin of a few hundred kilometres). Each cell is the basin clipped by the half-planes "nearer to this gauge than
/// to that one", nearest gauges first; once every vertex of the cell is nearer than half the distance to the next
/// gauge, no farther gauge can cut it and the clipping stops. Holes of the basin are clipped the same way and
/// subtracted. Gauges outside the basin take part (their cells may reach into it). Gauges at the same place share
/// their cell equally. Invariant: the weights sum to 1 (to rounding) whenever the basin has an area.
public enum Thiessen {
    public struct Weight: Sendable, Hashable {
        public var id: String
        /// The cell's share of the basin, 0…1.
        public var weight: Double
        /// The cell's area inside the basin, km².
        public var areaKm2: Double
    }

    /// The weights of `gauges` (id and location, ids distinct) over `basin`, in the order given.
    public static func weights(gauges: [(id: String, location: GeoPoint)], basin: GeoPolygon) -> [Weight] {
        guard !gauges.isEmpty, let box = basin.boundingBox else { return [] }
        let projection = LocalProjection(origin: GeoPoint(lon: (box.minLon + box.maxLon) / 2, lat: (box.minLat + box.maxLat) / 2))
        let rings = ([basin.exterior] + basin.holes).map { $0.map { Point(projection.project($0)) } }
        let basinArea = abs(signedArea(rings[0])) - rings.dropFirst().reduce(0) { $0 + abs(signedArea($1)) }
        // Distinct sites; gauges at one place share a site.
        var siteOf: [Int] = []
        var sites: [Point] = []
        var siteIndex: [Point: Int] = [:]
        for gauge in gauges {
            let p = Point(projection.project(gauge.location))
            if let existing = siteIndex[p] {
                siteOf.append(existing)
            } else {
                siteIndex[p] = sites.count
                siteOf.append(sites.count)
                sites.append(p)
            }
        }
        let sharing = siteOf.reduce(into: [Int: Int]()) { $0[$1, default: 0] += 1 }
        let areas = sites.indices.map { cellArea(site: $0, sites: sites, rings: rings) }
        return gauges.indices.map { i in
            let area = areas[siteOf[i]] / Double(sharing[siteOf[i]] ?? 1)
            return Weight(id: gauges[i].id, weight: basinArea > 0 ? area / basinArea : 0, areaKm2: area / 1_000_000)
        }
    }

    struct Point: Hashable {
        var x: Double
        var y: Double
        init(_ p: (x: Double, y: Double)) { x = p.x; y = p.y }
        init(x: Double, y: Double) { self.x = x; self.y = y }
    }

    /// The area (m²) of the basin's part nearer to `site` than to every other site.
    static func cellArea(site: Int, sites: [Point], rings: [[Point]]) -> Double {
        let s = sites[site]
        let others = sites.indices.filter { $0 != site }.map { sites[$0] }
            .map { (point: $0, d2: ($0.x - s.x) * ($0.x - s.x) + ($0.y - s.y) * ($0.y - s.y)) }
            .sorted { $0.d2 < $1.d2 }
        var outer = rings[0]
        var cutters: [Point] = []
        for other in others {
            guard !outer.isEmpty else { break }
            // A site farther than twice the cell's reach cannot cut it.
            let reach2 = outer.reduce(0) { max($0, ($1.x - s.x) * ($1.x - s.x) + ($1.y - s.y) * ($1.y - s.y)) }
            if other.d2 > 4 * reach2 { break }
            outer = clip(outer, nearer: s, than: other.point)
            cutters.append(other.point)
        }
        var area = abs(signedArea(outer))
        for hole in rings.dropFirst() {
            var h = hole
            for cutter in cutters where !h.isEmpty { h = clip(h, nearer: s, than: cutter) }
            area -= abs(signedArea(h))
        }
        return max(0, area)
    }

    /// Sutherland–Hodgman: the ring's part where points are at least as near to `a` as to `b`.
    static func clip(_ ring: [Point], nearer a: Point, than b: Point) -> [Point] {
        // Inside when 2 p·(b − a) ≤ |b|² − |a|².
        let nx = b.x - a.x, ny = b.y - a.y
        let c = ((b.x * b.x + b.y * b.y) - (a.x * a.x + a.y * a.y)) / 2
        func side(_ p: Point) -> Double { c - (p.x * nx + p.y * ny) }
        var out: [Point] = []
        out.reserveCapacity(ring.count + 2)
        guard var previous = ring.last else { return [] }
        var previousSide = side(previous)
        for current in ring {
            let currentSide = side(current)
            if currentSide >= 0 {
                if previousSide < 0 { out.append(cross(previous, current, previousSide, currentSide)) }
                out.append(current)
            } else if previousSide >= 0 {
                out.append(cross(previous, current, previousSide, currentSide))
            }
            previous = current
            previousSide = currentSide
        }
        return out
    }

    static func cross(_ p: Point, _ q: Point, _ sp: Double, _ sq: Double) -> Point {
        let t = sp / (sp - sq)
        return Point(x: p.x + t * (q.x - p.x), y: p.y + t * (q.y - p.y))
    }

    /// Shoelace; a closed ring may repeat its first point (it adds nothing).
    static func signedArea(_ ring: [Point]) -> Double {
        guard ring.count >= 3, var previous = ring.last else { return 0 }
        var sum = 0.0
        for p in ring {
            sum += previous.x * p.y - p.x * previous.y
            previous = p
        }
        return sum / 2
    }

    /// The basin's areal rainfall: Σ weightᵢ × mmᵢ over the gauges given (weights from `weights`).
    public static func arealRainfall(_ weights: [Weight], millimetres: [String: Double]) -> Double {
        weights.reduce(0) { $0 + $1.weight * (millimetres[$1.id] ?? 0) }
    }
}
