import HubKit

/// A calendar date in Asia/Shanghai (`2026-11-25`): the date a 24-hour shift begins on. Stored and sent as text.
public struct DutyDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public let dayNumber: Int

    public init(dayNumber: Int) {
        self.dayNumber = dayNumber
    }

    public init(year: Int, month: Int, day: Int) {
        dayNumber = CivilDate.days(year: year, month: month, day: day)
    }

    /// Parses `YYYY-MM-DD` (a real date of years 2000–2199); nil otherwise.
    public init?(text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (2000...2199).contains(y), (1...12).contains(m), (1...CivilDate.daysIn(month: m, year: y)).contains(d)
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public var parts: (year: Int, month: Int, day: Int) { CivilDate.date(days: dayNumber) }

    public var description: String {
        let (y, m, d) = parts
        return "\(y)-\(m < 10 ? "0" : "")\(m)-\(d < 10 ? "0" : "")\(d)"
    }

    public func adding(days: Int) -> DutyDate { DutyDate(dayNumber: dayNumber + days) }

    public static func < (a: DutyDate, b: DutyDate) -> Bool { a.dayNumber < b.dayNumber }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = DutyDate(text: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "a date YYYY-MM-DD"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A month of the roster (`2026-11`), the unit of bulk entry.
public struct DutyMonth: Sendable, Hashable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    /// Parses `YYYY-MM`; nil otherwise.
    public init?(text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let y = Int(parts[0]), let m = Int(parts[1]),
              (2000...2199).contains(y), (1...12).contains(m) else { return nil }
        year = y
        month = m
    }

    public init(containing date: DutyDate) {
        let (y, m, _) = date.parts
        year = y
        month = m
    }

    public var first: DutyDate { DutyDate(year: year, month: month, day: 1) }
    public var last: DutyDate { DutyDate(year: year, month: month, day: CivilDate.daysIn(month: month, year: year)) }
    public func contains(_ date: DutyDate) -> Bool { date >= first && date <= last }
    public var description: String { "\(year)-\(month < 10 ? "0" : "")\(month)" }
}
