import Foundation
import HubKit

/// A calendar day in the hub's local time (Asia/Shanghai), without a time of day, e.g. `2026-10-01`.
///
/// Invariant: a real Gregorian date with a year in 1...9999. Encodes as the string `"2026-10-01"`.
public struct LocalDay: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Nil unless the three numbers name a real date in years 1...9999.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= CivilDate.daysIn(month: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD`; nil for anything else, including impossible dates such as `2026-02-30`.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The day `dayNumber` days after 1970-01-01 (negative before), clamped to years 1...9999.
    init(dayNumber: Int) {
        (year, month, day) = CivilDate.date(days: min(max(dayNumber, LocalDay.firstDayNumber), LocalDay.lastDayNumber))
    }

    /// Days since 1970-01-01 (negative before).
    var dayNumber: Int { CivilDate.days(year: year, month: month, day: day) }

    /// ISO weekday: 1 = Monday … 7 = Sunday (not Foundation's 1 = Sunday).
    public var weekday: Int { LocalDay.isoWeekday(ofDayNumber: dayNumber) }

    /// The day `days` days later (earlier if negative).
    public func adding(days: Int) -> LocalDay { LocalDay(dayNumber: dayNumber + days) }

    /// The day an instant falls on in China (UTC+8, no daylight saving).
    public static func china(_ instant: Date) -> LocalDay {
        LocalDay(dayNumber: Int(((instant.timeIntervalSince1970 + 8 * 3600) / 86_400).rounded(.down)))
    }

    public var description: String {
        "\(year.zeroPadded(4))-\(month.zeroPadded(2))-\(day.zeroPadded(2))"
    }

    /// `20261126`: the form case numbers start with.
    public var compact: String {
        "\(year.zeroPadded(4))\(month.zeroPadded(2))\(day.zeroPadded(2))"
    }

    public static func < (a: LocalDay, b: LocalDay) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let day = LocalDay(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a date YYYY-MM-DD, got \(text)")
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    static func isoWeekday(ofDayNumber dayNumber: Int) -> Int {
        (dayNumber + 3).floorMod(7) + 1        // 1970-01-01 was a Thursday (4)
    }

    private static let firstDayNumber = -719_162     // 0001-01-01
    private static let lastDayNumber = 2_932_896     // 9999-12-31
}

/// A span of working time within one local day, in minutes after local midnight: `start` inclusive, `end`
/// exclusive, e.g. `WorkingPeriod(start: 540, end: 720)` for 09:00–12:00.
///
/// Meaningful values satisfy 0 ≤ start < end ≤ 1440; a calendar clips other values to the day, ignores empty
/// periods and merges overlapping ones.
public struct WorkingPeriod: Sendable, Hashable, Codable {
    /// Minutes after local midnight, inclusive.
    public var start: Int
    /// Minutes after local midnight, exclusive.
    public var end: Int

    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }
}

/// When the city works: the working periods of each weekday, the public holidays and the make-up working days
/// (调休上班), in one local time zone. Case limits in working hours or working days are measured against it.
///
/// Conventions, each chosen once and used everywhere:
/// - weekdays are ISO numbers, 1 = Monday … 7 = Sunday; a weekday absent from `hours` has no working time;
/// - a day in `holidays` has no working time, even if it is also in `makeUpDays` (the holiday wins);
/// - a day in `makeUpDays` works the periods of `makeUpHours` (Monday's periods when nil), whatever its weekday;
/// - arithmetic uses the zone's fixed UTC offset (China: UTC+8 since 1991, no daylight saving) and integer
///   seconds; instants are truncated to whole seconds and results fall on whole seconds;
/// - a limit that cannot be met — the calendar has no working time left after the start — is due at
///   `Date.distantFuture`, found without scanning: the computation never loops over more days than it needs.
///
/// The value is pure (no I/O, no clock) and cheap to query: a deadline costs well under a microsecond, because
/// runs of ordinary weeks between holidays are skipped a week at a time.
public struct WorkingCalendar: Sendable, Hashable, Codable {
    /// Working periods per ISO weekday (1 = Monday … 7 = Sunday).
    public var hours: [Int: [WorkingPeriod]] { didSet { rebuild() } }
    /// The periods worked on a make-up day; nil means Monday's.
    public var makeUpHours: [WorkingPeriod]? { didSet { rebuild() } }
    /// Days off that would otherwise be working days (法定节假日, including the days swapped by 调休).
    public var holidays: Set<LocalDay> { didSet { rebuild() } }
    /// Days that are working days although they fall on a weekend (调休上班).
    public var makeUpDays: Set<LocalDay> { didSet { rebuild() } }
    /// The IANA zone the periods and days are read in, e.g. `"Asia/Shanghai"`.
    public var timeZone: String { didSet { rebuild() } }

    private var plan: Plan

    public init(hours: [Int: [WorkingPeriod]], makeUpHours: [WorkingPeriod]? = nil, holidays: Set<LocalDay> = [],
                makeUpDays: Set<LocalDay> = [], timeZone: String = "Asia/Shanghai") {
        self.hours = hours
        self.makeUpHours = makeUpHours
        self.holidays = holidays
        self.makeUpDays = makeUpDays
        self.timeZone = timeZone
        self.plan = Plan(hours: hours, makeUpHours: makeUpHours, holidays: holidays, makeUpDays: makeUpDays,
                         timeZone: timeZone)
    }

    /// The usual office day of Chinese administrations: 09:00–12:00 and 14:00–18:00 (7 working hours).
    public static let officeDay: [WorkingPeriod] = [WorkingPeriod(start: 540, end: 720),
                                                    WorkingPeriod(start: 840, end: 1080)]

    /// Monday to Friday `officeDay` in Asia/Shanghai, with the holidays and make-up days of `ChinaHolidays`.
    public static let chinaDefault = WorkingCalendar(
        hours: [1: officeDay, 2: officeDay, 3: officeDay, 4: officeDay, 5: officeDay],
        holidays: ChinaHolidays.holidays, makeUpDays: ChinaHolidays.makeUpDays, timeZone: "Asia/Shanghai")

    /// The fixed offset from UTC used for all arithmetic, in seconds. An identifier Foundation does not know
    /// falls back to UTC+8; a zone with daylight saving is read at its offset of 1 January 2025.
    public var utcOffsetSeconds: Int { plan.offset }

    /// Whether `day` has any working time.
    public func isWorkingDay(_ day: LocalDay) -> Bool {
        !plan.spans(on: day.dayNumber).isEmpty
    }

    /// Whether `instant` lies inside a working period (start inclusive, end exclusive).
    public func isWorkingTime(_ instant: Date) -> Bool {
        let local = plan.local(instant)
        let day = local.floorDiv(Plan.secondsPerDay)
        let second = local - day * Plan.secondsPerDay
        return plan.spans(on: day).contains { $0.start <= second && second < $0.end }
    }

    /// The local day that contains `instant`.
    public func localDay(of instant: Date) -> LocalDay {
        LocalDay(dayNumber: plan.local(instant).floorDiv(Plan.secondsPerDay))
    }

    /// The instant a limit of `duration` that starts at `start` falls due.
    ///
    /// - `.workingHours(n)`: the earliest instant by which n × 60 working minutes have passed since `start`; only
    ///   time inside working periods counts. A limit used up exactly at the end of a period is due at that end
    ///   (12:00, not 14:00). Filed Friday 17:30 with 4 working hours: 30 minutes on Friday, 09:00–12:00 on Monday,
    ///   due Monday 14:30.
    /// - `.workingDays(n)`: the close (end of the last working period) of the n-th working day after the day of
    ///   `start`; the day of filing never counts, whatever the hour. Filed Monday 10:00 with 1 working day: due
    ///   Tuesday 18:00.
    /// - `.minutes(n)`: `start` plus n calendar minutes, regardless of the calendar (emergencies).
    ///
    /// A zero or negative duration is due at `start`. A limit the calendar can never meet is due at
    /// `Date.distantFuture`.
    public func deadline(from start: Date, adding duration: WorkDuration) -> Date {
        switch duration {
        case .minutes(let count):
            guard count > 0 else { return start }
            return start.addingTimeInterval(Double(count) * 60)
        case .workingHours(let count):
            guard count > 0 else { return start }
            guard count <= Plan.maximumCount,
                  let due = plan.advance(from: plan.local(start), by: count * 3600) else { return .distantFuture }
            return plan.date(due)
        case .workingDays(let count):
            guard count > 0 else { return start }
            let startDay = plan.local(start).floorDiv(Plan.secondsPerDay)
            guard count <= Plan.maximumCount,
                  let due = plan.closeOfWorkingDay(count, after: startDay) else { return .distantFuture }
            return plan.date(due)
        }
    }

    /// Working minutes between two instants (whole minutes, rounded down); 0 if `end` ≤ `start`.
    /// Used for the share of a limit already used and for on-time checks.
    public func workingMinutes(from start: Date, to end: Date) -> Int {
        plan.workingSeconds(from: plan.local(start), to: plan.local(end)) / 60
    }

    /// The earliest instant at which `fraction` of the working time between `start` and `due` has passed, e.g.
    /// the 75 % warning of a case limit.
    ///
    /// `fraction` is clamped to 0...1: 0 gives `start`, 1 gives `due`. When `due` ≤ `start` the answer is `start`.
    /// When there is no working time between them at all (an emergency limit in calendar minutes at night), the
    /// fraction is taken of calendar time instead. Limits in calendar minutes should be split in calendar time by
    /// the caller; this function measures working time.
    public func instant(atFraction fraction: Double, from start: Date, to due: Date) -> Date {
        guard due > start, !fraction.isNaN, fraction > 0 else { return start }
        guard fraction < 1 else { return due }
        let from = plan.local(start)
        let total = plan.workingSeconds(from: from, to: plan.local(due))
        guard total > 0 else { return start.addingTimeInterval(due.timeIntervalSince(start) * fraction) }
        let target = min(total, Int((Double(total) * fraction).rounded(.up)))
        guard target > 0, let instant = plan.advance(from: from, by: target) else { return start }
        return min(plan.date(instant), due)
    }

    public static func == (a: WorkingCalendar, b: WorkingCalendar) -> Bool {
        a.hours == b.hours && a.makeUpHours == b.makeUpHours && a.holidays == b.holidays
            && a.makeUpDays == b.makeUpDays && a.timeZone == b.timeZone
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(hours)
        hasher.combine(makeUpHours)
        hasher.combine(holidays)
        hasher.combine(makeUpDays)
        hasher.combine(timeZone)
    }

    private enum CodingKeys: String, CodingKey {
        case hours, makeUpHours, holidays, makeUpDays, timeZone
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(hours: try container.decode([Int: [WorkingPeriod]].self, forKey: .hours),
                  makeUpHours: try container.decodeIfPresent([WorkingPeriod].self, forKey: .makeUpHours),
                  holidays: Set(try container.decodeIfPresent([LocalDay].self, forKey: .holidays) ?? []),
                  makeUpDays: Set(try container.decodeIfPresent([LocalDay].self, forKey: .makeUpDays) ?? []),
                  timeZone: try container.decodeIfPresent(String.self, forKey: .timeZone) ?? "Asia/Shanghai")
    }

    /// Days are written sorted, so the same calendar always encodes to the same bytes.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(hours, forKey: .hours)
        try container.encodeIfPresent(makeUpHours, forKey: .makeUpHours)
        try container.encode(holidays.sorted(), forKey: .holidays)
        try container.encode(makeUpDays.sorted(), forKey: .makeUpDays)
        try container.encode(timeZone, forKey: .timeZone)
    }

    private mutating func rebuild() {
        plan = Plan(hours: hours, makeUpHours: makeUpHours, holidays: holidays, makeUpDays: makeUpDays,
                    timeZone: timeZone)
    }
}

/// The calendar compiled for arithmetic: periods in seconds, clipped, sorted and merged; days as day numbers.
///
/// Local time is an `Int` count of seconds since 1970-01-01 00:00 local; day `d` covers
/// `d * 86400 ..< (d + 1) * 86400`.
private struct Plan: Sendable {
    struct Span: Sendable {
        var start: Int
        var end: Int
    }

    enum Special: Sendable {
        case holiday, makeUp
    }

    static let secondsPerDay = 86_400
    /// Larger counts of hours or days are due at `Date.distantFuture`; keeps every product far from overflow.
    static let maximumCount = 1 << 24

    /// Index 0 = Monday … 6 = Sunday.
    let week: [[Span]]
    let makeUp: [Span]
    let weekSeconds: Int
    let workingDaysPerWeek: Int
    let special: [Int: Special]
    /// Every holiday and make-up day, sorted: ordinary weeks lie between them.
    let specialDays: [Int]
    /// Make-up days with working time (not also holidays), sorted: the only work of a calendar whose weeks have none.
    let extraWorkDays: [Int]
    let offset: Int

    init(hours: [Int: [WorkingPeriod]], makeUpHours: [WorkingPeriod]?, holidays: Set<LocalDay>,
         makeUpDays: Set<LocalDay>, timeZone: String) {
        let week = (1...7).map { Plan.spans(hours[$0] ?? []) }
        let makeUp = Plan.spans(makeUpHours ?? hours[1] ?? [])
        var special: [Int: Special] = [:]
        for day in makeUpDays { special[day.dayNumber] = .makeUp }
        for day in holidays { special[day.dayNumber] = .holiday }
        self.week = week
        self.makeUp = makeUp
        self.weekSeconds = week.reduce(0) { total, spans in total + spans.reduce(0) { $0 + $1.end - $1.start } }
        self.workingDaysPerWeek = week.filter { !$0.isEmpty }.count
        self.special = special
        self.specialDays = special.keys.sorted()
        self.extraWorkDays = makeUp.isEmpty ? [] : special.filter { $0.value == .makeUp }.keys.sorted()
        self.offset = Plan.offset(of: timeZone)
    }

    func spans(on day: Int) -> [Span] {
        switch special[day] {
        case .holiday: []
        case .makeUp: makeUp
        case nil: week[(day + 3).floorMod(7)]
        }
    }

    func local(_ instant: Date) -> Int {
        let seconds = min(max(instant.timeIntervalSince1970, -1e14), 1e14)
        return Int(seconds.rounded(.down)) + offset
    }

    func date(_ local: Int) -> Date {
        min(Date(timeIntervalSince1970: Double(local - offset)), .distantFuture)
    }

    /// The earliest local second by which `seconds` (> 0) of working time have passed since `start`; nil if the
    /// calendar runs out of working time first.
    func advance(from start: Int, by seconds: Int) -> Int? {
        var day = start.floorDiv(Plan.secondsPerDay)
        var second = start - day * Plan.secondsPerDay
        var remaining = seconds
        while true {
            if weekSeconds == 0 {
                guard let next = Plan.first(in: extraWorkDays, atOrAfter: day) else { return nil }
                if next != day { (day, second) = (next, 0) }
            } else if second == 0, remaining > weekSeconds {
                let weeks = min(ordinaryWeeks(from: day), (remaining - 1) / weekSeconds)
                day += 7 * weeks
                remaining -= weeks * weekSeconds
            }
            for span in spans(on: day) {
                let from = max(span.start, second)
                guard from < span.end else { continue }
                if remaining <= span.end - from { return day * Plan.secondsPerDay + from + remaining }
                remaining -= span.end - from
            }
            day += 1
            second = 0
        }
    }

    /// The local second at which the `count`-th (> 0) working day after `startDay` closes; nil if there is none.
    func closeOfWorkingDay(_ count: Int, after startDay: Int) -> Int? {
        var day = startDay + 1
        var remaining = count
        while true {
            if workingDaysPerWeek == 0 {
                guard let next = Plan.first(in: extraWorkDays, atOrAfter: day) else { return nil }
                day = next
            } else if remaining > workingDaysPerWeek {
                let weeks = min(ordinaryWeeks(from: day), (remaining - 1) / workingDaysPerWeek)
                day += 7 * weeks
                remaining -= weeks * workingDaysPerWeek
            }
            if let last = spans(on: day).last {
                remaining -= 1
                if remaining == 0 { return day * Plan.secondsPerDay + last.end }
            }
            day += 1
        }
    }

    /// Working seconds in `start ..< end` (local seconds); 0 if `end` ≤ `start`.
    func workingSeconds(from start: Int, to end: Int) -> Int {
        guard end > start else { return 0 }
        var day = start.floorDiv(Plan.secondsPerDay)
        var second = start - day * Plan.secondsPerDay
        let lastDay = end.floorDiv(Plan.secondsPerDay)
        var total = 0
        while day <= lastDay {
            if weekSeconds == 0 {
                guard let next = Plan.first(in: extraWorkDays, atOrAfter: day), next <= lastDay else { break }
                if next != day { (day, second) = (next, 0) }
            } else if second == 0, lastDay - day >= 7 {
                let weeks = min(ordinaryWeeks(from: day), (lastDay - day) / 7)
                day += 7 * weeks
                total += weeks * weekSeconds
            }
            let limit = day == lastDay ? end - day * Plan.secondsPerDay : Plan.secondsPerDay
            for span in spans(on: day) {
                let from = max(span.start, second)
                let to = min(span.end, limit)
                if to > from { total += to - from }
            }
            day += 1
            second = 0
        }
        return total
    }

    /// How many whole weeks from `day` on contain no holiday and no make-up day.
    private func ordinaryWeeks(from day: Int) -> Int {
        guard let next = Plan.first(in: specialDays, atOrAfter: day) else { return Int.max / 8 }
        return (next - day) / 7
    }

    private static func first(in sorted: [Int], atOrAfter day: Int) -> Int? {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < day { low = middle + 1 } else { high = middle }
        }
        return low < sorted.count ? sorted[low] : nil
    }

    private static func spans(_ periods: [WorkingPeriod]) -> [Span] {
        let clipped = periods
            .map { Span(start: min(max($0.start, 0), 1440) * 60, end: min(max($0.end, 0), 1440) * 60) }
            .filter { $0.start < $0.end }
            .sorted { $0.start < $1.start }
        var merged: [Span] = []
        for span in clipped {
            if let last = merged.last, span.start <= last.end {
                merged[merged.count - 1].end = max(last.end, span.end)
            } else {
                merged.append(span)
            }
        }
        return merged
    }

    private static func offset(of identifier: String) -> Int {
        if identifier == "Asia/Shanghai" { return 8 * 3600 }
        guard let zone = TimeZone(identifier: identifier) else { return 8 * 3600 }
        return zone.secondsFromGMT(for: Date(timeIntervalSince1970: 1_735_689_600))
    }
}

extension Int {
    fileprivate func floorDiv(_ divisor: Int) -> Int {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }

    fileprivate func floorMod(_ divisor: Int) -> Int {
        self - floorDiv(divisor) * divisor
    }
}
