/// A square of about 55 m (1/2000 of a degree on each side) that a point falls in, as one integer, so that "what
/// lies near this point" is a few index ranges instead of a scan of a whole band of latitude.
///
/// The number is `row × 1,000,000 + column`, row and column counted from 90° S and 180° W; the cells of one row
/// are consecutive numbers, so any box is one range per row. Stored SQL computes the same number with the same
/// double arithmetic (see the cases migration that fills it in), so the formula must never change.
public enum GeoCell {
    public static let perDegree = 2000.0
    static let rowStride: Int64 = 1_000_000

    public static func code(of point: GeoPoint) -> Int64 {
        row(point.lat) * rowStride + column(point.lon)
    }

    /// The code ranges, one per row of cells, that together cover `box`.
    public static func ranges(covering box: GeoBox) -> [ClosedRange<Int64>] {
        let first = column(box.minLon), last = column(box.maxLon)
        return (row(box.minLat)...row(box.maxLat)).map { ($0 * rowStride + first)...($0 * rowStride + last) }
    }

    static func row(_ lat: Double) -> Int64 { Int64(((min(max(lat, -90), 90) + 90) * perDegree).rounded(.down)) }
    static func column(_ lon: Double) -> Int64 { Int64(((min(max(lon, -180), 180) + 180) * perDegree).rounded(.down)) }
}
