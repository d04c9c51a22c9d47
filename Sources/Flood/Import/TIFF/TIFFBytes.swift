/// The bytes of a TIFF file read in its byte order, every read checked against the file's end.
struct TIFFBytes {
    let bytes: [UInt8]
    let bigEndian: Bool

    var count: Int { bytes.count }

    func check(_ offset: Int, _ length: Int, _ what: @autoclosure () -> String) throws(TerrainError) {
        guard offset >= 0, length >= 0, offset <= bytes.count, length <= bytes.count - offset else {
            throw .truncated("\(what()) needs \(length) bytes at offset \(offset) of a \(bytes.count)-byte file")
        }
    }

    func unsigned(_ offset: Int, size: Int) throws(TerrainError) -> UInt64 {
        try check(offset, size, "a \(size)-byte value")
        var value: UInt64 = 0
        for k in 0..<size {
            let byte = UInt64(bytes[offset + (bigEndian ? k : size - 1 - k)])
            value = value << 8 | byte
        }
        return value
    }

    func u16(_ offset: Int) throws(TerrainError) -> Int { Int(try unsigned(offset, size: 2)) }
    func u32(_ offset: Int) throws(TerrainError) -> Int { Int(try unsigned(offset, size: 4)) }

    /// A 64-bit offset or count as an Int; values beyond the file are caught by later checks, absurd ones here.
    func u64(_ offset: Int) throws(TerrainError) -> Int {
        let value = try unsigned(offset, size: 8)
        guard value <= UInt64(Int.max) else { throw .malformed("64-bit value \(value) at offset \(offset)") }
        return Int(value)
    }
}
