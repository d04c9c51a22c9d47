import Foundation
import HubKit
import Hummingbird

/// Duty calls over HTTP: page by hand (dispatchers, or machines with `duty:page`), lists, detail with every
/// notification sent, and acknowledgement by a person the call reached.
public struct CallRoutes: Sendable {
    let desk: DutyDesk

    public init(desk: DutyDesk) {
        self.desk = desk
    }

    public func register(on hub: HubRouter) {
        hub.add(Endpoint(.post, "/api/v1/duty/calls", access: .roles(.admin, .dispatcher, apiKeyScope: "duty:page"),
                         summary: "Call a unit's person on duty about a subject (idempotent per open subject)", tag: "duty",
                         request: "DutyPageInput", response: "DutyCall", status: 201), page)
        hub.add(Endpoint(.get, "/api/v1/duty/calls", access: .signedIn(apiKeyScope: "duty:read"),
                         summary: "Duty calls, newest first: every unit's for dispatchers, your unit's for others", tag: "duty",
                         response: "DutyCallList", query: [
                            QueryParameter("state", "string", "open | closed (default both)"),
                            QueryParameter("department", "string", "Only calls first paged to this unit"),
                            QueryParameter("limit", "integer", "1–500 (default 100)"),
                         ]), list)
        hub.add(Endpoint(.get, "/api/v1/duty/calls/:id", access: .signedIn(apiKeyScope: "duty:read"),
                         summary: "One duty call with every notification it sent", tag: "duty", response: "DutyCall"), detail)
        hub.add(Endpoint(.post, "/api/v1/duty/calls/:id/ack", access: .signedIn(),
                         summary: "Acknowledge a call that reached you (dispatchers: any call); stops escalation", tag: "duty",
                         response: "DutyCall"), acknowledge)
    }

    @Sendable func page(_ request: Request, context: HubRequestContext) async throws -> JSONResponse<CallView> {
        let principal = try context.requirePrincipal()
        let input = try await request.decodeJSON(as: PageInput.self, context: context)
        let id = try await desk.page(DutyPageRequest(subject: input.subject, department: input.department, title: input.title,
                                                     severity: input.severity ?? .major,
                                                     reportEveryLevel: input.reportEveryLevel ?? false, origin: principal.actor))
        return JSONResponse(try await detailView(id), status: .created)
    }

    @Sendable func list(_ request: Request, context: HubRequestContext) async throws -> CallList {
        let principal = try context.requirePrincipal()
        let query = request.uri.queryParameters
        let open: Bool? = try query["state"].map { state in
            switch state {
            case "open": true
            case "closed": false
            default: throw InputProblem.invalidField(field: "state", reason: "open | closed")
            }
        }
        let limit = Int(try QueryInput.int64(request, "limit", default: 100, range: 1...500))
        var units: [DepartmentID]?
        if let raw = query["department"] {
            let unit = try DutyInput.unit(String(raw), field: "department")
            guard DutyAccess.maySee(principal, unit: unit) else { throw AccessProblem.notYourDepartment }
            units = [unit]
        } else if !DutyAccess.seesAll(principal) {
            guard let own = principal.departmentID else { return CallList(items: []) }
            units = [own]
        }
        return CallList(items: try await desk.calls.list(open: open, units: units, limit: limit).map { CallView($0) })
    }

    @Sendable func detail(_ request: Request, context: HubRequestContext) async throws -> CallView {
        let principal = try context.requirePrincipal()
        let id = try callID(context)
        guard let call = try await desk.calls.call(id) else { throw DutyProblem.unknownCall(id.rawValue) }
        let notifications = try await desk.calls.notifications(of: id)
        let reachedCaller = principal.kind == .user && notifications.contains { $0.person == principal.id }
        guard DutyAccess.seesAll(principal) || reachedCaller
                || call.chain.contains(where: { $0.unit == principal.departmentID }) else {
            throw AccessProblem.notYourDepartment
        }
        return CallView(call, notifications: notifications)
    }

    @Sendable func acknowledge(_ request: Request, context: HubRequestContext) async throws -> CallView {
        let principal = try context.requirePrincipal()
        let id = try callID(context)
        _ = try await desk.acknowledge(id, by: principal)
        return try await detailView(id)
    }

    func detailView(_ id: DutyCallID) async throws -> CallView {
        guard let call = try await desk.calls.call(id) else { throw DutyProblem.unknownCall(id.rawValue) }
        return CallView(call, notifications: try await desk.calls.notifications(of: id))
    }

    func callID(_ context: HubRequestContext) throws -> DutyCallID {
        let raw = try context.parameters.require("id")
        guard let id = DutyCallID(rawValue: raw) else { throw DutyProblem.unknownCall(raw) }
        return id
    }
}
