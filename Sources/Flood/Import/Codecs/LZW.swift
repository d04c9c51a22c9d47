/// TIFF's LZW (compression 5): codes of 9 to 12 bits, most significant bit first, 256 clears the table and
/// 257 ends the data; the code width grows one code early, when the table reaches 511, 1023 and 2047 entries.
///
/// Decodes into a buffer of the size the caller expects; output beyond it is ignored, a stream that ends
/// before filling it or names a code not yet in the table is an error. The table keeps, per code, its prefix
/// code, last byte and length, and a string is written backwards straight into the output.
enum LZW {
    static func decode(_ input: ArraySlice<UInt8>, expected: Int) throws(TerrainError) -> [UInt8] {
        let bytes = Array(input)
        guard bytes.count < 2 || !(bytes[0] == 0 && bytes[1] & 0x01 == 1) else {
            throw .unsupported("old-style (pre-TIFF 6) LZW")
        }
        var out = [UInt8](repeating: 0, count: expected)
        var prefix = [UInt16](repeating: 0, count: 4096)
        var last = [UInt8](repeating: 0, count: 4096)
        var length = [Int](repeating: 0, count: 4096)
        for k in 0..<256 {
            last[k] = UInt8(k)
            length[k] = 1
        }
        var bitPosition = 0
        let totalBits = bytes.count * 8
        func read(_ width: Int) -> Int? {
            guard bitPosition + width <= totalBits else { return nil }
            var value = 0
            for _ in 0..<width {
                value = value << 1 | Int(bytes[bitPosition >> 3] >> UInt8(7 - bitPosition & 7) & 1)
                bitPosition += 1
            }
            return value
        }
        var width = 9
        var tableSize = 258
        var previous = -1
        var position = 0
        while position < expected {
            guard let code = read(width) else { throw .truncated("LZW data gives \(position) of \(expected) bytes") }
            if code == 257 { break }
            if code == 256 {
                width = 9
                tableSize = 258
                previous = -1
                continue
            }
            let emitted: Int
            if previous < 0 {
                guard code < 256 else { throw .malformed("LZW code \(code) right after a clear") }
                emitted = code
            } else {
                guard code <= tableSize, tableSize < 4096 else { throw .malformed("LZW code \(code) not in the table") }
                prefix[tableSize] = UInt16(previous)
                length[tableSize] = length[previous] + 1
                emitted = code
                tableSize += 1
            }
            // Write the string of `emitted` backwards; then the new entry's last byte is the string's first.
            let n = length[emitted]
            var k = emitted
            var i = position + n - 1
            while i >= position {
                if i < expected { out[i] = last[k] }
                k = Int(prefix[k])
                i -= 1
            }
            if previous >= 0 {
                // The new entry ends with the first byte of what we just wrote (for code == new entry, the
                // string was written with an unset last byte, which is that same first byte).
                let first = out[min(position, expected - 1)]
                last[tableSize - 1] = first
                if emitted == tableSize - 1, position + n - 1 < expected { out[position + n - 1] = first }
            }
            position += n
            previous = code
            if tableSize + 1 >= 4096 { width = 12 } else if tableSize >= 2047 { width = 12 } else if tableSize >= 1023 {
                width = 11
            } else if tableSize >= 511 { width = 10 }
        }
        guard position >= expected else { throw .truncated("LZW data gives \(position) of \(expected) bytes") }
        return out
    }
}
