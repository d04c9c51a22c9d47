/// Connected inundation: the cells a river at `level` floods.
///
/// A cell floods when its elevation lies strictly below the level (`elevation < level`; a cell exactly at the
/// level stays dry, as does every NoData cell) and a chain of such cells, each a neighbour of the next under
/// `connectivity`, links it to a river cell that is itself below the level. A hollow below the level that no
/// such chain reaches — the basin behind a levee — stays dry. Depth is `level − elevation` on flooded cells.
///
/// How: one parallel streaming pass marks the cells below the level in a bitset (`BelowMask`); then the fill
/// works on 64 cells at a time: water enters a row from the flooded words of the row above or below (shifted
/// one cell each way for 8 neighbours), spreads along the row's runs of below-level cells with a few shifts and
/// masks per word, and rows are swept down and up until nothing changes, each sweep reading only the words that
/// changed since. The cost follows the changed words, not the number of runs, so rough terrain with millions of
/// short runs costs no more than smooth. Memory beyond the terrain: the two bitsets (an eighth of a byte per
/// cell each) and four integers per row.
public enum ConnectedInundation {
    public static func flood(_ terrain: Raster, river: CellMask, level: Float,
                             connectivity: Connectivity = .eight) -> Inundation {
        precondition(river.columns == terrain.columns && river.rows == terrain.rows, "river mask and terrain differ in size")
        let below = BelowMask.compute(terrain.values, columns: terrain.columns, rows: terrain.rows, level: level)
        let flooded = fill(below: below, seeds: river, connectivity: connectivity)
        return Inundation(level: level, flooded: flooded)
    }

    /// The cells of `below` connected to a cell of `seeds ∩ below`.
    static func fill(below: CellMask, seeds: CellMask, connectivity: Connectivity) -> CellMask {
        var flooded = CellMask(columns: below.columns, rows: below.rows)
        guard below.columns > 0, below.rows > 0 else { return flooded }
        below.words.withUnsafeBufferPointer { m in
            flooded.words.withUnsafeMutableBufferPointer { f in
                seeds.words.withUnsafeBufferPointer { s in
                    guard let m = m.baseAddress, let f = f.baseAddress, let s = s.baseAddress else { return }
                    var filler = RunFiller(below: m, flooded: f, wordsPerRow: below.wordsPerRow, columns: below.columns,
                                           rows: below.rows, widen: connectivity == .eight ? 1 : 0)
                    filler.run(seeds: s)
                }
            }
        }
        return flooded
    }
}

/// The fill itself, on 64-bit words. Invariant: each row of `flooded` is a union of whole runs of `below`.
/// Rows pass water to their neighbours in alternating downward and upward sweeps until one pair changes nothing;
/// each row remembers the range of words that changed since the row below (and above) last looked, so a sweep
/// only reads what changed. Within a row, new water spreads along its run with word operations (`spread`).
private struct RunFiller {
    let below: UnsafePointer<UInt64>
    let flooded: UnsafeMutablePointer<UInt64>
    let wordsPerRow: Int
    let columns: Int
    let rows: Int
    let eight: Bool
    /// Per row, the words changed since the next row down (`forDown`) or up (`forUp`) last took water from it;
    /// empty when `lo > hi`.
    var downLo: [Int32], downHi: [Int32], upLo: [Int32], upHi: [Int32]

    init(below: UnsafePointer<UInt64>, flooded: UnsafeMutablePointer<UInt64>, wordsPerRow: Int, columns: Int, rows: Int, widen: Int) {
        (self.below, self.flooded, self.wordsPerRow, self.columns, self.rows) = (below, flooded, wordsPerRow, columns, rows)
        eight = widen == 1
        downLo = [Int32](repeating: Int32.max, count: rows)
        downHi = [Int32](repeating: -1, count: rows)
        upLo = downLo
        upHi = downHi
    }

    mutating func run(seeds: UnsafePointer<UInt64>) {
        for r in 0..<rows {
            let base = r * wordsPerRow
            for w in 0..<wordsPerRow {
                let fresh = seeds[base + w] & below[base + w] & ~flooded[base + w]
                if fresh != 0 { spread(row: r, word: w, fresh: fresh) }
            }
        }
        var changed = true
        while changed {
            changed = false
            for r in 1..<max(1, rows) where downLo[r - 1] <= downHi[r - 1] {
                let (lo, hi) = (Int(downLo[r - 1]), Int(downHi[r - 1]))
                downLo[r - 1] = Int32.max
                downHi[r - 1] = -1
                if pull(into: r, from: r - 1, lo: lo, hi: hi) { changed = true }
            }
            for r in stride(from: rows - 2, through: 0, by: -1) where upLo[r + 1] <= upHi[r + 1] {
                let (lo, hi) = (Int(upLo[r + 1]), Int(upHi[r + 1]))
                upLo[r + 1] = Int32.max
                upHi[r + 1] = -1
                if pull(into: r, from: r + 1, lo: lo, hi: hi) { changed = true }
            }
        }
    }

    /// Lets water from words `lo...hi` of row `q` into row `r` (one word wider each side for 8 neighbours).
    @inline(__always)
    mutating func pull(into r: Int, from q: Int, lo: Int, hi: Int) -> Bool {
        let (source, target) = (q * wordsPerRow, r * wordsPerRow)
        let first = max(0, lo - 1), last = min(wordsPerRow - 1, hi + 1)
        var any = false
        for w in first...last {
            var wet = flooded[source + w]
            if eight {
                wet |= wet << 1 | wet >> 1
                if w > 0 { wet |= flooded[source + w - 1] >> 63 }
                if w + 1 < wordsPerRow { wet |= flooded[source + w + 1] << 63 }
            }
            let fresh = wet & below[target + w] & ~flooded[target + w]
            if fresh != 0 {
                spread(row: r, word: w, fresh: fresh)
                any = true
            }
        }
        return any
    }

    /// Floods the runs of row `r` through the `fresh` bits of word `w` (below-level cells not yet flooded),
    /// following them across word borders, and notes the changed words for both neighbouring rows.
    @inline(__always)
    mutating func spread(row r: Int, word w: Int, fresh: UInt64) {
        let base = r * wordsPerRow
        var lo = w, hi = w
        let filled = Self.fill(fresh, within: below[base + w])
        flooded[base + w] |= filled
        // Rightwards (higher columns) while the run goes on across the border.
        var carry = filled >> 63 == 1
        var k = w + 1
        while carry && k < wordsPerRow {
            let m = below[base + k]
            guard m & 1 == 1, flooded[base + k] & 1 == 0 else { break }
            let more = Self.fill(1, within: m)
            flooded[base + k] |= more
            hi = k
            carry = more >> 63 == 1
            k += 1
        }
        carry = filled & 1 == 1
        k = w - 1
        while carry && k >= 0 {
            let m = below[base + k]
            guard m >> 63 == 1, flooded[base + k] >> 63 == 0 else { break }
            let more = Self.fill(1 << 63, within: m)
            flooded[base + k] |= more
            lo = k
            carry = more & 1 == 1
            k -= 1
        }
        downLo[r] = min(downLo[r], Int32(truncatingIfNeeded: lo))
        downHi[r] = max(downHi[r], Int32(truncatingIfNeeded: hi))
        upLo[r] = min(upLo[r], Int32(truncatingIfNeeded: lo))
        upHi[r] = max(upHi[r], Int32(truncatingIfNeeded: hi))
    }

    /// The runs of `mask` holding a bit of `seeds` (seeds ⊆ mask): a doubling fill both ways, six steps each.
    @inline(__always)
    static func fill(_ seeds: UInt64, within mask: UInt64) -> UInt64 {
        if mask == UInt64.max { return mask }
        var up = seeds, p = mask
        up |= p & (up << 1); p &= p << 1
        up |= p & (up << 2); p &= p << 2
        up |= p & (up << 4); p &= p << 4
        up |= p & (up << 8); p &= p << 8
        up |= p & (up << 16); p &= p << 16
        up |= p & (up << 32)
        var down = seeds
        p = mask
        down |= p & (down >> 1); p &= p >> 1
        down |= p & (down >> 2); p &= p >> 2
        down |= p & (down >> 4); p &= p >> 4
        down |= p & (down >> 8); p &= p >> 8
        down |= p & (down >> 16); p &= p >> 16
        down |= p & (down >> 32)
        return up | down
    }
}
