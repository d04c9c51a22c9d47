import HubKit
import Hummingbird

/// Security headers on every response, and the request id echoed as `X-Request-Id`.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = HubRequestContext
    /// The configured tile server's origin, allowed as an image source (nil: images from the hub only).
    var tileOrigin: String?

    var policy: String {
        "default-src 'self'; img-src 'self' data: blob:\(tileOrigin.map { " " + $0 } ?? ""); style-src 'self' 'unsafe-inline'; "
            + "script-src 'self'; frame-ancestors 'none'"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.xFrameOptions] = "DENY"
        response.headers[.referrerPolicy] = "no-referrer"
        response.headers[.contentSecurityPolicy] = policy
        response.headers[.permissionsPolicy] = "geolocation=(self), camera=(), microphone=()"
        response.headers[.xRequestID] = context.requestID
        if response.headers[.cacheControl] == nil, request.uri.path.hasPrefix("/api/") {
            response.headers[.cacheControl] = "no-store"
        }
        return response
    }
}
