import Foundation
import HubKit

/// What the hub knows about an uploaded photo: its format and size from the image structure, and when, where
/// and facing which way it was taken from EXIF. Every EXIF-derived field is nil when absent or invalid.
public struct PhotoMetadata: Sendable, Hashable, Codable {
    /// Recognised from the bytes, never from the file name or declared type.
    public var format: ImageFormat
    /// Pixels, from the JPEG frame header (SOFn), the PNG IHDR, or the WebP VP8X / VP8 / VP8L header.
    public var width: Int?
    public var height: Int?
    /// DateTimeOriginal (else DateTimeDigitized, else DateTime) with its OffsetTime tag when present.
    public var takenAt: Date?
    /// True when `takenAt` carried no UTC offset and UTC+8 (Asia/Shanghai) was assumed; false when it had one
    /// or when `takenAt` is nil.
    public var takenAtAssumedZone: Bool
    /// From the GPS IFD; nil when absent, out of range, or with a zero denominator.
    public var location: GeoPoint?
    /// GPSImgDirection: degrees clockwise from north in [0, 360), to compare "same place and angle".
    public var direction: Double?

    public init(format: ImageFormat, width: Int? = nil, height: Int? = nil, takenAt: Date? = nil,
                takenAtAssumedZone: Bool = false, location: GeoPoint? = nil, direction: Double? = nil) {
        self.format = format
        self.width = width
        self.height = height
        self.takenAt = takenAt
        self.takenAtAssumedZone = takenAtAssumedZone
        self.location = location
        self.direction = direction
    }
}

/// Refusals of an uploaded photo. Codes are stable: `UNSUPPORTED_PHOTO` (415) for anything that is not a JPEG,
/// PNG or WebP; `PHOTO_TOO_LARGE` (413); `MALFORMED_PHOTO` (422) for a recognised format whose structure is broken.
public enum PhotoProblem: HubProblem, Equatable {
    /// No known image signature.
    case notAnImage
    /// A recognised format the hub does not take (GIF, PDF, HEIC, AVIF, TIFF, BMP).
    case unsupportedFormat(String)
    /// The structure ends before it should (a segment or chunk runs past the end, no end marker).
    case truncated(ImageFormat)
    /// The structure is present but wrong; `reason` is a short technical English phrase.
    case malformed(ImageFormat, reason: String)
    case tooLarge(limit: Int)

    public var code: String {
        switch self {
        case .notAnImage, .unsupportedFormat: "UNSUPPORTED_PHOTO"
        case .truncated, .malformed: "MALFORMED_PHOTO"
        case .tooLarge: "PHOTO_TOO_LARGE"
        }
    }

    public var status: Int {
        switch self {
        case .notAnImage, .unsupportedFormat: 415
        case .truncated, .malformed: 422
        case .tooLarge: 413
        }
    }

    public var message: LocalizedText {
        switch self {
        case .notAnImage:
            LocalizedText(zh: "上传的文件不是可识别的照片，请上传 JPEG、PNG 或 WebP 格式的照片。",
                          en: "The upload is not a recognised photo; send a JPEG, PNG or WebP photo.")
        case .unsupportedFormat(let name):
            LocalizedText(zh: "暂不接受 \(name) 格式，请转换为 JPEG、PNG 或 WebP 后重新上传。",
                          en: "\(name) files are not accepted; convert to JPEG, PNG or WebP and upload again.")
        case .truncated(let format):
            LocalizedText(zh: "\(format.displayName) 照片不完整（文件被截断），请重新上传原图。",
                          en: "The \(format.displayName) photo is incomplete (cut short); upload the original again.")
        case .malformed(let format, let reason):
            LocalizedText(zh: "\(format.displayName) 照片结构已损坏（\(reason)），请重新上传原图。",
                          en: "The \(format.displayName) photo is damaged (\(reason)); upload the original again.")
        case .tooLarge(let limit):
            LocalizedText(zh: "照片超过 \(limit / 1_048_576) MB 的上限，请压缩后重新上传。",
                          en: "The photo is over the \(limit / 1_048_576) MB limit; compress it and upload again.")
        }
    }

    public var extensions: [String: ProblemValue] {
        switch self {
        case .notAnImage: [:]
        case .unsupportedFormat(let name): ["detectedFormat": .string(name)]
        case .truncated(let format): ["format": .string(format.rawValue)]
        case .malformed(let format, let reason): ["format": .string(format.rawValue), "reason": .string(reason)]
        case .tooLarge(let limit): ["limitBytes": .int(limit)]
        }
    }
}

/// Recognises an uploaded photo by its content and reads its metadata. Pure: bytes in, values out.
///
/// The container structure must be whole (JPEG: SOI, segments up to SOS, then an EOI; PNG: signature, IHDR
/// first, IDAT, IEND; WebP: a RIFF size matching the file, a VP8/VP8L/VP8X first chunk), or the photo is refused.
/// EXIF is best effort: a broken EXIF block leaves the metadata fields nil and never refuses the photo.
/// Work is bounded by headers: JPEG entropy-coded data and PNG IDAT are skipped, not read.
/// PNG CRCs are checked only for the chunks read (IHDR: refusal; eXIf: EXIF ignored), not for image data.
public enum PhotoInspector {
    /// The largest photo accepted, in bytes.
    public static let maximumBytes = 10 * 1024 * 1024

    /// Recognises and reads a photo; throws `PhotoProblem` for anything else, too large, or broken.
    public static func inspect(_ data: Data) throws(PhotoProblem) -> PhotoMetadata {
        guard data.count <= maximumBytes else { throw .tooLarge(limit: maximumBytes) }
        guard let format = ImageFormat.sniff(data) else {
            if let name = ImageFormat.unsupportedName(data) { throw .unsupportedFormat(name) }
            throw .notAnImage
        }
        let bytes = ByteWindow(data)
        let facts = switch format {
        case .jpeg: try JPEGStructure.read(bytes)
        case .png: try PNGStructure.read(bytes)
        case .webp: try WebPStructure.read(bytes)
        }
        var metadata = PhotoMetadata(format: format, width: facts.width, height: facts.height)
        if let exif = facts.exif.flatMap(ExifReader.read(tiff:)) {
            if let taken = ExifInterpretation.takenAt(exif) {
                metadata.takenAt = taken.date
                metadata.takenAtAssumedZone = taken.assumedZone
            }
            metadata.location = ExifInterpretation.location(exif)
            metadata.direction = ExifInterpretation.direction(exif)
        }
        return metadata
    }
}

/// What a container reader found: pixel size and, when present, the TIFF bytes of its EXIF block.
struct ContainerFacts {
    var width: Int?
    var height: Int?
    var exif: ByteWindow?
}

/// JPEG: marker segments from SOI up to the first SOS, then an EOI somewhere after it (searched from the end, so
/// trailing data such as a motion photo's video is allowed). Stray bytes between segments are skipped, as
/// libjpeg does. The first APP1 segment opening with `Exif\0\0` holds the TIFF.
enum JPEGStructure {
    static func read(_ bytes: ByteWindow) throws(PhotoProblem) -> ContainerFacts {
        var facts = ContainerFacts()
        var sawFrame = false
        var position = 2
        while true {
            guard let lead = bytes.byte(at: position) else { throw .truncated(.jpeg) }
            guard lead == 0xFF else {
                position += 1
                continue
            }
            var marker: UInt8 = 0xFF
            while marker == 0xFF {
                position += 1
                guard let next = bytes.byte(at: position) else { throw .truncated(.jpeg) }
                marker = next
            }
            position += 1
            switch marker {
            case 0x00, 0x01, 0xD0...0xD7:
                continue
            case 0xD8:
                throw .malformed(.jpeg, reason: "second start-of-image marker")
            case 0xD9:
                throw .malformed(.jpeg, reason: "end of image before any scan")
            default:
                break
            }
            guard let length = bytes.uint16(at: position, bigEndian: true) else { throw .truncated(.jpeg) }
            guard length >= 2 else { throw .malformed(.jpeg, reason: "segment length below 2") }
            let body = position + 2
            let bodyLength = length - 2
            guard bytes.contains(offset: body, length: bodyLength) else { throw .truncated(.jpeg) }
            position = body + bodyLength
            switch marker {
            case 0xC0...0xC3, 0xC5...0xC7, 0xC9...0xCB, 0xCD...0xCF:
                guard !sawFrame else { continue }
                guard bodyLength >= 6, let height = bytes.uint16(at: body + 1, bigEndian: true),
                      let width = bytes.uint16(at: body + 3, bigEndian: true), width > 0
                else { throw .malformed(.jpeg, reason: "invalid frame header") }
                facts.width = width
                facts.height = height > 0 ? height : nil
                sawFrame = true
            case 0xE1 where facts.exif == nil && bytes.matches("Exif\0\0", at: body):
                facts.exif = bytes.window(at: body + 6, length: bodyLength - 6)
            case 0xDA:
                guard sawFrame else { throw .malformed(.jpeg, reason: "scan before any frame header") }
                guard bytes.containsPair(0xFF, 0xD9, from: position) else { throw .truncated(.jpeg) }
                return facts
            default:
                continue
            }
        }
    }
}

/// PNG: the signature, IHDR as first chunk (13 bytes, CRC checked, non-zero size), at least one IDAT, and IEND.
/// Chunk lengths must fit in the file and below 2³¹; chunk types must be letters. Chunks after IEND are ignored.
/// An `eXIf` chunk holds the TIFF (a leading `Exif\0\0` some writers add is accepted); with a bad CRC it is ignored.
enum PNGStructure {
    static func read(_ bytes: ByteWindow) throws(PhotoProblem) -> ContainerFacts {
        var facts = ContainerFacts()
        var position = ImageFormat.pngSignature.count
        var sawHeader = false
        var sawData = false
        while true {
            guard let length = bytes.uint32(at: position, bigEndian: true),
                  let type = bytes.window(at: position + 4, length: 4) else { throw .truncated(.png) }
            guard length <= 0x7FFF_FFFF else { throw .malformed(.png, reason: "chunk length over 2^31") }
            guard type.data.allSatisfy({ ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }) else {
                throw .malformed(.png, reason: "invalid chunk type")
            }
            let body = position + 8
            guard bytes.contains(offset: body, length: length + 4) else { throw .truncated(.png) }
            let chunkStart = position
            position = body + length + 4
            // Computed only for the chunks read, so image data is never walked.
            func crcMatches() -> Bool {
                guard let stored = bytes.unsigned(at: body + length, width: 4, bigEndian: true),
                      let covered = bytes.window(at: chunkStart + 4, length: length + 4) else { return false }
                return PNGCRC.checksum(covered.data) == stored
            }

            let name = String(decoding: type.data, as: UTF8.self)
            if !sawHeader {
                guard name == "IHDR" else { throw .malformed(.png, reason: "first chunk is not IHDR") }
                guard length == 13, crcMatches(),
                      let width = bytes.uint32(at: body, bigEndian: true),
                      let height = bytes.uint32(at: body + 4, bigEndian: true),
                      (1...0x7FFF_FFFF).contains(width), (1...0x7FFF_FFFF).contains(height)
                else { throw .malformed(.png, reason: "invalid IHDR") }
                facts.width = width
                facts.height = height
                sawHeader = true
                continue
            }
            switch name {
            case "IHDR":
                throw .malformed(.png, reason: "second IHDR")
            case "IDAT":
                sawData = true
            case "eXIf" where facts.exif == nil && crcMatches():
                let skip = bytes.matches("Exif\0\0", at: body) ? 6 : 0
                facts.exif = bytes.window(at: body + skip, length: length - skip)
            case "IEND":
                guard sawData else { throw .malformed(.png, reason: "no IDAT chunk") }
                return facts
            default:
                break
            }
        }
    }
}

/// WebP: a RIFF size equal to the file size minus 8, then chunks (even-padded) filling it exactly. The first
/// chunk is `VP8 ` (lossy, a key frame), `VP8L` (lossless) or `VP8X` (extended, whose canvas size wins and which
/// must be followed by image data: `VP8 `, `VP8L` or `ANMF`). An `EXIF` chunk holds the TIFF, with or without a
/// leading `Exif\0\0`.
enum WebPStructure {
    static func read(_ bytes: ByteWindow) throws(PhotoProblem) -> ContainerFacts {
        guard let riffSize = bytes.uint32(at: 4, bigEndian: false) else { throw .truncated(.webp) }
        guard riffSize <= bytes.count - 8 else { throw .truncated(.webp) }
        guard riffSize == bytes.count - 8 else { throw .malformed(.webp, reason: "RIFF size does not match the file") }

        var facts = ContainerFacts()
        var position = 12
        var first = true
        var sawImage = false
        while position < bytes.count {
            guard let length = bytes.uint32(at: position + 4, bigEndian: false) else { throw .truncated(.webp) }
            let body = position + 8
            let padded = length + (length & 1)
            guard bytes.contains(offset: body, length: padded) else { throw .truncated(.webp) }
            position = body + padded
            let isImage = bytes.matches("VP8 ", at: body - 8) || bytes.matches("VP8L", at: body - 8)
                || bytes.matches("ANMF", at: body - 8)
            if first {
                first = false
                if bytes.matches("VP8X", at: body - 8) {
                    guard length >= 10, let width = bytes.unsigned(at: body + 4, width: 3, bigEndian: false),
                          let height = bytes.unsigned(at: body + 7, width: 3, bigEndian: false)
                    else { throw .malformed(.webp, reason: "invalid VP8X header") }
                    facts.width = Int(width) + 1
                    facts.height = Int(height) + 1
                    continue
                }
                guard isImage, !bytes.matches("ANMF", at: body - 8),
                      let size = frameSize(bytes, at: body - 8, length: length)
                else { throw .malformed(.webp, reason: "first chunk is not VP8, VP8L or VP8X") }
                facts.width = size.width
                facts.height = size.height
                sawImage = true
                continue
            }
            if isImage { sawImage = true }
            if facts.exif == nil, bytes.matches("EXIF", at: body - 8) {
                let skip = bytes.matches("Exif\0\0", at: body) ? 6 : 0
                facts.exif = bytes.window(at: body + skip, length: length - skip)
            }
        }
        guard sawImage else { throw .malformed(.webp, reason: "no image data") }
        return facts
    }

    /// The size in a simple-format bitstream header: VP8 (a key frame with start code 9D 01 2A, 14-bit sizes)
    /// or VP8L (signature 0x2F, then 14-bit width − 1 and height − 1).
    private static func frameSize(_ bytes: ByteWindow, at chunk: Int, length: Int) -> (width: Int, height: Int)? {
        let body = chunk + 8
        if bytes.matches("VP8 ", at: chunk) {
            guard length >= 10, let tag = bytes.byte(at: body), tag & 1 == 0,
                  bytes.byte(at: body + 3) == 0x9D, bytes.byte(at: body + 4) == 0x01, bytes.byte(at: body + 5) == 0x2A,
                  let width = bytes.uint16(at: body + 6, bigEndian: false),
                  let height = bytes.uint16(at: body + 8, bigEndian: false),
                  width & 0x3FFF > 0, height & 0x3FFF > 0 else { return nil }
            return (width & 0x3FFF, height & 0x3FFF)
        }
        guard length >= 5, bytes.byte(at: body) == 0x2F,
              let bits = bytes.unsigned(at: body + 1, width: 4, bigEndian: false) else { return nil }
        return (Int(bits & 0x3FFF) + 1, Int((bits >> 14) & 0x3FFF) + 1)
    }
}

/// CRC-32 as PNG (and zlib) define it: polynomial 0xEDB88320 reflected, initial and final XOR 0xFFFFFFFF.
enum PNGCRC {
    private static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for b in bytes { crc = table[Int((crc ^ UInt32(b)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}
