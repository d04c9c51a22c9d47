/// Count, area, sum, extremes and a millimetre histogram of the depths of an inundation, tallied in row stripes on
/// all cores and merged. Reading the elevation under every flooded cell is the whole cost (memory bound).
struct DepthTally {
    /// 1 mm bins up to 100 m; deeper water is counted in the last bin (the maximum is still exact).
    static let bins = 100_000

    var count = 0
    var area = 0.0
    var sum = 0.0
    var minDepth = Float.infinity
    var maxDepth = -Float.infinity
    var histogram: [UInt32]

    init() { histogram = [UInt32](repeating: 0, count: Self.bins) }

    static func of(_ inundation: Inundation, terrain: Raster, rowArea: [Double]) -> DepthTally {
        let mask = inundation.flooded
        let (columns, wordsPerRow, level) = (mask.columns, mask.wordsPerRow, inundation.level)
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
                        for r in stripes[stripe] {
                            var rowCount = 0
                            var rowSum: Float = 0
                            for w in 0..<wordsPerRow {
                                var word = shared.words[r * wordsPerRow + w]
                                while word != 0 {
                                    let depth = level - shared.z[r * columns + w * 64 + word.trailingZeroBitCount]
                                    word &= word - 1
                                    rowCount += 1
                                    rowSum += depth
                                    tally.minDepth = min(tally.minDepth, depth)
                                    tally.maxDepth = max(tally.maxDepth, depth)
                                    h[min(Self.bins - 1, Int(depth * 1000 + 0.5))] &+= 1
                                }
                            }
                            tally.count += rowCount
                            tally.sum += Double(rowSum)
                            tally.area += Double(rowCount) * rowArea[r]
                        }
                    }
                    parts.store(tally, at: stripe)
                }
            }
        }
        return parts.merged()
    }

    /// The k-th smallest depth (1-based), to the millimetre.
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
        minDepth = min(minDepth, other.minDepth)
        maxDepth = max(maxDepth, other.maxDepth)
        for i in histogram.indices { histogram[i] &+= other.histogram[i] }
    }
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
