/// Each cell's spill level: the lowest river level at which the cell floods.
///
/// Over all chains of neighbouring cells from a river cell to this one, take the highest elevation on each chain;
/// the spill level is the lowest of those maxima. With `ConnectedInundation`'s strict rule (a cell floods when
/// it lies below the level), a cell floods at `level` exactly when `spill < level`: a chain entirely below the
/// level exists iff its highest cell is below it. The values are elevations of the terrain, never sums, so the
/// comparison is exact and the answers equal the direct computation at every level. NoData cells, and cells
/// no chain reaches, have +∞ (never flood).
///
/// Computed once by a priority flood from the river cells (a Dijkstra search on the max-of-path cost): cells
/// leave a priority queue in order of spill level; a neighbour lower than the current level fills to it and is
/// taken next from a plain stack without touching the queue. The levels leave the queue in non-decreasing order,
/// so the queue is a radix heap on the Float bits made monotone (amortised O(log range) per cell, with no
/// sift-down through 10^8 entries); the first version's binary heap took 25 s for 10^8 cells.
public struct SpillLevels: Sendable {
    public let columns: Int
    public let rows: Int
    public let connectivity: Connectivity
    /// Row-major spill levels.
    public let values: [Float]

    /// `progress`, if given, is called with the share of cells settled (0…1) about a hundred times.
    public init(terrain: Raster, river: CellMask, connectivity: Connectivity = .eight,
                progress: ((Double) -> Void)? = nil) {
        precondition(river.columns == terrain.columns && river.rows == terrain.rows, "river mask and terrain differ in size")
        precondition(terrain.count < Int(UInt32.max), "spill levels index cells with 32 bits")
        columns = terrain.columns
        rows = terrain.rows
        self.connectivity = connectivity
        values = Self.compute(terrain.values, columns: columns, rows: rows, river: river, connectivity: connectivity,
                              progress: progress)
    }

    /// Spill levels computed before (read back from a file); `values` row-major, `columns × rows` of them.
    public init(columns: Int, rows: Int, connectivity: Connectivity, values: [Float]) {
        precondition(values.count == columns * rows, "spill levels size mismatch")
        (self.columns, self.rows, self.connectivity, self.values) = (columns, rows, connectivity, values)
    }

    /// The cells that flood at `level` (`spill < level`): one vectorised pass.
    public func flooded(at level: Float) -> Inundation {
        Inundation(level: level, flooded: BelowMask.compute(values, columns: columns, rows: rows, level: level))
    }

    public subscript(column: Int, row: Int) -> Float {
        guard (0..<columns).contains(column), (0..<rows).contains(row) else { return .infinity }
        return values[row * columns + column]
    }

    private static func compute(_ elevation: [Float], columns: Int, rows: Int, river: CellMask,
                                connectivity: Connectivity, progress: ((Double) -> Void)?) -> [Float] {
        var spill = [Float](repeating: .infinity, count: elevation.count)
        let pairs: [(Int, Int)] = connectivity == .eight
            ? [(-1, -1), (0, -1), (1, -1), (-1, 0), (1, 0), (-1, 1), (0, 1), (1, 1)]
            : [(0, -1), (-1, 0), (1, 0), (0, 1)]
        let linear = pairs.map { $0.1 * columns + $0.0 }
        elevation.withUnsafeBufferPointer { zBuffer in
            spill.withUnsafeMutableBufferPointer { sBuffer in
                linear.withUnsafeBufferPointer { offsets in
                    guard let z = zBuffer.baseAddress, let s = sBuffer.baseAddress, let o = offsets.baseAddress else { return }
                    var flood = PriorityFlood(z: z, s: s, offsets: o, offsetCount: offsets.count, pairs: pairs,
                                              columns: columns, rows: rows)
                    for index in river.indices() where z[index] < .infinity {
                        s[index] = z[index]
                        flood.heap.push(key: z[index], index: UInt32(index))
                    }
                    flood.run(progress: progress)
                }
            }
        }
        return spill
    }
}

/// The priority flood's loop over raw pointers. A struct with its queue and stack as stored properties (rather than
/// variables captured by closures), so Swift checks exclusive access statically: captured mutable state cost a
/// dynamic access check per neighbour, a quarter of the time.
private struct PriorityFlood {
    let z: UnsafePointer<Float>
    let s: UnsafeMutablePointer<Float>
    let offsets: UnsafePointer<Int>
    let offsetCount: Int
    let pairs: [(Int, Int)]
    let columns: Int
    let rows: Int
    var heap = RadixHeap()
    var pit: [UInt32] = []

    init(z: UnsafePointer<Float>, s: UnsafeMutablePointer<Float>, offsets: UnsafePointer<Int>, offsetCount: Int,
         pairs: [(Int, Int)], columns: Int, rows: Int) {
        (self.z, self.s, self.offsets, self.offsetCount, self.pairs, self.columns, self.rows) =
            (z, s, offsets, offsetCount, pairs, columns, rows)
    }

    /// Settles neighbour `n` of a cell at `level`.
    @inline(__always) mutating func visit(_ n: Int, _ level: Float) {
        let height = z[n]
        guard s[n] == .infinity, height < .infinity else { return }
        if height <= level {
            s[n] = level
            pit.append(UInt32(truncatingIfNeeded: n))
        } else {
            s[n] = height
            heap.push(key: height, index: UInt32(truncatingIfNeeded: n))
        }
    }

    mutating func run(progress: ((Double) -> Void)?) {
        let total = columns * rows
        let step = max(1, total / 100)
        var settled = 0
        let inverseColumns = 1 / Double(max(columns, 1))
        while true {
            if let progress {
                settled += 1
                if settled % step == 0 { progress(Double(settled) / Double(total)) }
            }
            let cell: Int
            if let next = pit.popLast() {
                cell = Int(next)
            } else if let next = heap.pop() {
                cell = Int(next)
            } else {
                break
            }
            let level = s[cell]
            // The row by a floating multiply (cheaper than a division per cell), corrected where rounding missed.
            var r = Int(Double(cell) * inverseColumns)
            if r * columns > cell { r -= 1 } else if (r + 1) * columns <= cell { r += 1 }
            let c = cell - r * columns
            if r > 0, r < rows - 1, c > 0, c < columns - 1 {
                for k in 0..<offsetCount { visit(cell + offsets[k], level) }
            } else {
                for (dc, dr) in pairs {
                    let (nc, nr) = (c + dc, r + dr)
                    guard nc >= 0, nc < columns, nr >= 0, nr < rows else { continue }
                    visit(nr * columns + nc, level)
                }
            }
        }
    }
}

/// A radix heap of (Float key, cell index) for keys that never go below the last one taken (a monotone queue):
/// each entry is packed in one UInt64, the key's bits made monotone (negative floats flipped) in the high half and
/// the index in the low half; bucket b holds keys whose highest bit differing from the last key taken is b − 1
/// (bucket 0: equal to it). Taking from an empty bucket 0 moves the lowest non-empty bucket down around its
/// minimum. Invariant: every key pushed is ≥ the last key taken.
struct RadixHeap {
    private var buckets: [[UInt64]] = Array(repeating: [], count: 33)
    private var last: UInt32 = 0
    private var occupied: UInt64 = 0

    @inline(__always) static func ordered(_ key: Float) -> UInt32 {
        let bits = key.bitPattern
        return bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
    }

    @inline(__always) private func bucket(_ key: UInt32) -> Int {
        key == last ? 0 : 32 - (key ^ last).leadingZeroBitCount
    }

    mutating func push(key: Float, index: UInt32) {
        let k = Self.ordered(key)
        precondition(k >= last, "radix heap keys must not go below the last one taken")
        let b = bucket(k)
        buckets[b].append(UInt64(k) << 32 | UInt64(index))
        occupied |= 1 << UInt64(b)
    }

    mutating func pop() -> UInt32? {
        if buckets[0].isEmpty {
            occupied &= ~1
            guard occupied != 0 else { return nil }
            let b = occupied.trailingZeroBitCount
            let moving = buckets[b]
            buckets[b].removeAll(keepingCapacity: true)
            occupied &= ~(1 << UInt64(b))
            var lowest = UInt32.max
            for item in moving { lowest = min(lowest, UInt32(truncatingIfNeeded: item >> 32)) }
            last = lowest
            for item in moving {
                let nb = bucket(UInt32(truncatingIfNeeded: item >> 32))
                buckets[nb].append(item)
                occupied |= 1 << UInt64(nb)
            }
        }
        guard let item = buckets[0].popLast() else { return nil }
        return UInt32(truncatingIfNeeded: item)
    }
}
