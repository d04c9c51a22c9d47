import Foundation
import HubKit
import SQLKit

/// A subscription as the dispatcher uses it: where to, what, and with which keys to sign.
struct DeliveryTarget: Sendable {
    let id: WebhookID
    let url: String
    let filters: [EventFilter]
    let department: String?
    let enabled: Bool
    /// The current secret's key first, then the previous one while it still signs.
    let keys: [Data]
}

/// Where a subscription's delivery stands: the cursor and the retry state of the event at its head.
struct Cursor: Sendable, Hashable {
    var seq: Int64
    var headSeq: Int64?
    var attempts: Int
    var firstAttemptAt: Int64?
    var nextAttemptAt: Int64?
    var lastError: String?
    var lastStatus: Int?
}

/// What one pass of a subscription did, written in one transaction at its end.
struct PassRecord: Sendable {
    var cursor: Cursor
    var delivered: Int64 = 0
    var lastDeliveredAt: Int64?
    var deadLetters: [DeadLetter] = []
    /// Replays attempted in this pass, with their new state.
    var replays: [DeadLetter] = []
}

/// The dispatcher's reads and writes, and the dead-letter list for administrators.
public struct DeliveryStore: Sendable {
    public let database: HubDatabase
    let clock: HubClock

    public init(database: HubDatabase, clock: HubClock) {
        self.database = database
        self.clock = clock
    }

    /// Enabled subscriptions' ids.
    func enabledSubscriptions() async throws -> [WebhookID] {
        try await database.read { sql in
            try await sql.raw("SELECT id FROM webhook_subscriptions WHERE enabled = 1 ORDER BY id").all()
                .compactMap { WebhookID(rawValue: try $0.decode(column: "id", as: String.self)) }
        }
    }

    /// The subscription's target and cursor; nil when it was removed.
    func load(_ id: WebhookID) async throws -> (DeliveryTarget, Cursor)? {
        let now = clock.nowMilliseconds
        return try await database.read { sql in
            guard let row = try await sql.raw("""
                SELECT s.url, s.events, s.department, s.enabled, s.secret, s.previous_secret, s.previous_until_ms,
                       d.cursor_seq, d.head_seq, d.attempts, d.first_attempt_at_ms, d.next_attempt_at_ms, d.last_error, d.last_status
                FROM webhook_subscriptions s JOIN webhook_delivery_state d ON d.subscription_id = s.id
                WHERE s.id = \(bind: id.rawValue)
                """).first() else { return nil }
            let events = try JSONDecoder().decode([String].self, from: Data(try row.decode(column: "events", as: String.self).utf8))
            var keys: [Data] = []
            if let secret = WebhookSecret(text: try row.decode(column: "secret", as: String.self)) { keys.append(secret.key) }
            if let previous = try row.decode(column: "previous_secret", as: String?.self).flatMap(WebhookSecret.init(text:)),
               let until = try row.decode(column: "previous_until_ms", as: Int64?.self), until > now {
                keys.append(previous.key)
            }
            let target = DeliveryTarget(id: id, url: try row.decode(column: "url", as: String.self),
                                        filters: try EventFilter.parse(all: events),
                                        department: try row.decode(column: "department", as: String?.self),
                                        enabled: try row.decode(column: "enabled", as: Int.self) != 0, keys: keys)
            let cursor = Cursor(seq: try row.decode(column: "cursor_seq", as: Int64.self),
                                headSeq: try row.decode(column: "head_seq", as: Int64?.self),
                                attempts: try row.decode(column: "attempts", as: Int.self),
                                firstAttemptAt: try row.decode(column: "first_attempt_at_ms", as: Int64?.self),
                                nextAttemptAt: try row.decode(column: "next_attempt_at_ms", as: Int64?.self),
                                lastError: try row.decode(column: "last_error", as: String?.self),
                                lastStatus: try row.decode(column: "last_status", as: Int?.self))
            return (target, cursor)
        }
    }

    /// Replays of `id` due at `now`, oldest event first.
    func dueReplays(_ id: WebhookID, limit: Int) async throws -> [DeadLetter] {
        let now = clock.nowMilliseconds
        return try await database.read { sql in
            try await sql.raw("""
                SELECT * FROM webhook_dead_letters WHERE subscription_id = \(bind: id.rawValue) AND state = 'queued'
                    AND next_attempt_at_ms <= \(bind: now)
                ORDER BY event_seq LIMIT \(bind: limit)
                """).all().map(Self.deadLetter)
        }
    }

    /// The earliest time a queued replay of `id` is due, if any.
    func nextReplay(_ id: WebhookID) async throws -> Int64? {
        try await database.read { sql in
            try await sql.raw("""
                SELECT MIN(next_attempt_at_ms) AS due FROM webhook_dead_letters WHERE subscription_id = \(bind: id.rawValue) AND state = 'queued'
                """).first()?.decode(column: "due", as: Int64?.self)
        }
    }

    /// Writes a pass's outcome under the subscription's lease: cursor and head state, counts, new dead letters (each
    /// with its `webhook.dead_lettered` event) and replay outcomes. Throws `LeaseLost` (and writes nothing) when
    /// another instance took the lease meanwhile.
    func record(_ pass: PassRecord, for id: WebhookID, leases: Leases) async throws -> Int64 {
        try await database.write { tx in
            guard let until = try await leases.renew(id.leaseName, in: tx) else { throw LeaseLost() }
            let c = pass.cursor
            try await tx.sql.raw("""
                UPDATE webhook_delivery_state SET cursor_seq = \(bind: c.seq), head_seq = \(bind: c.headSeq), attempts = \(bind: c.attempts),
                    first_attempt_at_ms = \(bind: c.firstAttemptAt), next_attempt_at_ms = \(bind: c.nextAttemptAt),
                    last_error = \(bind: c.lastError), last_status = \(bind: c.lastStatus), delivered = delivered + \(bind: pass.delivered),
                    last_delivered_at_ms = COALESCE(\(bind: pass.lastDeliveredAt), last_delivered_at_ms)
                WHERE subscription_id = \(bind: id.rawValue)
                """).run()
            for letter in pass.deadLetters {
                try await tx.sql.raw("""
                    INSERT INTO webhook_dead_letters (subscription_id, event_seq, webhook_id, kind, state, attempts, first_attempt_at_ms,
                        last_attempt_at_ms, next_attempt_at_ms, last_error, last_status, dead_at_ms)
                    VALUES (\(bind: id.rawValue), \(bind: letter.seq), \(bind: letter.webhookId), \(bind: letter.kind), 'dead',
                        \(bind: letter.attempts), \(bind: letter.firstAttemptAt.milliseconds),
                        \(bind: letter.lastAttemptAt?.milliseconds), NULL, \(bind: letter.lastError), \(bind: letter.lastStatus),
                        \(bind: letter.deadAt.milliseconds))
                    ON CONFLICT (subscription_id, event_seq) DO UPDATE SET state = 'dead', attempts = excluded.attempts,
                        first_attempt_at_ms = excluded.first_attempt_at_ms, last_attempt_at_ms = excluded.last_attempt_at_ms, next_attempt_at_ms = NULL, last_error = excluded.last_error,
                        last_status = excluded.last_status, dead_at_ms = excluded.dead_at_ms
                    """).run()
                try await journalDeath(letter, replayed: false, in: tx)
            }
            for letter in pass.replays {
                try await tx.sql.raw("""
                    UPDATE webhook_dead_letters SET state = \(bind: letter.state.rawValue), attempts = \(bind: letter.attempts),
                        last_attempt_at_ms = \(bind: letter.lastAttemptAt?.milliseconds), next_attempt_at_ms = \(bind: letter.nextAttemptAt?.milliseconds),
                        last_error = \(bind: letter.lastError), last_status = \(bind: letter.lastStatus), dead_at_ms = \(bind: letter.deadAt.milliseconds)
                    WHERE subscription_id = \(bind: id.rawValue) AND event_seq = \(bind: letter.seq) AND state = 'queued'
                    """).run()
                if letter.state == .dead { try await journalDeath(letter, replayed: true, in: tx) }
            }
            return until
        }
    }

    struct DeathPayload: Encodable {
        var subscription: String
        var seq: Int64
        var eventKind: String
        var webhookId: String
        var attempts: Int
        var lastError: String
        var lastStatus: Int?
        var replayed: Bool
    }

    private func journalDeath(_ letter: DeadLetter, replayed: Bool, in tx: Transaction) async throws {
        try await Journal.append(try NewEvent(kind: "webhook.dead_lettered", subject: letter.subscription.subject, actor: "system",
                                              payload: DeathPayload(subscription: letter.subscription.rawValue, seq: letter.seq,
                                                                    eventKind: letter.kind, webhookId: letter.webhookId,
                                                                    attempts: letter.attempts, lastError: letter.lastError,
                                                                    lastStatus: letter.lastStatus, replayed: replayed)),
                                 in: tx, clock: clock)
    }

    // MARK: administrators

    /// How a subscription's deliveries stand.
    public func status(_ id: WebhookID) async throws -> DeliveryStatus? {
        try await database.read { sql in
            guard let row = try await sql.raw("SELECT * FROM webhook_delivery_state WHERE subscription_id = \(bind: id.rawValue)").first() else {
                return nil
            }
            let dead = try await sql.raw("""
                SELECT COUNT(*) AS n FROM webhook_dead_letters WHERE subscription_id = \(bind: id.rawValue) AND state = 'dead'
                """).first()?.decode(column: "n", as: Int.self) ?? 0
            let attempts = try row.decode(column: "attempts", as: Int.self)
            return DeliveryStatus(cursor: try row.decode(column: "cursor_seq", as: Int64.self),
                                  retryingSeq: attempts > 0 ? try row.decode(column: "head_seq", as: Int64?.self) : nil,
                                  attempts: attempts,
                                  nextAttemptAt: try row.decode(column: "next_attempt_at_ms", as: Int64?.self).map(Date.init(milliseconds:)),
                                  lastError: try row.decode(column: "last_error", as: String?.self),
                                  lastStatus: try row.decode(column: "last_status", as: Int?.self),
                                  delivered: try row.decode(column: "delivered", as: Int64.self),
                                  lastDeliveredAt: try row.decode(column: "last_delivered_at_ms", as: Int64?.self).map(Date.init(milliseconds:)),
                                  deadLetters: dead)
        }
    }

    /// A subscription's dead letters (optionally of one state), oldest event first.
    public func deadLetters(_ id: WebhookID, state: DeadLetter.State? = nil, after seq: Int64 = 0, limit: Int = 100) async throws -> [DeadLetter] {
        try await database.read { sql in
            if let state {
                return try await sql.raw("""
                    SELECT * FROM webhook_dead_letters WHERE subscription_id = \(bind: id.rawValue) AND state = \(bind: state.rawValue)
                        AND event_seq > \(bind: seq) ORDER BY event_seq LIMIT \(bind: limit)
                    """).all().map(Self.deadLetter)
            }
            return try await sql.raw("""
                SELECT * FROM webhook_dead_letters WHERE subscription_id = \(bind: id.rawValue) AND event_seq > \(bind: seq)
                ORDER BY event_seq LIMIT \(bind: limit)
                """).all().map(Self.deadLetter)
        }
    }

    /// Queues a dead letter to be sent again at once, with fresh attempts, and journals the request.
    public func replay(_ id: WebhookID, seq: Int64, by principal: Principal) async throws -> DeadLetter {
        let now = clock.nowMilliseconds
        return try await database.write { tx in
            guard let row = try await tx.sql.raw("""
                SELECT * FROM webhook_dead_letters WHERE subscription_id = \(bind: id.rawValue) AND event_seq = \(bind: seq)
                """).first() else { throw WebhookProblem.unknownDeadLetter(subscription: id.rawValue, seq: seq) }
            let letter = try Self.deadLetter(row)
            guard letter.state == .dead else { throw WebhookProblem.notDead(seq: seq, state: letter.state) }
            try await tx.sql.raw("""
                UPDATE webhook_dead_letters SET state = 'queued', attempts = 0, first_attempt_at_ms = \(bind: now),
                    next_attempt_at_ms = \(bind: now)
                WHERE subscription_id = \(bind: id.rawValue) AND event_seq = \(bind: seq)
                """).run()
            try await Journal.append(try NewEvent(kind: "webhook.replay_requested", subject: id.subject, actor: principal.actor,
                                                  payload: ["subscription": id.rawValue, "seq": String(seq), "webhookId": letter.webhookId]),
                                     in: tx, clock: clock)
            guard let updated = try await tx.sql.raw("""
                SELECT * FROM webhook_dead_letters WHERE subscription_id = \(bind: id.rawValue) AND event_seq = \(bind: seq)
                """).first() else { throw WebhookProblem.unknownDeadLetter(subscription: id.rawValue, seq: seq) }
            return try Self.deadLetter(updated)
        }
    }

    static func deadLetter(_ row: any SQLRow) throws -> DeadLetter {
        let raw = try row.decode(column: "subscription_id", as: String.self)
        guard let id = WebhookID(rawValue: raw) else { throw WebhookProblem.unknownSubscription(raw) }
        return DeadLetter(subscription: id, seq: try row.decode(column: "event_seq", as: Int64.self),
                          webhookId: try row.decode(column: "webhook_id", as: String.self),
                          kind: try row.decode(column: "kind", as: String.self),
                          state: DeadLetter.State(rawValue: try row.decode(column: "state", as: String.self)) ?? .dead,
                          attempts: try row.decode(column: "attempts", as: Int.self),
                          lastError: try row.decode(column: "last_error", as: String.self),
                          lastStatus: try row.decode(column: "last_status", as: Int?.self),
                          deadAt: Date(milliseconds: try row.decode(column: "dead_at_ms", as: Int64.self)),
                          firstAttemptAt: Date(milliseconds: try row.decode(column: "first_attempt_at_ms", as: Int64.self)),
                          lastAttemptAt: try row.decode(column: "last_attempt_at_ms", as: Int64?.self).map(Date.init(milliseconds:)),
                          nextAttemptAt: try row.decode(column: "next_attempt_at_ms", as: Int64?.self).map(Date.init(milliseconds:)))
    }
}

/// Another hub instance took a subscription's lease; this one stops delivering it.
struct LeaseLost: Error {}
