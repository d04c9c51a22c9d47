import Foundation
import HubKit

/// CAP date-times as the hub writes them: `YYYY-MM-DDThh:mm:ss+08:00`, Beijing time, whole seconds, never `Z`
/// (CAP 1.2 §3.3.2 forbids the `Z` designator; GB/T 35965.1 fixes the offset at +08:00).
public enum CAPTime {
    /// `date` in CAP form, seconds rounded down.
    public static func format(_ date: Date) -> String {
        Timestamp.shanghai(Int64(date.timeIntervalSince1970.rounded(.down)) * 1000)
    }

    /// `date` as GB/T 35965.1's basic form `YYYYMMDDhhmmss`, Beijing time.
    public static func basic(_ date: Date) -> String {
        String(format(date).prefix(19).filter(\.isNumber))
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
        guard isWellFormed(text), let milliseconds = try? Timestamp.milliseconds(text) else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(milliseconds / 1000))
    }
}
