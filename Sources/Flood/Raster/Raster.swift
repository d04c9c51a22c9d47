/// A single-band grid of elevations (or any values), row-major with the northern (first stored) row first.
///
/// Invariants: `values.count == columns * rows`; cells without data hold NaN whatever the source file used to
/// mark them (`noData` keeps that marker for writing back). Storing NaN means a comparison such as
/// `value < level` is false on NoData without a second test, which the inundation code relies on.
public struct Raster: Sendable {
    public let columns: Int
    public let rows: Int
    public var values: [Float]
    /// The marker the source used for NoData (GDAL_NODATA, NODATA_value), if any.
    public var noData: Double?
    public var georeference: Georeference?

    public init(columns: Int, rows: Int, values: [Float], noData: Double? = nil, georeference: Georeference? = nil) {
        precondition(columns >= 0 && rows >= 0 && values.count == columns * rows, "raster size mismatch")
        self.columns = columns
        self.rows = rows
        self.values = values
        self.noData = noData
        self.georeference = georeference
    }

    public var count: Int { columns * rows }

    /// The value of a cell; nil outside the grid or on NoData.
    public subscript(column: Int, row: Int) -> Float? {
        guard (0..<columns).contains(column), (0..<rows).contains(row) else { return nil }
        let value = values[row * columns + column]
        return value.isNaN ? nil : value
    }

    /// Cells with data, and the lowest and highest value among them.
    public func summary() -> (dataCells: Int, minimum: Float?, maximum: Float?) {
        var count = 0
        var low = Float.infinity, high = -Float.infinity
        for value in values where !value.isNaN {
            count += 1
            low = min(low, value)
            high = max(high, value)
        }
        return count == 0 ? (0, nil, nil) : (count, low, high)
    }
}

/// Where a raster lies: an affine map from cell-corner coordinates (column, row) to map coordinates in the
/// reference system `epsg` (nil when the file does not say). `x = originX + column·a + row·b`,
/// `y = originY + column·d + row·e`; for a north-up grid `b = d = 0` and `e` is negative.
public struct Georeference: Sendable, Hashable {
    public var originX: Double
    public var originY: Double
    public var a: Double
    public var b: Double
    public var d: Double
    public var e: Double
    public var epsg: Int?

    public init(originX: Double, originY: Double, a: Double, b: Double = 0, d: Double = 0, e: Double, epsg: Int? = nil) {
        (self.originX, self.originY, self.a, self.b, self.d, self.e, self.epsg) = (originX, originY, a, b, d, e, epsg)
    }

    /// Map coordinates of a point given in cell coordinates (a cell's centre is at column + 0.5, row + 0.5).
    public func map(column: Double, row: Double) -> (x: Double, y: Double) {
        (originX + column * a + row * b, originY + column * d + row * e)
    }

    /// Cell coordinates of a map point; nil if the transform cannot be inverted.
    public func cell(x: Double, y: Double) -> (column: Double, row: Double)? {
        let det = a * e - b * d
        guard det != 0, det.isFinite else { return nil }
        let (dx, dy) = (x - originX, y - originY)
        return ((e * dx - b * dy) / det, (a * dy - d * dx) / det)
    }
}
