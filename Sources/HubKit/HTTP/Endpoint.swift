import HTTPTypes
import Synchronization

/// One route as the API documents it: method, path, who may call it and the shapes it takes and gives.
public struct Endpoint: Sendable {
    public var method: HTTPRequest.Method
    /// Hummingbird path syntax: `/api/v1/users/:id`, `/assets/**`, `/cap/alerts/{identifier}.xml`.
    public var path: String
    public var access: Access
    public var summary: String
    public var tag: String
    /// Name of the request body schema in `SchemaCatalog`, or nil for no body.
    public var requestSchema: String?
    /// Media type of the request body when it is not JSON (e.g. `application/geo+json`).
    public var requestMediaType: String = "application/json"
    /// Name of the response schema, or nil for a body-less (204) or non-JSON response.
    public var responseSchema: String?
    public var responseMediaType: String = "application/json"
    public var successStatus: Int = 200
    public var queryParameters: [QueryParameter] = []

    public init(_ method: HTTPRequest.Method, _ path: String, access: Access, summary: String, tag: String,
                request: String? = nil, response: String? = nil, status: Int = 200, query: [QueryParameter] = []) {
        self.method = method
        self.path = path
        self.access = access
        self.summary = summary
        self.tag = tag
        self.requestSchema = request
        self.responseSchema = response
        self.successStatus = status
        self.queryParameters = query
    }

    /// The path in OpenAPI form: `/api/v1/users/{id}`; a trailing `**` becomes `{path}`.
    public var openAPIPath: String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { segment -> String in
            if segment.hasPrefix(":") { return "{\(segment.dropFirst())}" }
            if segment == "**" { return "{path}" }
            return String(segment)
        }.joined(separator: "/")
    }

    /// The names of the path's parameters: `:id`, a `{name}` with a fixed suffix (`{identifier}.xml`), and `**`.
    public var pathParameters: [String] {
        path.split(separator: "/").compactMap { segment in
            if segment.hasPrefix(":") { return String(segment.dropFirst()) }
            if segment == "**" { return "path" }
            if segment.hasPrefix("{"), let close = segment.firstIndex(of: "}") {
                return String(segment[segment.index(after: segment.startIndex)..<close])
            }
            return nil
        }
    }
}

/// A documented query parameter.
public struct QueryParameter: Sendable {
    public var name: String
    public var type: String
    public var description: String
    public var required: Bool

    public init(_ name: String, _ type: String, _ description: String, required: Bool = false) {
        self.name = name
        self.type = type
        self.description = description
        self.required = required
    }
}

/// Every endpoint registered through `HubRouter`, in order; the OpenAPI document is built from it.
public final class RouteCatalog: Sendable {
    private let storage = Mutex<[Endpoint]>([])
    private let schemaStorage = Mutex<[String: JSONValue]>([:])

    public init() {}

    public func append(_ endpoint: Endpoint) {
        storage.withLock { $0.append(endpoint) }
    }

    public var endpoints: [Endpoint] { storage.withLock { $0 } }

    /// JSON Schemas a slice contributes to the document's `components/schemas`, by name.
    public func addSchemas(_ schemas: [String: JSONValue]) {
        schemaStorage.withLock { $0.merge(schemas) { _, new in new } }
    }

    public var schemas: [String: JSONValue] { schemaStorage.withLock { $0 } }
}
