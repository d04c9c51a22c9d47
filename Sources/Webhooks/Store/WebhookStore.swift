import Foundation
import HubKit
import SQLKit

/// Administrators' side of the subscriptions: every change and its `webhook.*` journal event in one transaction.
/// Secrets are returned only by `create` and `rotateSecret`; the journal never holds them.
public struct WebhookStore: Sendable {
    public let database: HubDatabase
    let clock: HubClock
    /// How long the previous secret keeps signing after a rotation, so receivers can switch over.
    public static let rotationOverlapMilliseconds: Int64 = 24 * 3_600_000

    public init(database: HubDatabase, clock: HubClock) {
        self.database = database
        self.clock = clock
    }

    /// What may be set on a subscription, already checked by `SubscriptionRules` and `EventFilter`.
    public struct Settings: Sendable, Hashable {
        public var url: String
        public var events: [String]
        public var department: String?
        public var description: String
        public var enabled: Bool

        public init(url: String, events: [String], department: String?, description: String, enabled: Bool) {
            self.url = url
            self.events = events
            self.department = department
            self.description = description
            self.enabled = enabled
        }
    }

    /// The journal payload of a subscription change: never the secret.
    struct ChangePayload: Encodable {
        var subscription: String
        var url: String
        var events: [String]
        var department: String?
        var enabled: Bool
        var version: Int
    }

    public func create(_ settings: Settings, by principal: Principal) async throws -> (WebhookSubscription, WebhookSecret) {
        var random = SystemRandomNumberGenerator()
        let id = WebhookID.random(using: &random)
        let secret = WebhookSecret.random(using: &random)
        let now = clock.nowMilliseconds
        let subscription = try await database.write { tx in
            try await tx.sql.raw("""
                INSERT INTO webhook_subscriptions (id, url, events, department, description, enabled, secret, version,
                    created_at_ms, updated_at_ms)
                VALUES (\(bind: id.rawValue), \(bind: settings.url), \(bind: try CanonicalJSON.encode(settings.events)),
                    \(bind: settings.department), \(bind: settings.description), \(bind: settings.enabled ? 1 : 0),
                    \(bind: secret.text), 1, \(bind: now), \(bind: now))
                """).run()
            // Deliveries start after the events committed before this one: a new subscriber gets no history.
            let head = try await Journal.head(on: tx.sql)
            try await tx.sql.raw("""
                INSERT INTO webhook_delivery_state (subscription_id, cursor_seq, attempts, delivered)
                VALUES (\(bind: id.rawValue), \(bind: head), 0, 0)
                """).run()
            try await journal("webhook.subscription_created", settings: settings, id: id, version: 1, by: principal, in: tx)
            return try await Self.subscription(id, on: tx.sql)
        }
        guard let subscription else { throw WebhookProblem.unknownSubscription(id.rawValue) }
        return (subscription, secret)
    }

    /// Changes a subscription at `version`; 409 when someone changed it meanwhile.
    public func update(_ id: WebhookID, version: Int, to settings: Settings, by principal: Principal) async throws -> WebhookSubscription {
        let now = clock.nowMilliseconds
        return try await database.write { tx in
            let current = try await existing(id, on: tx.sql)
            guard current.version == version else { throw InputProblem.staleVersion(expected: version, actual: current.version) }
            try await tx.sql.raw("""
                UPDATE webhook_subscriptions SET url = \(bind: settings.url), events = \(bind: try CanonicalJSON.encode(settings.events)),
                    department = \(bind: settings.department), description = \(bind: settings.description),
                    enabled = \(bind: settings.enabled ? 1 : 0), version = version + 1, updated_at_ms = \(bind: now)
                WHERE id = \(bind: id.rawValue)
                """).run()
            try await journal("webhook.subscription_changed", settings: settings, id: id, version: version + 1, by: principal, in: tx)
            return try await existing(id, on: tx.sql)
        }
    }

    /// A new secret; the previous one keeps signing beside it for `rotationOverlapMilliseconds`.
    public func rotateSecret(_ id: WebhookID, by principal: Principal) async throws -> (WebhookSubscription, WebhookSecret) {
        var random = SystemRandomNumberGenerator()
        let secret = WebhookSecret.random(using: &random)
        let now = clock.nowMilliseconds
        let subscription = try await database.write { tx in
            let current = try await existing(id, on: tx.sql)
            try await tx.sql.raw("""
                UPDATE webhook_subscriptions SET previous_secret = secret, previous_until_ms = \(bind: now + Self.rotationOverlapMilliseconds),
                    secret = \(bind: secret.text), version = version + 1, updated_at_ms = \(bind: now)
                WHERE id = \(bind: id.rawValue)
                """).run()
            try await Journal.append(try NewEvent(kind: "webhook.secret_rotated", subject: id.subject, actor: principal.actor,
                                                  payload: ["subscription": id.rawValue, "version": String(current.version + 1)]),
                                     in: tx, clock: clock)
            return try await existing(id, on: tx.sql)
        }
        return (subscription, secret)
    }

    /// Deletes a subscription with its delivery state and dead letters; false when there is none.
    public func remove(_ id: WebhookID, by principal: Principal) async throws -> Bool {
        try await database.write { tx in
            guard let current = try await Self.subscription(id, on: tx.sql) else { return false }
            // Children first: SQLite enforces the foreign keys but PostgreSQL and SQLite agree on this order.
            try await tx.sql.raw("DELETE FROM webhook_dead_letters WHERE subscription_id = \(bind: id.rawValue)").run()
            try await tx.sql.raw("DELETE FROM webhook_delivery_state WHERE subscription_id = \(bind: id.rawValue)").run()
            try await tx.sql.raw("DELETE FROM webhook_subscriptions WHERE id = \(bind: id.rawValue)").run()
            try await journal("webhook.subscription_removed",
                              settings: Settings(url: current.url, events: current.events, department: current.department,
                                                 description: current.description, enabled: current.enabled),
                              id: id, version: current.version, by: principal, in: tx)
            return true
        }
    }

    public func subscription(_ id: WebhookID) async throws -> WebhookSubscription? {
        try await database.read { sql in try await Self.subscription(id, on: sql) }
    }

    public func list() async throws -> [WebhookSubscription] {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM webhook_subscriptions ORDER BY created_at_ms, id").all().map(Self.subscription)
        }
    }

    private func existing(_ id: WebhookID, on sql: any SQLDatabase) async throws -> WebhookSubscription {
        guard let current = try await Self.subscription(id, on: sql) else { throw WebhookProblem.unknownSubscription(id.rawValue) }
        return current
    }

    private func journal(_ kind: String, settings: Settings, id: WebhookID, version: Int, by principal: Principal,
                         in tx: Transaction) async throws {
        try await Journal.append(try NewEvent(kind: kind, subject: id.subject, actor: principal.actor,
                                              payload: ChangePayload(subscription: id.rawValue, url: settings.url, events: settings.events,
                                                                     department: settings.department, enabled: settings.enabled,
                                                                     version: version)),
                                 in: tx, clock: clock)
    }

    static func subscription(_ id: WebhookID, on sql: any SQLDatabase) async throws -> WebhookSubscription? {
        try await sql.raw("SELECT * FROM webhook_subscriptions WHERE id = \(bind: id.rawValue)").first().map(subscription)
    }

    static func subscription(_ row: any SQLRow) throws -> WebhookSubscription {
        let raw = try row.decode(column: "id", as: String.self)
        guard let id = WebhookID(rawValue: raw) else { throw WebhookProblem.unknownSubscription(raw) }
        let events = try JSONDecoder().decode([String].self, from: Data(try row.decode(column: "events", as: String.self).utf8))
        return WebhookSubscription(
            id: id, url: try row.decode(column: "url", as: String.self), events: events,
            department: try row.decode(column: "department", as: String?.self),
            description: try row.decode(column: "description", as: String.self),
            enabled: try row.decode(column: "enabled", as: Int.self) != 0,
            version: try row.decode(column: "version", as: Int.self),
            createdAt: Date(milliseconds: try row.decode(column: "created_at_ms", as: Int64.self)),
            updatedAt: Date(milliseconds: try row.decode(column: "updated_at_ms", as: Int64.self)),
            previousSecretUntil: try row.decode(column: "previous_until_ms", as: Int64?.self).map(Date.init(milliseconds:)))
    }
}
