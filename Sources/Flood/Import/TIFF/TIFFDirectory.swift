/// The first image file directory of a classic TIFF or BigTIFF: its tags, with their values read on demand.
struct TIFFDirectory {
    enum FieldType: Int {
        case byte = 1, ascii, short, long, rational, sbyte, undefined, sshort, slong, srational, float, double
        case long8 = 16, slong8, ifd8

        var size: Int {
            switch self {
            case .byte, .ascii, .sbyte, .undefined: 1
            case .short, .sshort: 2
            case .long, .slong, .float: 4
            case .rational, .srational, .double, .long8, .slong8, .ifd8: 8
            }
        }
    }

    struct Entry {
        let type: FieldType
        let count: Int
        /// Where the values are: inside the entry when they fit, else at the offset it holds.
        let valueOffset: Int
    }

    let file: TIFFBytes
    let entries: [Int: Entry]

    init(_ bytes: [UInt8]) throws(TerrainError) {
        guard bytes.count >= 8 else { throw .truncated("a TIFF header needs 8 bytes, the file has \(bytes.count)") }
        let bigEndian: Bool
        switch (bytes[0], bytes[1]) {
        case (0x49, 0x49): bigEndian = false
        case (0x4D, 0x4D): bigEndian = true
        default: throw .malformed("not a TIFF file (no II or MM byte-order mark)")
        }
        let file = TIFFBytes(bytes: bytes, bigEndian: bigEndian)
        let version = try file.u16(2)
        let big: Bool
        let firstDirectory: Int
        switch version {
        case 42:
            big = false
            firstDirectory = try file.u32(4)
        case 43:
            guard try file.u16(4) == 8, try file.u16(6) == 0 else { throw .malformed("BigTIFF header with an unusual offset size") }
            big = true
            firstDirectory = try file.u64(8)
        default:
            throw .malformed("TIFF version \(version) (42 is TIFF, 43 BigTIFF)")
        }
        guard firstDirectory >= 8 else { throw .malformed("first directory at offset \(firstDirectory)") }
        let countSize = big ? 8 : 2, entrySize = big ? 20 : 12, inline = big ? 8 : 4
        let count = big ? try file.u64(firstDirectory) : try file.u16(firstDirectory)
        guard count > 0, count <= (file.count - firstDirectory) / entrySize else {
            throw .truncated("directory of \(count) entries at offset \(firstDirectory)")
        }
        var entries: [Int: Entry] = [:]
        for k in 0..<count {
            let at = firstDirectory + countSize + k * entrySize
            let tag = try file.u16(at)
            // Unknown field types are skipped, as TIFF readers must.
            guard let type = FieldType(rawValue: try file.u16(at + 2)) else { continue }
            let valueCount = big ? try file.u64(at + 4) : try file.u32(at + 4)
            let field = at + (big ? 12 : 8)
            guard valueCount <= file.count / type.size else {
                throw .malformed("tag \(tag) claims \(valueCount) values, more than the file holds")
            }
            let length = valueCount * type.size
            let valueOffset = length <= inline ? field : (big ? try file.u64(field) : try file.u32(field))
            try file.check(valueOffset, length, "tag \(tag)'s \(valueCount) values")
            entries[tag] = Entry(type: type, count: valueCount, valueOffset: valueOffset)
        }
        self.file = file
        self.entries = entries
    }

    func has(_ tag: Int) -> Bool { entries[tag] != nil }

    /// Integer values of an integer-typed tag; nil when the tag is absent.
    func integers(_ tag: Int) throws(TerrainError) -> [Int]? {
        guard let entry = entries[tag] else { return nil }
        var out: [Int] = []
        out.reserveCapacity(entry.count)
        for k in 0..<entry.count {
            let at = entry.valueOffset + k * entry.type.size
            switch entry.type {
            case .byte, .undefined: out.append(Int(try file.unsigned(at, size: 1)))
            case .short: out.append(try file.u16(at))
            case .long: out.append(try file.u32(at))
            case .long8, .ifd8: out.append(try file.u64(at))
            case .sshort: out.append(Int(Int16(truncatingIfNeeded: try file.u16(at))))
            case .slong: out.append(Int(Int32(truncatingIfNeeded: try file.u32(at))))
            default: throw .malformed("tag \(tag) should hold integers, not \(entry.type)")
            }
        }
        return out
    }

    func integer(_ tag: Int) throws(TerrainError) -> Int? {
        guard let values = try integers(tag) else { return nil }
        guard values.count == 1 else { throw .malformed("tag \(tag) should hold one value, not \(values.count)") }
        return values[0]
    }

    /// Values of a DOUBLE- (or FLOAT-) typed tag.
    func doubles(_ tag: Int) throws(TerrainError) -> [Double]? {
        guard let entry = entries[tag] else { return nil }
        var out: [Double] = []
        for k in 0..<entry.count {
            let at = entry.valueOffset + k * entry.type.size
            switch entry.type {
            case .double: out.append(Double(bitPattern: try file.unsigned(at, size: 8)))
            case .float: out.append(Double(Float(bitPattern: UInt32(try file.unsigned(at, size: 4)))))
            default: throw .malformed("tag \(tag) should hold floating-point values, not \(entry.type)")
            }
        }
        return out
    }

    func ascii(_ tag: Int) throws(TerrainError) -> String? {
        guard let entry = entries[tag] else { return nil }
        guard entry.type == .ascii || entry.type == .byte else { throw .malformed("tag \(tag) should hold text") }
        let raw = file.bytes[entry.valueOffset..<(entry.valueOffset + entry.count)]
        return String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
    }
}
