import Foundation
import HubKit
import Logging
import Synchronization

/// Delivers journal events to subscribers, at least once, in journal order per subscription.
///
/// Each subscription has a cursor (the last journal seq it has settled) and at most one event at its head being
/// retried. A pass of one subscription sends due replays of dead letters, then — unless the head waits for its
/// next attempt — the matching events after the cursor one by one; it stops at the first failure, which becomes
/// the head with its next attempt scheduled (`RetrySchedule`), or a dead letter once attempts or time run out, after
/// which the cursor moves on. Everything a pass did is written in one transaction at its end, under the
/// subscription's lease (`Leases`), so one hub instance at a time delivers a subscription and a crash re-sends at
/// most one pass's events — with the same `webhook-id`, for receivers to dedupe.
public struct WebhookDispatcher: Sendable {
    public let store: DeliveryStore
    let transport: any WebhookTransport
    public let settings: WebhookSettings
    let leases: Leases
    let clock: HubClock
    let jitter: @Sendable () -> Double
    /// How often an idle subscription looks for work committed by other instances, and new subscriptions are found.
    public let pollInterval: Duration
    private let held = HeldLeases()

    public init(database: HubDatabase, transport: any WebhookTransport, settings: WebhookSettings = WebhookSettings(),
                clock: HubClock, owner: String = WebhookDispatcher.instanceName(), leaseMilliseconds: Int64 = 30_000,
                pollInterval: Duration = .seconds(1), jitter: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        self.store = DeliveryStore(database: database, clock: clock)
        self.transport = transport
        self.settings = settings
        self.leases = Leases(owner: owner, durationMilliseconds: leaseMilliseconds, clock: clock)
        self.clock = clock
        self.pollInterval = pollInterval
        self.jitter = jitter
    }

    /// A lease owner name unique to this process run: host, process id and a random part.
    public static func instanceName() -> String {
        "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(UInt32.random(in: 0...UInt32.max))"
    }

    var database: HubDatabase { store.database }

    /// What one pass found.
    struct PassOutcome: Sendable {
        var delivered = 0
        var failed = 0
        /// A full batch was read: call again at once.
        var more = false
        /// When there is next something to do (a retry or a replay), if known.
        var nextDue: Int64?
    }

    // MARK: running

    /// Delivers until cancelled: one task per enabled subscription this instance holds, started within
    /// `pollInterval` of a subscription's creation; each wakes on local commits, on its next retry, and at least
    /// every `pollInterval`. On cancellation gives its leases up, so another instance takes over at once.
    public func run(logger: Logger) async {
        let running = RunningSubscriptions()
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled {
                do {
                    for id in try await store.enabledSubscriptions() where running.claim(id) {
                        group.addTask {
                            await work(id, logger: logger)
                            running.release(id)
                        }
                    }
                } catch {
                    if !Task.isCancelled { logger.error("webhook subscriptions unreadable; retrying", metadata: ["error": "\(error)"]) }
                }
                try? await Task.sleep(for: pollInterval)
            }
        }
        await releaseAll()
    }

    /// Passes of one subscription until it is gone, disabled, held by another instance, or the task is cancelled.
    func work(_ id: WebhookID, logger: Logger) async {
        let (wakeUps, wake) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let commits = database.commits.subscribe()
        let forwarder = Task { for await _ in commits { wake.yield() } }
        defer { forwarder.cancel() }
        var iterator = wakeUps.makeAsyncIterator()
        var lastError: String?
        while !Task.isCancelled {
            do {
                guard let outcome = try await pass(id) else { return }
                lastError = nil
                if outcome.more { continue }
                var wait = pollInterval
                if let due = outcome.nextDue {
                    wait = min(wait, .milliseconds(max(0, due - clock.nowMilliseconds)))
                }
                guard wait > .zero else { continue }
                let timer = Task { try? await Task.sleep(for: wait); wake.yield() }
                let woke: Void? = await iterator.next()
                timer.cancel()
                if woke == nil { return }
            } catch is LeaseLost {
                held.forget(id)
                logger.notice("webhook lease taken by another instance", metadata: ["subscription": "\(id)"])
                return
            } catch {
                if Task.isCancelled { return }
                let reason = "\(error)"
                if reason != lastError {
                    logger.error("webhook delivery pass failed; retrying", metadata: ["subscription": "\(id)", "error": "\(reason)"])
                    lastError = reason
                }
                try? await Task.sleep(for: pollInterval)
            }
        }
    }

    /// Gives up every lease this dispatcher holds (an orderly stop).
    public func releaseAll() async {
        let held = self.held, leases = self.leases, database = self.database
        // A task of its own: the caller is usually being cancelled (the hub is stopping), and the write must still run.
        await Task {
            for id in held.all() {
                try? await leases.release(id.leaseName, on: database)
                held.forget(id)
            }
        }.value
    }

    /// Runs passes of every enabled subscription until none has work due now; returns the events delivered. For
    /// tests and tools that drive delivery by hand (with a manual clock).
    @discardableResult
    public func deliverDue() async throws -> Int {
        var delivered = 0
        for id in try await store.enabledSubscriptions() {
            while let outcome = try await pass(id) {
                delivered += outcome.delivered
                if !outcome.more { break }
            }
        }
        return delivered
    }

    // MARK: one pass

    /// One pass of subscription `id`; nil when it is gone or disabled, or another instance holds it.
    func pass(_ id: WebhookID) async throws -> PassOutcome? {
        guard let (target, cursor) = try await store.load(id), target.enabled else {
            if held.until(id) != nil {
                try await leases.release(id.leaseName, on: database)
                held.forget(id)
            }
            return nil
        }
        let now = clock.nowMilliseconds
        if (held.until(id) ?? 0) - now < leases.durationMilliseconds / 2 {
            guard let until = try await leases.take(id.leaseName, on: database) else {
                held.forget(id)
                return nil
            }
            held.set(id, until: until)
        }
        var outcome = PassOutcome()
        var record = PassRecord(cursor: cursor)
        try await replays(target, into: &record, outcome: &outcome)
        if cursor.attempts > 0, let next = cursor.nextAttemptAt, next > clock.nowMilliseconds {
            outcome.nextDue = next
        } else {
            try await events(target, into: &record, outcome: &outcome)
        }
        if record.cursor != cursor || !record.deadLetters.isEmpty || !record.replays.isEmpty {
            held.set(id, until: try await store.record(record, for: id, leases: leases))
        }
        if !outcome.more, let replay = try await store.nextReplay(id) {
            outcome.nextDue = min(outcome.nextDue ?? replay, replay)
        }
        return outcome
    }

    /// The matching events after the cursor, in order, until the batch ends or one fails.
    private func events(_ target: DeliveryTarget, into record: inout PassRecord, outcome: inout PassOutcome) async throws {
        let batch = try await database.read { sql in
            try await Journal.events(after: record.cursor.seq, limit: settings.batchSize, on: sql)
        }
        outcome.more = batch.count == settings.batchSize
        for event in batch {
            guard EventFilter.wants(event, filters: target.filters, department: target.department) else {
                record.cursor.seq = event.seq
                continue
            }
            let message = WebhookMessage(event: event, subscription: target.id)
            let result = try await attempt(message, to: target)
            let now = clock.nowMilliseconds
            let sameHead = record.cursor.headSeq == event.seq && record.cursor.attempts > 0
            guard let failure = result else {
                record.cursor = Cursor(seq: event.seq, headSeq: nil, attempts: 0)
                record.delivered += 1
                record.lastDeliveredAt = now
                outcome.delivered += 1
                continue
            }
            outcome.failed += 1
            let attempts = (sameHead ? record.cursor.attempts : 0) + 1
            let first = sameHead ? (record.cursor.firstAttemptAt ?? now) : now
            switch RetrySchedule.decide(afterAttempt: attempts, firstAttempt: first, now: now, retryAfter: failure.retryAfter,
                                        jitter: jitter(), settings: settings) {
            case .retry(let at):
                record.cursor = Cursor(seq: record.cursor.seq, headSeq: event.seq, attempts: attempts, firstAttemptAt: first,
                                       nextAttemptAt: at, lastError: failure.reason, lastStatus: failure.status)
                outcome.more = false
                outcome.nextDue = at
                return
            case .deadLetter:
                record.deadLetters.append(DeadLetter(subscription: target.id, seq: event.seq, webhookId: message.id, kind: event.kind,
                                                     state: .dead, attempts: attempts, lastError: failure.reason,
                                                     lastStatus: failure.status, deadAt: Date(milliseconds: now),
                                                     firstAttemptAt: Date(milliseconds: first), lastAttemptAt: Date(milliseconds: now),
                                                     nextAttemptAt: nil))
                record.cursor = Cursor(seq: event.seq, headSeq: nil, attempts: 0)
            }
        }
    }

    /// Sends the replays due now, each once.
    private func replays(_ target: DeliveryTarget, into record: inout PassRecord, outcome: inout PassOutcome) async throws {
        for var letter in try await store.dueReplays(target.id, limit: 32) {
            let events = try await database.read { sql in try await Journal.events(after: letter.seq - 1, limit: 1, on: sql) }
            guard let event = events.first, event.seq == letter.seq else { continue }
            let result = try await attempt(WebhookMessage(event: event, subscription: target.id), to: target)
            let now = clock.nowMilliseconds
            letter.attempts += 1
            letter.lastAttemptAt = Date(milliseconds: now)
            if let failure = result {
                outcome.failed += 1
                letter.lastError = failure.reason
                letter.lastStatus = failure.status
                switch RetrySchedule.decide(afterAttempt: letter.attempts, firstAttempt: letter.firstAttemptAt.milliseconds, now: now,
                                            retryAfter: failure.retryAfter, jitter: jitter(), settings: settings) {
                case .retry(let at):
                    letter.nextAttemptAt = Date(milliseconds: at)
                case .deadLetter:
                    letter.state = .dead
                    letter.nextAttemptAt = nil
                    letter.deadAt = Date(milliseconds: now)
                }
            } else {
                outcome.delivered += 1
                letter.state = .delivered
                letter.nextAttemptAt = nil
                record.delivered += 1
                record.lastDeliveredAt = now
            }
            record.replays.append(letter)
        }
    }

    /// Why an attempt failed.
    struct Failure: Sendable {
        var reason: String
        var status: Int?
        var retryAfter: Int64?
    }

    /// POSTs `message` once; nil when delivered. A stop of the hub during the POST is not a failure: it throws, and
    /// the pass records nothing, so the event is sent again (same id) after the restart.
    private func attempt(_ message: WebhookMessage, to target: DeliveryTarget) async throws -> Failure? {
        let timestamp = clock.nowMilliseconds / 1000
        do {
            let reply = try await transport.post(message.body, headers: message.headers(timestamp: timestamp, keys: target.keys),
                                                 to: target.url, timeout: .milliseconds(settings.timeoutMilliseconds))
            if reply.delivered { return nil }
            return Failure(reason: "HTTP \(reply.status)", status: reply.status,
                           retryAfter: RetrySchedule.retryAfter(reply.retryAfter, now: clock.now()))
        } catch {
            try Task.checkCancellation()
            return Failure(reason: String("\(error)".prefix(500)), status: nil, retryAfter: nil)
        }
    }
}

/// The leases a dispatcher holds and until when, by subscription.
final class HeldLeases: Sendable {
    private let until = Mutex<[WebhookID: Int64]>([:])

    func until(_ id: WebhookID) -> Int64? { until.withLock { $0[id] } }
    func set(_ id: WebhookID, until value: Int64) { until.withLock { $0[id] = value } }
    func forget(_ id: WebhookID) { _ = until.withLock { $0.removeValue(forKey: id) } }
    func all() -> [WebhookID] { until.withLock { Array($0.keys) } }
}

/// The subscriptions with a delivery task running in this dispatcher.
final class RunningSubscriptions: Sendable {
    private let ids = Mutex<Set<WebhookID>>([])

    /// Marks `id` running; false when it already was.
    func claim(_ id: WebhookID) -> Bool { ids.withLock { $0.insert(id).inserted } }
    func release(_ id: WebhookID) { _ = ids.withLock { $0.remove(id) } }
}
