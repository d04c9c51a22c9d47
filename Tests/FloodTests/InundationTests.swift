import Testing
@testable import Flood

@Suite("Connected inundation and spill levels")
struct InundationTests {
    struct Case: CustomStringConvertible {
        let name: String
        let terrain: Raster
        let river: CellMask
        var description: String { name }
    }

    static let cases: [Case] = {
        var out: [Case] = []
        for (columns, rows) in [(1, 1), (64, 3), (65, 17), (130, 41), (200, 150)] {
            let random = Terrains.random(columns: columns, rows: rows, seed: UInt64(columns * 1_000 + rows))
            out.append(Case(name: "random \(columns)×\(rows), west river", terrain: random, river: Terrains.westColumn(random)))
            out.append(Case(name: "random \(columns)×\(rows), scattered seeds", terrain: random,
                            river: Terrains.randomSeeds(random, count: 3, seed: 9)))
            let flat = Terrains.plateaus(columns: columns, rows: rows, seed: UInt64(rows))
            out.append(Case(name: "plateaus \(columns)×\(rows)", terrain: flat, river: Terrains.westColumn(flat)))
        }
        let levee = Terrains.leveeAndWall()
        out.append(Case(name: "levee and NoData wall", terrain: levee, river: Terrains.westColumn(levee)))
        return out
    }()

    @Test("the fast fill equals a breadth-first search at every level, 4 and 8 neighbours", arguments: cases)
    func fillEqualsReference(_ test: Case) {
        for connectivity in Connectivity.allCases {
            for level in Terrains.levels(test.terrain) {
                let fast = ConnectedInundation.flood(test.terrain, river: test.river, level: level, connectivity: connectivity)
                let expected = Terrains.reference(test.terrain, river: test.river, level: level, connectivity: connectivity)
                #expect(Set(fast.flooded.indices()) == expected, "level \(level), \(connectivity)")
            }
        }
    }

    @Test("spill-level answers equal the direct computation at every level", arguments: cases)
    func spillEqualsDirect(_ test: Case) {
        for connectivity in Connectivity.allCases {
            let spill = SpillLevels(terrain: test.terrain, river: test.river, connectivity: connectivity)
            for level in Terrains.levels(test.terrain, count: 20) {
                let direct = ConnectedInundation.flood(test.terrain, river: test.river, level: level, connectivity: connectivity)
                #expect(spill.flooded(at: level).flooded == direct.flooded, "level \(level), \(connectivity)")
            }
        }
    }

    @Test("a cell exactly at the level stays dry; depth is level minus elevation")
    func strictLevelAndDepth() {
        let terrain = Raster(columns: 3, rows: 1, values: [175, 176, 177])
        let river = CellMask(columns: 3, rows: 1) { c, _ in c == 0 }
        let at176 = ConnectedInundation.flood(terrain, river: river, level: 176)
        #expect(at176.flooded.indices() == [0])
        let above = ConnectedInundation.flood(terrain, river: river, level: 176.5)
        #expect(above.flooded.indices() == [0, 1])
        #expect(above.depth(column: 1, row: 0, in: terrain) == 0.5)
        #expect(above.depth(column: 2, row: 0, in: terrain) == nil)
        let spill = SpillLevels(terrain: terrain, river: river)
        #expect(spill.values == [175, 176, 177])
    }

    @Test("the basin behind the levee stays dry below the crest and floods above it")
    func leveeBasin() {
        let terrain = Terrains.leveeAndWall()
        let river = Terrains.westColumn(terrain)
        let basin = 10 * terrain.columns + 25
        let at177 = ConnectedInundation.flood(terrain, river: river, level: 177.9)
        #expect(!at177.flooded[25, 10])
        #expect(at177.flooded[4, 10])
        #expect(ConnectedInundation.flood(terrain, river: river, level: 178.01).flooded[25, 10])
        let spill = SpillLevels(terrain: terrain, river: river)
        #expect(spill.values[basin] == 178)
    }

    @Test("NoData never floods and blocks the water; south of the wall floods only through its gap")
    func noDataWall() {
        let terrain = Terrains.leveeAndWall()
        let river = CellMask(columns: terrain.columns, rows: terrain.rows) { c, r in c == 0 && r < 22 }
        let flood = ConnectedInundation.flood(terrain, river: river, level: 200)
        for c in 2..<terrain.columns { #expect(!flood.flooded[c, 22]) }
        #expect(flood.flooded[0, 22] && flood.flooded[30, 25])
        let spill = SpillLevels(terrain: terrain, river: river)
        #expect(spill[5, 22] == .infinity)
    }

    @Test("water slips between two diagonal cells with 8 neighbours, not with 4")
    func diagonalLeak() {
        // A dry wall with one diagonal gap: cells (1,0) and (0,1) high, (1,1) low.
        let terrain = Raster(columns: 2, rows: 2, values: [170, 180, 180, 170])
        let river = CellMask(columns: 2, rows: 2) { c, r in c == 0 && r == 0 }
        #expect(ConnectedInundation.flood(terrain, river: river, level: 175, connectivity: .eight).flooded.count == 2)
        #expect(ConnectedInundation.flood(terrain, river: river, level: 175, connectivity: .four).flooded.count == 1)
        #expect(SpillLevels(terrain: terrain, river: river, connectivity: .four)[1, 1] == 180)
        #expect(SpillLevels(terrain: terrain, river: river, connectivity: .eight)[1, 1] == 170)
    }

    @Test("a river cell above the level does not flood, nor does it carry water")
    func dryRiverCell() {
        let terrain = Raster(columns: 3, rows: 1, values: [177, 170, 170])
        let river = CellMask(columns: 3, rows: 1) { c, _ in c == 0 }
        #expect(ConnectedInundation.flood(terrain, river: river, level: 176).flooded.isEmpty)
        #expect(ConnectedInundation.flood(terrain, river: river, level: 178).flooded.count == 3)
    }

    @Test("long runs across many words and a serpentine channel")
    func serpentine() {
        // A channel that winds back and forth over 64-bit word borders: the fill must follow it up and down.
        let (columns, rows) = (150, 21)
        var values = [Float](repeating: 180, count: columns * rows)
        for r in stride(from: 0, to: rows, by: 2) { for c in 0..<columns { values[r * columns + c] = 170 } }
        for r in stride(from: 1, to: rows, by: 2) { values[r * columns + ((r / 2) % 2 == 0 ? columns - 1 : 0)] = 170 }
        let terrain = Raster(columns: columns, rows: rows, values: values)
        let river = CellMask(columns: columns, rows: rows) { c, r in c == 0 && r == 0 }
        for connectivity in Connectivity.allCases {
            let flood = ConnectedInundation.flood(terrain, river: river, level: 175, connectivity: connectivity)
            #expect(Set(flood.flooded.indices()) == Terrains.reference(terrain, river: river, level: 175, connectivity: connectivity))
            #expect(flood.flooded.count == 11 * columns + 10)
        }
    }
}
