import Foundation
import HubKit
import Hummingbird
import Prometheus

/// Liveness, readiness, Prometheus metrics and the OpenAPI document.
struct OperationsRoutes {
    let database: HubDatabase
    let metrics: PrometheusCollectorRegistry
    let catalog: RouteCatalog
    let version: String

    func register(on hub: HubRouter) {
        hub.add(Endpoint(.get, "/healthz", access: .everyone, summary: "The process is alive", tag: "operations",
                         response: "Health")) { _, _ in ["status": "ok"] }
        hub.add(Endpoint(.get, "/readyz", access: .everyone, summary: "The hub can serve: database reachable and migrated",
                         tag: "operations", response: "Readiness"), ready)
        var metricsEndpoint = Endpoint(.get, "/metrics", access: .everyone, summary: "Prometheus metrics (text format 0.0.4)",
                                       tag: "operations")
        metricsEndpoint.responseMediaType = "text/plain"
        hub.add(metricsEndpoint, prometheus)
        hub.add(Endpoint(.get, "/openapi.json", access: .everyone, summary: "This API as OpenAPI 3.1",
                         tag: "operations"), openAPI)
    }

    struct Readiness: ResponseEncodable, Sendable {
        var status: String
        var database: String
        var journalHead: Int64
        var migrations: Int
    }

    @Sendable func ready(_ request: Request, context: HubRequestContext) async throws -> Response {
        do {
            let (head, migrations) = try await database.read { sql in
                (try await Journal.head(on: sql),
                 try await sql.raw("SELECT COUNT(*) AS n FROM hub_migrations").first()?.decode(column: "n", as: Int.self) ?? 0)
            }
            return try context.responseEncoder.encode(
                Readiness(status: "ready", database: database.engine.rawValue, journalHead: head, migrations: migrations),
                from: request, context: context)
        } catch {
            context.logger.error("not ready", metadata: ["error": "\(error)"])
            throw GenericProblem(code: "NOT_READY", status: 503, zh: "数据库暂不可用。", en: "The database is not reachable.")
        }
    }

    @Sendable func prometheus(_ request: Request, context: HubRequestContext) async throws -> Response {
        var buffer: [UInt8] = []
        metrics.emit(into: &buffer)
        return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
    }

    @Sendable func openAPI(_ request: Request, context: HubRequestContext) async throws -> Response {
        let data = try OpenAPIDocument.json(for: catalog, version: version)
        return Response(status: .ok, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
