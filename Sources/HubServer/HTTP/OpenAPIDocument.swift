import Foundation
import HubKit

/// Builds the OpenAPI 3.1 document from the route catalog, so that every registered route is documented
/// with who may call it (`security` and `x-cityhub-roles`), its parameters, bodies and problem responses.
enum OpenAPIDocument {
    static func json(for catalog: RouteCatalog, version: String) throws -> Data {
        try JSONSerialization.data(withJSONObject: document(for: catalog.endpoints, schemas: catalog.schemas, version: version),
                                   options: [.sortedKeys, .withoutEscapingSlashes])
    }

    static func document(for endpoints: [Endpoint], schemas: [String: JSONValue], version: String) -> [String: Any] {
        var paths: [String: [String: Any]] = [:]
        for endpoint in endpoints {
            paths[endpoint.openAPIPath, default: [:]][endpoint.method.rawValue.lowercased()] = operation(endpoint)
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "CityHub API",
                "version": version,
                "description": "城市运行中枢 API. Errors are RFC 9457 problem+json with a stable `code`. "
                    + "Messages follow Accept-Language (zh-CN by default, en).",
                "license": ["name": "Apache-2.0", "identifier": "Apache-2.0"],
            ] as [String: Any],
            "paths": paths,
            "components": [
                "schemas": SchemaCatalog.all.merging(schemas.mapValues(\.foundationObject)) { own, _ in own },
                "securitySchemes": [
                    "bearer": ["type": "http", "scheme": "bearer",
                               "description": "Session token from /api/v1/auth/login (cht_…) or an API key (chk_…)"],
                    "apiKey": ["type": "apiKey", "in": "header", "name": "X-API-Key"],
                ],
            ] as [String: Any],
        ]
    }

    private static func operation(_ e: Endpoint) -> [String: Any] {
        var op: [String: Any] = [
            "summary": e.summary,
            "tags": [e.tag],
            "operationId": operationID(e),
        ]
        var parameters: [[String: Any]] = e.pathParameters.map {
            ["name": $0, "in": "path", "required": true, "schema": ["type": "string"]]
        }
        parameters += e.queryParameters.map {
            ["name": $0.name, "in": "query", "required": $0.required, "description": $0.description, "schema": ["type": $0.type]]
        }
        if !parameters.isEmpty { op["parameters"] = parameters }
        if let request = e.requestSchema {
            op["requestBody"] = ["required": true, "content": [e.requestMediaType: ["schema": SchemaCatalog.ref(request)]]]
        }
        var success: [String: Any] = ["description": "Success"]
        if let response = e.responseSchema {
            success["content"] = [e.responseMediaType: ["schema": SchemaCatalog.ref(response)]]
        } else if e.successStatus != 204 {
            success["content"] = [e.responseMediaType: ["schema": [String: Any]()]]
        }
        var responses: [String: Any] = [String(e.successStatus): success]
        let problem: [String: Any] = ["description": "Problem (RFC 9457)",
                                      "content": ["application/problem+json": ["schema": SchemaCatalog.ref("Problem")]]]
        responses["4XX"] = problem
        responses["5XX"] = problem
        op["responses"] = responses
        if case .roles = e.access.audience {
            op["security"] = e.access.apiKeyScope == nil ? [["bearer": []]] : [["bearer": []], ["apiKey": []]]
            op["x-cityhub-access"] = "roles"
            op["x-cityhub-roles"] = e.access.roleNames
            if let scope = e.access.apiKeyScope { op["x-cityhub-api-key-scope"] = scope }
        } else {
            op["x-cityhub-access"] = "everyone"
            op["security"] = [[String: Any]]()
        }
        return op
    }

    private static func operationID(_ e: Endpoint) -> String {
        let words = e.path.split(whereSeparator: { "/:.*-{}".contains($0) }).filter { $0 != "api" && $0 != "v1" }
        return e.method.rawValue.lowercased() + words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
