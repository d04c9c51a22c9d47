import Foundation
import HubKit

/// Bounds-checked reads from bytes at zero-based offsets (whatever the `Data`'s own indices are).
/// Every read outside the bytes returns nil instead of trapping; sub-windows share storage, nothing is copied.
struct ByteWindow {
    let data: Data

    init(_ data: Data) { self.data = data }

    var count: Int { data.count }

    /// True when `length` bytes from `offset` lie inside the window; safe against overflow.
    func contains(offset: Int, length: Int) -> Bool {
        offset >= 0 && length >= 0 && offset <= count && length <= count - offset
    }

    func byte(at offset: Int) -> UInt8? {
        contains(offset: offset, length: 1) ? data[data.startIndex + offset] : nil
    }

    /// An unsigned integer of `width` bytes (at most 4), most significant byte first when `bigEndian`.
    func unsigned(at offset: Int, width: Int, bigEndian: Bool) -> UInt32? {
        guard width > 0, width <= 4, contains(offset: offset, length: width) else { return nil }
        var value: UInt32 = 0
        for i in 0..<width {
            let b = UInt32(data[data.startIndex + offset + (bigEndian ? i : width - 1 - i)])
            value = value << 8 | b
        }
        return value
    }

    func uint16(at offset: Int, bigEndian: Bool) -> Int? {
        unsigned(at: offset, width: 2, bigEndian: bigEndian).map(Int.init)
    }

    func uint32(at offset: Int, bigEndian: Bool) -> Int? {
        unsigned(at: offset, width: 4, bigEndian: bigEndian).map(Int.init)
    }

    /// True when the ASCII text appears at `offset`.
    func matches(_ ascii: String, at offset: Int) -> Bool {
        let expected = Array(ascii.utf8)
        guard contains(offset: offset, length: expected.count) else { return false }
        return data[(data.startIndex + offset)...].starts(with: expected)
    }

    /// The `length` bytes from `offset` as a window of their own, or nil when they do not fit.
    func window(at offset: Int, length: Int) -> ByteWindow? {
        guard contains(offset: offset, length: length) else { return nil }
        let start = data.startIndex + offset
        return ByteWindow(data[start..<(start + length)])
    }

    /// True when the two-byte sequence `first second` occurs at or after `offset`. Searches from the end, so a
    /// file that ends with the sequence answers at once.
    func containsPair(_ first: UInt8, _ second: UInt8, from offset: Int) -> Bool {
        guard offset >= 0, offset <= count - 2 else { return false }
        return data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Bool in
            var i = raw.count - 2
            while i >= offset {
                if raw[i] == first, raw[i + 1] == second { return true }
                i -= 1
            }
            return false
        }
    }
}

/// The EXIF values the hub uses, as read from a TIFF structure; each is nil when absent or unreadable.
struct ExifFields: Sendable, Hashable {
    var dateTime: String?
    var offsetTime: String?
    var dateTimeOriginal: String?
    var offsetTimeOriginal: String?
    var dateTimeDigitized: String?
    var offsetTimeDigitized: String?
    var latitudeRef: String?
    var latitude: [Double]?
    var longitudeRef: String?
    var longitude: [Double]?
    var imageDirection: Double?
}

/// Reads `ExifFields` from a TIFF structure: the body of a JPEG APP1 "Exif" segment, a PNG `eXIf` chunk or a
/// WebP `EXIF` chunk. Follows IFD0 to the Exif IFD (tag 0x8769) and the GPS IFD (0x8825).
///
/// Invariants: never traps on any input; visits at most `maximumDirectories` IFDs, each at most once (so cyclic
/// pointers end), and reads at most `maximumEntries` entries per IFD. Offsets are relative to the TIFF header.
enum ExifReader {
    static let maximumDirectories = 8
    static let maximumEntries = 512
    /// ASCII values longer than this are cut; the tags read here hold at most 20 bytes.
    static let maximumTextBytes = 64

    private enum Directory { case primary, exif, gps }

    private struct Entry {
        var tag: Int
        var type: Int
        var count: Int
        var value: ByteWindow
    }

    /// The fields, or nil when the TIFF header itself is broken (byte order, magic 42, IFD0 offset).
    static func read(tiff: ByteWindow) -> ExifFields? {
        let bigEndian: Bool
        if tiff.matches("MM", at: 0) { bigEndian = true }
        else if tiff.matches("II", at: 0) { bigEndian = false }
        else { return nil }
        guard tiff.uint16(at: 2, bigEndian: bigEndian) == 42,
              let first = tiff.uint32(at: 4, bigEndian: bigEndian), first >= 8 else { return nil }

        var fields = ExifFields()
        var queue: [(offset: Int, kind: Directory)] = [(first, .primary)]
        var visited: Set<Int> = []
        var next = 0
        while next < queue.count, visited.count < maximumDirectories {
            let (offset, kind) = queue[next]
            next += 1
            guard visited.insert(offset).inserted else { continue }
            for entry in entries(at: offset, in: tiff, bigEndian: bigEndian) {
                switch (kind, entry.tag) {
                case (.primary, 0x8769), (.exif, 0x8769):
                    if let target = pointer(entry, bigEndian: bigEndian) { queue.append((target, .exif)) }
                case (.primary, 0x8825), (.exif, 0x8825):
                    if let target = pointer(entry, bigEndian: bigEndian) { queue.append((target, .gps)) }
                case (.primary, 0x0132): fields.dateTime = fields.dateTime ?? text(entry)
                case (.exif, 0x9003): fields.dateTimeOriginal = fields.dateTimeOriginal ?? text(entry)
                case (.exif, 0x9004): fields.dateTimeDigitized = fields.dateTimeDigitized ?? text(entry)
                case (.exif, 0x9010): fields.offsetTime = fields.offsetTime ?? text(entry)
                case (.exif, 0x9011): fields.offsetTimeOriginal = fields.offsetTimeOriginal ?? text(entry)
                case (.exif, 0x9012): fields.offsetTimeDigitized = fields.offsetTimeDigitized ?? text(entry)
                case (.gps, 0x01): fields.latitudeRef = fields.latitudeRef ?? text(entry)
                case (.gps, 0x02): fields.latitude = fields.latitude ?? rationals(entry, bigEndian: bigEndian)
                case (.gps, 0x03): fields.longitudeRef = fields.longitudeRef ?? text(entry)
                case (.gps, 0x04): fields.longitude = fields.longitude ?? rationals(entry, bigEndian: bigEndian)
                case (.gps, 0x11):
                    fields.imageDirection = fields.imageDirection ?? rationals(entry, bigEndian: bigEndian)?.first
                default: break
                }
            }
        }
        return fields
    }

    /// Bytes per value of each TIFF field type; nil for types this reader does not know.
    private static func size(ofType type: Int) -> Int? {
        switch type {
        case 1, 2, 6, 7: 1
        case 3, 8: 2
        case 4, 9, 11, 13: 4
        case 5, 10, 12: 8
        default: nil
        }
    }

    /// The entries of the IFD at `offset` whose values lie inside the TIFF; empty when the IFD does not fit or
    /// claims more than `maximumEntries` entries. Entries cut off by the end of the data are dropped.
    private static func entries(at offset: Int, in tiff: ByteWindow, bigEndian: Bool) -> [Entry] {
        guard let declared = tiff.uint16(at: offset, bigEndian: bigEndian), declared <= maximumEntries else { return [] }
        var result: [Entry] = []
        for index in 0..<declared {
            let at = offset + 2 + 12 * index
            guard tiff.contains(offset: at, length: 12),
                  let tag = tiff.uint16(at: at, bigEndian: bigEndian),
                  let type = tiff.uint16(at: at + 2, bigEndian: bigEndian),
                  let count = tiff.uint32(at: at + 4, bigEndian: bigEndian) else { break }
            guard let unit = size(ofType: type) else { continue }
            let (length, overflow) = unit.multipliedReportingOverflow(by: count)
            guard !overflow else { continue }
            let start: Int
            if length <= 4 {
                start = at + 8
            } else {
                guard let pointed = tiff.uint32(at: at + 8, bigEndian: bigEndian) else { continue }
                start = pointed
            }
            guard let value = tiff.window(at: start, length: length) else { continue }
            result.append(Entry(tag: tag, type: type, count: count, value: value))
        }
        return result
    }

    /// The offset held by an IFD pointer (a single LONG or IFD value).
    private static func pointer(_ entry: Entry, bigEndian: Bool) -> Int? {
        guard entry.type == 4 || entry.type == 13, entry.count == 1 else { return nil }
        return entry.value.uint32(at: 0, bigEndian: bigEndian)
    }

    /// An ASCII value up to its first NUL, without trailing spaces; nil when empty.
    private static func text(_ entry: Entry) -> String? {
        guard entry.type == 2 || entry.type == 7 else { return nil }
        var bytes: [UInt8] = []
        for i in 0..<min(entry.count, maximumTextBytes) {
            guard let b = entry.value.byte(at: i), b != 0 else { break }
            bytes.append(b)
        }
        while bytes.last == 0x20 { bytes.removeLast() }
        return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
    }

    /// RATIONAL or SRATIONAL values (at most three) as doubles; nil when any has a zero denominator or is negative.
    private static func rationals(_ entry: Entry, bigEndian: Bool) -> [Double]? {
        guard entry.type == 5 || entry.type == 10, entry.count >= 1 else { return nil }
        var values: [Double] = []
        for i in 0..<min(entry.count, 3) {
            guard let rawNumerator = entry.value.unsigned(at: 8 * i, width: 4, bigEndian: bigEndian),
                  let rawDenominator = entry.value.unsigned(at: 8 * i + 4, width: 4, bigEndian: bigEndian)
            else { return nil }
            let numerator = entry.type == 10 ? Double(Int32(bitPattern: rawNumerator)) : Double(rawNumerator)
            let denominator = entry.type == 10 ? Double(Int32(bitPattern: rawDenominator)) : Double(rawDenominator)
            guard denominator != 0 else { return nil }
            let value = numerator / denominator
            guard value >= 0, value.isFinite else { return nil }
            values.append(value)
        }
        return values
    }
}

/// Turns EXIF text and rationals into the hub's values: instants, positions, bearings.
enum ExifInterpretation {
    /// The UTC offset assumed for a timestamp that carries none: China keeps one zone, UTC+8 (Asia/Shanghai),
    /// without daylight saving since 1991.
    static let assumedOffsetSeconds = 8 * 3600

    /// When the photo was taken: DateTimeOriginal, else DateTimeDigitized, else DateTime, each with its own
    /// offset tag when that is present and valid, else at UTC+8 with `assumedZone` set.
    static func takenAt(_ fields: ExifFields) -> (date: Date, assumedZone: Bool)? {
        let candidates = [(fields.dateTimeOriginal, fields.offsetTimeOriginal),
                          (fields.dateTimeDigitized, fields.offsetTimeDigitized),
                          (fields.dateTime, fields.offsetTime)]
        for (stamp, offset) in candidates {
            guard let stamp, let local = localSeconds(stamp) else { continue }
            if let offset, let seconds = offsetSeconds(offset) {
                return (Date(timeIntervalSince1970: TimeInterval(local - seconds)), false)
            }
            return (Date(timeIntervalSince1970: TimeInterval(local - assumedOffsetSeconds)), true)
        }
        return nil
    }

    /// Seconds since 1970-01-01 00:00 of a wall-clock stamp `YYYY:MM:DD HH:MM:SS` read as if it were UTC.
    /// Accepts `-` as date separator and `T` between date and time; anything after the seconds is ignored.
    /// Nil for blanks, zeros (`0000:00:00 00:00:00`, "unknown") and impossible dates.
    static func localSeconds(_ stamp: String) -> Int? {
        let b = Array(stamp.utf8)
        guard b.count >= 19,
              b[4] == UInt8(ascii: ":") || b[4] == UInt8(ascii: "-"), b[7] == b[4],
              b[10] == UInt8(ascii: " ") || b[10] == UInt8(ascii: "T"),
              b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
              let year = digits(b, 0, 4), let month = digits(b, 5, 2), let day = digits(b, 8, 2),
              let hour = digits(b, 11, 2), let minute = digits(b, 14, 2), let second = digits(b, 17, 2),
              (1900...2999).contains(year), (1...12).contains(month),
              day >= 1, day <= CivilDate.daysIn(month: month, year: year),
              hour < 24, minute < 60, second < 60 else { return nil }
        return CivilDate.days(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
    }

    /// Seconds east of UTC for `+HH:MM` / `-HH:MM` (OffsetTime tags); nil for blanks or out-of-range values.
    static func offsetSeconds(_ text: String) -> Int? {
        let b = Array(text.utf8)
        guard b.count >= 6, b[0] == UInt8(ascii: "+") || b[0] == UInt8(ascii: "-"), b[3] == UInt8(ascii: ":"),
              let hours = digits(b, 1, 2), let minutes = digits(b, 4, 2), hours <= 14, minutes < 60 else { return nil }
        let seconds = hours * 3600 + minutes * 60
        return b[0] == UInt8(ascii: "-") ? -seconds : seconds
    }

    /// A WGS84 position from GPS degrees/minutes/seconds and N/S, E/W references; nil when any part is missing,
    /// a reference is not one of its two letters, or the result is out of range. (0, 0) is treated as "no fix":
    /// some phones write zeros when they have none.
    static func location(_ fields: ExifFields) -> GeoPoint? {
        guard let latitude = degrees(fields.latitude), let longitude = degrees(fields.longitude),
              let latitudeSign = sign(fields.latitudeRef, positive: "N", negative: "S"),
              let longitudeSign = sign(fields.longitudeRef, positive: "E", negative: "W"),
              latitude <= 90, longitude <= 180, latitude != 0 || longitude != 0 else { return nil }
        return GeoPoint(lon: longitudeSign * longitude, lat: latitudeSign * latitude)
    }

    /// The camera's bearing in degrees clockwise from north, in [0, 360); the true/magnetic reference is not
    /// distinguished (the declination around Chongqing is about 2°).
    static func direction(_ fields: ExifFields) -> Double? {
        guard let value = fields.imageDirection, value <= 360 else { return nil }
        return value == 360 ? 0 : value
    }

    private static func degrees(_ parts: [Double]?) -> Double? {
        guard let parts, let whole = parts.first else { return nil }
        let minutes = parts.count > 1 ? parts[1] : 0
        let seconds = parts.count > 2 ? parts[2] : 0
        let value = whole + minutes / 60 + seconds / 3600
        return value.isFinite ? value : nil
    }

    private static func sign(_ ref: String?, positive: String, negative: String) -> Double? {
        switch ref?.uppercased() {
        case positive: 1
        case negative: -1
        default: nil
        }
    }

    private static func digits(_ bytes: [UInt8], _ start: Int, _ count: Int) -> Int? {
        var value = 0
        for i in start..<(start + count) {
            let b = bytes[i]
            guard b >= 48, b <= 57 else { return nil }
            value = value * 10 + Int(b - 48)
        }
        return value
    }
}
