import Foundation
import HubKit

/// The riverside places of the flood story as blocks of terrain cells, with the ground levels the terrain gives
/// them. The place features use the blocks' outlines, so a place and its terrain cells are the same squares.
///
/// Dongshuimen dock (Yangtze bank, 1.2 km from the tip): the square's river-edge row at 176.10–176.17 m, its
/// other rows rising to 176.75 m, walled at 180 m except towards the steps; the steps below run the square's
/// width down to about 170 m; the steps above (3 cells wide) climb from 176.85 m to the upper street at 182 m.
/// Caiyuanba levee: a basin at 174.0–174.4 m inside a ring of cells 3 wide, 178 m on the river side.
enum DemoRiverfront {
    static let dockX = 8150.0
    static let leveeX = 4600.0
    static let squareEdgeLevels = [176.10, 176.13, 176.17, 176.12, 176.15, 176.11, 176.16, 176.14, 176.10, 176.17, 176.12, 176.15]
    /// The square's rows after the edge row, river to land.
    static let squareRowLevels = [176.18, 176.32, 176.47, 176.61, 176.75]
    /// The steps below the square, top to bottom: drops of 0.15–0.30 m from 176.10 m to about 170 m.
    static let stepLevels: [Double] = {
        let drops = [0.30, 0.25, 0.30, 0.20, 0.30, 0.15, 0.30, 0.25]
        var levels = [176.10]
        while let last = levels.last, last > 170.3 { levels.append(((last - drops[levels.count % drops.count]) * 100).rounded() / 100) }
        return levels
    }()
    /// The steps above the square, bottom to top.
    static let upperStepLevels = (0..<16).map { ((176.85 + 0.34 * Double($0)) * 100).rounded() / 100 }
    static let upperStreetLevel = 182.0
    static let leveeCrest = 178.0
    static let basinLevels = [174.0, 174.1, 174.2, 174.3, 174.4]

    private static let dockColumn = DemoTerrainGrid.column(x: dockX)
    /// The square's river-edge row: the first row wholly on land across the square and its walls.
    private static let dockEdgeRow = firstDryRow(columns: (dockColumn - 8)...(dockColumn + 8))
    static let dockSquare = TerrainBlock(columns: (dockColumn - 6)...(dockColumn + 5), rows: (dockEdgeRow - 5)...dockEdgeRow)
    static let dockSteps = TerrainBlock(columns: dockSquare.columns, rows: (dockEdgeRow + 1)...(dockEdgeRow + stepLevels.count))
    static let upperSteps = TerrainBlock(columns: (dockColumn - 1)...(dockColumn + 1),
                                         rows: (dockEdgeRow - 5 - upperStepLevels.count)...(dockEdgeRow - 6))
    static let upperStreet = TerrainBlock(columns: (dockColumn - 20)...(dockColumn + 19),
                                          rows: (upperSteps.rows.lowerBound - 2)...(upperSteps.rows.lowerBound - 1))
    /// Square, upper steps and upper street: the lower town, whose surroundings are cut down to a terrace.
    static let dockFootprint = TerrainBlock(columns: upperStreet.columns, rows: upperStreet.rows.lowerBound...dockEdgeRow)

    private static let leveeColumn = DemoTerrainGrid.column(x: leveeX)
    private static let leveeRow = firstDryRow(columns: (leveeColumn - 9)...(leveeColumn + 8))
    static let leveeRing = TerrainBlock(columns: (leveeColumn - 9)...(leveeColumn + 8), rows: (leveeRow - 10)...leveeRow)
    static let leveeBasin = TerrainBlock(columns: (leveeColumn - 6)...(leveeColumn + 5), rows: (leveeRow - 7)...(leveeRow - 3))

    /// Sets the story's ground levels on `heights` (row-major from the northern row).
    static func shape(_ heights: inout [Double], columns: Int) {
        let square = dockSquare
        let (west, east) = (square.columns.lowerBound, square.columns.upperBound)
        for r in (square.rows.lowerBound - 2)...square.rows.upperBound {
            for c in (west - 2)...(east + 2) where !square.contains(column: c, row: r) && !upperSteps.contains(column: c, row: r) {
                heights[r * columns + c] = max(heights[r * columns + c], 180)
            }
        }
        for (k, r) in dockSteps.rows.enumerated() {
            for c in [west - 2, west - 1, east + 1, east + 2] {
                heights[r * columns + c] = max(heights[r * columns + c], stepLevels[k] + 1.2)
            }
            for c in square.columns { heights[r * columns + c] = stepLevels[k] }
        }
        for r in square.rows {
            for c in square.columns {
                let fromRiver = square.rows.upperBound - r
                heights[r * columns + c] = fromRiver == 0
                    ? squareEdgeLevels[(c - west) % squareEdgeLevels.count] : squareRowLevels[fromRiver - 1]
            }
        }
        for r in upperSteps.rows {
            for c in upperSteps.columns { heights[r * columns + c] = upperStepLevels[upperSteps.rows.upperBound - r] }
        }
        for r in upperStreet.rows {
            for c in upperStreet.columns { heights[r * columns + c] = upperStreetLevel + 0.01 * Double(abs(c - dockColumn) / 8) }
        }
        for r in leveeRing.rows {
            for c in leveeRing.columns {
                let i = r * columns + c
                if leveeBasin.contains(column: c, row: r) {
                    heights[i] = basinLevels[(c * 7 + r * 3) % basinLevels.count]
                } else {
                    heights[i] = r >= leveeRow - 2 ? leveeCrest : max(heights[i], leveeCrest + 0.5)
                }
            }
        }
    }

    private static func firstDryRow(columns: ClosedRange<Int>) -> Int {
        let from = DemoTerrainGrid.x(westEdgeOf: columns.lowerBound), to = DemoTerrainGrid.x(westEdgeOf: columns.upperBound + 1)
        let shore = stride(from: from, through: to, by: 2).map { DemoPeninsula.southShore.y(at: $0) }.max() ?? 0
        return DemoTerrainGrid.firstRowNorth(ofY: shore)
    }
}
