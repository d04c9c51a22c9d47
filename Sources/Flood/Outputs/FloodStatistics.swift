/// Flooded area and water depths of one inundation. Pure.
///
/// Area sums each flooded cell's ground area (`CellGeometry`: per row on geographic grids). Depths are
/// `level − elevation` on flooded cells, metres. Percentiles are nearest-rank (the smallest depth with at least
/// p % of flooded cells at or below it) on depths rounded to the millimetre — what the API prints — so they come
/// from a millimetre histogram instead of a sort, exact on grids up to 4 million cells; larger grids take every
/// `percentileStride`-th cell (10^8 cells: every 32nd, 3.1 million samples), and the count, area, mean, minimum
/// and maximum stay exact.
public struct FloodStatistics: Sendable, Equatable, Codable {
    public var floodedCells: Int
    /// m².
    public var areaSquareMetres: Double
    public var minDepth: Double?
    public var meanDepth: Double?
    public var maxDepth: Double?
    /// Keys "p50", "p90", "p95", "p99".
    public var percentiles: [String: Double]
    /// 1: the percentiles are exact; n: they come from every n-th cell of the grid.
    public var percentileStride: Int

    public static let percentileRanks = [50, 90, 95, 99]

    public init(_ inundation: Inundation, terrain: Raster, geometry: CellGeometry? = nil) {
        let cells = geometry ?? CellGeometry(terrain)
        let tally = DepthTally.of(inundation, terrain: terrain, rowArea: cells.rowArea)
        floodedCells = tally.count
        areaSquareMetres = tally.area
        percentileStride = DepthTally.stride(cells: terrain.count)
        guard tally.count > 0 else {
            (minDepth, meanDepth, maxDepth, percentiles) = (nil, nil, nil, [:])
            return
        }
        minDepth = Double(tally.minDepth)
        maxDepth = Double(tally.maxDepth)
        meanDepth = tally.sum / Double(tally.count)
        var p: [String: Double] = [:]
        for rank in Self.percentileRanks where tally.sampled > 0 {
            let k = max(1, Int((Double(rank) / 100 * Double(tally.sampled)).rounded(.up)))
            p["p\(rank)"] = tally.depth(ofRank: k, maxDepth: Double(tally.maxDepth))
        }
        percentiles = p
    }
}
