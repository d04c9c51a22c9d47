import Foundation
import HubKit
@testable import HubServer
import HubTestSupport
import Hummingbird
import HummingbirdTesting
import Prometheus
import Testing

/// `/openapi.json` documents every route the router serves; a route added without an `Endpoint` fails here.
@Suite struct OpenAPITests {
    @Test func everyRoute_isInTheDocument() async throws {
        let hub = try await TestHub.start(.sqlite)
        let router = HubApplication.buildRouter(services: hub.services, metrics: PrometheusCollectorRegistry())
        let served = Set(router.routes.map { route in
            let path = route.path.description.replacingOccurrences(of: "**", with: "{path}")
            return "\(route.method.rawValue.lowercased()) \(path)"
        })
        try await hub.run { client in
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                let document = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                #expect(document?["openapi"] as? String == "3.1.0")
                let paths = document?["paths"] as? [String: [String: Any]] ?? [:]
                var documented = Set<String>()
                for (path, operations) in paths {
                    for method in operations.keys where method != "parameters" { documented.insert("\(method) \(path)") }
                    for (_, operation) in operations {
                        let op = operation as? [String: Any]
                        let access = op?["x-cityhub-access"] as? String
                        let roles = op?["x-cityhub-roles"] as? [String] ?? []
                        #expect(access == "everyone" || (access == "roles" && !roles.isEmpty), "\(path) declares who may call it")
                    }
                }
                #expect(served.count > 20)
                let schemas = (document?["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:]
                let text = String(buffer: response.body)
                let refs = Set(text.components(separatedBy: "#/components/schemas/").dropFirst().compactMap { $0.split(separator: "\"").first.map(String.init) })
                #expect(!refs.isEmpty)
                #expect(refs.subtracting(schemas.keys).isEmpty, "unresolved $ref: \(refs.subtracting(schemas.keys).sorted())")
                #expect(served.subtracting(documented).isEmpty, "undocumented: \(served.subtracting(documented).sorted())")
                #expect(documented.subtracting(served).isEmpty, "documented but not served: \(documented.subtracting(served).sorted())")
            }
        }
    }

    @Test func problemsAndHeaders_onUnknownRoute() async throws {
        let hub = try await TestHub.start(.sqlite)
        try await hub.run { client in
            try await client.execute(uri: "/api/v1/nothing-here", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.problem?.code == "NOT_FOUND")
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                #expect(response.headers[.contentSecurityPolicy] != nil)
            }
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/api/v1/me", method: .get, headers: [.acceptLanguage: "en-GB,en;q=0.9"]) { response in
                #expect(response.problem?.detail == "Please sign in first.")
            }
            try await client.execute(uri: "/api/v1/me", method: .get) { response in
                #expect(response.problem?.detail == "请先登录。")
            }
        }
    }
}
