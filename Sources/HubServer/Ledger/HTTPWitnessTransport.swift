import AsyncHTTPClient
import Foundation
import Ledger
import NIOCore

/// Carries `add-checkpoint` requests to witnesses over HTTP(S) with AsyncHTTPClient's shared client (pooled
/// keep-alive connections, as tlog-witness recommends). The whole exchange must finish within the timeout, and
/// an answer larger than `maximumAnswer` is refused.
public struct HTTPWitnessTransport: WitnessTransport {
    /// A witness answers a few signature lines; anything near this is not one.
    public static let maximumAnswer = 64 * 1024

    public init() {}

    public func post(_ body: String, to url: String, timeout: Duration) async throws -> WitnessReply {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
        request.headers.add(name: "User-Agent", value: "CityHub/\(HubApplication.version)")
        request.body = .bytes(ByteBuffer(string: body))
        let deadline = NIODeadline.now() + .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000
            + timeout.components.attoseconds / 1_000_000_000)
        let response = try await HTTPClient.shared.execute(request, deadline: deadline)
        let answer = try await response.body.collect(upTo: Self.maximumAnswer)
        return WitnessReply(status: Int(response.status.code), contentType: response.headers.first(name: "Content-Type"),
                            body: String(buffer: answer))
    }
}
