/// Reads an ESRI ASCII grid (`.asc`): a header of `ncols`, `nrows`, `xllcorner`/`xllcenter`,
/// `yllcorner`/`yllcenter`, `cellsize` (or `dx` and `dy`) and an optional `NODATA_value`, then `nrows` rows of
/// `ncols` numbers, northern row first. The grid gets a north-up georeference with no EPSG code (the format has
/// none). Values are read as Double and rounded once to Float, as GDAL does.
public enum ESRIASCIIGrid {
    public static func read(_ bytes: [UInt8], limits: TerrainLimits = .standard) throws(TerrainError) -> Raster {
        var scanner = Scanner(bytes: bytes)
        var header: [String: Double] = [:]
        var order: [String] = []
        while let word = scanner.peekWord(), let first = word.first, first.isLetter {
            let key = word.lowercased()
            scanner.skipWord()
            guard let value = scanner.number() else { throw .malformed("header value of \(word) is not a number") }
            guard header[key] == nil else { throw .malformed("header key \(word) repeats") }
            header[key] = value
            order.append(key)
        }
        func integer(_ key: String) throws(TerrainError) -> Int {
            guard let value = header[key] else { throw .malformed("header lacks \(key)") }
            guard value >= 1, value <= Double(Int32.max), value.rounded() == value else { throw .malformed("\(key) is \(value)") }
            return Int(value)
        }
        let columns = try integer("ncols"), rows = try integer("nrows")
        let (cells, overflow) = columns.multipliedReportingOverflow(by: rows)
        // Each value takes at least two bytes (a digit and a separator), except perhaps the last.
        guard !overflow, cells <= limits.maxCells, cells <= bytes.count / 2 + 1 else {
            throw .tooLarge("\(columns) × \(rows) cells announced in a file of \(bytes.count) bytes")
        }
        let dx = header["cellsize"] ?? header["dx"], dy = header["cellsize"] ?? header["dy"]
        guard let dx, let dy, dx > 0, dy > 0, dx.isFinite, dy.isFinite else { throw .malformed("header lacks a positive cellsize") }
        let west: Double, south: Double
        if let x = header["xllcorner"] { west = x } else if let x = header["xllcenter"] { west = x - dx / 2 } else {
            throw .malformed("header lacks xllcorner or xllcenter")
        }
        if let y = header["yllcorner"] { south = y } else if let y = header["yllcenter"] { south = y - dy / 2 } else {
            throw .malformed("header lacks yllcorner or yllcenter")
        }
        let noData = header["nodata_value"]
        var values = [Float](repeating: .nan, count: cells)
        for i in 0..<cells {
            guard let value = scanner.number() else {
                throw scanner.atEnd ? .truncated("\(i) of \(cells) values before the end of the file")
                    : .malformed("value \(i) (row \(i / columns), column \(i % columns)) is not a number")
            }
            values[i] = value == noData ? .nan : Float(value)
        }
        scanner.skipSpace()
        guard scanner.atEnd else { throw .malformed("more than \(cells) values") }
        let georeference = Georeference(originX: west, originY: south + Double(rows) * dy, a: dx, e: -dy)
        return Raster(columns: columns, rows: rows, values: values, noData: noData, georeference: georeference)
    }
}

/// Whitespace-separated words and decimal numbers over bytes.
private struct Scanner {
    let bytes: [UInt8]
    var position = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { position >= bytes.count }

    mutating func skipSpace() {
        while position < bytes.count, bytes[position] == 0x20 || (0x09...0x0D).contains(bytes[position]) { position += 1 }
    }

    private func wordEnd(from start: Int) -> Int {
        var end = start
        while end < bytes.count, bytes[end] != 0x20, !(0x09...0x0D).contains(bytes[end]) { end += 1 }
        return end
    }

    mutating func peekWord() -> String? {
        skipSpace()
        guard !atEnd else { return nil }
        let end = wordEnd(from: position)
        return String(decoding: bytes[position..<end], as: UTF8.self)
    }

    mutating func skipWord() {
        skipSpace()
        position = wordEnd(from: position)
    }

    /// The next word as a number; nil at the end or if the word is not one. Short decimals (≤ 15 significant
    /// digits, exponent within ±22) take an exact fast path; anything else goes through `Double(String)`.
    mutating func number() -> Double? {
        skipSpace()
        guard !atEnd else { return nil }
        let start = position
        let end = wordEnd(from: start)
        position = end
        var i = start
        var negative = false
        if bytes[i] == 0x2D || bytes[i] == 0x2B { negative = bytes[i] == 0x2D; i += 1 }
        var mantissa: UInt64 = 0, digits = 0, scale = 0, sawDigit = false, sawPoint = false
        while i < end {
            let b = bytes[i]
            if b >= 0x30 && b <= 0x39 {
                sawDigit = true
                if mantissa == 0 && b == 0x30 {
                    if sawPoint { scale += 1 }
                } else {
                    guard digits < 15 else { return slow(start, end) }
                    mantissa = mantissa * 10 + UInt64(b - 0x30)
                    digits += 1
                    if sawPoint { scale += 1 }
                }
            } else if b == 0x2E && !sawPoint {
                sawPoint = true
            } else {
                return slow(start, end)
            }
            i += 1
        }
        guard sawDigit, scale <= 22 else { return sawDigit ? slow(start, end) : nil }
        let value = Double(mantissa) / powersOfTen[scale]
        return negative ? -value : value
    }

    private func slow(_ start: Int, _ end: Int) -> Double? {
        Double(String(decoding: bytes[start..<end], as: UTF8.self))
    }
}

private let powersOfTen: [Double] = (0...22).map { exponent in
    var value = 1.0
    for _ in 0..<exponent { value *= 10 }
    return value
}
