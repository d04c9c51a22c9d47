import Foundation
import HubKit
import Testing
@testable import Cases

// MARK: - Fixtures: tiny photos assembled byte by byte

/// A TIFF structure (the body of an EXIF block) laid out from directories of entries: header, the directories one
/// after another, then the out-of-line values. `.directory(i)` points at the i-th directory, so cycles are easy.
private struct TIFFBuilder {
    enum Value {
        case ascii(String)
        case rationals([(UInt32, UInt32)])
        case long(UInt32)
        case directory(Int)
        case raw(type: UInt16, count: UInt32, bytes: [UInt8])
    }

    var bigEndian: Bool
    var directories: [[(tag: UInt16, value: Value)]]
    /// Replaces the IFD0 offset in the header, to point it anywhere.
    var firstOffset: UInt32?

    func u16(_ v: UInt16) -> [UInt8] { bigEndian ? [UInt8(v >> 8), UInt8(v & 0xFF)] : [UInt8(v & 0xFF), UInt8(v >> 8)] }
    func u32(_ v: UInt32) -> [UInt8] {
        let be = [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)]
        return bigEndian ? be : be.reversed()
    }

    func bytes() -> [UInt8] {
        var offsets: [UInt32] = []
        var next: UInt32 = 8
        for directory in directories {
            offsets.append(next)
            next += UInt32(2 + 12 * directory.count + 4)
        }
        var out = bigEndian ? Array("MM".utf8) : Array("II".utf8)
        out += u16(42) + u32(firstOffset ?? offsets.first ?? 8)
        var extra: [UInt8] = []
        for directory in directories {
            out += u16(UInt16(directory.count))
            for (tag, value) in directory {
                let (type, count, payload) = encode(value, offsets: offsets)
                out += u16(tag) + u16(type) + u32(count)
                if payload.count <= 4 {
                    out += payload + [UInt8](repeating: 0, count: 4 - payload.count)
                } else {
                    out += u32(next + UInt32(extra.count))
                    extra += payload + (payload.count % 2 == 1 ? [0] : [])
                }
            }
            out += u32(0)
        }
        return out + extra
    }

    private func encode(_ value: Value, offsets: [UInt32]) -> (UInt16, UInt32, [UInt8]) {
        switch value {
        case .ascii(let s): (2, UInt32(s.utf8.count + 1), Array(s.utf8) + [0])
        case .rationals(let rs): (5, UInt32(rs.count), rs.flatMap { u32($0.0) + u32($0.1) })
        case .long(let v): (4, 1, u32(v))
        case .directory(let i): (4, 1, u32(offsets[i]))
        case .raw(let type, let count, let bytes): (type, count, bytes)
        }
    }
}

/// The EXIF of a photo taken at 2026-11-25 10:00:00 +08:00 on the Yuzhong peninsula (29°33'30.5"N,
/// 106°34'40.2"E) facing 135.5°; every part can be changed or removed.
private struct ExifSpec {
    var dateTimeOriginal: String? = "2026:11:25 10:00:00"
    var offsetTimeOriginal: String? = "+08:00"
    var dateTime: String?
    var latitudeRef: String? = "N"
    var latitude: [(UInt32, UInt32)]? = [(29, 1), (33, 1), (305, 10)]
    var longitudeRef: String? = "E"
    var longitude: [(UInt32, UInt32)]? = [(106, 1), (34, 1), (402, 10)]
    var direction: (UInt32, UInt32)? = (13_550, 100)

    func builder(bigEndian: Bool = false) -> TIFFBuilder {
        var primary: [(tag: UInt16, value: TIFFBuilder.Value)] = []
        if let dateTime { primary.append((0x0132, .ascii(dateTime))) }
        primary += [(0x8769, .directory(1)), (0x8825, .directory(2))]
        var exif: [(tag: UInt16, value: TIFFBuilder.Value)] = []
        if let dateTimeOriginal { exif.append((0x9003, .ascii(dateTimeOriginal))) }
        if let offsetTimeOriginal { exif.append((0x9011, .ascii(offsetTimeOriginal))) }
        var gps: [(tag: UInt16, value: TIFFBuilder.Value)] = [(0x00, .raw(type: 1, count: 4, bytes: [2, 3, 0, 0]))]
        if let latitudeRef { gps.append((0x01, .ascii(latitudeRef))) }
        if let latitude { gps.append((0x02, .rationals(latitude))) }
        if let longitudeRef { gps.append((0x03, .ascii(longitudeRef))) }
        if let longitude { gps.append((0x04, .rationals(longitude))) }
        if let direction { gps += [(0x10, .ascii("T")), (0x11, .rationals([direction]))] }
        return TIFFBuilder(bigEndian: bigEndian, directories: [primary, exif, gps])
    }

    func tiff(bigEndian: Bool = false) -> [UInt8] { builder(bigEndian: bigEndian).bytes() }
}

/// Whole photos around a TIFF block. Internal, so upload-route tests can reuse them.
enum PhotoFixtures {
    static func be16(_ v: Int) -> [UInt8] { [UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
    static func be32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
    static func le32(_ v: UInt32) -> [UInt8] { be32(v).reversed() }

    static func segment(_ marker: UInt8, _ body: [UInt8]) -> [UInt8] { [0xFF, marker] + be16(body.count + 2) + body }

    /// SOI, APP1 Exif (when given), SOF0 (3 components), SOS, a few entropy-coded bytes, EOI.
    static func jpeg(tiff: [UInt8]?, width: Int = 640, height: Int = 480,
                     entropy: [UInt8] = [0x12, 0x34, 0xFF, 0x00, 0x56]) -> [UInt8] {
        var out: [UInt8] = [0xFF, 0xD8]
        if let tiff { out += segment(0xE1, Array("Exif".utf8) + [0, 0] + tiff) }
        out += segment(0xC0, [8] + be16(height) + be16(width) + [3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1])
        out += segment(0xDA, [3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 0x3F, 0])
        return out + entropy + [0xFF, 0xD9]
    }

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + data
        return be32(UInt32(data.count)) + typed + be32(PNGCRC.checksum(typed))
    }

    /// An 8-bit greyscale PNG of black pixels: IHDR, eXIf (when given), IDAT (zlib, stored block), IEND.
    static func png(tiff: [UInt8]?, exifPrefix: Bool = false, width: Int = 4, height: Int = 3) -> [UInt8] {
        let raw = [UInt8](repeating: 0, count: height * (width + 1))
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in raw { a = (a + UInt32(byte)) % 65_521; b = (b + a) % 65_521 }
        let length = UInt16(raw.count)
        let zlib: [UInt8] = [0x78, 0x01, 0x01, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF),
                             UInt8(~length >> 8)] + raw + be32(b << 16 | a)
        var out = ImageFormat.pngSignature
        out += chunk("IHDR", be32(UInt32(width)) + be32(UInt32(height)) + [8, 0, 0, 0, 0])
        if let tiff { out += chunk("eXIf", (exifPrefix ? Array("Exif".utf8) + [0, 0] : []) + tiff) }
        return out + chunk("IDAT", zlib) + chunk("IEND", [])
    }

    static func riffChunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        Array(type.utf8) + le32(UInt32(data.count)) + data + (data.count % 2 == 1 ? [0] : [])
    }

    /// A VP8L bitstream header: signature, 14-bit width − 1 and height − 1, no alpha, version 0; then filler.
    static func vp8l(width: Int, height: Int) -> [UInt8] {
        [0x2F] + le32(UInt32(width - 1) | UInt32(height - 1) << 14) + [0, 0, 0]
    }

    /// An extended WebP: VP8X (canvas size, EXIF flag), a VP8L image, an EXIF chunk (when given).
    static func webp(tiff: [UInt8]?, exifPrefix: Bool = false, width: Int = 320, height: Int = 240) -> [UInt8] {
        let canvas = [UInt8(tiff == nil ? 0 : 0x08), 0, 0, 0]
            + Array(le32(UInt32(width - 1)).prefix(3)) + Array(le32(UInt32(height - 1)).prefix(3))
        var body = Array("WEBP".utf8) + riffChunk("VP8X", canvas) + riffChunk("VP8L", vp8l(width: width, height: height))
        if let tiff { body += riffChunk("EXIF", (exifPrefix ? Array("Exif".utf8) + [0, 0] : []) + tiff) }
        return riff(body)
    }

    static func riff(_ body: [UInt8]) -> [UInt8] { Array("RIFF".utf8) + le32(UInt32(body.count)) + body }

    /// The standard fixtures: one photo of each format with the default EXIF.
    static var standard: [(name: String, bytes: [UInt8])] {
        [("exif-le.jpg", jpeg(tiff: ExifSpec().tiff(bigEndian: false))),
         ("exif-be.jpg", jpeg(tiff: ExifSpec().tiff(bigEndian: true))),
         ("exif.png", png(tiff: ExifSpec().tiff(bigEndian: true))),
         ("exif.webp", webp(tiff: ExifSpec().tiff(bigEndian: false)))]
    }
}

private func inspect(_ bytes: [UInt8]) throws(PhotoProblem) -> PhotoMetadata { try PhotoInspector.inspect(Data(bytes)) }

/// The problem thrown for `bytes`, or nil when the photo is accepted.
private func problem(_ bytes: [UInt8]) -> PhotoProblem? {
    do { _ = try inspect(bytes); return nil } catch { return error }
}

private func utc(_ iso: String) -> Date? { ISO8601DateFormatter().date(from: iso) }

private let expectedLatitude = 29 + 33 / 60 + 30.5 / 3600.0
private let expectedLongitude = 106 + 34 / 60 + 40.2 / 3600.0

private func expectStandardExif(_ m: PhotoMetadata, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(m.takenAt == utc("2026-11-25T02:00:00Z"), sourceLocation: sourceLocation)
    #expect(m.takenAtAssumedZone == false, sourceLocation: sourceLocation)
    #expect(abs((m.location?.lat ?? 0) - expectedLatitude) < 1e-9, sourceLocation: sourceLocation)
    #expect(abs((m.location?.lon ?? 0) - expectedLongitude) < 1e-9, sourceLocation: sourceLocation)
    #expect(m.direction == 135.5, sourceLocation: sourceLocation)
}

// MARK: - Recognition

@Suite struct ImageFormatTests {
    @Test(arguments: [
        ([0xFF, 0xD8, 0xFF, 0xE0] as [UInt8], ImageFormat.jpeg, "image/jpeg"),
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0], .png, "image/png"),
        (Array("RIFF".utf8) + [9, 9, 9, 9] + Array("WEBPVP8X".utf8), .webp, "image/webp"),
    ])
    func sniff_recognisesEachSignature(bytes: [UInt8], format: ImageFormat, mediaType: String) {
        #expect(ImageFormat.sniff(bytes) == format)
        #expect(ImageFormat.sniff(Data(bytes)) == format)
        #expect(format.mediaType == mediaType)
    }

    @Test(arguments: [
        [] as [UInt8], [0xFF, 0xD8], [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A],
        Array("RIFF".utf8) + [0, 0, 0, 0] + Array("WAVE".utf8), Array("RIFF".utf8) + [0, 0, 0, 0] + Array("WEB".utf8),
    ])
    func sniff_nearMisses_areNotImages(bytes: [UInt8]) {
        #expect(ImageFormat.sniff(bytes) == nil)
    }
}

// MARK: - Reading

@Suite struct PhotoInspectorTests {
    @Test(arguments: [false, true])
    func jpeg_readsSizeTimePlaceAndDirection(bigEndian: Bool) throws {
        let m = try inspect(PhotoFixtures.jpeg(tiff: ExifSpec().tiff(bigEndian: bigEndian)))
        #expect(m.format == .jpeg)
        #expect(m.width == 640 && m.height == 480)
        expectStandardExif(m)
    }

    @Test(arguments: [false, true])
    func png_readsIHDRAndEXIfChunk(exifPrefix: Bool) throws {
        let m = try inspect(PhotoFixtures.png(tiff: ExifSpec().tiff(bigEndian: true), exifPrefix: exifPrefix))
        #expect(m.format == .png)
        #expect(m.width == 4 && m.height == 3)
        expectStandardExif(m)
    }

    @Test(arguments: [false, true])
    func webp_readsVP8XCanvasAndEXIFChunk(exifPrefix: Bool) throws {
        let m = try inspect(PhotoFixtures.webp(tiff: ExifSpec().tiff(), exifPrefix: exifPrefix))
        #expect(m.format == .webp)
        #expect(m.width == 320 && m.height == 240)
        expectStandardExif(m)
    }

    @Test func simpleWebP_readsVP8LAndVP8Sizes() throws {
        let lossless = try inspect(PhotoFixtures.riff(Array("WEBP".utf8)
            + PhotoFixtures.riffChunk("VP8L", PhotoFixtures.vp8l(width: 1_000, height: 750))))
        #expect(lossless.width == 1_000 && lossless.height == 750)
        let frame: [UInt8] = [0x50, 0x01, 0x00, 0x9D, 0x01, 0x2A, 0x80, 0x02, 0xE0, 0x01, 0, 0, 0]
        let lossy = try inspect(PhotoFixtures.riff(Array("WEBP".utf8) + PhotoFixtures.riffChunk("VP8 ", frame)))
        #expect(lossy.width == 640 && lossy.height == 480)
        #expect(lossy.takenAt == nil && lossy.location == nil)
    }

    @Test func photoWithoutExif_hasSizeAndNoMetadata() throws {
        for bytes in [PhotoFixtures.jpeg(tiff: nil), PhotoFixtures.png(tiff: nil), PhotoFixtures.webp(tiff: nil)] {
            let m = try inspect(bytes)
            #expect(m.width != nil && m.height != nil)
            #expect(m.takenAt == nil && !m.takenAtAssumedZone && m.location == nil && m.direction == nil)
        }
    }

    @Test func dataSlice_isReadAtItsOwnOffsets() throws {
        let bytes = PhotoFixtures.jpeg(tiff: ExifSpec().tiff())
        let slice = Data([0xFF, 0xD8, 0xFF] + bytes).dropFirst(3)
        #expect(slice.startIndex == 3)
        #expect(try PhotoInspector.inspect(slice) == inspect(bytes))
    }

    @Test func metadata_roundTripsThroughJSON() throws {
        let m = try inspect(PhotoFixtures.jpeg(tiff: ExifSpec().tiff()))
        let decoded = try JSONDecoder().decode(PhotoMetadata.self, from: JSONEncoder().encode(m))
        #expect(decoded == m)
    }
}

// MARK: - Time

@Suite struct PhotoTimeTests {
    @Test func missingOffset_assumesShanghaiAndSaysSo() throws {
        let m = try inspect(PhotoFixtures.jpeg(tiff: ExifSpec(offsetTimeOriginal: nil).tiff()))
        #expect(m.takenAt == utc("2026-11-25T02:00:00Z"))
        #expect(m.takenAtAssumedZone)
    }

    @Test func givenOffset_isApplied() throws {
        let m = try inspect(PhotoFixtures.jpeg(tiff: ExifSpec(offsetTimeOriginal: "-05:30").tiff(bigEndian: true)))
        #expect(m.takenAt == utc("2026-11-25T15:30:00Z"))
        #expect(!m.takenAtAssumedZone)
    }

    @Test func withoutDateTimeOriginal_fallsBackToDateTime() throws {
        let spec = ExifSpec(dateTimeOriginal: nil, offsetTimeOriginal: nil, dateTime: "2026:11:24 23:59:59")
        let m = try inspect(PhotoFixtures.jpeg(tiff: spec.tiff()))
        #expect(m.takenAt == utc("2026-11-24T15:59:59Z"))
        #expect(m.takenAtAssumedZone)
    }

    @Test(arguments: ["0000:00:00 00:00:00", "    :  :     :  :  ", "2026:13:01 10:00:00", "2026:02:29 10:00:00",
                      "2026:11:25 24:00:00", "2026/11/25 10:00:00", "2026:11:25"])
    func unknownOrImpossibleStamp_givesNoTime(stamp: String) throws {
        let m = try inspect(PhotoFixtures.jpeg(tiff: ExifSpec(dateTimeOriginal: stamp).tiff()))
        #expect(m.takenAt == nil)
        #expect(!m.takenAtAssumedZone)
    }

    @Test func invalidOffset_fallsBackToAssumedZone() throws {
        let m = try inspect(PhotoFixtures.jpeg(tiff: ExifSpec(offsetTimeOriginal: "   :  ").tiff()))
        #expect(m.takenAt == utc("2026-11-25T02:00:00Z"))
        #expect(m.takenAtAssumedZone)
    }

    @Test func leapDayAndCivilArithmetic_matchFoundation() {
        #expect(ExifInterpretation.localSeconds("2028:02:29 12:34:56").map { TimeInterval($0) }
            == utc("2028-02-29T12:34:56Z")?.timeIntervalSince1970)
        #expect(ExifInterpretation.localSeconds("1970-01-01T00:00:00") == 0)
    }
}

// MARK: - Place

@Suite struct PhotoPlaceTests {
    @Test func southAndWestRefs_giveNegativeCoordinates() throws {
        let m = try inspect(PhotoFixtures.jpeg(tiff: ExifSpec(latitudeRef: "S", longitudeRef: "W").tiff(bigEndian: true)))
        #expect(abs((m.location?.lat ?? 0) + expectedLatitude) < 1e-9)
        #expect(abs((m.location?.lon ?? 0) + expectedLongitude) < 1e-9)
    }

    @Test func zeroDenominator_givesNoLocation() throws {
        let m = try inspect(PhotoFixtures.jpeg(tiff: ExifSpec(latitude: [(29, 1), (33, 0), (305, 10)]).tiff()))
        #expect(m.location == nil)
        #expect(m.takenAt != nil)
        #expect(m.direction == 135.5)
    }

    @Test(arguments: [
        ExifSpec(latitude: [(91, 1), (0, 1), (0, 1)]),
        ExifSpec(latitude: [(89, 1), (60, 1), (1, 1)]),
        ExifSpec(longitude: [(181, 1), (0, 1), (0, 1)]),
        ExifSpec(latitudeRef: "X"),
        ExifSpec(longitudeRef: nil),
        ExifSpec(longitude: nil),
        ExifSpec(latitude: [(0, 1), (0, 1), (0, 1)], longitude: [(0, 1), (0, 1), (0, 1)]),
    ])
    fileprivate func outOfRangeOrIncompleteGPS_givesNoLocation(spec: ExifSpec) throws {
        let m = try inspect(PhotoFixtures.jpeg(tiff: spec.tiff()))
        #expect(m.location == nil)
        #expect(m.takenAt == utc("2026-11-25T02:00:00Z"))
    }

    @Test func directionOutsideCircle_isDropped() throws {
        #expect(try inspect(PhotoFixtures.jpeg(tiff: ExifSpec(direction: (361, 1)).tiff())).direction == nil)
        #expect(try inspect(PhotoFixtures.jpeg(tiff: ExifSpec(direction: (360, 1)).tiff())).direction == 0)
        #expect(try inspect(PhotoFixtures.jpeg(tiff: ExifSpec(direction: (1, 0)).tiff())).direction == nil)
    }

    @Test func decimalDegreesInOneRational_areRead() throws {
        let m = try inspect(PhotoFixtures.jpeg(tiff: ExifSpec(latitude: [(29_558_472, 1_000_000)]).tiff()))
        #expect(abs((m.location?.lat ?? 0) - 29.558472) < 1e-9)
    }
}

// MARK: - Broken EXIF does not refuse the photo

@Suite struct BrokenExifTests {
    @Test func ifdOffsetBeyondData_keepsPhotoWithoutMetadata() throws {
        var builder = ExifSpec().builder()
        builder.firstOffset = 60_000
        let m = try inspect(PhotoFixtures.jpeg(tiff: builder.bytes()))
        #expect(m.width == 640 && m.height == 480)
        #expect(m.takenAt == nil && m.location == nil && m.direction == nil)
    }

    @Test func exifPointerBeyondData_keepsGPS() throws {
        var builder = ExifSpec().builder()
        builder.directories[0][0] = (0x8769, .long(0xFFFF_FFF0))
        let m = try inspect(PhotoFixtures.jpeg(tiff: builder.bytes()))
        #expect(m.takenAt == nil)
        #expect(m.location != nil)
    }

    @Test func valueOffsetBeyondData_dropsOnlyThatValue() throws {
        var builder = ExifSpec().builder(bigEndian: true)
        builder.directories[1][0] = (0x9003, .raw(type: 2, count: 20, bytes: [0x00, 0x00, 0xFF, 0x00]))
        let m = try inspect(PhotoFixtures.jpeg(tiff: builder.bytes()))
        #expect(m.takenAt == nil)
        #expect(m.location != nil)
    }

    @Test func cyclicIFDPointers_terminateAndStillRead() throws {
        var builder = ExifSpec().builder()
        builder.directories[1] += [(0x8769, .directory(0)), (0x8825, .directory(1))]
        builder.directories[2] += [(0x8769, .directory(2))]
        builder.directories[0] += [(0x8769, .directory(0))]
        expectStandardExif(try inspect(PhotoFixtures.jpeg(tiff: builder.bytes())))
    }

    @Test func hugeEntryCountAndCount_areRefusedWithoutWork() throws {
        var tiff = ExifSpec().tiff(bigEndian: true)
        tiff[8] = 0xFF
        tiff[9] = 0xFF
        #expect(try inspect(PhotoFixtures.jpeg(tiff: tiff)).takenAt == nil)
        var builder = ExifSpec().builder()
        builder.directories[1][0] = (0x9003, .raw(type: 12, count: 0xFFFF_FFFF, bytes: [0, 0, 0, 0]))
        #expect(try inspect(PhotoFixtures.jpeg(tiff: builder.bytes())).takenAt == nil)
    }

    @Test(arguments: [[] as [UInt8], Array("MM".utf8), Array("XX".utf8) + [0, 42, 0, 0, 0, 8],
                      Array("MM".utf8) + [0, 43, 0, 0, 0, 8], Array("II".utf8) + [42, 0, 4, 0, 0, 0]])
    func brokenTIFFHeader_keepsPhotoWithoutMetadata(tiff: [UInt8]) throws {
        let m = try inspect(PhotoFixtures.jpeg(tiff: tiff))
        #expect(m.width == 640)
        #expect(m.takenAt == nil && m.location == nil)
    }

    @Test func pngEXIfWithBadCRC_isIgnored() throws {
        var bytes = PhotoFixtures.png(tiff: ExifSpec().tiff())
        let exif = try #require(bytes.indices.first { bytes[$0...].starts(with: Array("eXIf".utf8)) })
        bytes[exif + 4] ^= 0x01
        let m = try inspect(bytes)
        #expect(m.width == 4)
        #expect(m.takenAt == nil)
    }
}

// MARK: - Refusals

@Suite struct PhotoRefusalTests {
    static let otherFormats: [([UInt8], String)] = [
        (Array("GIF89a".utf8) + [1, 0, 1, 0, 0, 0, 0], "GIF"),
        (Array("GIF87a".utf8) + [1, 0, 1, 0], "GIF"),
        (Array("%PDF-1.7\n%âãÏÓ".utf8), "PDF"),
        ([0, 0, 0, 0x18] + Array("ftypheic".utf8) + [0, 0, 0, 0], "HEIC"),
        ([0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0], "TIFF"),
    ]

    static let garbledJPEGs: [([UInt8], String)] = [
        ([0xFF, 0xD8, 0xFF, 0xD9], "end of image before any scan"),
        ([0xFF, 0xD8, 0xFF, 0xD8, 0xFF, 0xD9], "second start-of-image marker"),
        ([0xFF, 0xD8] + PhotoFixtures.segment(0xDA, [1, 1, 0, 0, 0x3F, 0]) + [0, 0xFF, 0xD9], "scan before any frame header"),
        ([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x01], "segment length below 2"),
        ([0xFF, 0xD8] + PhotoFixtures.segment(0xC0, [8, 0, 10, 0, 0, 1, 1, 0x11, 0]) + [0xFF, 0xD9], "invalid frame header"),
    ]

    @Test(arguments: otherFormats)
    func knownOtherFormat_isUnsupportedByName(bytes: [UInt8], name: String) {
        let refused = problem(bytes)
        #expect(refused == .unsupportedFormat(name))
        #expect(refused?.code == "UNSUPPORTED_PHOTO" && refused?.status == 415)
    }

    @Test(arguments: [[] as [UInt8], Array("hello, world".utf8), [0xFF, 0xD8], [0xD8, 0xFF, 0xFF, 0xD8, 0xD9],
                      Array("<svg xmlns='http://www.w3.org/2000/svg'/>".utf8)])
    func wrongMagic_isNotAnImage(bytes: [UInt8]) {
        let refused = problem(bytes)
        #expect(refused == .notAnImage)
        #expect(refused?.code == "UNSUPPORTED_PHOTO" && refused?.status == 415)
    }

    @Test func overTheLimit_isTooLarge() {
        let big = Data(PhotoFixtures.jpeg(tiff: nil)) + Data(count: PhotoInspector.maximumBytes)
        #expect(throws: PhotoProblem.tooLarge(limit: PhotoInspector.maximumBytes)) { try PhotoInspector.inspect(big) }
        let refused = problem(Array(big))
        #expect(refused?.code == "PHOTO_TOO_LARGE" && refused?.status == 413)
        #expect(refused?.extensions["limitBytes"] == .int(10_485_760))
    }

    @Test func truncatedJPEG_everyProperPrefixIsRefused() {
        let bytes = PhotoFixtures.jpeg(tiff: ExifSpec().tiff())
        for length in 0..<bytes.count {
            let code = problem(Array(bytes.prefix(length)))?.code
            #expect(code == (length < 3 ? "UNSUPPORTED_PHOTO" : "MALFORMED_PHOTO"), "prefix \(length)")
        }
    }

    @Test func app1LengthBeyondFile_isTruncated() {
        var bytes = PhotoFixtures.jpeg(tiff: ExifSpec().tiff())
        bytes[4] = 0xFF
        bytes[5] = 0xF0
        #expect(problem(bytes) == .truncated(.jpeg))
    }

    @Test(arguments: garbledJPEGs)
    func garbledJPEG_isMalformed(bytes: [UInt8], reason: String) {
        #expect(problem(bytes) == .malformed(.jpeg, reason: reason))
        #expect(problem(bytes)?.status == 422)
    }

    @Test func jpegWithoutEOI_isTruncated() {
        let bytes = PhotoFixtures.jpeg(tiff: nil)
        #expect(problem(Array(bytes.dropLast(2)) + [0x00, 0x00]) == .truncated(.jpeg))
    }

    @Test func jpegWithTrailingData_isAccepted() throws {
        let motionPhoto = PhotoFixtures.jpeg(tiff: ExifSpec().tiff()) + [0, 0, 0, 0x18] + Array("ftypmp42".utf8)
        expectStandardExif(try inspect(motionPhoto))
    }

    @Test func pngWithoutIHDR_isMalformed() {
        let bytes = ImageFormat.pngSignature + PhotoFixtures.chunk("IDAT", [0]) + PhotoFixtures.chunk("IEND", [])
        #expect(problem(bytes) == .malformed(.png, reason: "first chunk is not IHDR"))
    }

    @Test func pngIHDRWithBadCRC_isMalformed() {
        var bytes = PhotoFixtures.png(tiff: nil)
        bytes[29] ^= 0xFF
        #expect(problem(bytes) == .malformed(.png, reason: "invalid IHDR"))
    }

    @Test func pngWithoutIDAT_isMalformed() {
        let bytes = ImageFormat.pngSignature
            + PhotoFixtures.chunk("IHDR", PhotoFixtures.be32(1) + PhotoFixtures.be32(1) + [8, 0, 0, 0, 0])
            + PhotoFixtures.chunk("IEND", [])
        #expect(problem(bytes) == .malformed(.png, reason: "no IDAT chunk"))
    }

    @Test func truncatedPNGAndWebP_everyProperPrefixIsRefused() {
        for bytes in [PhotoFixtures.png(tiff: ExifSpec().tiff()), PhotoFixtures.webp(tiff: ExifSpec().tiff())] {
            for length in 0..<bytes.count {
                let code = problem(Array(bytes.prefix(length)))?.code
                #expect(code == "MALFORMED_PHOTO" || code == "UNSUPPORTED_PHOTO", "prefix \(length)")
            }
        }
    }

    @Test func webpWithWrongRIFFSize_isRefused() {
        var bytes = PhotoFixtures.webp(tiff: ExifSpec().tiff())
        let size = UInt32(bytes.count - 8)
        bytes.replaceSubrange(4..<8, with: PhotoFixtures.le32(size + 2))
        #expect(problem(bytes) == .truncated(.webp))
        bytes.replaceSubrange(4..<8, with: PhotoFixtures.le32(size - 2))
        #expect(problem(bytes) == .malformed(.webp, reason: "RIFF size does not match the file"))
    }

    @Test func webpWithoutImageChunk_isMalformed() {
        let vp8x = PhotoFixtures.riffChunk("VP8X", [0, 0, 0, 0, 9, 0, 0, 9, 0, 0])
        #expect(problem(PhotoFixtures.riff(Array("WEBP".utf8) + vp8x)) == .malformed(.webp, reason: "no image data"))
        #expect(problem(PhotoFixtures.riff(Array("WEBP".utf8))) == .malformed(.webp, reason: "no image data"))
    }

    @Test(arguments: [
        (PhotoProblem.notAnImage, "UNSUPPORTED_PHOTO", 415),
        (.unsupportedFormat("GIF"), "UNSUPPORTED_PHOTO", 415),
        (.truncated(.png), "MALFORMED_PHOTO", 422),
        (.malformed(.webp, reason: "x"), "MALFORMED_PHOTO", 422),
        (.tooLarge(limit: 10_485_760), "PHOTO_TOO_LARGE", 413),
    ])
    func problem_hasStableCodeStatusAndBothLanguages(problem: PhotoProblem, code: String, status: Int) {
        #expect(problem.code == code)
        #expect(problem.status == status)
        #expect(problem.message.zh.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) })
        #expect(!problem.message.en.isEmpty)
    }
}

// MARK: - Robustness and speed

@Suite struct PhotoRobustnessTests {
    @Test func crc32_matchesTheStandardCheckValue() {
        #expect(PNGCRC.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    }

    /// 10,000 random mutations per fixture (overwrite, flip, insert, delete, cut) with a fixed seed: every outcome
    /// is metadata or a `PhotoProblem`; nothing traps or hangs.
    @Test func mutatedPhotos_neverCrash() {
        var random = SplitMix64(seed: 20_261_125)
        var accepted = 0, refused = 0
        for (_, base) in PhotoFixtures.standard {
            for _ in 0..<10_000 {
                var bytes = base
                for _ in 0...random.next(below: 4) {
                    guard !bytes.isEmpty else { break }
                    let at = random.next(below: bytes.count)
                    switch random.next(below: 6) {
                    case 0: bytes[at] = UInt8(truncatingIfNeeded: random.next())
                    case 1: bytes[at] ^= 1 << UInt8(random.next(below: 8))
                    case 2: bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: at)
                    case 3: bytes.remove(at: at)
                    case 4: bytes[at] = [0x00, 0xFF, 0x7F, 0x80][random.next(below: 4)]
                    default: bytes.removeLast(random.next(below: min(bytes.count, 16)))
                    }
                }
                do {
                    let m = try inspect(bytes)
                    #expect(m.location.map { abs($0.lat) <= 90 && abs($0.lon) <= 180 } ?? true)
                    #expect(m.direction.map { $0 >= 0 && $0 < 360 } ?? true)
                    accepted += 1
                } catch {
                    #expect(["UNSUPPORTED_PHOTO", "MALFORMED_PHOTO"].contains(error.code))
                    refused += 1
                }
            }
        }
        #expect(accepted > 0 && refused > 0)
    }

    @Test func randomBytes_neverCrash() {
        var random = SplitMix64(seed: 42)
        let heads: [[UInt8]] = [[0xFF, 0xD8, 0xFF], ImageFormat.pngSignature, Array("RIFF".utf8)]
        for i in 0..<3_000 {
            let tail = (0..<random.next(below: 200)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            var bytes = heads[i % 3] + tail
            if i % 3 == 2, bytes.count >= 12 {
                bytes.replaceSubrange(8..<12, with: Array("WEBP".utf8))
            }
            _ = problem(bytes)
        }
    }

    /// A 5 MB JPEG is read from its headers: size and EXIF come out whatever the entropy-coded data holds.
    @Test func fiveMegabyteJPEG_isReadFromHeaders() throws {
        let big = Data(PhotoFixtures.jpeg(tiff: ExifSpec().tiff(), width: 4_000, height: 3_000,
                                          entropy: [UInt8](repeating: 0x55, count: 5_000_000)))
        let metadata = try PhotoInspector.inspect(big)
        #expect(metadata.width == 4_000)
        #expect(metadata.height == 3_000)
        #expect(metadata.takenAt != nil)
    }
}
