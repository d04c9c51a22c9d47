/// Flooded area and water depths of one inundation. Pure.
///
/// Area sums each flooded cell's ground area (`CellGeometry`: per row on geographic grids). Depths are
/// `level − elevation` on flooded cells, metres; percentiles are nearest-rank (the smallest depth with at least
/// p % of flooded cells at or below it).
public struct FloodStatistics: Sendable, Equatable, Codable {
    public var floodedCells: Int
    /// m².
    public var areaSquareMetres: Double
    public var minDepth: Double?
    public var meanDepth: Double?
    public var maxDepth: Double?
    /// Keys "p50", "p90", "p95", "p99".
    public var percentiles: [String: Double]

    public static let percentileRanks = [50, 90, 95, 99]

    public init(_ inundation: Inundation, terrain: Raster, geometry: CellGeometry? = nil) {
        let cells = geometry ?? CellGeometry(terrain)
        let mask = inundation.flooded
        var depths: [Float] = []
        depths.reserveCapacity(1024)
        var area = 0.0
        var sum = 0.0
        let level = inundation.level
        for r in 0..<mask.rows {
            var rowCount = 0
            for w in 0..<mask.wordsPerRow {
                var word = mask.words[r * mask.wordsPerRow + w]
                while word != 0 {
                    let c = w * 64 + word.trailingZeroBitCount
                    word &= word - 1
                    let depth = level - terrain.values[r * terrain.columns + c]
                    depths.append(depth)
                    sum += Double(depth)
                    rowCount += 1
                }
            }
            area += Double(rowCount) * cells.rowArea[r]
        }
        floodedCells = depths.count
        areaSquareMetres = area
        guard !depths.isEmpty else {
            (minDepth, meanDepth, maxDepth, percentiles) = (nil, nil, nil, [:])
            return
        }
        depths.sort()
        minDepth = Double(depths[0])
        maxDepth = Double(depths[depths.count - 1])
        meanDepth = sum / Double(depths.count)
        var p: [String: Double] = [:]
        for rank in Self.percentileRanks {
            let k = max(0, Int((Double(rank) / 100 * Double(depths.count)).rounded(.up)) - 1)
            p["p\(rank)"] = Double(depths[min(k, depths.count - 1)])
        }
        percentiles = p
    }
}
