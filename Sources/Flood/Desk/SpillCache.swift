import Foundation

/// Spill levels on file, so a restart does not recompute them: `CHSPILL1`, an 8-byte key (FNV-1a of the terrain
/// file, the river file and the connectivity), columns and rows (UInt32 each), then the Float32 values, all
/// little-endian. A file whose key or size does not match is ignored (and replaced on the next computation).
enum SpillCache {
    static let magic = Array("CHSPILL1".utf8)

    static func key(terrain: [UInt8], river: [UInt8], connectivity: Connectivity) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        func feed(_ bytes: [UInt8]) {
            for byte in bytes {
                hash ^= UInt64(byte)
                hash &*= 0x0000_0100_0000_01B3
            }
        }
        feed(terrain)
        feed([0xFF])
        feed(river)
        feed([UInt8(connectivity.rawValue)])
        return hash
    }

    static func encode(_ spill: SpillLevels, key: UInt64) -> Data {
        var data = Data(magic)
        withUnsafeBytes(of: key.littleEndian) { data.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt32(spill.columns).littleEndian) { data.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt32(spill.rows).littleEndian) { data.append(contentsOf: $0) }
        spill.values.withUnsafeBytes { data.append(contentsOf: $0) }
        return data
    }

    static func decode(_ data: Data, key: UInt64, columns: Int, rows: Int, connectivity: Connectivity) -> SpillLevels? {
        let header = 8 + 8 + 8
        guard data.count == header + columns * rows * 4, Array(data.prefix(8)) == magic else { return nil }
        let bytes = [UInt8](data)
        func read64(_ at: Int) -> UInt64 { (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[at + $1]) << (8 * UInt64($1)) } }
        func read32(_ at: Int) -> Int { Int((0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[at + $1]) << (8 * UInt32($1)) }) }
        guard read64(8) == key, read32(16) == columns, read32(20) == rows else { return nil }
        var values = [Float](repeating: 0, count: columns * rows)
        values.withUnsafeMutableBytes { target in
            bytes.withUnsafeBytes { source in
                target.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[header...]))
            }
        }
        return SpillLevels(columns: columns, rows: rows, connectivity: connectivity, values: values)
    }
}
