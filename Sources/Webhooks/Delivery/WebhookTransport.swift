import Foundation

/// How the dispatcher reaches a receiver: one POST. The slice does no networking itself; HubServer passes in the
/// HTTP implementation, and tests pass one that answers in-process.
public protocol WebhookTransport: Sendable {
    /// POSTs `body` with `headers` to `url`; throws when no answer came within `timeout`.
    func post(_ body: [UInt8], headers: [(String, String)], to url: String, timeout: Duration) async throws -> WebhookReply
}

/// A receiver's answer, as far as delivery cares.
public struct WebhookReply: Sendable, Hashable {
    public var status: Int
    /// The `Retry-After` header, as sent.
    public var retryAfter: String?

    public init(status: Int, retryAfter: String? = nil) {
        self.status = status
        self.retryAfter = retryAfter
    }

    /// 2xx is delivered; anything else is retried.
    public var delivered: Bool { (200..<300).contains(status) }
}
