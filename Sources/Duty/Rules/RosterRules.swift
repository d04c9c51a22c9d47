import HubKit

/// Checks of roster input and the expansion of a rotation into days. Pure.
public enum RosterRules {
    /// The longest date range read or written at once.
    public static let maximumDays = 366

    /// One day as entered: the date and the people's user ids.
    public struct DayInput: Sendable, Hashable, Codable {
        public var date: String
        public var duty: String
        public var leader: String
        public var deputy: String?
        public var note: String?

        public init(date: String, duty: String, leader: String, deputy: String? = nil, note: String? = nil) {
            self.date = date
            self.duty = duty
            self.leader = leader
            self.deputy = deputy
            self.note = note
        }
    }

    /// The shifts of one unit's month: every date real and in the month, no date twice, different people per day.
    public static func month(_ days: [DayInput], unit: DepartmentID, month: DutyMonth) throws(DutyProblem) -> [DutyShift] {
        var seen = Set<DutyDate>()
        var shifts: [DutyShift] = []
        for (index, day) in days.enumerated() {
            let shift = try self.day(day, unit: unit, field: "days[\(index)].date")
            guard month.contains(shift.date) else { throw .dateOutsideMonth(date: day.date, month: month.description) }
            guard seen.insert(shift.date).inserted else { throw .overlappingShift(date: day.date) }
            shifts.append(shift)
        }
        return shifts.sorted { $0.date < $1.date }
    }

    /// One day's shift, checked.
    public static func day(_ day: DayInput, unit: DepartmentID, field: String = "date") throws(DutyProblem) -> DutyShift {
        guard let date = DutyDate(text: day.date) else { throw .invalidDate(field: field, text: day.date) }
        let shift = DutyShift(unit: unit, date: date, duty: day.duty, leader: day.leader, deputy: day.deputy,
                              note: day.note.flatMap { $0.isEmpty ? nil : String($0.prefix(500)) })
        guard Set(shift.people).count == shift.people.count else { throw .samePerson(date: day.date) }
        return shift
    }

    /// A repeating rotation: day i of [from, to] gets `duty[i % duty.count]`, `leaders[i % leaders.count]` and, when
    /// given, `deputies[i % deputies.count]`.
    public static func rotation(from: DutyDate, to: DutyDate, unit: DepartmentID, duty: [String], leaders: [String],
                                deputies: [String]) throws(DutyProblem) -> [DutyShift] {
        guard !duty.isEmpty else { throw .emptyRotation(field: "duty") }
        guard !leaders.isEmpty else { throw .emptyRotation(field: "leaders") }
        let count = to.dayNumber - from.dayNumber + 1
        guard count >= 1 else { throw .invalidDate(field: "to", text: to.description) }
        guard count <= maximumDays else { throw .rangeTooLong(days: count, limit: maximumDays) }
        var shifts: [DutyShift] = []
        for i in 0..<count {
            let date = from.adding(days: i)
            let input = DayInput(date: date.description, duty: duty[i % duty.count], leader: leaders[i % leaders.count],
                                 deputy: deputies.isEmpty ? nil : deputies[i % deputies.count])
            shifts.append(try day(input, unit: unit))
        }
        return shifts
    }

    /// A policy's fields within their bounds.
    public static func check(_ policy: DutyPolicy) throws(DutyProblem) {
        guard (0..<1440).contains(policy.handoverMinute) else { throw .invalidPolicy(field: "handover", reason: "00:00–23:59") }
        guard (1...720).contains(policy.renotifyMinutes) else { throw .invalidPolicy(field: "renotifyMinutes", reason: "1…720") }
        guard policy.leaderMinutes > policy.renotifyMinutes, policy.leaderMinutes <= 720 else {
            throw .invalidPolicy(field: "leaderMinutes", reason: "> renotifyMinutes, ≤ 720")
        }
        guard (1...720).contains(policy.nextLevelMinutes) else { throw .invalidPolicy(field: "nextLevelMinutes", reason: "1…720") }
    }

    /// A call subject: `kind:id`, 3–120 printable ASCII characters without spaces.
    public static func isValidSubject(_ subject: String) -> Bool {
        let bytes = subject.utf8
        guard (3...120).contains(bytes.count), let colon = bytes.firstIndex(of: 58), colon != bytes.startIndex,
              bytes.index(after: colon) != bytes.endIndex else { return false }
        return bytes.allSatisfy { $0 > 32 && $0 < 127 }
    }
}
