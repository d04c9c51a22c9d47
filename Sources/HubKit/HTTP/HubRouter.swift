import Foundation
import HTTPTypes
import Hummingbird

/// Registers routes together with their `Endpoint` description, and checks the declared access before the
/// handler runs: a route cannot be added without saying who may call it.
public struct HubRouter {
    public let router: Router<HubRequestContext>
    public let catalog: RouteCatalog

    public init(router: Router<HubRequestContext>, catalog: RouteCatalog) {
        self.router = router
        self.catalog = catalog
    }

    public func add<Output: ResponseGenerator>(
        _ endpoint: Endpoint,
        _ handler: @escaping @Sendable (Request, HubRequestContext) async throws -> Output
    ) {
        catalog.append(endpoint)
        let access = endpoint.access
        router.on(RouterPath(endpoint.path), method: endpoint.method) { request, context in
            try access.check(context.principal)
            return try await handler(request, context)
        }
    }
}

/// A JSON response with a chosen status code.
public struct JSONResponse<Value: Encodable & Sendable>: ResponseGenerator {
    public var status: HTTPResponse.Status
    public var value: Value

    public init(_ value: Value, status: HTTPResponse.Status = .ok) {
        self.value = value
        self.status = status
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try context.responseEncoder.encode(value, from: request, context: context)
        response.status = status
        return response
    }
}

/// A response whose JSON text already exists (a stored canonical body), sent without encoding it again.
public struct JSONText: ResponseGenerator {
    public var status: HTTPResponse.Status
    public var text: String

    public init(_ text: String, status: HTTPResponse.Status = .ok) {
        self.text = text
        self.status = status
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}

extension Request {
    /// The whole body, or a 413 problem naming the limit when it is longer than `limit` bytes.
    public func collectBody(upTo limit: Int) async throws -> ByteBuffer {
        do {
            return try await body.collect(upTo: limit)
        } catch {
            throw InputProblem.payloadTooLarge(limitBytes: limit)
        }
    }

    /// Decodes a JSON body, turning every failure into a problem that names the field.
    public func decodeJSON<T: Decodable>(as type: T.Type, context: HubRequestContext) async throws -> T {
        try JSONBody.decode(type, from: try await collectBody(upTo: context.maxUploadSize))
    }
}

/// JSON decoding with problem+json errors.
public enum JSONBody {
    public static func decode<T: Decodable>(_ type: T.Type, from buffer: ByteBuffer) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(type, from: buffer)
        } catch let error as DecodingError {
            throw problem(for: error)
        }
    }

    public static func problem(for error: DecodingError) -> InputProblem {
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return .malformedJSON(context.underlyingError.map { "\($0.localizedDescription)" } ?? context.debugDescription)
        case .dataCorrupted(let context):
            return .invalidField(field: path(context.codingPath), reason: context.debugDescription)
        case .keyNotFound(let key, let context):
            return .missingField(path(context.codingPath + [key]))
        case .valueNotFound(_, let context):
            return .missingField(path(context.codingPath))
        case .typeMismatch(let type, let context):
            return .invalidField(field: path(context.codingPath), reason: "应为 \(type) / expected \(type)")
        @unknown default:
            return .malformedJSON("\(error)")
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.isEmpty ? "(body)" : keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}
