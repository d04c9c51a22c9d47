/// Every cell's first-flood level and ground height in a compact binary form, so a browser can draw the what-if
/// overlay for any typed level itself (threshold, then depth colours) without asking the hub per level. Pure.
///
/// Layout (`application/vnd.cityhub.first-flood`, all little-endian, rows north first as in the terrain):
///
/// | bytes | content |
/// |---|---|
/// | 0–7 | magic `CHFLOOD1` |
/// | 8–11, 12–15 | columns, rows (UInt32) |
/// | 16–19 | level base, centimetres in the terrain's datum (Int32) |
/// | 20–23 | ground base, centimetres (Int32) |
/// | 24–31 | reserved, zero |
/// | 32 … | one Float32 per row: the ground area of one cell of that row, m² |
/// | then | one UInt16 per cell: first-flood code `q` |
/// | then | one UInt16 per cell: ground code `g` |
///
/// `q` is the lowest level, in whole centimetres above the level base, at which the cell is under water: at a level
/// of `L` centimetres the cell floods exactly when `q ≤ L − levelBase`, the same answer as
/// `GET /api/v1/flood/inundation?level=L/100` gives (its rule is "spill level < level" on Float32, reproduced here
/// for every centimetre). `0xFFFF`: the cell floods at no level the code can express (never reached by the river,
/// NoData, or more than 655.34 m above the base). `g` is the ground height in centimetres above the ground base,
/// rounded (`0xFFFF` NoData, capped at `0xFFFE`); depth for the colour ramp is `level − (groundBase + g) / 100`.
public enum FirstFloodGrid {
    public static let magic = Array("CHFLOOD1".utf8)
    public static let mediaType = "application/vnd.cityhub.first-flood"
    public static let headerBytes = 32
    public static let none: UInt16 = 0xFFFF

    /// The lowest whole-centimetre level (absolute, in the terrain's datum) whose Float32 value is above `spill`:
    /// the first typed centimetre level at which a cell with this spill level is under water.
    static func firstCentimetre(above spill: Float) -> Int {
        var k = Int((Double(spill) * 100).rounded(.down)) + 1
        while Float(Double(k - 1) / 100) > spill { k -= 1 }
        while Float(Double(k) / 100) <= spill { k += 1 }
        return k
    }

    public static func encode(spill: SpillLevels, terrain: Raster, geometry: CellGeometry) -> [UInt8] {
        let count = spill.columns * spill.rows
        // The code rises with the spill level, so the base is the lowest spill level's code (no per-cell array:
        // a 10^8-cell terrain would need 800 MB for one).
        var lowest = Float.infinity
        var groundLow = Float.infinity
        for i in 0..<count {
            let s = spill.values[i]
            if s.isFinite, abs(s) < 1e6 { lowest = min(lowest, s) }
            let z = terrain.values[i]
            if z.isFinite { groundLow = min(groundLow, z) }
        }
        let levelBase = lowest.isFinite ? firstCentimetre(above: lowest) : 0
        let groundBase = groundLow.isFinite && abs(groundLow) < 1e6 ? Int((Double(groundLow) * 100).rounded(.down)) : 0

        var out = [UInt8]()
        out.reserveCapacity(headerBytes + spill.rows * 4 + count * 4)
        out += magic
        append(&out, UInt32(spill.columns))
        append(&out, UInt32(spill.rows))
        append(&out, UInt32(bitPattern: Int32(clamping: levelBase)))
        append(&out, UInt32(bitPattern: Int32(clamping: groundBase)))
        out += [UInt8](repeating: 0, count: 8)
        for row in 0..<spill.rows {
            let area = row < geometry.rowArea.count ? geometry.rowArea[row] : 0
            append(&out, Float(area).bitPattern)
        }
        for i in 0..<count {
            let s = spill.values[i]
            guard s.isFinite, abs(s) < 1e6 else {
                append16(&out, none)
                continue
            }
            let q = firstCentimetre(above: s) - levelBase
            append16(&out, q >= Int(none) ? none : UInt16(q))
        }
        for i in 0..<count {
            let z = terrain.values[i]
            guard z.isFinite, abs(z) < 1e6 else {
                append16(&out, none)
                continue
            }
            let g = Int((Double(z) * 100).rounded()) - groundBase
            append16(&out, UInt16(max(0, min(g, Int(none) - 1))))
        }
        return out
    }

    /// Cells that flood at `level` metres by the grid's codes (what a browser counts); for tests and checks.
    public static func floodedCells(_ bytes: [UInt8], levelCentimetres: Int) -> Int? {
        guard bytes.count >= headerBytes, Array(bytes.prefix(8)) == magic else { return nil }
        let columns = Int(read32(bytes, 8)), rows = Int(read32(bytes, 12))
        let base = Int(Int32(bitPattern: read32(bytes, 16)))
        let start = headerBytes + rows * 4
        guard bytes.count == start + columns * rows * 4 else { return nil }
        let threshold = levelCentimetres - base
        var flooded = 0
        for i in 0..<(columns * rows) {
            let q = UInt16(bytes[start + 2 * i]) | UInt16(bytes[start + 2 * i + 1]) << 8
            if q != none, Int(q) <= threshold { flooded += 1 }
        }
        return flooded
    }

    static func read32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[at + $1]) << (8 * UInt32($1)) }
    }

    @inline(__always) static func append(_ out: inout [UInt8], _ value: UInt32) {
        out.append(UInt8(truncatingIfNeeded: value))
        out.append(UInt8(truncatingIfNeeded: value >> 8))
        out.append(UInt8(truncatingIfNeeded: value >> 16))
        out.append(UInt8(truncatingIfNeeded: value >> 24))
    }

    @inline(__always) static func append16(_ out: inout [UInt8], _ value: UInt16) {
        out.append(UInt8(truncatingIfNeeded: value))
        out.append(UInt8(truncatingIfNeeded: value >> 8))
    }
}
