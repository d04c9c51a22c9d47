/// A minimal little- or big-endian classic TIFF writer for tests: one uncompressed strip per `rowsPerStrip`
/// rows of Int16 samples, with the tags the reader needs and any extra entries, so tests can break one thing.
struct TinyTIFF {
    struct Entry {
        var tag: Int
        var type: Int
        var values: [Int]
    }

    var columns = 3
    var rows = 2
    var samples: [Int16] = [1, 2, 3, 4, 5, -6]
    var bigEndian = false
    var rowsPerStrip = 1
    var extra: [Entry] = []
    /// Tags to leave out, or replace (an entry in `extra` with the same tag wins).
    var omit: Set<Int> = []

    func bytes() -> [UInt8] {
        var out: [UInt8] = bigEndian ? [0x4D, 0x4D, 0, 42] : [0x49, 0x49, 42, 0]
        func put(_ value: Int, _ size: Int, into buffer: inout [UInt8]) {
            for k in 0..<size {
                let shift = bigEndian ? (size - 1 - k) * 8 : k * 8
                buffer.append(UInt8(truncatingIfNeeded: value >> shift))
            }
        }
        put(8, 4, into: &out)
        let strips = (rows + rowsPerStrip - 1) / rowsPerStrip
        var data: [UInt8] = []
        var offsets: [Int] = [], counts: [Int] = []
        var entries: [Entry] = [
            Entry(tag: 256, type: 3, values: [columns]), Entry(tag: 257, type: 3, values: [rows]),
            Entry(tag: 258, type: 3, values: [16]), Entry(tag: 259, type: 3, values: [1]),
            Entry(tag: 277, type: 3, values: [1]), Entry(tag: 278, type: 3, values: [rowsPerStrip]),
            Entry(tag: 339, type: 3, values: [2]),
        ]
        let dataStart = 8 + 2 + 12 * (entries.count + 2 + extra.count) + 4 + 64
        for s in 0..<strips {
            offsets.append(dataStart + data.count)
            let first = s * rowsPerStrip * columns, last = min(samples.count, (s + 1) * rowsPerStrip * columns)
            for v in samples[first..<max(first, last)] { put(Int(UInt16(bitPattern: v)), 2, into: &data) }
            counts.append(dataStart + data.count - offsets[s])
        }
        entries += [Entry(tag: 273, type: 4, values: offsets), Entry(tag: 279, type: 4, values: counts)]
        entries = entries.filter { e in !omit.contains(e.tag) && !extra.contains { $0.tag == e.tag } } + extra
        entries.sort { $0.tag < $1.tag }
        var directory: [UInt8] = []
        var overflow: [UInt8] = []
        let overflowStart = 8 + 2 + 12 * entries.count + 4
        put(entries.count, 2, into: &directory)
        for e in entries {
            let size = e.type == 3 ? 2 : e.type <= 2 ? 1 : 4
            put(e.tag, 2, into: &directory)
            put(e.type, 2, into: &directory)
            put(e.values.count, 4, into: &directory)
            if e.values.count * size <= 4 {
                var inline: [UInt8] = []
                for v in e.values { put(v, size, into: &inline) }
                directory += inline + [UInt8](repeating: 0, count: 4 - inline.count)
            } else {
                put(overflowStart + overflow.count, 4, into: &directory)
                for v in e.values { put(v, size, into: &overflow) }
            }
        }
        put(0, 4, into: &directory)
        out += directory + overflow
        precondition(out.count <= dataStart, "test TIFF directory too long")
        out += [UInt8](repeating: 0, count: dataStart - out.count)
        return out + data
    }
}
