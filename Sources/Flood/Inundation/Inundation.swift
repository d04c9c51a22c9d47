/// The answer to "what floods at this level": the flooded cells as a bitset, with depths on demand.
public struct Inundation: Sendable {
    public let level: Float
    public let flooded: CellMask

    public init(level: Float, flooded: CellMask) {
        self.level = level
        self.flooded = flooded
    }

    public var floodedCells: Int { flooded.count }

    /// Water depth on a flooded cell (`level − elevation`, always > 0); nil on a dry cell.
    public func depth(column: Int, row: Int, in terrain: Raster) -> Float? {
        guard flooded[column, row], let elevation = terrain[column, row] else { return nil }
        return level - elevation
    }

    /// Depths of every cell, row-major: NaN on dry cells. Row stripes on all cores, walking the mask's set bits.
    public func depths(in terrain: Raster) -> [Float] {
        var out = [Float](repeating: .nan, count: terrain.count)
        let (columns, rows, wordsPerRow, level) = (flooded.columns, flooded.rows, flooded.wordsPerRow, level)
        guard columns > 0, rows > 0 else { return out }
        terrain.values.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                flooded.words.withUnsafeBufferPointer { bits in
                    guard let input = source.baseAddress, let output = target.baseAddress, let words = bits.baseAddress else { return }
                    let shared = SharedPointers(input: input, output: output)
                    let mask = SharedPointers(input: words, output: output)
                    let stripes = Parallel.stripes(rows: rows, cellsPerRow: columns)
                    Parallel.forEach(stripes.count) { stripe in
                        for r in stripes[stripe] {
                            for w in 0..<wordsPerRow {
                                var word = mask.input[r * wordsPerRow + w]
                                while word != 0 {
                                    let i = r * columns + w * 64 + word.trailingZeroBitCount
                                    word &= word - 1
                                    shared.output[i] = level - shared.input[i]
                                }
                            }
                        }
                    }
                }
            }
        }
        return out
    }
}
