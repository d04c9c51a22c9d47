import AsyncHTTPClient
import Foundation
import NIOCore
import Webhooks

/// Carries webhook POSTs with AsyncHTTPClient's shared client (pooled keep-alive connections). The whole exchange
/// must finish within the timeout; the answer's body is read (so the connection can be reused) up to
/// `maximumAnswer` and dropped — only the status and `Retry-After` count.
public struct HTTPWebhookTransport: WebhookTransport {
    public static let maximumAnswer = 64 * 1024
    let client: HTTPClient

    public init(client: HTTPClient = .shared) {
        self.client = client
    }

    public func post(_ body: [UInt8], headers: [(String, String)], to url: String, timeout: Duration) async throws -> WebhookReply {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.headers.add(name: "User-Agent", value: "CityHub/\(HubApplication.version)")
        request.body = .bytes(ByteBuffer(bytes: body))
        let nanoseconds = Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
        let response = try await client.execute(request, deadline: .now() + .nanoseconds(nanoseconds))
        // An answer larger than the limit still counts by its status; only the rest of its body is not read.
        _ = try? await response.body.collect(upTo: Self.maximumAnswer)
        return WebhookReply(status: Int(response.status.code), retryAfter: response.headers.first(name: "Retry-After"))
    }
}
