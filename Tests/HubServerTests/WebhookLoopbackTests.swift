import Foundation
import HubKit
@testable import HubServer
import HubTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing
import Webhooks

/// Real HTTP: the hub's dispatcher with its AsyncHTTPClient transport posts to a Hummingbird receiver on a
/// loopback port, which verifies every signature as a receiver would, fails once and then accepts.
@Suite struct WebhookLoopbackTests {
    final class Receiver: Sendable {
        struct Delivery: Sendable {
            var id: String
            var verified: Bool
            var type: String
        }

        static let id = HTTPField.Name("webhook-id") ?? .contentType
        static let timestamp = HTTPField.Name("webhook-timestamp") ?? .contentType
        static let signature = HTTPField.Name("webhook-signature") ?? .contentType
        let secret: Mutex<WebhookSecret?> = Mutex(nil)
        let deliveries = Mutex<[Delivery]>([])
        let failuresLeft = Mutex(1)

        func router() -> Router<BasicRequestContext> {
            let router = Router()
            router.post("/in") { request, _ -> HTTPResponse.Status in
                let body = try await request.body.collect(upTo: 1 << 20)
                let id = request.headers[Receiver.id] ?? ""
                let timestamp = Int64(request.headers[Receiver.timestamp] ?? "") ?? 0
                let signature = request.headers[Receiver.signature] ?? ""
                let key = self.secret.withLock { $0?.key } ?? Data()
                let bytes = Array(buffer: body)
                let verified = WebhookSignature.verify(header: signature, id: id, timestamp: timestamp, body: bytes, key: key,
                                                       now: Int64(Date().timeIntervalSince1970), tolerance: 10 * 365 * 86_400)
                let type = ((try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any])?["type"] as? String ?? ""
                self.deliveries.withLock { $0.append(Delivery(id: id, verified: verified, type: type)) }
                let fail = self.failuresLeft.withLock { left in
                    defer { left = max(0, left - 1) }
                    return left > 0
                }
                return fail ? .internalServerError : .noContent
            }
            return router
        }
    }

    @Test func signedDeliveries_overLoopbackHTTP_withARetryAfterA500() async throws {
        let hub = try await TestHub.start(.sqlite)
        let receiver = Receiver()
        let app = Application(router: receiver.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              logger: TestDatabases.logger)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let admin = Principal(kind: .user, id: "0", name: "admin", role: .admin, departmentID: nil)
            let (subscription, secret) = try await hub.services.webhooks.subscriptions.create(
                .init(url: "http://127.0.0.1:\(port)/in", events: ["case.*"], department: nil, description: "回环", enabled: true), by: admin)
            receiver.secret.withLock { $0 = secret }
            let commit = { @Sendable (kind: String) in
                _ = try await hub.services.database.write { tx in
                    try await Journal.append(try NewEvent(kind: kind, subject: "case:1", actor: "user:0", payload: ["k": kind]),
                                             in: tx, clock: hub.clock.clock)
                }
            }
            try await commit("case.created")
            let dispatcher = hub.services.webhooks.dispatcher
            #expect(try await dispatcher.deliverDue() == 0)
            hub.clock.advance(by: 15)
            #expect(try await dispatcher.deliverDue() == 1)
            var got = receiver.deliveries.withLock { $0 }
            #expect(got.count == 2 && got.allSatisfy(\.verified) && got[0].id == got[1].id && got[0].type == "case.created")

            // The running service: woken by the commit, it delivers without being asked.
            let running = Task { await dispatcher.run(logger: TestDatabases.logger) }
            try await commit("case.closed")
            for _ in 0..<200 where receiver.deliveries.withLock({ $0.count }) < 3 { try await Task.sleep(for: .milliseconds(25)) }
            running.cancel()
            await running.value
            got = receiver.deliveries.withLock { $0 }
            #expect(got.count == 3 && got[2].type == "case.closed" && got[2].verified)
            let status = try await dispatcher.store.status(subscription.id)
            #expect(status?.delivered == 2 && status?.attempts == 0)
        }
        await hub.services.stop()
    }
}
