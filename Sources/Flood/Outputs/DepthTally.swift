/// Count, area, sum, extremes and a millimetre histogram of the depths of an inundation, tallied in row stripes on
/// all cores and merged. Depths are summed with SIMD, dry lanes masked; the histogram, for the percentiles, takes
/// every `stride`-th cell of the grid (every cell of grids up to `exactCells`), so the pass stays memory bound:
/// reading the elevation under the flooded words is its whole cost.
struct DepthTally {
    /// 1 mm bins up to 100 m; deeper water is counted in the last bin (the maximum is still exact).
    static let bins = 100_000
    /// Grids up to this many cells get exact percentiles; larger ones sample every `cells / exactCells`-th cell.
    static let exactCells = 4_000_000

    var count = 0
    var area = 0.0
    var sum = 0.0
    var minDepth = Float.infinity
    var maxDepth = -Float.infinity
    var sampled = 0
    var histogram: [UInt32]

    init() { histogram = [UInt32](repeating: 0, count: Self.bins) }

    init(count: Int, area: Double, sum: Double, minDepth: Float, maxDepth: Float, sampled: Int, histogram: [UInt32]) {
        (self.count, self.area, self.sum, self.minDepth, self.maxDepth, self.sampled, self.histogram) =
            (count, area, sum, minDepth, maxDepth, sampled, histogram)
    }

    /// 1, or the power of two that samples at most `exactCells` cells.
    static func stride(cells: Int) -> Int {
        var stride = 1
        while cells / stride > exactCells { stride <<= 1 }
        return stride
    }

    static func of(_ inundation: Inundation, terrain: Raster, rowArea: [Double]) -> DepthTally {
        let mask = inundation.flooded
        let (columns, wordsPerRow, level) = (mask.columns, mask.wordsPerRow, inundation.level)
        let stride = Self.stride(cells: mask.columns * mask.rows)
        let stripes = Parallel.stripes(rows: mask.rows, cellsPerRow: columns)
        let parts = PartResults(count: stripes.count)
        RowWalk.wetLaneTable.withUnsafeBufferPointer { table in
            terrain.values.withUnsafeBufferPointer { source in
                mask.words.withUnsafeBufferPointer { bits in
                    guard let z = source.baseAddress, let words = bits.baseAddress, let lanes = table.baseAddress else { return }
                    let shared = ReadPointers(words: words, z: z, wetLanes: lanes)
                    Parallel.forEach(stripes.count) { stripe in
                        var histogram = [UInt32](repeating: 0, count: Self.bins)
                        var area = 0.0
                        let walked = histogram.withUnsafeMutableBufferPointer { buffer -> RowWalk? in
                            guard let h = buffer.baseAddress else { return nil }
                            var walk = RowWalk(z: shared.z, histogram: h, wetLanes: shared.wetLanes, level: level, stride: stride)
                            for r in stripes[stripe] {
                                walk.row(r, words: shared.words + r * wordsPerRow, wordCount: wordsPerRow, columns: columns)
                                area += Double(walk.rowCount) * rowArea[r]
                            }
                            return walk
                        }
                        guard let walk = walked else { return }
                        let tally = DepthTally(count: walk.count, area: area, sum: walk.sum, minDepth: walk.minDepth, maxDepth: walk.maxDepth,
                                               sampled: walk.sampled, histogram: histogram)
                        parts.store(tally, at: stripe)
                    }
                }
            }
        }
        return parts.merged()
    }

    /// The k-th smallest sampled depth (1-based), to the millimetre.
    func depth(ofRank k: Int, maxDepth: Double) -> Double {
        var seen = 0
        for (bin, n) in histogram.enumerated() {
            seen += Int(n)
            if seen >= k { return bin == Self.bins - 1 ? maxDepth : Double(bin) / 1000 }
        }
        return maxDepth
    }

    mutating func add(_ other: DepthTally) {
        count += other.count
        area += other.area
        sum += other.sum
        sampled += other.sampled
        minDepth = min(minDepth, other.minDepth)
        maxDepth = max(maxDepth, other.maxDepth)
        for i in histogram.indices { histogram[i] &+= other.histogram[i] }
    }
}

/// One worker's walk over rows of the mask: full words by SIMD, the others bit by bit. A struct with its
/// accumulators as stored properties, so the hot loop has no captured mutable state.
private struct RowWalk {
    let z: UnsafePointer<Float>
    let histogram: UnsafeMutablePointer<UInt32>
    let level: Float
    let stride: Int
    let wetLanes: UnsafePointer<SIMD8<UInt32>>
    var count = 0
    var rowCount = 0
    var sum = 0.0
    var sampled = 0
    var minDepth = Float.infinity
    var maxDepth = -Float.infinity

    init(z: UnsafePointer<Float>, histogram: UnsafeMutablePointer<UInt32>, wetLanes: UnsafePointer<SIMD8<UInt32>>, level: Float, stride: Int) {
        self.z = z
        self.wetLanes = wetLanes
        self.histogram = histogram
        self.level = level
        self.stride = stride
    }

    @inline(__always)
    mutating func sample(_ depth: Float) {
        histogram[min(DepthTally.bins - 1, Int(depth * 1000 + 0.5))] &+= 1
        sampled += 1
    }

    /// Every word with a flooded cell is read as eight vectors of 8 depths; a look-up table turns each byte of the
    /// word into lane masks, and the dry lanes' bits are cleared (0 for the sum, ±∞ for the extremes, so NoData's
    /// NaN never leaks in). No branch per cell; the histogram takes the sampled cells (multiples of `stride`).
    mutating func row(_ r: Int, words: UnsafePointer<UInt64>, wordCount: Int, columns: Int) {
        let rowStart = r * columns
        let levels = SIMD8<Float>(repeating: level)
        let above = SIMD8<UInt32>(repeating: Float.infinity.bitPattern), below = SIMD8<UInt32>(repeating: (-Float.infinity).bitPattern)
        var sums = SIMD8<Float>(repeating: 0), lows = SIMD8<Float>(repeating: .infinity), highs = SIMD8<Float>(repeating: -.infinity)
        rowCount = 0
        let last = wordCount - 1
        for w in 0..<wordCount {
            let word = words[w]
            if word == 0 { continue }
            let first = rowStart + w * 64
            rowCount += word.nonzeroBitCount
            if w == last && columns - w * 64 < 64 {
                // The row's last, partial word: the cells past the row's end are not this row's.
                var bits = word
                while bits != 0 {
                    let i = first + bits.trailingZeroBitCount
                    bits &= bits - 1
                    let depth = level - z[i]
                    sums[0] += depth
                    lows[0] = min(lows[0], depth)
                    highs[0] = max(highs[0], depth)
                    if i & (stride - 1) == 0 { sample(depth) }
                }
                continue
            }
            let raw = UnsafeRawPointer(z + first)
            for part in 0..<8 {
                let wet = wetLanes[Int(truncatingIfNeeded: word >> UInt64(part * 8)) & 0xFF]
                let depth = levels - raw.loadUnaligned(fromByteOffset: part * 32, as: SIMD8<Float>.self)
                let kept = unsafeBitCast(depth, to: SIMD8<UInt32>.self) & wet
                sums += unsafeBitCast(kept, to: SIMD8<Float>.self)
                let forLow = unsafeBitCast(kept | (above & ~wet), to: SIMD8<Float>.self)
                let forHigh = unsafeBitCast(kept | (below & ~wet), to: SIMD8<Float>.self)
                for k in 0..<8 {
                    lows[k] = forLow[k] < lows[k] ? forLow[k] : lows[k]
                    highs[k] = forHigh[k] > highs[k] ? forHigh[k] : highs[k]
                }
            }
            if stride == 1 {
                var bits = word
                while bits != 0 {
                    sample(level - z[first + bits.trailingZeroBitCount])
                    bits &= bits - 1
                }
            } else {
                var k = (stride - first & (stride - 1)) & (stride - 1)
                while k < 64 {
                    if word >> UInt64(k) & 1 == 1 { sample(level - z[first + k]) }
                    k += stride
                }
            }
        }
        count += rowCount
        sum += Double(sums.sum())
        minDepth = min(minDepth, lows.min())
        maxDepth = max(maxDepth, highs.max())
    }

    /// Entry b: the lanes of the bits set in byte b, all ones (kept) or zero (cleared).
    static let wetLaneTable: [SIMD8<UInt32>] = (0..<256).map { byte in
        var lanes = SIMD8<UInt32>(repeating: 0)
        for k in 0..<8 where byte >> k & 1 == 1 { lanes[k] = .max }
        return lanes
    }
}

/// The mask and the terrain, read by every worker.
private struct ReadPointers: @unchecked Sendable {
    let words: UnsafePointer<UInt64>
    let z: UnsafePointer<Float>
    let wetLanes: UnsafePointer<SIMD8<UInt32>>
}

/// One slot per stripe, each written by its stripe's worker only, merged after all have finished.
private final class PartResults: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<DepthTally?>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit {
        _ = slots.deinitialize()
        slots.deallocate()
    }

    func store(_ tally: DepthTally, at index: Int) { slots[index] = tally }

    func merged() -> DepthTally {
        var total = DepthTally()
        for case let part? in slots { total.add(part) }
        return total
    }
}
