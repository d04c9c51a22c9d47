import Foundation
import HubKit
import Hummingbird

/// Rosters, policies and "who is on duty": reading for staff of the unit (and dispatchers), writing for admins,
/// dispatchers and the unit's own head.
public struct RosterRoutes: Sendable {
    let desk: DutyDesk

    public init(desk: DutyDesk) {
        self.desk = desk
    }

    static var managers: Access { .roles(.admin, .dispatcher, .departmentHead) }

    public func register(on hub: HubRouter) {
        hub.catalog.addSchemas(DutySchemas.all)
        hub.add(Endpoint(.get, "/api/v1/duty/now", access: .signedIn(apiKeyScope: "duty:read"),
                         summary: "Who is on duty now (or at `at`): one unit, or every unit for dispatchers", tag: "duty",
                         response: "DutyNowList", query: [
                            QueryParameter("department", "string", "The unit (default: your own; dispatchers and admins: every unit)"),
                            QueryParameter("at", "string", "An instant with zone, RFC 3339 (default now)"),
                         ]), now)
        hub.add(Endpoint(.get, "/api/v1/duty/rosters/:unit", access: .signedIn(apiKeyScope: "duty:read"),
                         summary: "A unit's shifts dated from … to (at most 366 days)", tag: "duty", response: "DutyRoster",
                         query: [QueryParameter("from", "string", "YYYY-MM-DD (default: first of this month)"),
                                 QueryParameter("to", "string", "YYYY-MM-DD (default: last of the month of from)")]), roster)
        hub.add(Endpoint(.put, "/api/v1/duty/rosters/:unit/months/:month", access: Self.managers,
                         summary: "Replace a unit's shifts of one month (YYYY-MM) with the days given", tag: "duty",
                         request: "DutyMonthInput", response: "DutyRoster"), putMonth)
        hub.add(Endpoint(.put, "/api/v1/duty/rosters/:unit/days/:date", access: Self.managers,
                         summary: "Write one day's shift", tag: "duty", request: "DutyDayInput", response: "DutyShift"), putDay)
        hub.add(Endpoint(.delete, "/api/v1/duty/rosters/:unit/days/:date", access: Self.managers,
                         summary: "Remove one day's shift", tag: "duty", status: 204), deleteDay)
        hub.add(Endpoint(.post, "/api/v1/duty/rosters/:unit/rotation", access: Self.managers,
                         summary: "Fill from … to with a repeating rotation of people", tag: "duty",
                         request: "DutyRotationInput", response: "DutyRoster"), rotation)
        hub.add(Endpoint(.get, "/api/v1/duty/policies/:unit", access: .signedIn(apiKeyScope: "duty:read"),
                         summary: "A unit's handover time and escalation timing", tag: "duty", response: "DutyPolicy"), policy)
        hub.add(Endpoint(.put, "/api/v1/duty/policies/:unit", access: Self.managers,
                         summary: "Set a unit's handover time and escalation timing", tag: "duty",
                         request: "DutyPolicyInput", response: "DutyPolicy"), setPolicy)
    }

    @Sendable func now(_ request: Request, context: HubRequestContext) async throws -> NowList {
        let principal = try context.requirePrincipal()
        let query = request.uri.queryParameters
        let at = try query["at"].map { try DutyInput.instant(String($0), field: "at") } ?? desk.clock.now()
        let units: [DepartmentID]
        if let raw = query["department"] {
            let unit = try DutyInput.unit(String(raw), field: "department")
            guard DutyAccess.maySee(principal, unit: unit) else { throw AccessProblem.notYourDepartment }
            units = [unit]
        } else if DutyAccess.seesAll(principal) {
            units = try await desk.directory.departments().filter { !$0.disabled }.map(\.id)
                + (desk.settings.cityUnit.map { [$0] } ?? [])
        } else if let own = principal.departmentID {
            units = [own]
        } else {
            throw InputProblem.missingField("department")
        }
        var answers: [DutyNow] = []
        for unit in units { answers.append(try await desk.onDuty(unit, at: at)) }
        let names = try await desk.people(Set(answers.compactMap(\.shift).flatMap(\.people)))
        var unitNames: [DepartmentID: String] = [:]
        for department in try await desk.directory.departments() { unitNames[department.id] = department.name }
        return NowList(items: answers.map { NowView($0, unitName: unitNames[$0.unit], names: names) })
    }

    @Sendable func roster(_ request: Request, context: HubRequestContext) async throws -> RosterView {
        let principal = try context.requirePrincipal()
        let unit = try DutyInput.unit(try context.parameters.require("unit"), field: "unit")
        guard DutyAccess.maySee(principal, unit: unit) else { throw AccessProblem.notYourDepartment }
        let query = request.uri.queryParameters
        let from = try query["from"].map { try DutyInput.date(String($0), field: "from") }
            ?? DutyMonth(containing: ShiftClock.localDate(at: desk.clock.nowMilliseconds)).first
        let to = try query["to"].map { try DutyInput.date(String($0), field: "to") } ?? DutyMonth(containing: from).last
        return try await view(unit: unit, from: from, to: to, shifts: try await desk.shifts(unit, from: from, to: to))
    }

    @Sendable func putMonth(_ request: Request, context: HubRequestContext) async throws -> RosterView {
        let principal = try context.requirePrincipal()
        let unit = try DutyInput.unit(try context.parameters.require("unit"), field: "unit")
        let monthText = try context.parameters.require("month")
        guard let month = DutyMonth(text: monthText) else { throw DutyProblem.invalidDate(field: "month", text: monthText) }
        let input = try await request.decodeJSON(as: MonthInput.self, context: context)
        let shifts = try await desk.putMonth(input.days, unit: unit, month: month, by: principal)
        return try await view(unit: unit, from: month.first, to: month.last, shifts: shifts)
    }

    @Sendable func putDay(_ request: Request, context: HubRequestContext) async throws -> ShiftView {
        let principal = try context.requirePrincipal()
        let unit = try DutyInput.unit(try context.parameters.require("unit"), field: "unit")
        let date = try context.parameters.require("date")
        let body = try await request.decodeJSON(as: DayBody.self, context: context)
        let shift = try await desk.putDay(RosterRules.DayInput(date: date, duty: body.duty, leader: body.leader,
                                                               deputy: body.deputy, note: body.note),
                                          unit: unit, by: principal)
        let policy = try await desk.policy(of: unit)
        return ShiftView(shift, handoverMinute: policy.handoverMinute, names: try await desk.people(Set(shift.people)))
    }

    @Sendable func deleteDay(_ request: Request, context: HubRequestContext) async throws -> HTTPResponse.Status {
        let principal = try context.requirePrincipal()
        let unit = try DutyInput.unit(try context.parameters.require("unit"), field: "unit")
        let date = try DutyInput.date(try context.parameters.require("date"), field: "date")
        guard try await desk.deleteDay(date, unit: unit, by: principal) else {
            throw InputProblem.notFound(what: "duty shift \(unit) \(date)")
        }
        return .noContent
    }

    @Sendable func rotation(_ request: Request, context: HubRequestContext) async throws -> RosterView {
        let principal = try context.requirePrincipal()
        let unit = try DutyInput.unit(try context.parameters.require("unit"), field: "unit")
        let input = try await request.decodeJSON(as: RotationInput.self, context: context)
        let from = try DutyInput.date(input.from, field: "from")
        let to = try DutyInput.date(input.to, field: "to")
        let shifts = try await desk.putRotation(from: from, to: to, unit: unit, duty: input.duty, leaders: input.leaders,
                                                deputies: input.deputies ?? [], by: principal)
        return try await view(unit: unit, from: from, to: to, shifts: shifts)
    }

    @Sendable func policy(_ request: Request, context: HubRequestContext) async throws -> PolicyView {
        let principal = try context.requirePrincipal()
        let unit = try DutyInput.unit(try context.parameters.require("unit"), field: "unit")
        guard DutyAccess.maySee(principal, unit: unit) else { throw AccessProblem.notYourDepartment }
        _ = try await desk.department(unit)
        return PolicyView(unit: unit, try await desk.policy(of: unit))
    }

    @Sendable func setPolicy(_ request: Request, context: HubRequestContext) async throws -> PolicyView {
        let principal = try context.requirePrincipal()
        let unit = try DutyInput.unit(try context.parameters.require("unit"), field: "unit")
        let input = try await request.decodeJSON(as: PolicyInput.self, context: context)
        var policy = try await desk.policy(of: unit)
        if let handover = input.handover {
            guard let minute = DutyPolicy.minute(of: handover) else { throw DutyProblem.invalidPolicy(field: "handover", reason: "hh:mm") }
            policy.handoverMinute = minute
        }
        policy.renotifyMinutes = input.renotifyMinutes ?? policy.renotifyMinutes
        policy.leaderMinutes = input.leaderMinutes ?? policy.leaderMinutes
        policy.nextLevelMinutes = input.nextLevelMinutes ?? policy.nextLevelMinutes
        policy.reportEveryLevel = input.reportEveryLevel ?? policy.reportEveryLevel
        try await desk.setPolicy(policy, unit: unit, by: principal)
        return PolicyView(unit: unit, policy)
    }

    func view(unit: DepartmentID, from: DutyDate, to: DutyDate, shifts: [DutyShift]) async throws -> RosterView {
        let policy = try await desk.policy(of: unit)
        let names = try await desk.people(Set(shifts.flatMap(\.people)))
        return RosterView(unit: unit, from: from, to: to, handover: policy.handover,
                          shifts: shifts.map { ShiftView($0, handoverMinute: policy.handoverMinute, names: names) })
    }
}

/// Path and query values of the duty routes, as problems when malformed.
enum DutyInput {
    static func unit(_ raw: String, field: String) throws -> DepartmentID {
        guard let unit = DepartmentID(rawValue: raw) else { throw InputProblem.invalidField(field: field, reason: DepartmentID.syntax) }
        return unit
    }

    static func date(_ raw: String, field: String) throws(DutyProblem) -> DutyDate {
        guard let date = DutyDate(text: raw) else { throw .invalidDate(field: field, text: raw) }
        return date
    }

    /// An RFC 3339 instant; a time without zone is refused, its instant being unknown.
    static func instant(_ raw: String, field: String) throws -> Date {
        do {
            return Date(milliseconds: try Timestamp.milliseconds(raw))
        } catch .noZone {
            throw DutyProblem.dateWithoutZone(field: field)
        } catch {
            throw InputProblem.invalidField(field: field, reason: "RFC 3339, e.g. 2026-11-25T08:30:00+08:00")
        }
    }
}
