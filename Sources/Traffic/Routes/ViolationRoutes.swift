import Foundation
import HubKit
import Hummingbird

/// Camera violations over HTTP: cameras (API keys with `traffic:camera`) and traffic police record them; the
/// centre reads them.
public struct ViolationRoutes: Sendable {
    static let readers = Access.roles(.admin, .trafficPolice, .dispatcher, .auditor, .viewer, apiKeyScope: "traffic:read")
    let desk: TrafficDesk

    public init(desk: TrafficDesk) {
        self.desk = desk
    }

    public func register(on hub: HubRouter) {
        hub.add(Endpoint(.post, "/api/v1/traffic/violations", access: .roles(.admin, .trafficPolice, apiKeyScope: "traffic:camera"),
                         summary: "Record a camera violation (illegal lane change, queue jumping, illegal parking — which opens a case)",
                         tag: "traffic", request: "TrafficViolationInput", response: "TrafficViolation", status: 201), record)
        hub.add(Endpoint(.get, "/api/v1/traffic/violations", access: Self.readers,
                         summary: "Camera violations, newest first", tag: "traffic", response: "TrafficViolationList",
                         query: [QueryParameter("limit", "integer", "1–500 (default 100)")]), list)
    }

    @Sendable func record(_ request: Request, context: HubRequestContext) async throws -> JSONResponse<Violation> {
        let principal = try context.requirePrincipal()
        let report = try await request.decodeJSON(as: ViolationRules.Report.self, context: context)
        return JSONResponse(try await desk.recordViolation(report, by: principal.actor), status: .created)
    }

    @Sendable func list(_ request: Request, context: HubRequestContext) async throws -> ViolationList {
        _ = try context.requirePrincipal()
        let limit = Int(try QueryInput.int64(request, "limit", default: 100, range: 1...500))
        return ViolationList(items: try await desk.violations(limit: limit))
    }
}

struct ViolationList: Encodable, Sendable, ResponseEncodable {
    var items: [Violation]
}

extension Violation: ResponseEncodable {}
