import Crypto
import Foundation
import HubKit
import Hummingbird

/// The registry of stations and devices: list, read, create, update, retire and GeoJSON import.
/// Admins and dispatchers write; staff read; department roles see only their department's stations.
public struct StationRoutes: Sendable {
    let desk: TelemetryDesk
    static let importLimit = 64 << 20

    public init(desk: TelemetryDesk) {
        self.desk = desk
    }

    static let read = Access.signedIn(apiKeyScope: "telemetry:read")
    static let write = Access.roles(.admin, .dispatcher, apiKeyScope: "stations:write")

    public func register(on hub: HubRouter) {
        hub.catalog.addSchemas(TelemetrySchemas.all)
        hub.add(Endpoint(.get, "/api/v1/telemetry/stations", access: Self.read, summary: "Stations and devices, filtered and paged by id",
                         tag: "telemetry", response: "StationPage", query: [
                            QueryParameter("kind", "string", StationKind.allCases.map(\.rawValue).joined(separator: " | ")),
                            QueryParameter("group", "string", "A group or tag, e.g. jialing-upper"),
                            QueryParameter("department", "string", "Department id"),
                            QueryParameter("bbox", "string", "minLon,minLat,maxLon,maxLat (WGS84)"),
                            QueryParameter("after", "string", "The previous page's `next`"),
                            QueryParameter("limit", "integer", "1–1000 (default 100)"),
                            QueryParameter("include", "string", "latest: also each listed station's newest reading per quantity (one request for a map of gauges)"),
                         ]), list)
        hub.add(Endpoint(.post, "/api/v1/telemetry/stations", access: Self.write, summary: "Register a station or device",
                         tag: "telemetry", request: "StationInput", response: "Station", status: 201), create)
        var importEndpoint = Endpoint(.post, "/api/v1/telemetry/stations/import", access: Self.write,
                                      summary: "Create or replace stations from a GeoJSON FeatureCollection of Points (all or nothing)",
                                      tag: "telemetry", request: "FeatureCollection", response: "StationImportResult")
        importEndpoint.requestMediaType = "application/geo+json"
        hub.add(importEndpoint, importStations)
        hub.add(Endpoint(.get, "/api/v1/telemetry/stations/:id", access: Self.read, summary: "One station", tag: "telemetry",
                         response: "Station"), get)
        hub.add(Endpoint(.put, "/api/v1/telemetry/stations/:id", access: Self.write,
                         summary: "Replace a station's fields; `version` must be current (409 when stale)", tag: "telemetry",
                         request: "StationInput", response: "Station"), update)
        hub.add(Endpoint(.post, "/api/v1/telemetry/stations/:id/retire", access: Self.write,
                         summary: "Retire a station: it keeps its data and takes no new observations", tag: "telemetry",
                         request: "VersionInput", response: "Station"), retire)
    }

    struct StationPage: ResponseEncodable, Sendable {
        var items: [Station]
        var next: String?
        /// With `include=latest`: station id → its newest reading of each quantity (as `/stations/:id/latest`).
        var latest: [String: [SeriesRoutes.Reading]]?
    }

    struct VersionInput: Decodable {
        var version: Int
    }


    @Sendable func list(_ request: Request, context: HubRequestContext) async throws -> StationPage {
        let principal = try context.requirePrincipal()
        let query = request.uri.queryParameters
        var filter = StationFilter()
        if let raw = query["kind"] {
            guard let kind = StationKind(rawValue: String(raw)) else {
                throw TelemetryProblem.badQuery(field: "kind", zh: StationKind.allCases.map(\.rawValue).joined(separator: "、"),
                                                en: StationKind.allCases.map(\.rawValue).joined(separator: ", "))
            }
            filter.kind = kind
        }
        filter.group = query["group"].map(String.init)
        if let raw = query["department"] {
            guard let department = DepartmentID(rawValue: String(raw)) else {
                throw TelemetryProblem.badQuery(field: "department", zh: "部门编号无效", en: "not a department id")
            }
            filter.department = department
        }
        if let limited = try principal.departmentLimit() {
            if let asked = filter.department, asked != limited { throw AccessProblem.notYourDepartment }
            filter.department = limited
        }
        if let raw = query["bbox"] {
            let parts = raw.split(separator: ",").compactMap { Double($0) }
            guard parts.count == 4, parts[0] <= parts[2], parts[1] <= parts[3] else {
                throw TelemetryProblem.badQuery(field: "bbox", zh: "应为 最小经度,最小纬度,最大经度,最大纬度", en: "minLon,minLat,maxLon,maxLat")
            }
            filter.box = GeoBox(minLon: parts[0], minLat: parts[1], maxLon: parts[2], maxLat: parts[3])
        }
        filter.after = query["after"].map(String.init)
        let limit = Int(try QueryInput.int64(request, "limit", default: 100, range: 1...1000))
        var includeLatest = false
        if let raw = query["include"] {
            guard raw == "latest" else { throw TelemetryProblem.badQuery(field: "include", zh: "只能为 latest", en: "only latest") }
            includeLatest = true
        }
        let items = try await desk.stations.list(filter, limit: limit)
        var page = StationPage(items: items, next: items.count == limit ? items.last?.id.rawValue : nil)
        if includeLatest {
            let snapshot = desk.stations.directory.snapshot
            page.latest = try await SeriesRoutes.readings(items.compactMap { snapshot[$0.id.rawValue] }, desk: desk)
        }
        return page
    }

    @Sendable func get(_ request: Request, context: HubRequestContext) async throws -> JSONResponse<Station> {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        guard let station = try await desk.stations.station(id) else { throw TelemetryProblem.stationNotFound(id) }
        if let limited = try principal.departmentLimit(), limited != station.department { throw AccessProblem.notYourDepartment }
        return JSONResponse(station)
    }

    @Sendable func create(_ request: Request, context: HubRequestContext) async throws -> JSONResponse<Station> {
        let principal = try context.requirePrincipal()
        let input = try await request.decodeJSON(as: StationInput.self, context: context)
        let station = try validated(input, version: 1)
        try await requireDepartment(station.department)
        return JSONResponse(try await desk.stations.create(station, actor: principal.actor), status: .created)
    }

    @Sendable func update(_ request: Request, context: HubRequestContext) async throws -> JSONResponse<Station> {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        var input = try await request.decodeJSON(as: StationInput.self, context: context)
        guard let version = input.version else { throw InputProblem.missingField("version") }
        if input.id == nil { input.id = id }
        guard input.id == id else { throw InputProblem.invalidField(field: "id", reason: "与路径不一致 / differs from the path") }
        let station = try validated(input, version: version)
        try await requireDepartment(station.department)
        let updated = try await desk.stations.update(id, expectedVersion: version, actor: principal.actor, authorise: { current in
            if let limited = try principal.departmentLimit(), limited != current.department { throw AccessProblem.notYourDepartment }
        }, change: { _ in station })
        return JSONResponse(updated)
    }

    @Sendable func retire(_ request: Request, context: HubRequestContext) async throws -> JSONResponse<Station> {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let input = try await request.decodeJSON(as: VersionInput.self, context: context)
        let retired = try await desk.stations.update(id, expectedVersion: input.version, actor: principal.actor, authorise: { current in
            if let limited = try principal.departmentLimit(), limited != current.department { throw AccessProblem.notYourDepartment }
        }, change: { current in
            var next = current
            next.status = .retired
            return next
        })
        return JSONResponse(retired)
    }

    @Sendable func importStations(_ request: Request, context: HubRequestContext) async throws -> JSONResponse<StationStore.ImportResult> {
        let principal = try context.requirePrincipal()
        let buffer = try await request.collectBody(upTo: Self.importLimit)
        let data = Data(buffer: buffer)
        let features = try GeoJSON.parseFeatureCollection(data)
        let stations: [Station]
        switch StationRules.stations(from: features, at: desk.clock.now()) {
        case .failure(let faults): throw TelemetryProblem.invalidStations(faults.faults)
        case .success(let s): stations = s
        }
        var missing: [TelemetryFault] = []
        for department in Set(stations.map(\.department)).sorted() where try await !desk.departmentExists(department) {
            missing.append(TelemetryFault(item: "department \(department)", code: "UNKNOWN_DEPARTMENT",
                                          zh: "部门 \(department) 不存在", en: "there is no department \(department)"))
        }
        guard missing.isEmpty else { throw TelemetryProblem.invalidStations(missing) }
        return JSONResponse(try await desk.stations.importStations(stations, sha256: SHA256.hash(data: data).hexString, actor: principal.actor))
    }

    private func validated(_ input: StationInput, version: Int) throws -> Station {
        switch StationRules.station(input, item: "", version: version, at: desk.clock.now()) {
        case .failure(let faults): throw TelemetryProblem.invalidStations(faults.faults)
        case .success(let station): return station
        }
    }

    private func requireDepartment(_ department: DepartmentID) async throws {
        guard try await desk.departmentExists(department) else {
            throw TelemetryProblem.invalidStations([TelemetryFault(item: "department", code: "UNKNOWN_DEPARTMENT",
                                                                   zh: "部门 \(department) 不存在", en: "there is no department \(department)")])
        }
    }
}
