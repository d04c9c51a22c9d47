import Foundation
import HubKit
import Hummingbird

/// Reading the geography as GeoJSON, point → grid look-up, and all-or-nothing GeoJSON import.
struct GeographyRoutes {
    let geography: GeographyService
    /// GeoJSON imports may be large (a whole district's grids); JSON bodies elsewhere stay at 1 MiB.
    static let importLimit = 64 << 20

    func register(on hub: HubRouter) {
        let read = Access.signedIn(apiKeyScope: "geo:read")
        hub.add(Endpoint(.get, "/api/v1/geo/district", access: read, summary: "The district with its bounding box and counts",
                         tag: "geography", response: "District"), district)
        hub.add(Endpoint(.get, "/api/v1/geo/streets", access: read, summary: "Streets as GeoJSON", tag: "geography",
                         response: "FeatureCollection"), streets)
        hub.add(Endpoint(.get, "/api/v1/geo/communities", access: read, summary: "Communities as GeoJSON",
                         tag: "geography", response: "FeatureCollection",
                         query: [QueryParameter("street", "string", "Only this street's communities (9-digit code)")]),
                communities)
        hub.add(Endpoint(.get, "/api/v1/geo/grids", access: read, summary: "Unit grids as GeoJSON", tag: "geography",
                         response: "FeatureCollection",
                         query: [QueryParameter("street", "string", "Only this street's grids (9-digit code)")]), grids)
        hub.add(Endpoint(.get, "/api/v1/geo/grids/:code", access: read, summary: "One unit grid as a GeoJSON Feature",
                         tag: "geography", response: "Feature"), grid)
        hub.add(Endpoint(.get, "/api/v1/geo/locate", access: read, summary: "The unit grid containing a point",
                         tag: "geography", response: "GridLocation",
                         query: [QueryParameter("lon", "number", "Longitude, WGS84", required: true),
                                 QueryParameter("lat", "number", "Latitude, WGS84", required: true)]), locate)
        hub.add(Endpoint(.get, "/api/v1/geo/features", access: read, summary: "Map features (rivers, roads, cameras…) as GeoJSON",
                         tag: "geography", response: "FeatureCollection",
                         query: [QueryParameter("kind", "string", MapFeatureKind.allCases.map(\.rawValue).joined(separator: "|"))]),
                features)
        var importEndpoint = Endpoint(.post, "/api/v1/geo/import", access: .roles(.admin, apiKeyScope: "geo:write"),
                                      summary: "Import a GeoJSON FeatureCollection of streets, communities, grids and features (all or nothing)",
                                      tag: "geography", request: "FeatureCollection", response: "ImportResult")
        importEndpoint.requestMediaType = "application/geo+json"
        hub.add(importEndpoint, importGeoJSON)
        hub.add(Endpoint(.get, "/api/v1/geo/export", access: read, summary: "The whole geography as one GeoJSON FeatureCollection",
                         tag: "geography", response: "FeatureCollection"), export)
    }

    struct DistrictView: ResponseEncodable, Sendable {
        var code: String
        var name: String
        var nameEn: String
        var bbox: [Double]?
        var counts: GeographyCounts
    }

    @Sendable func district(_ request: Request, context: HubRequestContext) async throws -> DistrictView {
        let snapshot = geography.snapshot
        guard let district = snapshot.district else { throw InputProblem.notFound(what: "district / 辖区（尚未导入地理数据）") }
        let box = snapshot.index.bounds
        return DistrictView(code: district.code.rawValue, name: district.name, nameEn: district.nameEn,
                            bbox: box.map { [$0.minLon, $0.minLat, $0.maxLon, $0.maxLat] }, counts: snapshot.counts)
    }

    @Sendable func streets(_ request: Request, context: HubRequestContext) async throws -> Response {
        let snapshot = geography.snapshot
        var gridCounts: [StreetCode: Int] = [:]
        for code in snapshot.index.codes { gridCounts[code.street, default: 0] += 1 }
        let features = snapshot.streets.values.sorted { $0.code < $1.code }.map { s in
            GeoFeatureOut(id: s.code.rawValue, geometry: s.boundary.map(GeoGeometry.polygon),
                          properties: ["code": .string(s.code.rawValue), "name": .string(s.name), "nameEn": .string(s.nameEn),
                                       "gridCount": .int(gridCounts[s.code] ?? 0)])
        }
        return try GeoFeatureOut.collection(features)
    }

    @Sendable func communities(_ request: Request, context: HubRequestContext) async throws -> Response {
        let street = try streetFilter(request)
        let snapshot = geography.snapshot
        let features = snapshot.communities.values.filter { street == nil || $0.street == street }
            .sorted { $0.code < $1.code }.map { c in
                GeoFeatureOut(id: c.code.rawValue, geometry: c.boundary.map(GeoGeometry.polygon),
                              properties: ["code": .string(c.code.rawValue), "street": .string(c.street.rawValue),
                                           "name": .string(c.name), "nameEn": .string(c.nameEn)])
            }
        return try GeoFeatureOut.collection(features)
    }

    @Sendable func grids(_ request: Request, context: HubRequestContext) async throws -> Response {
        let grids = try await geography.store.grids(street: try streetFilter(request))
        let snapshot = geography.snapshot
        return try GeoFeatureOut.collection(grids.map { gridFeature($0, snapshot) })
    }

    @Sendable func grid(_ request: Request, context: HubRequestContext) async throws -> Response {
        let raw = try context.parameters.require("code")
        guard let code = GridCode(rawValue: raw) else {
            throw InputProblem.invalidField(field: "code", reason: "网格编码应为 15 位数字 / a grid code is 15 digits")
        }
        guard let grid = try await geography.store.grid(code) else { throw InputProblem.notFound(what: "grid \(raw)") }
        return try GeoFeatureOut.single(gridFeature(grid, geography.snapshot))
    }

    @Sendable func locate(_ request: Request, context: HubRequestContext) async throws -> JSONResponse<GridLocation> {
        let lon = try QueryInput.double(request, "lon")
        let lat = try QueryInput.double(request, "lat")
        guard (-180...180).contains(lon) else { throw InputProblem.invalidField(field: "lon", reason: "-180…180") }
        guard (-90...90).contains(lat) else { throw InputProblem.invalidField(field: "lat", reason: "-90…90") }
        return JSONResponse(geography.locate(GeoPoint(lon: lon, lat: lat)))
    }

    @Sendable func features(_ request: Request, context: HubRequestContext) async throws -> Response {
        var kind: MapFeatureKind?
        if let raw = request.uri.queryParameters["kind"] {
            guard let parsed = MapFeatureKind(rawValue: String(raw)) else {
                throw InputProblem.invalidField(field: "kind", reason: MapFeatureKind.allCases.map(\.rawValue).joined(separator: "|"))
            }
            kind = parsed
        }
        return try GeoFeatureOut.collection(try await geography.store.features(kind: kind).map(GeoFeatureOut.init(feature:)))
    }

    @Sendable func importGeoJSON(_ request: Request, context: HubRequestContext) async throws -> JSONResponse<GeographyImport.Result> {
        let buffer = try await request.collectBody(upTo: Self.importLimit)
        let result = try await GeographyImport(service: geography).run(Data(buffer: buffer), actor: try context.requirePrincipal().actor)
        return JSONResponse(result)
    }

    @Sendable func export(_ request: Request, context: HubRequestContext) async throws -> Response {
        try GeoFeatureOut.collection(try await GeographyExport.features(geography))
    }

    private func streetFilter(_ request: Request) throws -> StreetCode? {
        guard let raw = request.uri.queryParameters["street"] else { return nil }
        guard let code = StreetCode(rawValue: String(raw)) else {
            throw InputProblem.invalidField(field: "street", reason: "街道编码应为 9 位数字 / a street code is 9 digits")
        }
        return code
    }

    private func gridFeature(_ g: Grid, _ snapshot: GeographySnapshot) -> GeoFeatureOut {
        let street = snapshot.streets[g.street]
        let community = snapshot.communities[g.community]
        return GeoFeatureOut(id: g.code.rawValue, geometry: .polygon(g.boundary), properties: [
            "kind": .string("grid"), "code": .string(g.code.rawValue), "community": .string(g.community.rawValue),
            "street": .string(g.street.rawValue), "streetName": .string(street?.name ?? ""),
            "streetNameEn": .string(street?.nameEn ?? ""), "communityName": .string(community?.name ?? ""),
            "communityNameEn": .string(community?.nameEn ?? ""),
            "areaSquareMetres": .double((g.areaSquareMetres * 10).rounded() / 10),
        ])
    }
}

extension GridLocation: ResponseEncodable {}
