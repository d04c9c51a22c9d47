import Foundation
import HubKit
import Hummingbird

/// Intersections over HTTP: list and detail with the live state, import (SUMO network or site file), and each
/// intersection's plans and time-of-day schedule.
public struct TrafficRoutes: Sendable {
    static let importLimit = 32 << 20
    static let writers = Access.roles(.admin, .trafficPolice)
    let desk: TrafficDesk

    public init(desk: TrafficDesk) {
        self.desk = desk
    }

    public func register(on hub: HubRouter) {
        hub.catalog.addSchemas(TrafficSchemas.all)
        hub.add(Endpoint(.get, "/api/v1/traffic/intersections", access: .signedIn(apiKeyScope: "traffic:read"),
                         summary: "Signalised intersections with link state, live stage and the override in force", tag: "traffic",
                         response: "TrafficIntersectionList"), list)
        hub.add(Endpoint(.get, "/api/v1/traffic/intersections/:id", access: .signedIn(apiKeyScope: "traffic:read"),
                         summary: "One intersection: lanes, movements, stages, live state, overrides", tag: "traffic",
                         response: "TrafficIntersectionDetail"), detail)
        var importEndpoint = Endpoint(.post, "/api/v1/traffic/import", access: Self.writers,
                                      summary: "Import intersections from a SUMO .net.xml (format=sumo) or a site file (format=site); all or nothing",
                                      tag: "traffic", request: "TrafficSiteFile", response: "TrafficImportResult", status: 201,
                                      query: [QueryParameter("format", "string", "sumo | site (default sumo)")])
        importEndpoint.requestMediaType = "application/xml"
        hub.add(importEndpoint, importNetwork)
        hub.add(Endpoint(.get, "/api/v1/traffic/intersections/:id/timing", access: .signedIn(apiKeyScope: "traffic:read"),
                         summary: "An intersection's fixed-time plans and time-of-day schedule", tag: "traffic",
                         response: "TrafficTiming"), timing)
        hub.add(Endpoint(.put, "/api/v1/traffic/intersections/:id/timing", access: Self.writers,
                         summary: "Replace an intersection's plans and schedule (checked against its stages)", tag: "traffic",
                         request: "TrafficTiming", response: "TrafficTiming"), putTiming)
    }

    @Sendable func list(_ request: Request, context: HubRequestContext) async throws -> IntersectionList {
        let limit = try context.requirePrincipal().departmentLimit()
        let snapshot = try await desk.catalog.current()
        let links = try await desk.links()
        let now = desk.clock.now()
        var items: [IntersectionSummary] = []
        for x in snapshot.intersections.values.sorted(by: { $0.id < $1.id }) where limit == nil || x.department == limit?.rawValue {
            let link = links[x.id] ?? "unknown", live = await desk.live.status(x.id)
            items.append(IntersectionSummary(id: x.id.rawValue, name: x.name, department: x.department, location: x.location,
                                             stages: x.stages.count, link: link, live: live,
                                             control: await control(x.id, link: link, live: live, now: now),
                                             override: OverrideRules.inForce(snapshot.overrides[x.id] ?? [], at: now)))
        }
        return IntersectionList(items: items)
    }

    @Sendable func detail(_ request: Request, context: HubRequestContext) async throws -> IntersectionDetail {
        let x = try await visibleIntersection(context)
        let snapshot = try await desk.catalog.current()
        let now = desk.clock.now()
        let live = (snapshot.overrides[x.id] ?? []).filter { $0.isLive(at: now) }
        let inForce = OverrideRules.inForce(live, at: now)
        let link = try await desk.links()[x.id] ?? "unknown", status = await desk.live.status(x.id)
        return IntersectionDetail(intersection: x, approaches: x.approaches, link: link, live: status,
                                  control: await control(x.id, link: link, live: status, now: now), override: inForce,
                                  suspended: live.filter { $0.id != inForce?.id })
    }

    func control(_ id: IntersectionID, link: String, live: TrafficLive.Status?, now: Date) async -> ControlView {
        ControlView(link: link, live: live, health: await desk.live.health(id), now: now, timeout: desk.settings.gatewayTimeoutSeconds)
    }

    @Sendable func importNetwork(_ request: Request, context: HubRequestContext) async throws -> JSONResponse<ImportResult> {
        let principal = try context.requirePrincipal()
        let format = request.uri.queryParameters["format"].map(String.init) ?? "sumo"
        let buffer = try await request.collectBody(upTo: Self.importLimit)
        let data = Data(buffer: buffer)
        let xs: [Intersection]
        switch format {
        case "sumo": xs = try SumoNetImport.intersections(from: data)
        case "site": xs = try SiteImport.intersections(from: data)
        default: throw InputProblem.invalidField(field: "format", reason: "sumo | site")
        }
        let event = try await desk.importIntersections(xs, format: format, data: data, by: principal.actor)
        return JSONResponse(ImportResult(format: format, intersections: xs.map(\.id.rawValue), event: event.seq), status: .created)
    }

    @Sendable func timing(_ request: Request, context: HubRequestContext) async throws -> TimingSetup {
        let x = try await visibleIntersection(context)
        return try await desk.timing(x.id)
    }

    @Sendable func putTiming(_ request: Request, context: HubRequestContext) async throws -> TimingSetup {
        let principal = try context.requirePrincipal()
        let x = try await visibleIntersection(context)
        let setup = try await request.decodeJSON(as: TimingSetup.self, context: context)
        return try await desk.putTiming(setup, for: x.id, by: principal.actor)
    }

    /// The intersection named in the path, if the caller's department may see it.
    func visibleIntersection(_ context: HubRequestContext) async throws -> Intersection {
        let limit = try context.requirePrincipal().departmentLimit()
        let x = try await desk.intersection(try Self.intersectionID(context))
        if let limit, x.department != limit.rawValue { throw AccessProblem.notYourDepartment }
        return x
    }

    static func intersectionID(_ context: HubRequestContext) throws -> IntersectionID {
        let raw = try context.parameters.require("id")
        guard let id = IntersectionID(rawValue: raw) else { throw TrafficProblem.unknownIntersection(raw) }
        return id
    }
}
