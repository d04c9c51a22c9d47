import Foundation

/// CAP date-times as the hub writes them: `YYYY-MM-DDThh:mm:ss+08:00`, Beijing time, whole seconds, never `Z`
/// (CAP 1.2 §3.3.2 forbids the `Z` designator; GB/T 35965.1 fixes the offset at +08:00).
public enum CAPTime {
    /// Seconds east of UTC of every time the hub writes.
    public static let offsetSeconds = 8 * 3600

    /// `date` in CAP form, seconds rounded down.
    public static func format(_ date: Date) -> String {
        let c = civil(date)
        return "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))T\(pad(c.hour, 2)):\(pad(c.minute, 2)):\(pad(c.second, 2))+08:00"
    }

    /// `date` as GB/T 35965.1's basic form `YYYYMMDDhhmmss`, Beijing time.
    public static func basic(_ date: Date) -> String {
        let c = civil(date)
        return "\(pad(c.year, 4))\(pad(c.month, 2))\(pad(c.day, 2))\(pad(c.hour, 2))\(pad(c.minute, 2))\(pad(c.second, 2))"
    }

    /// `date` rounded down to a whole second, as CAP carries it.
    public static func wholeSecond(_ date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }

    /// Whether `text` is exactly `YYYY-MM-DDThh:mm:ss±hh:mm` with field values in range (no `Z`, no fraction).
    public static func isWellFormed(_ text: String) -> Bool {
        let b = Array(text.utf8)
        guard b.count == 25 else { return false }
        let digits = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 23, 24]
        guard digits.allSatisfy({ b[$0] >= 48 && b[$0] <= 57 }),
              b[4] == 45, b[7] == 45, b[10] == 84, b[13] == 58, b[16] == 58, b[19] == 43 || b[19] == 45, b[22] == 58
        else { return false }
        func number(_ at: Int) -> Int { Int(b[at] - 48) * 10 + Int(b[at + 1] - 48) }
        return (1...12).contains(number(5)) && (1...31).contains(number(8)) && number(11) < 24 && number(14) < 60
            && number(17) < 60 && number(20) <= 14 && number(23) < 60
    }

    /// The instant a well-formed CAP time names, or nil when `text` is not well formed.
    public static func parse(_ text: String) -> Date? {
        guard isWellFormed(text) else { return nil }
        let b = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int { (from..<from + count).reduce(0) { $0 * 10 + Int(b[$1] - 48) } }
        let year = number(0, 4), month = number(5, 2), day = number(8, 2)
        // Days from civil (H. Hinnant's days_from_civil).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        let offset = (number(20, 2) * 3600 + number(23, 2) * 60) * (b[19] == 45 ? -1 : 1)
        let seconds = days * 86_400 + number(11, 2) * 3600 + number(14, 2) * 60 + number(17, 2) - offset
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    private struct Civil { var year, month, day, hour, minute, second: Int }

    private static func civil(_ date: Date) -> Civil {
        let local = Int64(date.timeIntervalSince1970.rounded(.down)) + Int64(offsetSeconds)
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let secondOfDay = Int(local - days * 86_400)
        // Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's civil_from_days).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = Int(doy - (153 * mp + 2) / 5 + 1)
        let month = Int(mp < 10 ? mp + 3 : mp - 9)
        let year = Int(yoe + era * 400) + (month <= 2 ? 1 : 0)
        return Civil(year: year, month: month, day: day, hour: secondOfDay / 3600, minute: secondOfDay / 60 % 60,
                     second: secondOfDay % 60)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
