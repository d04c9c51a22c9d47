import HubKit

/// The river's cells on a terrain, from GeoJSON or a mask. Pure.
///
/// - Lines (LineString, MultiLineString) become every cell they pass through plus every cell whose centre lies
///   within `width / 2` metres (a feature's `width` property, metres, overrides the argument) of them (metres measured with the grid's cell size on the ground, so a
///   geographic grid's degrees are handled).
/// - Polygons (Polygon, MultiPolygon) become the cells whose centres lie inside (holes excluded); a polygon
///   smaller than a cell takes the cell of its first vertex. Points take their cell.
/// - A mask is a grid of the terrain's size whose non-zero cells are the river.
///
/// Refused: GeoJSON that cannot be read, a river covering no cell (`FLOOD_RIVER_OUTSIDE_TERRAIN`, usually a
/// different reference system), or one only on NoData (`FLOOD_RIVER_ON_NODATA`).
public enum RiverCells {
    public static func fromGeoJSON(_ bytes: [UInt8], terrain: Raster, width: Double = 0) throws(FloodInputError) -> CellMask {
        guard width >= 0, width.isFinite else { throw .badWidth(width) }
        let features = try FloodGeoJSON.features(bytes)
        var mask = CellMask(columns: terrain.columns, rows: terrain.rows)
        let size = CellGeometry(terrain).cellMetres
        for feature in features {
            for part in feature.parts {
                for index in PlaceCells.cells(of: part, in: terrain) {
                    mask.insert(column: index % terrain.columns, row: index / terrain.columns)
                }
                let own = feature.properties["width"].flatMap(Double.init) ?? width
                guard own >= 0, own.isFinite else { throw .badWidth(own) }
                if case .lineString(let points) = part, own > 0 {
                    widen(&mask, line: points, halfWidth: own / 2, cellMetres: size, terrain: terrain)
                }
            }
        }
        return try checked(mask, terrain: terrain)
    }

    public static func fromMask(_ grid: Raster, terrain: Raster) throws(FloodInputError) -> CellMask {
        guard grid.columns == terrain.columns, grid.rows == terrain.rows else {
            throw .maskSize(expected: "\(terrain.columns) × \(terrain.rows)", actual: "\(grid.columns) × \(grid.rows)")
        }
        let mask = CellMask(columns: terrain.columns, rows: terrain.rows) { c, r in
            let v = grid.values[r * terrain.columns + c]
            return !v.isNaN && v != 0
        }
        return try checked(mask, terrain: terrain)
    }

    static func checked(_ mask: CellMask, terrain: Raster) throws(FloodInputError) -> CellMask {
        guard !mask.isEmpty else { throw .riverOutsideTerrain }
        guard mask.indices().contains(where: { !terrain.values[$0].isNaN }) else { throw .riverOnNoData }
        return mask
    }

    /// Adds the cells whose centres lie within `halfWidth` metres of the line, working in cell coordinates
    /// scaled to metres.
    private static func widen(_ mask: inout CellMask, line: [GeoPoint], halfWidth: Double,
                              cellMetres: (east: Double, north: Double), terrain: Raster) {
        guard let geo = terrain.georeference else { return }
        let cells = line.compactMap { geo.cell(x: $0.lon, y: $0.lat) }
        guard cells.count == line.count else { return }
        let (sx, sy) = (cellMetres.east, cellMetres.north)
        guard sx > 0, sy > 0 else { return }
        let reachC = halfWidth / sx, reachR = halfWidth / sy
        for (p, q) in zip(cells, cells.dropFirst()) {
            let c0 = max(0, Int((min(p.column, q.column) - reachC).rounded(.down)))
            let c1 = min(terrain.columns - 1, Int((max(p.column, q.column) + reachC).rounded(.up)))
            let r0 = max(0, Int((min(p.row, q.row) - reachR).rounded(.down)))
            let r1 = min(terrain.rows - 1, Int((max(p.row, q.row) + reachR).rounded(.up)))
            guard c0 <= c1, r0 <= r1 else { continue }
            let (dx, dy) = ((q.column - p.column) * sx, (q.row - p.row) * sy)
            let length2 = dx * dx + dy * dy
            for r in r0...r1 {
                for c in c0...c1 {
                    let (px, py) = ((Double(c) + 0.5 - p.column) * sx, (Double(r) + 0.5 - p.row) * sy)
                    let t = length2 > 0 ? min(1, max(0, (px * dx + py * dy) / length2)) : 0
                    let (ex, ey) = (px - t * dx, py - t * dy)
                    if ex * ex + ey * ey <= halfWidth * halfWidth { mask.insert(column: c, row: r) }
                }
            }
        }
    }
}
