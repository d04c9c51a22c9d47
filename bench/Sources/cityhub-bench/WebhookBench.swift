import Foundation
import HubKit
import HubServer
import Hummingbird
import Logging
import Synchronization
import Webhooks

/// Outgoing webhooks on SQLite, in process, to a Hummingbird receiver on a loopback port that answers 204:
/// (1) a backlog of journal events delivered to every subscription (deliveries/s); (2) events committed at a
/// steady rate while the dispatcher runs as the hub runs it (commit → received, p50/p99).
func webhookBench(directory: String, backlog: Int, subscriptions: Int, rate: Int, seconds: Int) async throws {
    var logger = Logger(label: "webhook-bench")
    logger.logLevel = .warning
    let database = try await HubDatabase.open(.sqlite(path: directory + "/webhook-bench.sqlite"), logger: logger)
    try await Migrator.run(HubServices.migrations, on: database, logger: logger)
    let received = Received()
    let router = Router()
    router.post("/in") { request, _ -> HTTPResponse.Status in
        let body = try await request.body.collect(upTo: 1 << 20)
        received.note(seq: Received.seq(in: Array(buffer: body)))
        return .noContent
    }
    var quiet = logger
    quiet.logLevel = .critical
    let port = BoundPort()
    let server = Task {
        try await Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in port.value.withLock { $0 = channel.localAddress?.port ?? 0 } },
                              logger: quiet).runService(gracefulShutdownSignals: [])
    }
    while port.value.withLock({ $0 }) == 0 { try await Task.sleep(for: .milliseconds(10)) }
    let url = "http://127.0.0.1:\(port.value.withLock { $0 })/in"
    let admin = Principal(kind: .user, id: "bench", name: "bench", role: .admin, departmentID: nil)
    let store = WebhookStore(database: database, clock: .system)
    for _ in 0..<subscriptions {
        _ = try await store.create(.init(url: url, events: ["case.*"], department: nil, description: "bench", enabled: true), by: admin)
    }
    let payload = ["category": "E0501", "grid": "500103001001001", "lon": "106.57", "lat": "29.56", "source": "inspector"]

    // (1) Backlog, 500 events a transaction, then the dispatcher starts.
    for start in stride(from: 0, to: backlog, by: 500) {
        try await database.write { tx in
            for n in start..<min(start + 500, backlog) {
                try await Journal.append(try NewEvent(kind: "case.reported", subject: "case:bench-\(n)", actor: "user:bench",
                                                      payload: payload), in: tx, clock: .system)
            }
        }
    }
    let dispatcher = WebhookDispatcher(database: database, transport: HTTPWebhookTransport(), clock: .system)
    let expected = backlog * subscriptions
    let cpuBefore = processCPUSeconds()
    let started = ContinuousClock.now
    let running = Task { await dispatcher.run(logger: logger) }
    while received.count < expected { try await Task.sleep(for: .milliseconds(5)) }
    let elapsed = secondsOf(ContinuousClock.now - started)
    print(String(format: "backlog: %d deliveries (%d events × %d subscriptions) in %.2f s: %.0f deliveries/s, %.0f µs CPU each (hub and receiver)",
                 expected, backlog, subscriptions, elapsed, Double(expected) / elapsed,
                 (processCPUSeconds() - cpuBefore) / Double(expected) * 1e6))

    // (2) Steady rate: one event per transaction, `rate` a second, from 8 writers.
    received.reset()
    let committed = CommitTimes()
    let deadline = ContinuousClock.now + .seconds(seconds)
    let interval = Duration.seconds(8) / rate
    try await withThrowingTaskGroup(of: Void.self) { group in
        for worker in 0..<8 {
            group.addTask {
                var next = ContinuousClock.now + interval / 8 * worker
                var n = 0
                while next < deadline {
                    try await Task.sleep(until: next)
                    let event = try await database.write { tx in
                        try await Journal.append(try NewEvent(kind: "case.reported", subject: "case:live-\(worker)-\(n)",
                                                              actor: "user:bench", payload: payload), in: tx, clock: .system)
                    }
                    let now = ContinuousClock.now
                    committed.times.withLock { $0[event.seq] = now }
                    next += interval
                    n += 1
                }
            }
        }
        try await group.waitForAll()
    }
    let sent = committed.times.withLock { $0 }
    let settle = ContinuousClock.now + .seconds(5)
    while received.count < sent.count * subscriptions, ContinuousClock.now < settle { try await Task.sleep(for: .milliseconds(10)) }
    running.cancel()
    await running.value
    server.cancel()
    // A delivery that arrived before its writer got control back counts as no wait at all.
    let arrivals = received.arrivals
    var waits: [Double] = []
    for (seq, times) in arrivals {
        guard let at = sent[seq] else { continue }
        for time in times { waits.append(max(0, secondsOf(time - at) * 1000)) }
    }
    let missing = sent.count * subscriptions - waits.count
    let sorted = waits.sorted()
    guard !sorted.isEmpty else { return }
    func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
    print(String(format: "steady: %d events at %d/s × %d subscriptions for %d s; commit → received p50 %.1f ms, p99 %.1f ms, max %.1f ms; %d missing",
                 sent.count, rate, subscriptions, seconds, percentile(0.5), percentile(0.99), sorted.last ?? 0, missing))
    await database.close()
}

private func secondsOf(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// What the receiver got: when each event's deliveries arrived.
private final class Received: Sendable {
    private let state = Mutex<(count: Int, arrivals: [Int64: [ContinuousClock.Instant]])>((0, [:]))

    func note(seq: Int64) {
        let now = ContinuousClock.now
        state.withLock { state in
            state.count += 1
            state.arrivals[seq, default: []].append(now)
        }
    }

    var count: Int { state.withLock { $0.count } }
    var arrivals: [Int64: [ContinuousClock.Instant]] { state.withLock { $0.arrivals } }
    func reset() { state.withLock { $0 = (0, [:]) } }

    /// The `"seq":` number of a webhook body, found without decoding the JSON.
    static func seq(in body: [UInt8]) -> Int64 {
        let key = Array(#""seq":"#.utf8)
        guard body.count > key.count else { return -1 }
        for start in 0...(body.count - key.count) where body[start..<(start + key.count)].elementsEqual(key) {
            var value: Int64 = 0
            var index = start + key.count
            while index < body.count, (48...57).contains(body[index]) {
                value = value * 10 + Int64(body[index] - 48)
                index += 1
            }
            return value
        }
        return -1
    }
}

/// When each event committed, by journal seq.
private final class CommitTimes: Sendable {
    let times = Mutex<[Int64: ContinuousClock.Instant]>([:])
}

/// The receiver's port once it listens.
private final class BoundPort: Sendable {
    let value = Mutex(0)
}
