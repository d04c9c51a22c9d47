import HubKit
import Hummingbird

/// Recognises the caller from `Authorization: Bearer …` (session token or API key) or `X-API-Key`.
/// A presented but invalid credential is refused with 401 at once; no credential leaves `principal` nil and
/// each route's `Access` decides.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = HubRequestContext
    let accounts: AccountService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let credential = Self.credential(in: request) else {
            return try await next(request, context)
        }
        var context = context
        context.principal = try await accounts.authenticate(bearer: credential)
        return try await next(request, context)
    }

    static func credential(in request: Request) -> String? {
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" {
                return String(parts[1]).trimmingCharacters(in: .whitespaces)
            }
        }
        return request.headers[.xAPIKey]
    }
}
