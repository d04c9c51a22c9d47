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
        terrain.values.withUnsafeBufferPointer { source in
            mask.words.withUnsafeBufferPointer { bits in
                guard let z = source.baseAddress, let words = bits.baseAddress else { return }
                let shared = ReadPointers(words: words, z: z)
                Parallel.forEach(stripes.count) { stripe in
                    var tally = DepthTally()
                    tally.histogram.withUnsafeMutableBufferPointer { histogram in
                        guard let h = histogram.baseAddress else { return }
                        var walk = RowWalk(z: shared.z, histogram: h, level: level, stride: stride)
                        for r in stripes[stripe] {
                            walk.row(r, words: shared.words + r * wordsPerRow, wordCount: wordsPerRow, columns: columns)
                            tally.area += Double(walk.rowCount) * rowArea[r]
                        }
                        tally.count = walk.count
                        tally.sum = walk.sum
                        tally.sampled = walk.sampled
                        tally.minDepth = walk.minDepth
                        tally.maxDepth = walk.maxDepth
                    }
                    parts.store(tally, at: stripe)
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
    var count = 0
    var rowCount = 0
    var sum = 0.0
    var sampled = 0
    var minDepth = Float.infinity
    var maxDepth = -Float.infinity

    init(z: UnsafePointer<Float>, histogram: UnsafeMutablePointer<UInt32>, level: Float, stride: Int) {
        self.z = z
        self.histogram = histogram
        self.level = level
        self.stride = stride
    }

    @inline(__always)
    mutating func sample(_ depth: Float) {
        histogram[min(DepthTally.bins - 1, Int(depth * 1000 + 0.5))] &+= 1
        sampled += 1
    }

    /// Every word with a flooded cell is read as four vectors of 16 depths, the lanes of dry cells masked out, so
    /// the loop has no branch per cell; the histogram takes the sampled cells (multiples of `stride`) that flood.
    mutating func row(_ r: Int, words: UnsafePointer<UInt64>, wordCount: Int, columns: Int) {
        let rowStart = r * columns
        let levels = SIMD16<Float>(repeating: level)
        let zero = SIMD16<Float>(repeating: 0), high = SIMD16<Float>(repeating: .infinity), low = SIMD16<Float>(repeating: -.infinity)
        var sums = zero, lows = high, highs = low
        rowCount = 0
        let last = wordCount - 1
        for w in 0..<wordCount {
            let word = words[w]
            if word == 0 { continue }
            let first = rowStart + w * 64
            rowCount += word.nonzeroBitCount
            if w == last && columns - w * 64 < 64 {
                // The row's last, partial word: its cells past the row are not terrain cells of this row.
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
            for part in 0..<4 {
                let bits16 = UInt32(truncatingIfNeeded: word >> UInt64(part * 16)) & 0xFFFF
                if bits16 == 0 { continue }
                let depth = levels - raw.loadUnaligned(fromByteOffset: part * 64, as: SIMD16<Float>.self)
                let wet = (SIMD16<UInt32>(repeating: bits16) & Self.laneBits) .!= 0
                sums += zero.replacing(with: depth, where: wet)
                lows = pointwiseMin(lows, high.replacing(with: depth, where: wet))
                highs = pointwiseMax(highs, low.replacing(with: depth, where: wet))
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

    /// Lane k holds 1 << k.
    private static let laneBits = SIMD16<UInt32>(repeating: 1) &<< SIMD16<UInt32>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
}

/// The mask and the terrain, read by every worker.
private struct ReadPointers: @unchecked Sendable {
    let words: UnsafePointer<UInt64>
    let z: UnsafePointer<Float>
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
