import Foundation
import HubKit
import Hummingbird

/// The working calendar: read by everyone signed in, changed by administrators, a year of announced holidays or
/// the weekly hours at a time. Deadlines computed after a change use the new calendar; set ones stand.
public struct CalendarRoutes: Sendable {
    let desk: CaseDesk

    public init(desk: CaseDesk) {
        self.desk = desk
    }

    public func register(on hub: HubRouter) {
        hub.add(Endpoint(.get, "/api/v1/working-calendar", access: .signedIn(apiKeyScope: "cases:read"),
                         summary: "Working hours, holidays and make-up days (调休) in force, and the years they cover",
                         tag: "categories", response: "CalendarView"), show)
        hub.add(Endpoint(.put, "/api/v1/working-calendar/years/:year", access: .roles(.admin),
                         summary: "Enter one year's announced holidays and make-up working days (replaces that year's)",
                         tag: "categories", request: "CalendarYearInput", response: "CalendarView"), setYear)
        hub.add(Endpoint(.put, "/api/v1/working-calendar/hours", access: .roles(.admin),
                         summary: "Set the working periods per weekday and on make-up days", tag: "categories",
                         request: "CalendarHoursInput", response: "CalendarView"), setHours)
        hub.add(Endpoint(.get, "/api/v1/working-calendar/history", access: .signedIn(apiKeyScope: "cases:read"),
                         summary: "Every change of the calendar, oldest first", tag: "categories", response: "EventList"), history)
    }

    struct CalendarView: ResponseEncodable, Sendable {
        var calendar: WorkingCalendar
        var version: Int
        var updatedAt: Date
        var updatedBy: String
        /// Years with holidays entered; deadlines in a year not listed know only weekends.
        var yearsCovered: [Int]

        init(_ stored: CalendarVersion) {
            calendar = stored.calendar
            version = stored.version
            updatedAt = stored.updatedAt
            updatedBy = stored.updatedBy
            yearsCovered = CatalogueEdits.yearsCovered(stored.calendar)
        }
    }

    struct YearInput: Decodable, Sendable {
        var holidays: [LocalDay]
        var makeUpDays: [LocalDay]
        var version: Int
        var reason: String
    }

    struct HoursInput: Decodable, Sendable {
        var hours: [Int: [WorkingPeriod]]
        var makeUpHours: [WorkingPeriod]?
        var version: Int
        var reason: String
    }

    @Sendable func show(_ request: Request, context: HubRequestContext) async throws -> CalendarView {
        CalendarView(desk.catalogue.calendarVersion)
    }

    @Sendable func setYear(_ request: Request, context: HubRequestContext) async throws -> CalendarView {
        let principal = try context.requirePrincipal()
        guard let year = Int(try context.parameters.require("year")) else {
            throw InputProblem.invalidField(field: "year", reason: "四位年份 / a four-digit year")
        }
        let input = try await request.decodeJSON(as: YearInput.self, context: context)
        let reason = try Reason.required(input.reason, for: "calendar change")
        return try await save(change: "year \(year)", reason: reason, version: input.version, by: principal) { calendar in
            try CatalogueEdits.settingYear(year, holidays: input.holidays, makeUpDays: input.makeUpDays, in: calendar)
        }
    }

    @Sendable func setHours(_ request: Request, context: HubRequestContext) async throws -> CalendarView {
        let principal = try context.requirePrincipal()
        let input = try await request.decodeJSON(as: HoursInput.self, context: context)
        let reason = try Reason.required(input.reason, for: "calendar change")
        return try await save(change: "hours", reason: reason, version: input.version, by: principal) { calendar in
            try CatalogueEdits.settingHours(input.hours, makeUpHours: input.makeUpHours, in: calendar)
        }
    }

    @Sendable func history(_ request: Request, context: HubRequestContext) async throws -> EventList {
        EventList(items: try await desk.store.database.read { sql in try await Journal.events(subject: "working-calendar", on: sql) })
    }

    /// Applies `edit` to the calendar of the expected version, in one transaction with its event.
    private func save(change: String, reason: String, version: Int, by principal: Principal,
                      _ edit: @Sendable (WorkingCalendar) throws -> WorkingCalendar) async throws -> CalendarView {
        let now = desk.clock.now()
        let stored = try await desk.store.database.write { tx in
            guard let current = try await CaseCatalogue.calendar(on: tx.sql) else { throw CaseProblem.invalidCalendar([]) }
            // A stale `version` is refused by setCalendar's conditional update (409).
            return try await desk.catalogue.setCalendar(try edit(current.calendar), expecting: version, change: change,
                                                        reason: reason, by: principal.actor, at: now, clock: desk.clock, in: tx)
        }
        try await desk.catalogue.reload()
        return CalendarView(stored)
    }
}

/// Journal events as a page, with the names of the people and keys that acted when asked for.
struct EventList: ResponseEncodable, Sendable {
    var items: [HubEvent]
    var actors: [String: String]?
}
