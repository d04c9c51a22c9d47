import Foundation
import Testing
@testable import Cases

/// A Shanghai wall-clock time, `2026-11-20 17:30`, as an instant (parsed by Foundation, not by the calendar).
private func shanghai(_ text: String) throws -> Date {
    try Date(text.replacingOccurrences(of: " ", with: "T") + ":00+08:00", strategy: .iso8601)
}

private func day(_ text: String) throws -> LocalDay {
    try #require(LocalDay(text))
}

/// One row of a deadline table: a start, a limit, the expected due time, all in Shanghai wall-clock time.
struct DeadlineRow: Sendable, CustomTestStringConvertible {
    let start: String
    let limit: WorkDuration
    let due: String
    let why: String

    var testDescription: String { "\(why): \(start) + \(limit) → \(due)" }
}

@Suite struct WorkingCalendarTests {
    let calendar = WorkingCalendar.chinaDefault

    // MARK: Working hours

    @Test func fridayAt1730_plus4WorkingHours_isDueNextWorkingDayAfterLunch() throws {
        // 17:30–18:00 Friday (30 min) + 09:00–12:00 Monday (180 min) + 14:00–14:30 (30 min).
        let due = calendar.deadline(from: try shanghai("2026-11-20 17:30"), adding: .workingHours(4))
        #expect(due == (try shanghai("2026-11-23 14:30")))
    }

    @Test(arguments: [
        DeadlineRow(start: "2026-11-23 10:00", limit: .workingHours(1), due: "2026-11-23 11:00",
                    why: "inside the morning period"),
        DeadlineRow(start: "2026-11-23 09:00", limit: .workingHours(3), due: "2026-11-23 12:00",
                    why: "used up at the end of a period: due at its end, not after lunch"),
        DeadlineRow(start: "2026-11-23 12:30", limit: .workingHours(2), due: "2026-11-23 16:00",
                    why: "lunch-break start counts from 14:00"),
        DeadlineRow(start: "2026-11-23 19:00", limit: .workingHours(2), due: "2026-11-24 11:00",
                    why: "evening start counts from the next morning"),
        DeadlineRow(start: "2026-11-24 06:00", limit: .workingHours(7), due: "2026-11-24 18:00",
                    why: "early-morning start uses the whole day"),
        DeadlineRow(start: "2026-11-21 10:00", limit: .workingHours(4), due: "2026-11-23 15:00",
                    why: "Saturday start counts from Monday"),
        DeadlineRow(start: "2026-11-23 10:00", limit: .workingHours(16), due: "2026-11-25 12:00",
                    why: "several days: 6 h Monday, 7 h Tuesday, 3 h Wednesday"),
        DeadlineRow(start: "2026-09-30 17:30", limit: .workingHours(4), due: "2026-10-08 14:30",
                    why: "eve of National Day: Oct 1–7 off, Thursday Oct 8 works"),
        DeadlineRow(start: "2026-10-09 17:30", limit: .workingHours(4), due: "2026-10-10 14:30",
                    why: "Friday before a make-up Saturday"),
        DeadlineRow(start: "2025-09-26 17:30", limit: .workingHours(4), due: "2025-09-28 14:30",
                    why: "Friday before a make-up Sunday (2025)"),
        DeadlineRow(start: "2025-09-30 17:30", limit: .workingHours(4), due: "2025-10-09 14:30",
                    why: "2025 National Day and Mid-Autumn: Oct 1–8 off"),
        DeadlineRow(start: "2026-04-03 17:00", limit: .workingHours(2), due: "2026-04-07 10:00",
                    why: "Qingming Monday is off"),
    ])
    func workingHours_countOnlyMinutesInsideWorkingPeriods(_ row: DeadlineRow) throws {
        #expect(calendar.deadline(from: try shanghai(row.start), adding: row.limit) == (try shanghai(row.due)))
    }

    @Test func startOnMakeUpSaturday_countsThatSaturdayAsWorkingTime() throws {
        let due = calendar.deadline(from: try shanghai("2026-02-28 10:00"), adding: .workingHours(4))
        #expect(due == (try shanghai("2026-02-28 16:00")))
    }

    @Test func makeUpDay_worksMakeUpHoursWhenSet() throws {
        var custom = calendar
        custom.makeUpHours = [WorkingPeriod(start: 600, end: 660)]      // 10:00–11:00 only
        let due = custom.deadline(from: try shanghai("2026-02-28 08:00"), adding: .workingHours(2))
        // One hour on the make-up Saturday, then Sunday Mar 1 is off, then Monday 09:00–10:00.
        #expect(due == (try shanghai("2026-03-02 10:00")))
    }

    // MARK: Working days

    @Test(arguments: [
        DeadlineRow(start: "2026-11-23 10:00", limit: .workingDays(1), due: "2026-11-24 18:00",
                    why: "the filing day never counts"),
        DeadlineRow(start: "2026-11-23 07:00", limit: .workingDays(1), due: "2026-11-24 18:00",
                    why: "not even when filed before opening"),
        DeadlineRow(start: "2026-11-20 17:30", limit: .workingDays(1), due: "2026-11-23 18:00",
                    why: "Friday to Monday"),
        DeadlineRow(start: "2026-11-21 10:00", limit: .workingDays(5), due: "2026-11-27 18:00",
                    why: "Saturday start: Monday to Friday"),
        DeadlineRow(start: "2026-02-13 10:00", limit: .workingDays(3), due: "2026-02-25 18:00",
                    why: "Spring Festival 2026: make-up Sat Feb 14, Feb 15–23 off, then Tue and Wed"),
        DeadlineRow(start: "2025-01-24 10:00", limit: .workingDays(2), due: "2025-01-27 18:00",
                    why: "Spring Festival 2025: make-up Sun Jan 26, then Mon Jan 27"),
        DeadlineRow(start: "2025-01-24 10:00", limit: .workingDays(3), due: "2025-02-05 18:00",
                    why: "Spring Festival 2025: Jan 28–Feb 4 off"),
        DeadlineRow(start: "2026-09-30 10:00", limit: .workingDays(3), due: "2026-10-10 18:00",
                    why: "National Day 2026: Oct 8, Oct 9, make-up Sat Oct 10"),
        DeadlineRow(start: "2026-11-02 10:00", limit: .workingDays(20), due: "2026-11-30 18:00",
                    why: "four ordinary weeks"),
    ])
    func workingDays_endAtTheCloseOfTheNthFollowingWorkingDay(_ row: DeadlineRow) throws {
        #expect(calendar.deadline(from: try shanghai(row.start), adding: row.limit) == (try shanghai(row.due)))
    }

    // MARK: Calendar minutes, zero and negative limits

    @Test func minutes_ignoreTheCalendar() throws {
        let start = try shanghai("2026-10-01 23:50")          // a holiday, at night
        #expect(calendar.deadline(from: start, adding: .minutes(30)) == start.addingTimeInterval(30 * 60))
    }

    @Test(arguments: [WorkDuration.workingHours(0), .workingHours(-3), .workingDays(0), .workingDays(-1),
                      .minutes(0), .minutes(-30)])
    func zeroOrNegativeLimit_isDueAtTheStart(_ limit: WorkDuration) throws {
        let start = try shanghai("2026-11-21 03:17")
        #expect(calendar.deadline(from: start, adding: limit) == start)
    }

    // MARK: Calendars without working time

    @Test func calendarWithoutWorkingHours_isNeverDueAndReturnsAtOnce() throws {
        let idle = WorkingCalendar(hours: [:], holidays: [try day("2026-10-01")])
        let start = try shanghai("2026-11-23 10:00")
        #expect(idle.deadline(from: start, adding: .workingHours(4)) == .distantFuture)
        #expect(idle.deadline(from: start, adding: .workingDays(1_000_000)) == .distantFuture)
        #expect(idle.workingMinutes(from: start, to: .distantFuture) == 0)
        #expect(!idle.isWorkingDay(try day("2026-11-23")))
        #expect(!idle.isWorkingTime(start))
    }

    @Test func calendarWithOnlyMakeUpDays_isDueOnTheNextMakeUpDay() throws {
        let onlyMakeUps = WorkingCalendar(hours: [:], makeUpHours: WorkingCalendar.officeDay,
                                          makeUpDays: [try day("2026-02-28")])
        let start = try shanghai("2026-01-05 10:00")
        #expect(onlyMakeUps.deadline(from: start, adding: .workingHours(7)) == (try shanghai("2026-02-28 18:00")))
        #expect(onlyMakeUps.deadline(from: start, adding: .workingHours(8)) == .distantFuture)
        #expect(onlyMakeUps.deadline(from: start, adding: .workingDays(1)) == (try shanghai("2026-02-28 18:00")))
        #expect(onlyMakeUps.deadline(from: start, adding: .workingDays(2)) == .distantFuture)
    }

    @Test func hugeLimit_isComputedWithoutScanningEveryDay() throws {
        let start = try shanghai("2027-01-04 09:00")           // a Monday after the stored holidays
        let due = calendar.deadline(from: start, adding: .workingHours(7 * 5 * 52 * 100))   // 100 years of weeks
        #expect(calendar.workingMinutes(from: start, to: due) == 7 * 5 * 52 * 100 * 60)
        #expect(calendar.deadline(from: start, adding: .workingHours(Int.max)) == .distantFuture)
    }

    // MARK: Working minutes and the 75 % warning

    @Test(arguments: [
        ("2026-11-20 17:00", "2026-11-23 10:00", 120, "across a weekend"),
        ("2026-04-03 17:00", "2026-04-07 10:00", 120, "across Qingming (Sat–Mon off)"),
        ("2026-02-13 17:00", "2026-02-24 10:00", 60 + 420 + 60, "across Spring Festival with a make-up Saturday"),
        ("2026-11-23 11:30", "2026-11-23 14:30", 60, "lunch does not count"),
        ("2026-11-23 09:00", "2026-11-23 09:00", 0, "empty interval"),
        ("2026-11-23 12:00", "2026-11-23 09:00", 0, "end before start"),
        ("2026-11-02 09:00", "2026-11-30 09:00", 4 * 5 * 420, "four ordinary weeks"),
    ])
    func workingMinutes_countOnlyWorkingTime(_ start: String, _ end: String, _ minutes: Int, _ why: String) throws {
        #expect(calendar.workingMinutes(from: try shanghai(start), to: try shanghai(end)) == minutes, "\(why)")
    }

    @Test func workingMinutes_inverseOfWorkingHoursDeadline() throws {
        for start in ["2026-11-20 17:30", "2026-09-30 12:15", "2026-02-13 08:00", "2025-12-31 16:45"] {
            for hours in [1, 4, 8, 24, 72] {
                let from = try shanghai(start)
                let due = calendar.deadline(from: from, adding: .workingHours(hours))
                #expect(calendar.workingMinutes(from: from, to: due) == hours * 60, "\(start) + \(hours) h")
            }
        }
    }

    @Test func seventyFivePercentInstant_fallsAfterThreeQuartersOfWorkingTime() throws {
        // 09:00–18:00 holds 420 working minutes; 315 of them have passed at 16:15.
        let start = try shanghai("2026-11-23 09:00")
        let due = try shanghai("2026-11-23 18:00")
        #expect(calendar.instant(atFraction: 0.75, from: start, to: due) == (try shanghai("2026-11-23 16:15")))
    }

    @Test func seventyFivePercentInstant_skipsWeekendsAndHolidays() throws {
        // Filed Friday 17:30 with 4 working hours, due Monday 14:30; 180 of the 240 minutes have passed at
        // Monday 11:30 (30 on Friday, 150 on Monday morning).
        let start = try shanghai("2026-11-20 17:30")
        let due = calendar.deadline(from: start, adding: .workingHours(4))
        #expect(calendar.instant(atFraction: 0.75, from: start, to: due) == (try shanghai("2026-11-23 11:30")))
        // Across National Day 2026: Sep 30 17:00 + 9 h (1 h, Oct 1–7 off, 7 h on Oct 8, 1 h) is due Oct 9 10:00;
        // 405 of the 540 minutes have passed at Oct 8 16:45.
        let eve = try shanghai("2026-09-30 17:00")
        let afterHoliday = calendar.deadline(from: eve, adding: .workingHours(9))
        #expect(afterHoliday == (try shanghai("2026-10-09 10:00")))
        #expect(calendar.instant(atFraction: 0.75, from: eve, to: afterHoliday) == (try shanghai("2026-10-08 16:45")))
    }

    @Test func fractionInstant_edgeCases() throws {
        let start = try shanghai("2026-11-23 09:00")
        let due = try shanghai("2026-11-23 18:00")
        #expect(calendar.instant(atFraction: 0, from: start, to: due) == start)
        #expect(calendar.instant(atFraction: -1, from: start, to: due) == start)
        #expect(calendar.instant(atFraction: 1, from: start, to: due) == due)
        #expect(calendar.instant(atFraction: .nan, from: start, to: due) == start)
        #expect(calendar.instant(atFraction: 0.5, from: due, to: start) == due)
        // No working time between them (an emergency limit at night): the fraction is of calendar time.
        let night = try shanghai("2026-11-23 22:00")
        #expect(calendar.instant(atFraction: 0.75, from: night, to: night.addingTimeInterval(40 * 60))
                == night.addingTimeInterval(30 * 60))
    }

    // MARK: Days and instants

    @Test(arguments: [
        ("2026-11-23", true, "an ordinary Monday"),
        ("2026-11-22", false, "an ordinary Sunday"),
        ("2026-10-01", false, "National Day"),
        ("2026-10-08", true, "the Thursday after National Day"),
        ("2026-10-10", true, "make-up Saturday"),
        ("2026-02-14", true, "make-up Saturday before Spring Festival"),
        ("2026-02-23", false, "last day of Spring Festival, a Monday"),
        ("2025-01-26", true, "make-up Sunday"),
        ("2025-05-05", false, "Labour Day Monday"),
        ("2027-10-01", true, "later years have no stored holidays"),
    ])
    func isWorkingDay_respectsHolidaysAndMakeUpDays(_ text: String, _ working: Bool, _ why: String) throws {
        #expect(calendar.isWorkingDay(try day(text)) == working, "\(why)")
    }

    @Test(arguments: [
        ("2026-11-23 08:59", false), ("2026-11-23 09:00", true), ("2026-11-23 11:59", true),
        ("2026-11-23 12:00", false), ("2026-11-23 13:59", false), ("2026-11-23 14:00", true),
        ("2026-11-23 18:00", false), ("2026-10-10 10:00", true), ("2026-10-02 10:00", false),
    ])
    func isWorkingTime_startInclusiveEndExclusive(_ text: String, _ working: Bool) throws {
        #expect(calendar.isWorkingTime(try shanghai(text)) == working)
    }

    @Test func instantsAreReadInShanghaiTime() throws {
        // 01:00 UTC is 09:00 in Shanghai; 23:30 UTC on Sunday is 07:30 Monday.
        let morning = try Date("2026-11-23T01:00:00Z", strategy: .iso8601)
        #expect(calendar.isWorkingTime(morning))
        #expect(calendar.localDay(of: try Date("2026-11-22T23:30:00Z", strategy: .iso8601)) == (try day("2026-11-23")))
        #expect(calendar.utcOffsetSeconds == 8 * 3600)
    }

    // MARK: Values

    @Test(arguments: [
        ("2026-10-01", 4), ("2026-11-20", 5), ("2026-11-22", 7), ("2026-11-23", 1), ("2024-02-29", 4),
        ("1970-01-01", 4), ("1969-12-31", 3), ("2000-03-01", 3),
    ])
    func localDay_weekdayIsISO(_ text: String, _ weekday: Int) throws {
        let parsed = try day(text)
        #expect(parsed.weekday == weekday)
        #expect(parsed.description == text)
        #expect(LocalDay(dayNumber: parsed.dayNumber) == parsed)
    }

    @Test(arguments: ["2026-02-30", "2025-02-29", "2026-13-01", "2026-00-10", "2026-1-01", "26-01-01",
                      "2026/01/01", "2026-01-01T00:00", "", "0000-01-01", "２０２６-01-01"])
    func localDay_refusesMalformedText(_ text: String) {
        #expect(LocalDay(text) == nil)
    }

    @Test func localDay_ordersAndSteps() throws {
        #expect(try day("2025-12-31") < (try day("2026-01-01")))
        #expect(try day("2026-02-28").adding(days: 1) == (try day("2026-03-01")))
        #expect(try day("2024-02-28").adding(days: 1) == (try day("2024-02-29")))
    }

    @Test func chinaHolidays_matchTheStateCouncilNotices() throws {
        let daysOff2025 = ChinaHolidays.holidays.filter { $0.year == 2025 }
        let daysOff2026 = ChinaHolidays.holidays.filter { $0.year == 2026 }
        #expect(daysOff2025.count == 1 + 8 + 3 + 5 + 3 + 8)
        #expect(daysOff2026.count == 3 + 9 + 3 + 5 + 3 + 3 + 7)
        #expect(ChinaHolidays.makeUpDays.sorted().map(\.description) == [
            "2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11",
            "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10",
        ])
        #expect(ChinaHolidays.makeUpDays.allSatisfy { $0.weekday >= 6 })
        #expect(ChinaHolidays.holidays.isDisjoint(with: ChinaHolidays.makeUpDays))
        #expect(ChinaHolidays.arrangements.allSatisfy { !$0.daysOff.isEmpty })
    }

    @Test func calendar_roundTripsThroughJSON() throws {
        var custom = calendar
        custom.hours[6] = [WorkingPeriod(start: 540, end: 720)]
        custom.makeUpHours = [WorkingPeriod(start: 480, end: 1020)]
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = try encoder.encode(custom)
        let decoded = try JSONDecoder().decode(WorkingCalendar.self, from: data)
        #expect(decoded == custom)
        #expect(decoded.hashValue == custom.hashValue)
        let start = try shanghai("2026-11-20 17:30")
        #expect(decoded.deadline(from: start, adding: .workingHours(4))
                == custom.deadline(from: start, adding: .workingHours(4)))
        #expect(String(decoding: data, as: UTF8.self).contains("\"holidays\":[\"2025-01-01\",\"2025-01-28\""))
        #expect(try encoder.encode(decoded) == data)
    }

    @Test func editingHours_takesEffectImmediately() throws {
        var weekendDuty = calendar
        weekendDuty.hours[6] = WorkingCalendar.officeDay
        let due = weekendDuty.deadline(from: try shanghai("2026-11-20 17:30"), adding: .workingHours(4))
        #expect(due == (try shanghai("2026-11-21 14:30")))
        #expect(weekendDuty != calendar)
    }

    @Test func overlappingAndOutOfRangePeriods_areClippedAndMerged() throws {
        let messy = WorkingCalendar(hours: [1: [WorkingPeriod(start: 600, end: 700), WorkingPeriod(start: 540, end: 660),
                                                WorkingPeriod(start: 1400, end: 2000), WorkingPeriod(start: 800, end: 700)]])
        // Monday 09:00–11:40 and 23:20–24:00: 200 minutes.
        let monday = try shanghai("2026-11-23 00:00")
        #expect(messy.workingMinutes(from: monday, to: monday.addingTimeInterval(86_400)) == 200)
        #expect(messy.deadline(from: monday, adding: .workingHours(3)) == (try shanghai("2026-11-23 23:40")))
    }
}
