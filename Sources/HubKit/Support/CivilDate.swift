/// Dates of the proleptic Gregorian calendar counted as days since 1970-01-01, both ways (Howard Hinnant's
/// days_from_civil and civil_from_days: counting from 0000-03-01 puts each leap day at the end of its year, so a
/// 400-year cycle of 146,097 days splits into years and months by integer division). Every date the hub reads or
/// writes by hand — JSON, RFC 3339, CAP, EXIF, working days — goes through these two.
public enum CivilDate {
    /// Days since 1970-01-01 (negative before) of `year`-`month`-`day`.
    public static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let cycle = (y >= 0 ? y : y - 399) / 400
        let yearOfCycle = y - cycle * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfCycle = yearOfCycle * 365 + yearOfCycle / 4 - yearOfCycle / 100 + dayOfYear
        return cycle * 146_097 + dayOfCycle - 719_468
    }

    /// The date `days` after 1970-01-01 (negative before).
    public static func date(days: Int) -> (year: Int, month: Int, day: Int) {
        let daysSinceMarch0000 = days + 719_468
        let cycle = (daysSinceMarch0000 >= 0 ? daysSinceMarch0000 : daysSinceMarch0000 - 146_096) / 146_097
        let dayOfCycle = daysSinceMarch0000 - cycle * 146_097
        let yearOfCycle = (dayOfCycle - dayOfCycle / 1460 + dayOfCycle / 36_524 - dayOfCycle / 146_096) / 365
        let dayOfYear = dayOfCycle - (365 * yearOfCycle + yearOfCycle / 4 - yearOfCycle / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        return (yearOfCycle + cycle * 400 + (month <= 2 ? 1 : 0), month, dayOfYear - (153 * monthFromMarch + 2) / 5 + 1)
    }

    /// How many days `month` of `year` has.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
