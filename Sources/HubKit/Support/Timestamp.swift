/// ISO 8601 / RFC 3339 date-times that must carry a zone (`Z` or `±hh:mm`), parsed without Foundation's
/// formatters (which are slow and accept what they should not). Also writes instants in Asia/Shanghai (+08:00).
public enum Timestamp {
    public enum Failure: Error, Equatable {
        case malformed
        case noZone
    }

    /// Milliseconds since 1970 for `YYYY-MM-DDThh:mm[:ss[.fff…]](Z|±hh:mm|±hhmm|±hh)`; `t`, `z` and a space
    /// separator are accepted too. A time without zone is refused: its instant is unknown.
    public static func milliseconds(_ text: String) throws(Failure) -> Int64 {
        var text = text
        let result = text.withUTF8 { bytes -> Result<Int64, Failure> in
            do throws(Failure) { return .success(try parse(bytes)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    static func parse(_ b: UnsafeBufferPointer<UInt8>) throws(Failure) -> Int64 {
        var i = 0
        func digits(_ count: Int) throws(Failure) -> Int {
            guard i + count <= b.count else { throw .malformed }
            var value = 0
            for _ in 0..<count {
                let d = Int(b[i]) - 48
                guard d >= 0 && d <= 9 else { throw .malformed }
                value = value * 10 + d
                i += 1
            }
            return value
        }
        func expect(_ byte: UInt8) throws(Failure) {
            guard i < b.count, b[i] == byte else { throw .malformed }
            i += 1
        }
        let year = try digits(4)
        try expect(45)
        let month = try digits(2)
        try expect(45)
        let day = try digits(2)
        guard i < b.count, b[i] == 84 || b[i] == 116 || b[i] == 32 else {
            if i == b.count { throw .noZone }
            throw .malformed
        }
        i += 1
        let hour = try digits(2)
        try expect(58)
        let minute = try digits(2)
        var second = 0
        var millis = 0
        if i < b.count, b[i] == 58 {
            i += 1
            second = try digits(2)
            if i < b.count, b[i] == 46 || b[i] == 44 {
                i += 1
                var scale = 100
                var any = false
                while i < b.count, b[i] >= 48, b[i] <= 57 {
                    millis += Int(b[i] - 48) * scale
                    scale /= 10
                    any = true
                    i += 1
                }
                guard any else { throw .malformed }
            }
        }
        guard (1...12).contains(month), (1...CivilDate.daysIn(month: month, year: year)).contains(day), hour <= 23, minute <= 59, second <= 60 else {
            throw .malformed
        }
        guard i < b.count else { throw .noZone }
        var offsetMinutes = 0
        switch b[i] {
        case 90, 122:
            i += 1
        case 43, 45:
            let sign = b[i] == 45 ? -1 : 1
            i += 1
            let oh = try digits(2)
            var om = 0
            if i < b.count {
                if b[i] == 58 { i += 1 }
                om = try digits(2)
            }
            guard oh <= 18, om <= 59 else { throw .malformed }
            offsetMinutes = sign * (oh * 60 + om)
        default:
            throw .malformed
        }
        guard i == b.count else { throw .malformed }
        let days = CivilDate.days(year: year, month: month, day: day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + min(second, 59)) - Int64(offsetMinutes * 60)
        return seconds * 1000 + Int64(millis)
    }

    /// Asia/Shanghai is UTC+8 all year (no daylight saving since 1991).
    public static let shanghaiOffsetMilliseconds: Int64 = 8 * 3_600_000

    /// `2024-07-10T11:00:00+08:00` (milliseconds shown only when not zero).
    public static func shanghai(_ milliseconds: Int64) -> String {
        let local = milliseconds + shanghaiOffsetMilliseconds
        let days = Int(floorDiv(local, 86_400_000))
        let ms = Int(local - Int64(days) * 86_400_000)
        let (y, m, d) = CivilDate.date(days: days)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        var text = "\(y)-\(two(m))-\(two(d))T\(two(ms / 3_600_000)):\(two(ms / 60_000 % 60)):\(two(ms / 1000 % 60))"
        if ms % 1000 != 0 {
            let f = ms % 1000
            text += "." + (f < 10 ? "00\(f)" : f < 100 ? "0\(f)" : "\(f)")
        }
        return text + "+08:00"
    }

    /// `a / b` rounded towards minus infinity.
    public static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
