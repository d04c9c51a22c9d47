@testable import Flood
import Testing

/// The browser's first-flood grid answers every centimetre level exactly as the spill levels do.
@Suite struct FirstFloodGridTests {
    @Test func everyCentimetreLevelCountsTheSameCellsAsTheSpillLevels() {
        for terrain in [Terrains.leveeAndWall(), Terrains.random(columns: 37, rows: 23, seed: 8), Terrains.plateaus(columns: 30, rows: 20, seed: 3)] {
            let spill = SpillLevels(terrain: terrain, river: Terrains.westColumn(terrain))
            let bytes = FirstFloodGrid.encode(spill: spill, terrain: terrain, geometry: CellGeometry(terrain))
            #expect(bytes.count == FirstFloodGrid.headerBytes + terrain.rows * 4 + terrain.count * 4)
            for centimetres in stride(from: 16_950, through: 18_050, by: 1) {
                let level = Float(Double(centimetres) / 100)
                #expect(FirstFloodGrid.floodedCells(bytes, levelCentimetres: centimetres) == spill.flooded(at: level).flooded.count,
                        "at \(centimetres) cm")
            }
        }
    }

    @Test func firstCentimetreIsStrictlyAboveTheSpillLevel() {
        // A cell whose spill level is exactly a typed level is still dry at that level (the rule is spill < level).
        #expect(FirstFloodGrid.firstCentimetre(above: Float(176.1)) == 17_611)
        #expect(FirstFloodGrid.firstCentimetre(above: Float(176.105)) == 17_611)
        #expect(FirstFloodGrid.firstCentimetre(above: Float(-2.5)) == -249)
    }

    @Test func noDataAndUnreachedCellsNeverFlood_groundKeepsItsHeight() {
        let terrain = Terrains.leveeAndWall()
        let spill = SpillLevels(terrain: terrain, river: Terrains.westColumn(terrain))
        let bytes = FirstFloodGrid.encode(spill: spill, terrain: terrain, geometry: CellGeometry(terrain))
        let start = FirstFloodGrid.headerBytes + terrain.rows * 4
        func code(_ array: Int, _ i: Int) -> UInt16 {
            let at = start + array * terrain.count * 2 + 2 * i
            return UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
        }
        let wall = 22 * terrain.columns + 10
        #expect(code(0, wall) == FirstFloodGrid.none && code(1, wall) == FirstFloodGrid.none)
        let groundBase = Int(Int32(bitPattern: FirstFloodGrid.read32(bytes, 20)))
        let basin = 10 * terrain.columns + 25
        #expect(groundBase + Int(code(1, basin)) == 17_200)
    }
}
