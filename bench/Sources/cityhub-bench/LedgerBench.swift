import Foundation
import HubKit
import Ledger
import Logging
import Synchronization

/// The ledger sequencer on SQLite in a fresh directory: (1) how fast it integrates a backlog of journal events,
/// durably, batch by batch; (2) while 16 tasks append events as fast as the journal takes them, how long each
/// event waits from its commit until a committed ledger batch holds it (time to integrated).
func ledgerBench(directory: String, backlog: Int, seconds: Int) async throws {
    var logger = Logger(label: "ledger-bench")
    logger.logLevel = .warning
    let database = try await HubDatabase.open(.sqlite(path: directory + "/ledger-bench.sqlite"), logger: logger)
    try await Migrator.run([Journal.migration] + LedgerMigrations.all, on: database, logger: logger)
    let sequencer = try LedgerSequencer.open(database: database, dataDirectory: directory, origin: "bench.example/ledger")
    let payload = ["category": "E0501", "grid": "500103001001001", "lon": "106.57", "lat": "29.56", "source": "inspector"]

    // (1) Backlog: events written 500 to a transaction, then integrated.
    for start in stride(from: 0, to: backlog, by: 500) {
        try await database.write { tx in
            for n in start..<min(start + 500, backlog) {
                try await Journal.append(try NewEvent(kind: "case.reported", subject: "case:bench-\(n)", actor: "user:bench",
                                                      payload: payload), in: tx, clock: .system)
            }
        }
    }
    let cpuBefore = processCPUSeconds()
    let started = ContinuousClock.now
    let backlogCount = try await sequencer.catchUp()
    let elapsed = ContinuousClock.now - started
    print(String(format: "backlog: %d events integrated in %.2f s: %.0f appends/s durable, %.1f µs CPU each",
                 backlogCount, secondsIn(elapsed), Double(backlogCount) / secondsIn(elapsed),
                 (processCPUSeconds() - cpuBefore) / Double(backlogCount) * 1e6))

    // (2) Streaming: appenders record when each event committed; the sequencer records when each batch committed.
    let committedAt = Instants(), integratedAt = Instants()
    let deadline = ContinuousClock.now + .seconds(seconds)
    // The sequencer as the hub runs it (woken by commits, paced), telling us each batch's new size.
    let previous = Mutex<UInt64>(UInt64(backlog))
    let follower = Task {
        await sequencer.observed { size in
            let now = ContinuousClock.now
            let from = previous.withLock { last in defer { last = max(last, size) }; return last }
            guard size > from else { return }
            integratedAt.times.withLock { all in for seq in (from + 1)...size { all[Int64(seq)] = now } }
        }.run(logger: logger)
    }
    try await withThrowingTaskGroup(of: Void.self) { group in
        for worker in 0..<16 {
            group.addTask {
                var n = 0
                while ContinuousClock.now < deadline {
                    let event = try await database.write { tx in
                        try await Journal.append(try NewEvent(kind: "case.reported", subject: "case:live-\(worker)-\(n)",
                                                              actor: "user:bench", payload: payload), in: tx, clock: .system)
                    }
                    let now = ContinuousClock.now
                    committedAt.times.withLock { $0[event.seq] = now }
                    n += 1
                }
            }
        }
        try await group.waitForAll()
    }
    try await Task.sleep(for: .milliseconds(500))
    follower.cancel()
    await follower.value
    // An event integrated before its writer got control back counts as no wait at all.
    let integrated = integratedAt.times.withLock { $0 }
    let waits = committedAt.times.withLock { $0 }.map { seq, committed in
        integrated[seq].map { max(0, secondsIn($0 - committed) * 1000) } ?? .infinity
    }
    let sorted = waits.sorted()
    guard !sorted.isEmpty else { return }
    func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
    print(String(format: "streaming: %d events in %d s (%.0f/s); time to integrated p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                 sorted.count, seconds, Double(sorted.count) / Double(seconds), percentile(0.5), percentile(0.99), sorted.last ?? 0))
    await database.close()
}

private func secondsIn(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// When each event (by journal number) reached a point, shared between tasks.
private final class Instants: Sendable {
    let times = Mutex<[Int64: ContinuousClock.Instant]>([:])
}
