import HubKit
import Hummingbird

/// Reading the event journal after a sequence number: the whole journal for the centre and auditors, one
/// department's events for its head.
struct EventRoutes {
    let database: HubDatabase

    func register(on hub: HubRouter) {
        hub.add(Endpoint(.get, "/api/v1/events",
                         access: .roles(.admin, .auditor, .dispatcher, .departmentHead, apiKeyScope: "events:read"),
                         summary: "Events after a sequence number, oldest first", tag: "events", response: "EventPage",
                         query: [QueryParameter("after", "integer", "Return events with seq greater than this (default 0)"),
                                 QueryParameter("limit", "integer", "At most this many, 1–1000 (default 100)")]),
                list)
    }

    struct EventPage: ResponseEncodable, Sendable {
        var items: [HubEvent]
        /// Pass as `after` to get the next page.
        var next: Int64
        var head: Int64
    }

    @Sendable func list(_ request: Request, context: HubRequestContext) async throws -> EventPage {
        let principal = try context.requirePrincipal()
        let after = try QueryInput.int64(request, "after", default: 0, range: 0...Int64.max)
        let limit = Int(try QueryInput.int64(request, "limit", default: 100, range: 1...1000))
        let scoped = [.admin, .auditor, .dispatcher].contains(principal.role) ? nil : principal.departmentID?.rawValue
        if scoped == nil, ![.admin, .auditor, .dispatcher].contains(principal.role) {
            throw AccessProblem.notYourDepartment
        }
        return try await database.read { sql in
            let events = try await Journal.events(after: after, limit: limit, department: scoped, on: sql)
            return EventPage(items: events, next: events.last?.seq ?? after, head: try await Journal.head(on: sql))
        }
    }
}

