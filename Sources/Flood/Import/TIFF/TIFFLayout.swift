/// How a TIFF image is cut into chunks (strips or tiles) and how each is stored, validated up front.
struct Layout {
    enum Compression { case none, lzw, deflate }
    enum SampleKind { case unsigned, signed, float }

    let columns: Int
    let rows: Int
    let chunkWidth: Int
    let chunkHeight: Int
    let chunksAcross: Int
    let chunksDown: Int
    /// Samples per pixel inside one chunk (1 for planar files, whose first plane is band 1).
    let samplesInChunk: Int
    let bytesPerSample: Int
    let kind: SampleKind
    let compression: Compression
    let predictor: Int
    let tiled: Bool
    let offsets: [Int]
    let byteCounts: [Int]
    let limits: TerrainLimits

    init(_ d: TIFFDirectory, fileSize: Int, limits: TerrainLimits) throws(TerrainError) {
        typealias Tag = GeoTIFF.Tag
        guard let width = try d.integer(Tag.width), let height = try d.integer(Tag.height) else {
            throw .malformed("ImageWidth or ImageLength missing")
        }
        guard width > 0, height > 0 else { throw .malformed("image of \(width) × \(height)") }
        let (cells, overflow) = width.multipliedReportingOverflow(by: height)
        guard !overflow, cells <= limits.maxCells else { throw .tooLarge("\(width) × \(height) cells") }
        let samples = try d.integer(Tag.samplesPerPixel) ?? 1
        guard (1...64).contains(samples) else { throw .malformed("\(samples) samples per pixel") }
        let bits = try d.integers(Tag.bitsPerSample) ?? [1]
        guard let first = bits.first, bits.allSatisfy({ $0 == first }) else { throw .unsupported("bands of different sizes") }
        let format = try d.integers(Tag.sampleFormat)?.first ?? 1
        switch (format, first) {
        case (1, 8), (1, 16), (1, 32): kind = .unsigned
        case (2, 8), (2, 16), (2, 32): kind = .signed
        case (3, 32), (3, 64): kind = .float
        default: throw .unsupported("sample format \(format) with \(first) bits")
        }
        bytesPerSample = first / 8
        guard cells <= fileSize.multipliedReportingOverflow(by: limits.maxExpansion).partialValue / bytesPerSample
                || fileSize.multipliedReportingOverflow(by: limits.maxExpansion).overflow else {
            throw .tooLarge("\(width) × \(height) cells announced in a file of \(fileSize) bytes")
        }
        switch try d.integer(Tag.compression) ?? 1 {
        case 1: compression = .none
        case 5: compression = .lzw
        case 8, 32946: compression = .deflate
        case let other: throw .unsupported("compression \(other) (we read none, LZW and DEFLATE)")
        }
        predictor = try d.integer(Tag.predictor) ?? 1
        guard [1, 2, 3].contains(predictor) else { throw .unsupported("predictor \(predictor)") }
        guard predictor != 2 || kind != .float else { throw .unsupported("horizontal predictor on floating-point samples") }
        guard predictor != 3 || kind == .float else { throw .malformed("floating-point predictor on integer samples") }
        let planar = try d.integer(Tag.planarConfiguration) ?? 1
        guard planar == 1 || planar == 2 else { throw .malformed("planar configuration \(planar)") }
        samplesInChunk = planar == 1 ? samples : 1
        tiled = d.has(Tag.tileWidth)
        if tiled {
            guard let tw = try d.integer(Tag.tileWidth), let th = try d.integer(Tag.tileLength), tw > 0, th > 0 else {
                throw .malformed("tile size missing or zero")
            }
            (chunkWidth, chunkHeight) = (tw, th)
        } else {
            chunkWidth = width
            chunkHeight = min(height, max(1, try d.integer(Tag.rowsPerStrip) ?? height))
        }
        columns = width
        rows = height
        chunksAcross = (width + chunkWidth - 1) / chunkWidth
        chunksDown = (height + chunkHeight - 1) / chunkHeight
        let needed = chunksAcross * chunksDown * (planar == 1 ? 1 : samples)
        guard let offsets = try d.integers(tiled ? Tag.tileOffsets : Tag.stripOffsets),
              let byteCounts = try d.integers(tiled ? Tag.tileByteCounts : Tag.stripByteCounts) else {
            throw .malformed("\(tiled ? "tile" : "strip") offsets or byte counts missing")
        }
        guard offsets.count == needed, byteCounts.count == needed else {
            throw .malformed("\(offsets.count) offsets and \(byteCounts.count) byte counts for \(needed) \(tiled ? "tiles" : "strips")")
        }
        self.offsets = offsets
        self.byteCounts = byteCounts
        self.limits = limits
    }

    /// Rows of chunk `index` inside its chunk (strips at the bottom may be short; tiles are always whole).
    func storedRows(chunk index: Int) -> Int {
        tiled ? chunkHeight : min(chunkHeight, rows - index / chunksAcross * chunkHeight)
    }

    /// The chunk's bytes, decompressed and with prediction undone, samples in the file's byte order.
    func decode(chunk index: Int, file: TIFFBytes) throws(TerrainError) -> [UInt8] {
        let stored = storedRows(chunk: index)
        let rowBytes = chunkWidth * samplesInChunk * bytesPerSample
        let (expected, overflow) = rowBytes.multipliedReportingOverflow(by: stored)
        let (offset, count) = (offsets[index], byteCounts[index])
        if offset == 0 && count == 0 { return [] }
        let ceiling = count.multipliedReportingOverflow(by: limits.maxExpansion)
        guard !overflow, expected <= (ceiling.overflow ? Int.max : ceiling.partialValue) + 4_096 else {
            throw .tooLarge("chunk \(index) of \(count) bytes would expand to \(expected)")
        }
        try file.check(offset, count, "\(tiled ? "tile" : "strip") \(index)")
        let input = file.bytes[offset..<(offset + count)]
        var bytes: [UInt8]
        switch compression {
        case .none:
            guard count >= expected else { throw .truncated("\(tiled ? "tile" : "strip") \(index) holds \(count) of \(expected) bytes") }
            bytes = Array(input.prefix(expected))
        case .lzw:
            bytes = try LZW.decode(input, expected: expected)
        case .deflate:
            bytes = try Inflate.zlib(input, expected: expected)
        }
        switch predictor {
        case 2: Predictor.undoHorizontal(&bytes, rowBytes: rowBytes, sampleBytes: bytesPerSample, stride: samplesInChunk, bigEndian: file.bigEndian)
        case 3: Predictor.undoFloatingPoint(&bytes, rowBytes: rowBytes, sampleBytes: bytesPerSample, stride: samplesInChunk)
        default: break
        }
        return bytes
    }

    /// Copies band 1 of a decoded chunk into the image (chunks past the first plane are other bands: skipped).
    func place(_ bytes: [UInt8], chunk index: Int, bigEndian: Bool, noData: Double?, into values: inout [Float]) {
        guard index < chunksAcross * chunksDown else { return }
        let (top, left) = (index / chunksAcross * chunkHeight, index % chunksAcross * chunkWidth)
        let height = min(storedRows(chunk: index), rows - top), width = min(chunkWidth, columns - left)
        guard !bytes.isEmpty else {
            // A sparse chunk (offset and count 0): NoData where the file has a marker, else zero, as GDAL reads it.
            for r in 0..<height { for c in 0..<width { values[(top + r) * columns + left + c] = noData == nil ? 0 : .nan } }
            return
        }
        let size = bytesPerSample
        for r in 0..<height {
            for c in 0..<width {
                let at = ((r * chunkWidth) + c) * samplesInChunk * size
                var raw: UInt64 = 0
                for k in 0..<size { raw = raw << 8 | UInt64(bytes[at + (bigEndian ? k : size - 1 - k)]) }
                values[(top + r) * columns + left + c] = convert(raw, noData: noData)
            }
        }
    }

    @inline(__always)
    private func convert(_ raw: UInt64, noData: Double?) -> Float {
        let value: Double
        switch (kind, bytesPerSample) {
        case (.unsigned, _): value = Double(raw)
        case (.signed, 1): value = Double(Int8(truncatingIfNeeded: raw))
        case (.signed, 2): value = Double(Int16(truncatingIfNeeded: raw))
        case (.signed, _): value = Double(Int32(truncatingIfNeeded: raw))
        case (.float, 4):
            let f = Float(bitPattern: UInt32(truncatingIfNeeded: raw))
            if let noData, Double(f) == noData || (noData.isNaN && f.isNaN) || Float(noData) == f { return .nan }
            return f
        case (.float, _): value = Double(bitPattern: raw)
        }
        if let noData, value == noData || (noData.isNaN && value.isNaN) { return .nan }
        return Float(value)
    }
}

/// Undoing TIFF predictors in place, row by row.
enum Predictor {
    /// Predictor 2: each sample was stored as its difference from the same band's previous sample in the row.
    static func undoHorizontal(_ bytes: inout [UInt8], rowBytes: Int, sampleBytes: Int, stride: Int, bigEndian: Bool) {
        let step = stride * sampleBytes
        guard rowBytes > 0 else { return }
        bytes.withUnsafeMutableBufferPointer { buffer in
            var rowStart = 0
            while rowStart + rowBytes <= buffer.count {
                var at = rowStart + step
                while at + sampleBytes <= rowStart + rowBytes {
                    var carry: UInt16 = 0
                    // Byte-wise addition with carry, least significant byte first.
                    for k in 0..<sampleBytes {
                        let i = bigEndian ? sampleBytes - 1 - k : k
                        let sum = UInt16(buffer[at + i]) + UInt16(buffer[at - step + i]) + carry
                        buffer[at + i] = UInt8(truncatingIfNeeded: sum)
                        carry = sum >> 8
                    }
                    at += sampleBytes
                }
                rowStart += rowBytes
            }
        }
    }

    /// Predictor 3: the row's samples were split into byte planes and the bytes then differenced one by one (per
    /// band). Plane k goes back to byte `size − 1 − k` of each sample as stored: in a little-endian file plane 0 is
    /// the most significant byte, in a big-endian one the least — what libtiff, and so GDAL, writes and reads
    /// (checked against gdal_translate's files in both byte orders).
    static func undoFloatingPoint(_ bytes: inout [UInt8], rowBytes: Int, sampleBytes: Int, stride: Int) {
        guard rowBytes > 0 else { return }
        let samples = rowBytes / sampleBytes
        var plane = [UInt8](repeating: 0, count: rowBytes)
        var rowStart = 0
        while rowStart + rowBytes <= bytes.count {
            for i in 0..<rowBytes { plane[i] = bytes[rowStart + i] }
            for i in stride..<max(stride, rowBytes) { plane[i] = plane[i] &+ plane[i - stride] }
            for s in 0..<samples {
                for k in 0..<sampleBytes {
                    bytes[rowStart + s * sampleBytes + sampleBytes - 1 - k] = plane[k * samples + s]
                }
            }
            rowStart += rowBytes
        }
    }
}
