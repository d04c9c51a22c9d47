@testable import Flood

/// Test terrains and a plain breadth-first flood to hold the fast code to.
enum Terrains {
    /// A deterministic generator (SplitMix64) so failures reproduce.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    /// Noise from 170 to 180 m, rounded to centimetres.
    static func random(columns: Int, rows: Int, seed: UInt64) -> Raster {
        var random = Random(state: seed)
        let values = (0..<(columns * rows)).map { _ in Float((170 + 10 * random.unit()) * 100).rounded() / 100 }
        return Raster(columns: columns, rows: rows, values: values)
    }

    /// Few distinct heights in flat patches: many ties, and levels equal to whole plateaus.
    static func plateaus(columns: Int, rows: Int, seed: UInt64) -> Raster {
        var random = Random(state: seed)
        let heights: [Float] = [174, 175, 176, 176.5, 177]
        let patch = 3
        let across = (columns + patch - 1) / patch, down = (rows + patch - 1) / patch
        let patches = (0..<(across * down)).map { _ in heights[random.below(heights.count)] }
        let values = (0..<(columns * rows)).map { i in patches[(i / columns / patch) * across + (i % columns) / patch] }
        return Raster(columns: columns, rows: rows, values: values)
    }

    /// A slope down to a river along the western column, with a closed basin at 172 m inside a 178 m ring and
    /// a wall of NoData cells across the south.
    static func leveeAndWall(columns: Int = 40, rows: Int = 30) -> Raster {
        var values = [Float](repeating: 0, count: columns * rows)
        for r in 0..<rows {
            for c in 0..<columns { values[r * columns + c] = 170 + Float(c) * 0.25 }
        }
        for r in 5...15 {
            for c in 20...30 {
                let ring = r == 5 || r == 15 || c == 20 || c == 30
                values[r * columns + c] = ring ? 178 : 172
            }
        }
        for c in 0..<columns { values[22 * columns + c] = c < 2 ? 170 : .nan }
        return Raster(columns: columns, rows: rows, values: values)
    }

    static func westColumn(_ terrain: Raster) -> CellMask {
        CellMask(columns: terrain.columns, rows: terrain.rows) { c, _ in c == 0 }
    }

    static func randomSeeds(_ terrain: Raster, count: Int, seed: UInt64) -> CellMask {
        var random = Random(state: seed)
        let chosen = Set((0..<count).map { _ in random.below(terrain.count) })
        return CellMask(columns: terrain.columns, rows: terrain.rows) { c, r in chosen.contains(r * terrain.columns + c) }
    }

    /// Breadth-first search from the seed cells below the level, cell by cell.
    static func reference(_ terrain: Raster, river: CellMask, level: Float, connectivity: Connectivity) -> Set<Int> {
        let (columns, rows) = (terrain.columns, terrain.rows)
        func below(_ i: Int) -> Bool { let z = terrain.values[i]; return !z.isNaN && z < level }
        var seen = Set<Int>()
        var queue: [Int] = river.indices().filter(below)
        seen.formUnion(queue)
        var head = 0
        while head < queue.count {
            let i = queue[head]
            head += 1
            let (r, c) = i.quotientAndRemainder(dividingBy: columns)
            for dr in -1...1 {
                for dc in -1...1 where (dr, dc) != (0, 0) && (connectivity == .eight || dr == 0 || dc == 0) {
                    let (nr, nc) = (r + dr, c + dc)
                    guard nr >= 0, nr < rows, nc >= 0, nc < columns else { continue }
                    let n = nr * columns + nc
                    if below(n), seen.insert(n).inserted { queue.append(n) }
                }
            }
        }
        return seen
    }

    /// Levels worth testing on a terrain: every distinct value of a sample (ties: exactly at a cell), just above
    /// and below some, and beyond the range.
    static func levels(_ terrain: Raster, count: Int = 12) -> [Float] {
        let data = terrain.values.filter { !$0.isNaN }
        guard !data.isEmpty else { return [0] }
        var out: Set<Float> = [-1_000, 10_000]
        for k in 0..<count {
            let v = data[(k * 7_919) % data.count]
            out.formUnion([v, v.nextUp, v.nextDown])
        }
        return out.sorted()
    }
}
