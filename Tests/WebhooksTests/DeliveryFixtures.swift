import Foundation
import HubKit
import HubTestSupport
import Synchronization
@testable import Webhooks

/// A receiver in the test process: records every request and answers from a script (then 200).
final class ScriptedReceiver: WebhookTransport {
    struct Received: Sendable {
        var url: String
        var id: String
        var timestamp: Int64
        var signature: String
        var body: [UInt8]
        var seq: Int64
    }

    private let state = Mutex<(received: [Received], script: [Result<WebhookReply, TransportDown>])>(([], []))

    struct TransportDown: Error, CustomStringConvertible {
        var description: String { "connection refused" }
    }

    /// Answers the next requests with these replies, in order; afterwards every request gets 200.
    func answer(_ replies: Result<WebhookReply, TransportDown>...) {
        state.withLock { $0.script += replies }
    }

    var received: [Received] { state.withLock { $0.received } }

    func post(_ body: [UInt8], headers: [(String, String)], to url: String, timeout: Duration) async throws -> WebhookReply {
        let fields = Dictionary(headers, uniquingKeysWith: { a, _ in a })
        let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
        let seq = ((object?["data"] as? [String: Any])?["seq"] as? Int).map(Int64.init) ?? -1
        let reply = state.withLock { state -> Result<WebhookReply, TransportDown> in
            state.received.append(Received(url: url, id: fields["webhook-id"] ?? "", timestamp: Int64(fields["webhook-timestamp"] ?? "") ?? 0,
                                           signature: fields["webhook-signature"] ?? "", body: body, seq: seq))
            return state.script.isEmpty ? .success(WebhookReply(status: 200)) : state.script.removeFirst()
        }
        return try reply.get()
    }
}

/// A migrated database, a clock, a subscription store and a way to commit journal events.
struct DeliveryBench {
    let database: HubDatabase
    let clock: TestClock
    let store: WebhookStore

    static let admin = Principal(kind: .user, id: "1", name: "管理员", role: .admin, departmentID: nil)

    static func open(_ engine: DatabaseEngine) async throws -> DeliveryBench {
        let database = try await TestDatabases.open(engine, migrations: [Journal.migration, Leases.migration] + WebhookDesk.migrations)
        let clock = TestClock()
        return DeliveryBench(database: database, clock: clock, store: WebhookStore(database: database, clock: clock.clock))
    }

    func dispatcher(_ receiver: any WebhookTransport, owner: String = "a", settings: WebhookSettings = WebhookSettings()) -> WebhookDispatcher {
        WebhookDispatcher(database: database, transport: receiver, settings: settings, clock: clock.clock, owner: owner,
                          jitter: { 0.5 })
    }

    func subscribe(_ events: [String] = ["case.*"], department: String? = nil) async throws -> (WebhookSubscription, WebhookSecret) {
        try await store.create(.init(url: "http://receiver.test/in", events: events, department: department, description: "测试",
                                     enabled: true), by: Self.admin)
    }

    /// Commits one event per kind, each in its own transaction; returns their seqs.
    @discardableResult
    func commit(_ kinds: [String], department: String? = nil) async throws -> [Int64] {
        var seqs: [Int64] = []
        for kind in kinds {
            let event = try await database.write { tx in
                try await Journal.append(try NewEvent(kind: kind, subject: "case:1", actor: "user:1", department: department,
                                                      payload: ["n": kind]), in: tx, clock: clock.clock)
            }
            seqs.append(event.seq)
        }
        return seqs
    }

    func journal(after seq: Int64 = 0) async throws -> [HubEvent] {
        try await database.read { sql in try await Journal.events(after: seq, limit: 1000, on: sql) }
    }
}
