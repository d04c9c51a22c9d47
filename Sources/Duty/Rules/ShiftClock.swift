import HubKit

/// Which shift is on at an instant: a shift dated D runs from D at its unit's handover (Asia/Shanghai, UTC+8 all
/// year) until D+1 at the handover. Pure.
public enum ShiftClock {
    static let dayMilliseconds: Int64 = 86_400_000

    /// The date of the shift on duty at `milliseconds` (since 1970) for a handover at `handoverMinute`.
    /// At the handover minute exactly, the new shift is on.
    public static func shiftDate(at milliseconds: Int64, handoverMinute: Int) -> DutyDate {
        let local = milliseconds + Timestamp.shanghaiOffsetMilliseconds - Int64(handoverMinute) * 60_000
        return DutyDate(dayNumber: Int(Timestamp.floorDiv(local, dayMilliseconds)))
    }

    /// When the shift dated `date` begins and ends (milliseconds since 1970; the end is the next shift's start).
    public static func bounds(of date: DutyDate, handoverMinute: Int) -> (start: Int64, end: Int64) {
        let start = Int64(date.dayNumber) * dayMilliseconds + Int64(handoverMinute) * 60_000 - Timestamp.shanghaiOffsetMilliseconds
        return (start, start + dayMilliseconds)
    }

    /// The local date (Asia/Shanghai) of an instant, whatever the handover.
    public static func localDate(at milliseconds: Int64) -> DutyDate {
        shiftDate(at: milliseconds, handoverMinute: 0)
    }
}
