import Foundation
import HubKit
import Hummingbird

/// Police overrides over HTTP: set (traffic police, admins), list (anyone signed in), cancel early.
public struct OverrideRoutes: Sendable {
    let desk: TrafficDesk

    public init(desk: TrafficDesk) {
        self.desk = desk
    }

    public func register(on hub: HubRouter) {
        hub.add(Endpoint(.post, "/api/v1/traffic/intersections/:id/overrides", access: TrafficRoutes.writers,
                         summary: "Override an intersection's lights (hold, forcePlan, release, restrict, allRed, flash) with a reason and an expiry ≤ 4 h",
                         tag: "traffic", request: "TrafficOverrideInput", response: "TrafficOverride", status: 201), set)
        hub.add(Endpoint(.get, "/api/v1/traffic/overrides", access: .signedIn(apiKeyScope: "traffic:read"),
                         summary: "Overrides, newest first", tag: "traffic", response: "TrafficOverrideList", query: [
                            QueryParameter("intersection", "string", "Only this intersection's"),
                            QueryParameter("state", "string", "live | all (default live)"),
                            QueryParameter("limit", "integer", "1–500 (default 100)"),
                         ]), list)
        hub.add(Endpoint(.post, "/api/v1/traffic/overrides/:id/cancel", access: TrafficRoutes.writers,
                         summary: "End an override before its expiry; a suspended one resumes", tag: "traffic",
                         response: "TrafficOverride"), cancel)
    }

    @Sendable func set(_ request: Request, context: HubRequestContext) async throws -> JSONResponse<TrafficOverride> {
        let principal = try context.requirePrincipal()
        let id = try TrafficRoutes.intersectionID(context)
        let input = try await request.decodeJSON(as: OverrideRules.Request.self, context: context)
        return JSONResponse(try await desk.setOverride(input, on: id, by: principal), status: .created)
    }

    @Sendable func list(_ request: Request, context: HubRequestContext) async throws -> OverrideList {
        let principal = try context.requirePrincipal()
        let query = request.uri.queryParameters
        let liveOnly: Bool
        switch query["state"].map(String.init) ?? "live" {
        case "live": liveOnly = true
        case "all": liveOnly = false
        default: throw InputProblem.invalidField(field: "state", reason: "live | all")
        }
        let limit = Int(try QueryInput.int64(request, "limit", default: 100, range: 1...500))
        var id: IntersectionID?
        if let raw = query["intersection"] {
            guard let parsed = IntersectionID(rawValue: String(raw)) else { throw TrafficProblem.unknownIntersection(String(raw)) }
            id = parsed
        }
        return OverrideList(items: try await desk.overrides(of: id, liveOnly: liveOnly, department: try principal.departmentLimit(),
                                                            limit: limit))
    }

    @Sendable func cancel(_ request: Request, context: HubRequestContext) async throws -> TrafficOverride {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        return try await desk.cancelOverride(id, by: principal)
    }
}
