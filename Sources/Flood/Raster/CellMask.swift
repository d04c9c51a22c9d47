/// A set of cells of a `columns` × `rows` grid as bits: one bit per cell, each row starting on a fresh 64-bit
/// word (bit `c % 64` of word `row * wordsPerRow + c / 64`), so row operations work on whole words. Bits past
/// the last column of a row are always zero. 10^8 cells take 12.5 MB.
public struct CellMask: Sendable, Equatable {
    public let columns: Int
    public let rows: Int
    public let wordsPerRow: Int
    public internal(set) var words: [UInt64]

    public init(columns: Int, rows: Int) {
        precondition(columns >= 0 && rows >= 0)
        self.columns = columns
        self.rows = rows
        wordsPerRow = (columns + 63) / 64
        words = [UInt64](repeating: 0, count: wordsPerRow * rows)
    }

    /// A mask holding the cells for which `predicate(column, row)` is true.
    public init(columns: Int, rows: Int, where predicate: (Int, Int) -> Bool) {
        self.init(columns: columns, rows: rows)
        for r in 0..<rows {
            for c in 0..<columns where predicate(c, r) { insert(column: c, row: r) }
        }
    }

    public subscript(column: Int, row: Int) -> Bool {
        guard (0..<columns).contains(column), (0..<rows).contains(row) else { return false }
        return words[row * wordsPerRow + column >> 6] >> UInt64(column & 63) & 1 == 1
    }

    public mutating func insert(column: Int, row: Int) {
        precondition((0..<columns).contains(column) && (0..<rows).contains(row), "cell outside the mask")
        words[row * wordsPerRow + column >> 6] |= 1 << UInt64(column & 63)
    }

    /// The number of cells in the set.
    public var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    public var isEmpty: Bool { words.allSatisfy { $0 == 0 } }

    /// The cells in the set as row-major indices (row * columns + column), in order.
    public func indices() -> [Int] {
        var out: [Int] = []
        for r in 0..<rows {
            for w in 0..<wordsPerRow {
                var word = words[r * wordsPerRow + w]
                while word != 0 {
                    out.append(r * columns + w * 64 + word.trailingZeroBitCount)
                    word &= word - 1
                }
            }
        }
        return out
    }
}
