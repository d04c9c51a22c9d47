import HubKit

/// The terrain cells a GeoJSON geometry covers. Coordinates are read as the terrain's map coordinates, so
/// places must be in the terrain's reference system (a WGS84 terrain such as the demo's takes GeoJSON as is).
///
/// A point covers the cell holding it; a line the cells it passes through (sampled every quarter cell); a polygon
/// the cells whose centres lie inside it (even-odd, holes excluded) or, when it is smaller than a cell and holds
/// no centre, the cell holding its first vertex.
public enum PlaceCells {
    public static func cells(of geometry: GeoGeometry, in terrain: Raster) -> [Int] {
        guard let geo = terrain.georeference else { return [] }
        func index(_ p: GeoPoint) -> Int? {
            guard let (c, r) = geo.cell(x: p.lon, y: p.lat) else { return nil }
            let (column, row) = (c.rounded(.down), r.rounded(.down))
            guard column >= 0, row >= 0, column < Double(terrain.columns), row < Double(terrain.rows) else { return nil }
            return Int(row) * terrain.columns + Int(column)
        }
        switch geometry {
        case .point(let p):
            return index(p).map { [$0] } ?? []
        case .lineString(let points):
            var found = Set<Int>()
            let step = 0.25 * min(abs(geo.a) + abs(geo.b), abs(geo.d) + abs(geo.e))
            for (p, q) in zip(points, points.dropFirst()) {
                let length = ((q.lon - p.lon) * (q.lon - p.lon) + (q.lat - p.lat) * (q.lat - p.lat)).squareRoot()
                let n = step > 0 ? min(1_000_000, Int((length / step).rounded(.up))) : 0
                for k in 0...max(n, 0) {
                    let t = n == 0 ? 0 : Double(k) / Double(n)
                    if let i = index(GeoPoint(lon: p.lon + (q.lon - p.lon) * t, lat: p.lat + (q.lat - p.lat) * t)) { found.insert(i) }
                }
            }
            if points.count == 1, let i = index(points[0]) { found.insert(i) }
            return found.sorted()
        case .polygon(let polygon):
            return polygonCells(polygon, terrain: terrain, geo: geo, index: index)
        }
    }

    private static func polygonCells(_ polygon: GeoPolygon, terrain: Raster, geo: Georeference,
                                     index: (GeoPoint) -> Int?) -> [Int] {
        let corners = polygon.exterior.compactMap { geo.cell(x: $0.lon, y: $0.lat) }
        guard corners.count == polygon.exterior.count, !corners.isEmpty else { return [] }
        let c0 = max(0, Int(max(-1, corners.map(\.column).min() ?? 0).rounded(.down)))
        let c1 = min(terrain.columns - 1, Int(min(Double(terrain.columns), corners.map(\.column).max() ?? 0).rounded(.up)))
        let r0 = max(0, Int(max(-1, corners.map(\.row).min() ?? 0).rounded(.down)))
        let r1 = min(terrain.rows - 1, Int(min(Double(terrain.rows), corners.map(\.row).max() ?? 0).rounded(.up)))
        var out: [Int] = []
        if c0 <= c1, r0 <= r1 {
            for r in r0...r1 {
                for c in c0...c1 {
                    let centre = geo.map(column: Double(c) + 0.5, row: Double(r) + 0.5)
                    let p = GeoPoint(lon: centre.x, lat: centre.y)
                    if inside(p, polygon.exterior) && !polygon.holes.contains(where: { inside(p, $0) }) {
                        out.append(r * terrain.columns + c)
                    }
                }
            }
        }
        if out.isEmpty, let first = polygon.exterior.first, let i = index(first) { out = [i] }
        return out
    }

    private static func inside(_ p: GeoPoint, _ ring: [GeoPoint]) -> Bool {
        var result = false
        var j = ring.count - 1
        for i in ring.indices {
            let (a, b) = (ring[i], ring[j])
            if (a.lat > p.lat) != (b.lat > p.lat),
               p.lon < (b.lon - a.lon) * (p.lat - a.lat) / (b.lat - a.lat) + a.lon {
                result.toggle()
            }
            j = i
        }
        return result
    }
}
