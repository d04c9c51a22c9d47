/// The public holidays and make-up working days (调休上班) of mainland China, as the State Council's General
/// Office announces them each November for the following year.
///
/// Sources:
/// - 2025: 国务院办公厅关于2025年部分节假日安排的通知 (12 November 2024), the first year under the revised
///   全国年节及纪念日放假办法 (New Year's Eve of the lunar calendar and 2 May became holidays);
/// - 2026: 国务院办公厅关于2026年部分节假日安排的通知 (4 November 2025).
///
/// Every announced day off is stored, weekends included, although only those that would otherwise be working
/// days change a deadline. Later years are not guessed: administrators add each year's announcement to the
/// stored `WorkingCalendar` (it is `Codable`), which is the calendar the hub actually uses.
public enum ChinaHolidays {
    /// One announced holiday period with the weekend days worked in exchange.
    public struct Arrangement: Sendable, Hashable {
        /// The holiday's name in Chinese and English, e.g. `春节 Spring Festival`.
        public let name: String
        /// Every day off, first to last.
        public let daysOff: [LocalDay]
        /// The weekend days worked instead (调休上班); often none.
        public let workDays: [LocalDay]
    }

    /// All arrangements, 2025 first.
    public static let arrangements: [Arrangement] = year2025 + year2026

    /// Every announced day off.
    public static let holidays: Set<LocalDay> = Set(arrangements.flatMap(\.daysOff))

    /// Every announced make-up working day.
    public static let makeUpDays: Set<LocalDay> = Set(arrangements.flatMap(\.workDays))

    static let year2025: [Arrangement] = [
        arrangement("元旦 New Year's Day", off: "2025-01-01", through: "2025-01-01"),
        arrangement("春节 Spring Festival", off: "2025-01-28", through: "2025-02-04",
                    work: ["2025-01-26", "2025-02-08"]),
        arrangement("清明节 Qingming Festival", off: "2025-04-04", through: "2025-04-06"),
        arrangement("劳动节 Labour Day", off: "2025-05-01", through: "2025-05-05", work: ["2025-04-27"]),
        arrangement("端午节 Dragon Boat Festival", off: "2025-05-31", through: "2025-06-02"),
        arrangement("国庆节、中秋节 National Day and Mid-Autumn Festival", off: "2025-10-01", through: "2025-10-08",
                    work: ["2025-09-28", "2025-10-11"]),
    ]

    static let year2026: [Arrangement] = [
        arrangement("元旦 New Year's Day", off: "2026-01-01", through: "2026-01-03", work: ["2026-01-04"]),
        arrangement("春节 Spring Festival", off: "2026-02-15", through: "2026-02-23",
                    work: ["2026-02-14", "2026-02-28"]),
        arrangement("清明节 Qingming Festival", off: "2026-04-04", through: "2026-04-06"),
        arrangement("劳动节 Labour Day", off: "2026-05-01", through: "2026-05-05", work: ["2026-05-09"]),
        arrangement("端午节 Dragon Boat Festival", off: "2026-06-19", through: "2026-06-21"),
        arrangement("中秋节 Mid-Autumn Festival", off: "2026-09-25", through: "2026-09-27"),
        arrangement("国庆节 National Day", off: "2026-10-01", through: "2026-10-07",
                    work: ["2026-09-20", "2026-10-10"]),
    ]

    /// Builds an arrangement from `YYYY-MM-DD` literals; a malformed literal yields no day (the tests count them).
    private static func arrangement(_ name: String, off first: String, through last: String,
                                    work: [String] = []) -> Arrangement {
        var daysOff: [LocalDay] = []
        if let first = LocalDay(first), let last = LocalDay(last), first <= last {
            daysOff = (first.dayNumber...last.dayNumber).map(LocalDay.init(dayNumber:))
        }
        return Arrangement(name: name, daysOff: daysOff, workDays: work.compactMap { LocalDay($0) })
    }
}
