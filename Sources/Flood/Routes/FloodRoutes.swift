import Foundation
import HubKit
import Hummingbird

/// The flood what-if over HTTP: terrains, their river and places, "what floods at this level" (JSON, GeoJSON
/// polygons or a PNG overlay) and every place's first-flood level. Staff read; administrators upload.
public struct FloodRoutes: Sendable {
    let desk: FloodDesk
    /// Gauge readings and crest forecasts in a terrain's datum, for a level taken from a reach's gauge.
    let gaugeLevels: (any GaugeLevels)?
    /// The most bytes an uploaded terrain may have.
    let maxTerrainBytes: Int

    public init(desk: FloodDesk, gaugeLevels: (any GaugeLevels)? = nil, maxTerrainBytes: Int = 512 << 20) {
        self.desk = desk
        self.gaugeLevels = gaugeLevels
        self.maxTerrainBytes = maxTerrainBytes
    }

    static let read = Access.signedIn(apiKeyScope: "flood:read")
    static let admin = Access.roles(.admin)
    static let terrainQuery = QueryParameter("terrain", "string", "Terrain id (default: demo, or the only terrain)")

    public func register(on hub: HubRouter) {
        hub.catalog.addSchemas(FloodSchemas.all)
        hub.add(Endpoint(.get, "/api/v1/flood/terrains", access: Self.read, summary: "Terrains the hub knows, with datum and river",
                         tag: "flood", response: "FloodTerrainList"), list)
        hub.add(Endpoint(.put, "/api/v1/flood/terrains/:id", access: Self.admin,
                         summary: "Upload a terrain (GeoTIFF or ESRI ASCII grid) with its height datum tag", tag: "flood",
                         request: "FloodTerrainFile", response: "FloodTerrain", status: 201,
                         query: [QueryParameter("datum", "string", "Height datum tag, e.g. yellow-sea-1985", required: true)])
                .media(request: "application/octet-stream"), upload)
        for kind in ["river", "places"] {
            hub.add(Endpoint(.get, "/api/v1/flood/terrains/:id/\(kind)", access: Self.read,
                             summary: "The terrain's \(kind) as GeoJSON", tag: "flood", response: nil)
                        .media(response: "application/geo+json"),
                    { request, context in try await geoJSON(request, context, kind: kind) })
            hub.add(Endpoint(.put, "/api/v1/flood/terrains/:id/\(kind)", access: Self.admin,
                             summary: kind == "river" ? "Replace the river (lines with a width property in metres, polygons)"
                                 : "Replace the named places (GeoJSON features)", tag: "flood",
                             request: "GeoJSONObject", response: "FloodChange")
                        .media(request: "application/geo+json"),
                    { request, context in try await replace(request, context, kind: kind) })
        }
        hub.add(Endpoint(.get, "/api/v1/flood/inundation", access: Self.read,
                         summary: "What floods at a river level: area, depths, places (json), polygons (geojson) or an overlay (png)",
                         tag: "flood", response: "FloodInundation",
                         query: [Self.terrainQuery,
                                 QueryParameter("level", "number", "River level, metres, in the terrain's datum (or give gauge or forecast)"),
                                 QueryParameter("gauge", "string", "Take the level from this gauge's reading (a gauge tied to a reach of the terrain), converted to the terrain's datum"),
                                 QueryParameter("forecast", "string", "Take the level from this gauge's crest forecast, converted to the terrain's datum"),
                                 QueryParameter("at", "string", "With gauge: the reading at or before this instant; with forecast: the forecast as of it (ISO 8601 with zone; default now)"),
                                 QueryParameter("datum", "string", "Datum of the level; must be the terrain's"),
                                 QueryParameter("format", "string", "json (default), geojson or png"),
                                 QueryParameter("tolerance", "number", "GeoJSON simplification, cells (default 0.5; 0 exact)")]),
                inundation)
        hub.add(Endpoint(.get, "/api/v1/flood/places", access: Self.read,
                         summary: "Every place with the level from which it floods", tag: "flood", response: "FloodPlaceLevels",
                         query: [Self.terrainQuery]), places)
        hub.add(Endpoint(.get, "/api/v1/flood/first-flood", access: Self.read,
                         summary: "Every cell's first-flood level and ground height, binary (CHFLOOD1), for drawing any level in the browser",
                         tag: "flood", response: "FloodFirstFloodGrid", query: [Self.terrainQuery])
                    .media(response: FirstFloodGrid.mediaType), firstFlood)
    }

    struct TerrainList: ResponseEncodable, Sendable { var items: [TerrainInfo] }
    struct Change: ResponseEncodable, Sendable { var terrain: String; var kind: String; var features: Int }

    @Sendable func list(_ request: Request, context: HubRequestContext) async throws -> TerrainList {
        TerrainList(items: try await desk.list())
    }

    @Sendable func upload(_ request: Request, context: HubRequestContext) async throws -> JSONResponse<TerrainInfo> {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        guard let datum = request.uri.queryParameters["datum"].map(String.init), !datum.isEmpty else {
            throw InputProblem.missingField("datum")
        }
        let body = try await collect(request, limit: maxTerrainBytes)
        return JSONResponse(try await desk.upload(id, bytes: body, datum: datum, actor: principal.actor), status: .created)
    }

    func geoJSON(_ request: Request, _ context: HubRequestContext, kind: String) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let bytes = try await desk.geoJSON(id, kind: kind) else { throw InputProblem.notFound(what: "\(kind) of terrain \(id)") }
        return Response(status: .ok, headers: [.contentType: "application/geo+json"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    func replace(_ request: Request, _ context: HubRequestContext, kind: String) async throws -> Change {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let body = try await collect(request, limit: 64 << 20)
        let count = try await desk.replace(id, kind: kind, bytes: body, actor: principal.actor)
        return Change(terrain: id, kind: kind, features: count)
    }

    @Sendable func inundation(_ request: Request, context: HubRequestContext) async throws -> Response {
        let id = try await desk.resolve(request.uri.queryParameters["terrain"].map(String.init))
        let (level, source) = try await level(request, context: context, terrain: id)
        let ready = try await desk.prepare(id)
        if let datum = request.uri.queryParameters["datum"].map(String.init), datum != ready.info.datum {
            throw FloodInputError.datumMismatch(given: datum, terrain: ready.info.datum)
        }
        let format = request.uri.queryParameters["format"].map(String.init) ?? "json"
        let typed = Float(level)
        switch format {
        case "json":
            return try context.responseEncoder.encode(WhatIfAnswer(ready, level: typed, source: source), from: request, context: context)
        case "geojson":
            let tolerance = try request.uri.queryParameters["tolerance"] == nil ? 0.5 : QueryInput.double(request, "tolerance")
            guard (0...100).contains(tolerance) else {
                throw InputProblem.invalidField(field: "tolerance", reason: "应为 0…100 个单元 / 0…100 cells")
            }
            let flooded = ready.spill.flooded(at: typed)
            let stats = FloodStatistics(flooded, terrain: ready.terrain, geometry: ready.geometry)
            let outline = OutlineSimplifier.simplify(MaskOutline(flooded.flooded), mask: flooded.flooded, tolerance: tolerance)
            let properties = #"{"terrain":"\#(id)","level":\#(millimetres(level)),"datum":"\#(ready.info.datum)","#
                + #""floodedCells":\#(stats.floodedCells),"areaSquareMetres":\#(stats.areaSquareMetres.rounded()),"toleranceCells":\#(tolerance)}"#
            let bytes = OutlineGeoJSON.feature(outline, georeference: ready.terrain.georeference,
                                               geographic: ready.geometry.isGeographic, properties: properties)
            return Response(status: .ok, headers: [.contentType: "application/geo+json"],
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        case "png":
            let png = DepthOverlay.png(ready.spill.flooded(at: typed), terrain: ready.terrain)
            return Response(status: .ok, headers: [.contentType: "image/png"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: png)))
        default:
            throw InputProblem.invalidField(field: "format", reason: "应为 json、geojson 或 png / json, geojson or png")
        }
    }

    /// The level asked: typed (`level`), or a reach gauge's reading (`gauge`) or crest forecast (`forecast`) in the
    /// terrain's datum — exactly one of the three.
    func level(_ request: Request, context: HubRequestContext, terrain id: String) async throws -> (Double, GaugeLevel?) {
        let q = request.uri.queryParameters
        let given = ["level", "gauge", "forecast"].filter { q[$0] != nil }
        guard given.count == 1, let kind = given.first else {
            throw InputProblem.invalidField(field: "level", reason: "请给出 level、gauge、forecast 三者之一 / give exactly one of level, gauge, forecast")
        }
        if kind == "level" {
            guard q["at"] == nil else { throw InputProblem.invalidField(field: "at", reason: "只用于 gauge 或 forecast / only with gauge or forecast") }
            let level = try QueryInput.double(request, "level")
            guard (-1_000...10_000).contains(level) else {
                throw InputProblem.invalidField(field: "level", reason: "应为 −1000…10000 米 / metres in −1000…10000")
            }
            return (level, nil)
        }
        let station = String(q[kind] ?? "")
        let datum = try await desk.datum(forGauge: station, terrain: id)
        var at: Int64?
        if let text = q["at"].map(String.init) {
            do {
                at = try Timestamp.milliseconds(text)
            } catch {
                throw InputProblem.invalidField(field: "at", reason: "应为带时区的 ISO 8601 时间 / an ISO 8601 time with its zone")
            }
        }
        guard let gaugeLevels else { throw InputProblem.notFound(what: "gauge levels") }
        let principal = try context.requirePrincipal()
        let source = kind == "gauge"
            ? try await gaugeLevels.observed(station: station, at: at, datum: datum, principal: principal)
            : try await gaugeLevels.forecastCrest(station: station, at: at, datum: datum, principal: principal)
        return (millimetres(source.level), source)
    }

    @Sendable func places(_ request: Request, context: HubRequestContext) async throws -> PlaceLevels {
        let id = try await desk.resolve(request.uri.queryParameters["terrain"].map(String.init))
        return PlaceLevels(try await desk.prepare(id))
    }

    /// The first-flood grid, once per terrain: answered 304 when the browser already holds this version.
    @Sendable func firstFlood(_ request: Request, context: HubRequestContext) async throws -> Response {
        let id = try await desk.resolve(request.uri.queryParameters["terrain"].map(String.init))
        let grid = try await desk.firstFloodGrid(id)
        var headers: HTTPFields = [.eTag: grid.etag, .cacheControl: "private, no-cache"]
        let known = request.headers[values: .ifNoneMatch].flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        if known.contains(grid.etag) || known.contains("*") {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = FirstFloodGrid.mediaType
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: grid.bytes)))
    }

    func collect(_ request: Request, limit: Int) async throws -> [UInt8] {
        Array(try await request.collectBody(upTo: limit).readableBytesView)
    }
}

extension TerrainInfo: ResponseEncodable {}
extension WhatIfAnswer: ResponseEncodable {}
extension PlaceLevels: ResponseEncodable {}

extension Endpoint {
    /// The same endpoint with other media types for its request or response body.
    func media(request: String? = nil, response: String? = nil) -> Endpoint {
        var copy = self
        if let request { copy.requestMediaType = request }
        if let response { copy.responseMediaType = response }
        return copy
    }
}
