import Foundation
import HubKit
import HTTPTypes
import Hummingbird

/// Observations in: the compact JSON batch, CSV history, and NGSI-LD entities (batch upsert and single create).
/// Every route is all or nothing and answers what the batch did.
public struct ObservationRoutes: Sendable {
    let desk: TelemetryDesk
    /// A batch may hold tens of thousands of readings.
    static let bodyLimit = 32 << 20

    public init(desk: TelemetryDesk) {
        self.desk = desk
    }

    static let write = Access.roles(.admin, .dispatcher, apiKeyScope: "observations:write")
    /// Characters left as they are in an entity id within a path: URI ids keep their colons, as NGSI-LD brokers show them.
    static let entityIDCharacters = CharacterSet.urlPathAllowed.union(CharacterSet(charactersIn: ":")).subtracting(CharacterSet(charactersIn: "/?#"))

    public func register(on hub: HubRouter) {
        let correction = QueryParameter("correction", "boolean", "The readings correct stored ones: they replace them and are journaled")
        hub.add(Endpoint(.post, "/api/v1/telemetry/observations", access: Self.write,
                         summary: "A batch of observations in the compact JSON format (all or nothing; re-sends are idempotent)",
                         tag: "telemetry", request: "ObservationBatch", response: "IngestResult", query: [correction]), batch)
        var csv = Endpoint(.post, "/api/v1/telemetry/observations/csv", access: Self.write,
                           summary: "History as CSV: station,quantity,time,value[,unit][,datum] (all or nothing)", tag: "telemetry",
                           request: "CSVText", response: "IngestResult", query: [correction])
        csv.requestMediaType = "text/csv"
        hub.add(csv, importCSV)
        var upsert = Endpoint(.post, "/ngsi-ld/v1/entityOperations/upsert", access: Self.write,
                              summary: "NGSI-LD batch upsert of FloodMonitoring, WeatherObserved and TrafficFlowObserved entities",
                              tag: "ngsi-ld", request: "NGSILDEntities", response: "EntityIds", status: 201, query: [correction])
        upsert.requestMediaType = "application/ld+json"
        hub.add(upsert, ngsiUpsert)
        var create = Endpoint(.post, "/ngsi-ld/v1/entities", access: Self.write,
                              summary: "NGSI-LD create of one observation entity (normalized or keyValues)", tag: "ngsi-ld",
                              request: "NGSILDEntity", status: 201)
        create.requestMediaType = "application/ld+json"
        hub.add(create, ngsiCreate)
    }

    func body(_ request: Request) async throws -> Data {
        Data(buffer: try await request.collectBody(upTo: Self.bodyLimit))
    }

    @Sendable func batch(_ request: Request, context: HubRequestContext) async throws -> JSONResponse<IngestResult> {
        let principal = try context.requirePrincipal()
        let correction = try QueryInput.bool(request, "correction")
        let batch = try ObservationBatch.parse(try await body(request))
        let result = try await desk.accept(batch.raws, correction: correction || batch.correction == true, format: "json",
                                           actor: principal.actor)
        return JSONResponse(result, status: result.event == nil ? .ok : .created)
    }

    @Sendable func importCSV(_ request: Request, context: HubRequestContext) async throws -> JSONResponse<IngestResult> {
        let principal = try context.requirePrincipal()
        let correction = try QueryInput.bool(request, "correction")
        let parsed = CSVHistory.parse(String(decoding: try await body(request), as: UTF8.self))
        let result = try await desk.accept(parsed.raws, parseFaults: parsed.faults, correction: correction, format: "csv", actor: principal.actor)
        return JSONResponse(result, status: result.event == nil ? .ok : .created)
    }

    /// `application/ld+json` (with `@context` in the body) or `application/json` (context by Link header); we read
    /// the Smart Data Models' terms by their short names either way.
    func entities(_ request: Request) async throws -> JSONValue {
        let type = request.headers[.contentType]?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard type == "application/ld+json" || type == "application/json" else {
            throw TelemetryProblem.unsupportedMediaType(type ?? "(none)")
        }
        do {
            return try JSONDecoder().decode(JSONValue.self, from: try await body(request))
        } catch let problem as InputProblem {
            throw problem
        } catch {
            throw TelemetryProblem.badObservations([TelemetryFault(item: "(body)", code: "NGSI_LD_MALFORMED",
                                                                   zh: "正文不是有效的 JSON", en: "the body is not valid JSON")])
        }
    }

    struct EntityIds: ResponseGenerator {
        var ids: [String]
        var result: IngestResult

        func response(from request: Request, context: some RequestContext) throws -> Response {
            var response = try context.responseEncoder.encode(ids, from: request, context: context)
            response.status = .created
            response.headers[.cityHubBatch] = result.batch
            response.headers[.cityHubInserted] = String(result.inserted)
            response.headers[.cityHubDuplicates] = String(result.duplicates)
            return response
        }
    }

    static func ids(_ root: JSONValue) -> [String] {
        let list: [JSONValue] = if case .array(let a) = root { a } else { [root] }
        return list.compactMap { if case .object(let o) = $0 { o["id"]?.stringValue } else { nil } }
    }

    @Sendable func ngsiUpsert(_ request: Request, context: HubRequestContext) async throws -> EntityIds {
        let principal = try context.requirePrincipal()
        let root = try await entities(request)
        let parsed = NGSILD.raws(root, single: false)
        let result = try await desk.accept(parsed.raws, parseFaults: parsed.faults, correction: try QueryInput.bool(request, "correction"),
                                           format: "ngsi-ld", actor: principal.actor)
        return EntityIds(ids: Self.ids(root), result: result)
    }

    @Sendable func ngsiCreate(_ request: Request, context: HubRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let root = try await entities(request)
        let parsed = NGSILD.raws(root, single: true)
        let result = try await desk.accept(parsed.raws, parseFaults: parsed.faults, correction: try QueryInput.bool(request, "correction"),
                                           format: "ngsi-ld", actor: principal.actor)
        var response = Response(status: .created)
        if let id = Self.ids(root).first, let encoded = id.addingPercentEncoding(withAllowedCharacters: Self.entityIDCharacters) {
            response.headers[.location] = "/ngsi-ld/v1/entities/\(encoded)"
        }
        response.headers[.cityHubBatch] = result.batch
        return response
    }
}

extension HTTPField.Name {
    /// The batch id of an NGSI-LD write (its journal subject is `telemetry-batch:<id>`).
    static let cityHubBatch = telemetryLiteral("CityHub-Batch")
    static let cityHubInserted = telemetryLiteral("CityHub-Inserted")
    static let cityHubDuplicates = telemetryLiteral("CityHub-Duplicates")

    private static func telemetryLiteral(_ text: String) -> HTTPField.Name {
        guard let name = HTTPField.Name(text) else { preconditionFailure("invalid header name literal \(text)") }
        return name
    }
}
