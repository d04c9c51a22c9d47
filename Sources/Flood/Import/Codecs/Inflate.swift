/// DEFLATE (RFC 1951) inside a zlib wrapper (RFC 1950), as TIFF compression 8 and 32946 store it.
///
/// Decodes into a buffer of the size the caller expects (a strip or tile): output beyond it is ignored, a
/// stream that ends early or holds an impossible code is an error. Huffman codes are decoded through one flat
/// table per code indexed by the next `maxLength` bits (bits arrive least significant first, so the table is
/// indexed by the bit-reversed code).
enum Inflate {
    static func zlib(_ input: ArraySlice<UInt8>, expected: Int) throws(TerrainError) -> [UInt8] {
        guard input.count >= 2 else { throw .truncated("zlib header missing") }
        let cmf = input[input.startIndex], flg = input[input.startIndex + 1]
        guard cmf & 0x0F == 8, cmf >> 4 <= 7, (UInt16(cmf) << 8 | UInt16(flg)) % 31 == 0 else {
            throw .malformed("not a zlib stream (header \(cmf), \(flg))")
        }
        guard flg & 0x20 == 0 else { throw .unsupported("zlib stream with a preset dictionary") }
        return try raw(input.dropFirst(2), expected: expected)
    }

    static func raw(_ input: ArraySlice<UInt8>, expected: Int) throws(TerrainError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: expected)
        var bits = BitReader(Array(input))
        var position = 0
        var final = false
        while !final {
            final = try bits.take(1) == 1
            switch try bits.take(2) {
            case 0:
                bits.alignToByte()
                let length = try bits.take(16), complement = try bits.take(16)
                guard length == ~complement & 0xFFFF else { throw .malformed("stored block length check fails") }
                for _ in 0..<length {
                    let byte = UInt8(try bits.take(8))
                    if position < expected { out[position] = byte }
                    position += 1
                }
            case 1:
                try inflateBlock(&bits, &out, &position, literals: fixedLiterals, distances: fixedDistances)
            case 2:
                let (literals, distances) = try dynamicTables(&bits)
                try inflateBlock(&bits, &out, &position, literals: literals, distances: distances)
            default:
                throw .malformed("DEFLATE block type 3")
            }
            if position >= expected { break }
        }
        guard position >= expected else { throw .truncated("compressed data gives \(position) of \(expected) bytes") }
        return out
    }

    private static func inflateBlock(_ bits: inout BitReader, _ out: inout [UInt8], _ position: inout Int,
                                     literals: HuffmanTable, distances: HuffmanTable) throws(TerrainError) {
        let expected = out.count
        while true {
            let symbol = try literals.decode(&bits)
            if symbol < 256 {
                if position < expected { out[position] = UInt8(symbol) }
                position += 1
                continue
            }
            if symbol == 256 { return }
            let lengthIndex = symbol - 257
            guard lengthIndex < 29 else { throw .malformed("DEFLATE length code \(symbol)") }
            let length = lengthBase[lengthIndex] + (try bits.take(lengthExtra[lengthIndex]))
            let distanceCode = try distances.decode(&bits)
            guard distanceCode < 30 else { throw .malformed("DEFLATE distance code \(distanceCode)") }
            let distance = distanceBase[distanceCode] + (try bits.take(distanceExtra[distanceCode]))
            guard distance <= position else { throw .malformed("DEFLATE distance \(distance) before the start") }
            if position + length <= expected {
                out.withUnsafeMutableBufferPointer { buffer in
                    for k in 0..<length { buffer[position + k] = buffer[position - distance + k] }
                }
            } else {
                for k in 0..<length where position + k < expected { out[position + k] = out[position - distance + k] }
            }
            position += length
            if position >= expected { return }
        }
    }

    private static func dynamicTables(_ bits: inout BitReader) throws(TerrainError) -> (HuffmanTable, HuffmanTable) {
        let literalCount = try bits.take(5) + 257, distanceCount = try bits.take(5) + 1, codeCount = try bits.take(4) + 4
        guard literalCount <= 286, distanceCount <= 30 else { throw .malformed("DEFLATE code counts") }
        var codeLengths = [UInt8](repeating: 0, count: 19)
        for k in 0..<codeCount { codeLengths[codeLengthOrder[k]] = UInt8(try bits.take(3)) }
        let codeTable = try HuffmanTable(lengths: codeLengths)
        var lengths: [UInt8] = []
        lengths.reserveCapacity(literalCount + distanceCount)
        while lengths.count < literalCount + distanceCount {
            let symbol = try codeTable.decode(&bits)
            switch symbol {
            case 0..<16:
                lengths.append(UInt8(symbol))
            case 16:
                guard let previous = lengths.last else { throw .malformed("DEFLATE repeat with nothing before") }
                lengths.append(contentsOf: repeatElement(previous, count: 3 + (try bits.take(2))))
            case 17:
                lengths.append(contentsOf: repeatElement(0, count: 3 + (try bits.take(3))))
            default:
                lengths.append(contentsOf: repeatElement(0, count: 11 + (try bits.take(7))))
            }
        }
        guard lengths.count == literalCount + distanceCount else { throw .malformed("DEFLATE code lengths overrun") }
        guard lengths[256] > 0 else { throw .malformed("DEFLATE block without an end code") }
        return (try HuffmanTable(lengths: Array(lengths[..<literalCount])),
                try HuffmanTable(lengths: Array(lengths[literalCount...])))
    }

    private static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115,
                                     131, 163, 195, 227, 258]
    private static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    private static let distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025,
                                       1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    private static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12,
                                        13, 13]
    private static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
    // The fixed codes of RFC 1951 §3.2.6 are complete and valid, so building them cannot fail.
    private static let fixedLiterals = (try? HuffmanTable(lengths: (0..<288).map { $0 < 144 ? 8 : $0 < 256 ? 9 : $0 < 280 ? 7 : 8 }))
        ?? HuffmanTable.empty
    private static let fixedDistances = (try? HuffmanTable(lengths: [UInt8](repeating: 5, count: 30))) ?? HuffmanTable.empty
}

/// Bits of a byte array, least significant bit of each byte first.
struct BitReader {
    private let bytes: [UInt8]
    private var next = 0
    private var buffer: UInt64 = 0
    private var count = 0
    /// Zero bytes appended past the end so that a peek near the end works; consuming them is an error.
    private var padding = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    @inline(__always)
    mutating func refill() {
        while count <= 56 {
            if next < bytes.count {
                buffer |= UInt64(bytes[next]) << UInt64(count)
                next += 1
            } else {
                padding += 8
            }
            count += 8
        }
    }

    @inline(__always)
    mutating func peek(_ n: Int) -> Int {
        if count < n { refill() }
        return Int(truncatingIfNeeded: buffer & ((1 << UInt64(n)) - 1))
    }

    @inline(__always)
    mutating func consume(_ n: Int) throws(TerrainError) {
        buffer >>= UInt64(n)
        count -= n
        guard count >= padding else { throw .truncated("compressed stream ends early") }
    }

    @inline(__always)
    mutating func take(_ n: Int) throws(TerrainError) -> Int {
        guard n > 0 else { return 0 }
        let value = peek(n)
        try consume(n)
        return value
    }

    mutating func alignToByte() {
        let drop = count % 8
        buffer >>= UInt64(drop)
        count -= drop
    }
}

/// A canonical Huffman code as a flat table: entry `reverse(code)` (and every extension of it to `maxLength`
/// bits) holds `symbol << 4 | length`; 0 marks bit patterns that are no code.
struct HuffmanTable: Sendable {
    let table: [UInt32]
    let maxLength: Int

    static let empty = HuffmanTable(table: [0, 0], maxLength: 1)

    private init(table: [UInt32], maxLength: Int) {
        self.table = table
        self.maxLength = maxLength
    }

    init(lengths: [UInt8]) throws(TerrainError) {
        let maxLength = Int(lengths.max() ?? 0)
        guard maxLength > 0 else {
            // A code with no symbols (allowed for distances when a block has only literals).
            self = .empty
            return
        }
        guard maxLength <= 15 else { throw .malformed("Huffman code longer than 15 bits") }
        var counts = [Int](repeating: 0, count: 16)
        for length in lengths where length > 0 { counts[Int(length)] += 1 }
        var code = 0
        var nextCode = [Int](repeating: 0, count: 16)
        for bits in 1...15 {
            code = (code + counts[bits - 1]) << 1
            nextCode[bits] = code
            guard counts[bits] <= 1 << bits, code + counts[bits] <= 1 << bits else { throw .malformed("over-subscribed Huffman code") }
        }
        var table = [UInt32](repeating: 0, count: 1 << maxLength)
        for (symbol, length) in lengths.enumerated() where length > 0 {
            let l = Int(length)
            let c = nextCode[l]
            nextCode[l] += 1
            var reversed = 0
            for k in 0..<l where c >> k & 1 == 1 { reversed |= 1 << (l - 1 - k) }
            var i = reversed
            while i < table.count {
                table[i] = UInt32(symbol) << 4 | UInt32(l)
                i += 1 << l
            }
        }
        self.table = table
        self.maxLength = maxLength
    }

    @inline(__always)
    func decode(_ bits: inout BitReader) throws(TerrainError) -> Int {
        let entry = table[bits.peek(maxLength)]
        guard entry != 0 else { throw .malformed("invalid Huffman code") }
        try bits.consume(Int(entry & 15))
        return Int(entry >> 4)
    }
}
