import Dispatch

/// The cells whose value lies strictly below a level, as a `CellMask`, computed on all cores in row stripes.
/// NoData cells hold NaN, and `NaN < level` is false, so they are never below. This is one streaming pass over
/// the grid: for 10^8 Float32 cells it reads 400 MB and writes 12.5 MB.
enum BelowMask {
    static func compute(_ values: [Float], columns: Int, rows: Int, level: Float) -> CellMask {
        var mask = CellMask(columns: columns, rows: rows)
        guard columns > 0, rows > 0 else { return mask }
        let wordsPerRow = mask.wordsPerRow
        values.withUnsafeBufferPointer { source in
            mask.words.withUnsafeMutableBufferPointer { target in
                guard let input = source.baseAddress, let output = target.baseAddress else { return }
                let shared = SharedPointers(input: input, output: output)
                let stripes = Parallel.stripes(rows: rows, cellsPerRow: columns)
                Parallel.forEach(stripes.count) { stripe in
                    for r in stripes[stripe] {
                        fillRow(shared.input + r * columns, count: columns, level: level,
                                into: shared.output + r * wordsPerRow)
                    }
                }
            }
        }
        return mask
    }

    @inline(__always)
    static func fillRow(_ row: UnsafePointer<Float>, count: Int, level: Float, into words: UnsafeMutablePointer<UInt64>) {
        var c = 0, w = 0
        while c + 64 <= count {
            words[w] = block64(row + c, level: level)
            c += 64
            w += 1
        }
        if c < count {
            var bits: UInt64 = 0
            for k in 0..<(count - c) where row[c + k] < level { bits |= 1 << UInt64(k) }
            words[w] = bits
        }
    }

    /// 64 comparisons as 4 vectors of 16; the mask of each vector becomes 16 bits.
    @inline(__always)
    static func block64(_ p: UnsafePointer<Float>, level: Float) -> UInt64 {
        let raw = UnsafeRawPointer(p)
        let limit = SIMD16<Float>(repeating: level)
        var bits: UInt64 = 0
        for part in 0..<4 {
            let v = raw.loadUnaligned(fromByteOffset: part * 64, as: SIMD16<Float>.self)
            let below = v .< limit
            let selected = SIMD16<UInt32>(repeating: 0).replacing(with: laneBits, where: below)
            bits |= UInt64(selected.wrappedSum()) << UInt64(part * 16)
        }
        return bits
    }

    /// Lane k holds 1 << k; the sum of the selected lanes is their bit mask.
    private static let laneBits = SIMD16<UInt32>(repeating: 1) &<< SIMD16<UInt32>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
}

/// Raw pointers handed to worker threads that write disjoint parts of one buffer.
struct SharedPointers<Input, Output>: @unchecked Sendable {
    let input: UnsafePointer<Input>
    let output: UnsafeMutablePointer<Output>
}

/// Splitting row-major work over the machine's cores.
enum Parallel {
    static var cores: Int { max(1, min(64, sysconfCores())) }

    /// Row ranges of about equal size, one per core (more for large grids, for balance); one range for small ones.
    static func stripes(rows: Int, cellsPerRow: Int) -> [Range<Int>] {
        let parts = rows * cellsPerRow < 1 << 16 ? 1 : min(rows, cores * 2)
        return (0..<parts).map { rows * $0 / parts ..< rows * ($0 + 1) / parts }
    }

    static func forEach(_ count: Int, _ body: @Sendable (Int) -> Void) {
        if count == 1 { body(0) } else { DispatchQueue.concurrentPerform(iterations: count, execute: body) }
    }
}
