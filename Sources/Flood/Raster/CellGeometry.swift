import Foundation

/// Sizes of a raster's cells on the ground. A grid is **geographic** when its EPSG code is a geographic one
/// (WGS84 4326, CGCS2000 4490, and a few others) or, with no code, when its coordinates look like degrees
/// (|x| ≤ 180, |y| ≤ 90, cells under a degree); otherwise its units are taken as metres.
///
/// Geographic cell areas are exact on a sphere of the WGS84 authalic radius (6,371,007.2 m): a cell between
/// latitudes φ₁ < φ₂ and Δλ of longitude covers R²·Δλ·(sin φ₂ − sin φ₁). Rows differ; cells of a row do not
/// (for a north-up grid). The ellipsoid's authalic latitude would change areas by under 0.3 %.
public struct CellGeometry: Sendable {
    public static let authalicRadius = 6_371_007.2
    static let geographicCodes: Set<Int> = [4326, 4490, 4214, 4610, 4269, 4258, 4283, 4148, 4019]

    public let isGeographic: Bool
    /// Area of one cell of each row, m².
    public let rowArea: [Double]
    /// The size of a cell on the ground at the grid's middle, metres (east–west, north–south).
    public let cellMetres: (east: Double, north: Double)

    public init(_ raster: Raster) {
        self.init(columns: raster.columns, rows: raster.rows, georeference: raster.georeference)
    }

    public init(columns: Int, rows: Int, georeference: Georeference?) {
        guard let geo = georeference else {
            isGeographic = false
            rowArea = [Double](repeating: 1, count: rows)
            cellMetres = (1, 1)
            return
        }
        let geographic: Bool
        if let code = geo.epsg {
            geographic = Self.geographicCodes.contains(code)
        } else {
            let far = geo.map(column: Double(columns), row: Double(rows))
            geographic = abs(geo.originX) <= 180 && abs(far.x) <= 180 && abs(geo.originY) <= 90 && abs(far.y) <= 90
                && abs(geo.a) < 1 && abs(geo.e) < 1
        }
        isGeographic = geographic
        if geographic {
            let r = Self.authalicRadius
            let degrees = Double.pi / 180
            let width = abs(geo.a * geo.e - geo.b * geo.d) / max(abs(geo.e), .leastNonzeroMagnitude)
            rowArea = (0..<rows).map { row in
                let top = geo.map(column: 0, row: Double(row)).y, bottom = geo.map(column: 0, row: Double(row + 1)).y
                return r * r * width * degrees * abs(sin(top * degrees) - sin(bottom * degrees))
            }
            let middle = geo.map(column: Double(columns) / 2, row: Double(rows) / 2).y * degrees
            cellMetres = (abs(geo.a) * degrees * r * cos(middle), abs(geo.e) * degrees * r)
        } else {
            let area = abs(geo.a * geo.e - geo.b * geo.d)
            rowArea = [Double](repeating: area, count: rows)
            cellMetres = ((geo.a * geo.a + geo.d * geo.d).squareRoot(), (geo.b * geo.b + geo.e * geo.e).squareRoot())
        }
    }
}
