import Foundation
import HubKit

/// The duty desk: rosters and policies, "who is on duty", and the calls (`DutyPaging`). Every change is one
/// transaction with its journal event.
public struct DutyDesk: Sendable {
    public let rosters: RosterStore
    public let calls: CallStore
    public let directory: DutyDirectory
    public let settings: DutySettings
    public let clock: HubClock

    public static let migrations = DutyMigrations.all

    public init(database: HubDatabase, directory: DutyDirectory, settings: DutySettings, clock: HubClock) {
        rosters = RosterStore(database: database)
        calls = CallStore(database: database)
        self.directory = directory
        self.settings = settings
        self.clock = clock
    }

    public var database: HubDatabase { calls.database }

    /// Now, to the whole second: call times are stored as whole seconds.
    var now: Date { Date(timeIntervalSince1970: clock.now().timeIntervalSince1970.rounded(.down)) }

    // MARK: Units

    /// The department behind `unit`; nil for the city unit, which needs none. Throws for any other unknown unit.
    func department(_ unit: DepartmentID) async throws -> Department? {
        if let department = try await directory.department(unit) { return department }
        guard unit == settings.cityUnit else { throw DutyProblem.unknownUnit(unit.rawValue) }
        return nil
    }

    /// The levels a call about `unit` climbs.
    public func chain(for unit: DepartmentID) async throws -> [DutyRung] {
        let department = try await department(unit)
        let district = DutyChain.districtCentre(configured: settings.districtCentre,
                                                departments: try await directory.departments(), city: settings.cityUnit)
        return DutyChain.rungs(unitID: unit, unit: department, district: district, city: settings.cityUnit)
    }

    /// The unit's policy, its own or the default.
    public func policy(of unit: DepartmentID) async throws -> DutyPolicy {
        try await database.read { sql in try await rosters.policy(unit: unit, on: sql) } ?? settings.defaultPolicy
    }

    // MARK: Rosters

    /// Replaces the unit's shifts of `month` with `days`.
    public func putMonth(_ days: [RosterRules.DayInput], unit: DepartmentID, month: DutyMonth,
                         by principal: Principal) async throws -> [DutyShift] {
        try await checkManager(principal, unit: unit)
        let shifts = try RosterRules.month(days, unit: unit, month: month)
        try await checkPeople(shifts)
        try await write(shifts, unit: unit, range: month.first...month.last, replacing: true, by: principal)
        return shifts
    }

    /// Writes (or overwrites) one day's shift.
    public func putDay(_ day: RosterRules.DayInput, unit: DepartmentID, by principal: Principal) async throws -> DutyShift {
        try await checkManager(principal, unit: unit)
        let shift = try RosterRules.day(day, unit: unit)
        try await checkPeople([shift])
        try await write([shift], unit: unit, range: shift.date...shift.date, replacing: false, by: principal)
        return shift
    }

    /// Writes a repeating rotation over [from, to], overwriting the shifts of those dates.
    public func putRotation(from: DutyDate, to: DutyDate, unit: DepartmentID, duty: [String], leaders: [String],
                            deputies: [String], by principal: Principal) async throws -> [DutyShift] {
        try await checkManager(principal, unit: unit)
        let shifts = try RosterRules.rotation(from: from, to: to, unit: unit, duty: duty, leaders: leaders, deputies: deputies)
        try await checkPeople(shifts)
        try await write(shifts, unit: unit, range: from...to, replacing: true, by: principal)
        return shifts
    }

    /// Removes one day's shift; false when there was none.
    public func deleteDay(_ date: DutyDate, unit: DepartmentID, by principal: Principal) async throws -> Bool {
        try await checkManager(principal, unit: unit)
        let clock = self.clock
        return try await database.write { tx in
            guard try await rosters.delete(unit: unit, date: date, in: tx) else { return false }
            try await Journal.append(try NewEvent(kind: "duty.roster.changed", subject: "duty-roster:\(unit)", actor: principal.actor,
                                                  department: unit.rawValue,
                                                  payload: DutyEvents.RosterChanged(unit: unit.rawValue, from: date.description,
                                                                                    to: date.description, shifts: 0, removed: true)),
                                     in: tx, clock: clock)
            return true
        }
    }

    /// Sets the unit's own policy.
    public func setPolicy(_ policy: DutyPolicy, unit: DepartmentID, by principal: Principal) async throws {
        try await checkManager(principal, unit: unit)
        try RosterRules.check(policy)
        let clock = self.clock
        try await database.write { tx in
            try await rosters.setPolicy(policy, unit: unit, by: principal.actor, at: clock.nowMilliseconds, in: tx)
            try await Journal.append(try NewEvent(kind: "duty.policy.changed", subject: "duty-roster:\(unit)", actor: principal.actor,
                                                  department: unit.rawValue,
                                                  payload: DutyEvents.PolicyChanged(
                                                    unit: unit.rawValue, handover: policy.handover,
                                                    renotifyMinutes: policy.renotifyMinutes, leaderMinutes: policy.leaderMinutes,
                                                    nextLevelMinutes: policy.nextLevelMinutes,
                                                    reportEveryLevel: policy.reportEveryLevel)),
                                     in: tx, clock: clock)
        }
    }

    /// Who is on duty for `unit` at `instant`.
    public func onDuty(_ unit: DepartmentID, at instant: Date) async throws -> DutyNow {
        _ = try await department(unit)
        let ms = instant.milliseconds
        return try await database.read { sql in
            let policy = try await rosters.policy(unit: unit, on: sql) ?? settings.defaultPolicy
            let date = ShiftClock.shiftDate(at: ms, handoverMinute: policy.handoverMinute)
            let bounds = ShiftClock.bounds(of: date, handoverMinute: policy.handoverMinute)
            return DutyNow(unit: unit, at: instant, date: date, startsAt: Date(milliseconds: bounds.start),
                           endsAt: Date(milliseconds: bounds.end), handover: policy.handover,
                           shift: try await rosters.shift(unit: unit, date: date, on: sql))
        }
    }

    /// The unit's shifts dated `from` through `to` (at most `RosterRules.maximumDays`).
    public func shifts(_ unit: DepartmentID, from: DutyDate, to: DutyDate) async throws -> [DutyShift] {
        _ = try await department(unit)
        let days = to.dayNumber - from.dayNumber + 1
        guard days >= 1 else { throw DutyProblem.invalidDate(field: "to", text: to.description) }
        guard days <= RosterRules.maximumDays else { throw DutyProblem.rangeTooLong(days: days, limit: RosterRules.maximumDays) }
        return try await rosters.shifts(unit: unit, from: from, to: to)
    }

    /// The names of these people, for views.
    public func people(_ ids: Set<String>) async throws -> [String: DutyPerson] {
        try await directory.people(ids)
    }

    func checkManager(_ principal: Principal, unit: DepartmentID) async throws {
        _ = try await department(unit)
        guard DutyAccess.mayManage(principal, unit: unit) else {
            if principal.role == .departmentHead { throw AccessProblem.notYourDepartment }
            throw AccessProblem.forbiddenRole(required: [.admin, .dispatcher, .departmentHead])
        }
    }

    /// Every person named exists and is enabled.
    func checkPeople(_ shifts: [DutyShift]) async throws {
        let ids = Set(shifts.flatMap(\.people))
        let found = try await directory.people(ids)
        let missing = ids.filter { found[$0] == nil }.sorted()
        guard missing.isEmpty else { throw DutyProblem.unknownPeople(missing) }
        let disabled = found.values.filter(\.disabled).map(\.id).sorted()
        guard disabled.isEmpty else { throw DutyProblem.disabledPeople(disabled) }
    }

    private func write(_ shifts: [DutyShift], unit: DepartmentID, range: ClosedRange<DutyDate>, replacing: Bool,
                       by principal: Principal) async throws {
        let clock = self.clock
        try await database.write { tx in
            try await rosters.put(shifts, unit: unit, replacing: replacing ? range : nil, by: principal.actor,
                                  at: clock.nowMilliseconds, in: tx)
            try await Journal.append(try NewEvent(kind: "duty.roster.changed", subject: "duty-roster:\(unit)", actor: principal.actor,
                                                  department: unit.rawValue,
                                                  payload: DutyEvents.RosterChanged(unit: unit.rawValue,
                                                                                    from: range.lowerBound.description,
                                                                                    to: range.upperBound.description,
                                                                                    shifts: shifts.count, removed: false)),
                                     in: tx, clock: clock)
        }
    }
}
