import Foundation
import HubKit
import SQLKit

/// SQL for warnings and their CAP messages, the same on SQLite and PostgreSQL.
public struct WarningStore: Sendable {
    public let database: HubDatabase

    public init(database: HubDatabase) {
        self.database = database
    }

    public func insert(_ record: WarningRecord, in tx: Transaction) async throws {
        let live = Self.live(record)
        try await tx.sql.raw("""
            INSERT INTO warnings (id, version, state, department, updated_at_ms, live_sent_ms, live_expires_ms, body)
            VALUES (\(bind: record.id.rawValue), \(bind: record.version), \(bind: record.state.rawValue),
                    \(bind: record.department?.rawValue), \(bind: record.updatedAt.milliseconds), \(bind: live.sent),
                    \(bind: live.expires), \(bind: try CanonicalJSON.encode(record)))
            """).run()
    }

    /// Replaces the stored warning with `record` when the stored version is `expected`; otherwise 409.
    public func update(_ record: WarningRecord, expecting expected: Int, in tx: Transaction) async throws {
        let live = Self.live(record)
        let changed = try await tx.sql.raw("""
            UPDATE warnings SET version = \(bind: record.version), state = \(bind: record.state.rawValue),
                updated_at_ms = \(bind: record.updatedAt.milliseconds), live_sent_ms = \(bind: live.sent),
                live_expires_ms = \(bind: live.expires), body = \(bind: try CanonicalJSON.encode(record))
            WHERE id = \(bind: record.id.rawValue) AND version = \(bind: expected) RETURNING id
            """).all()
        guard changed.isEmpty else { return }
        let actual = try await tx.sql.raw("SELECT version FROM warnings WHERE id = \(bind: record.id.rawValue)").first()?
            .decode(column: "version", as: Int.self)
        throw InputProblem.staleVersion(expected: expected, actual: actual ?? 0)
    }

    public func record(_ id: WarningDraftID, on sql: (any SQLDatabase)? = nil) async throws -> WarningRecord? {
        let query: @Sendable (any SQLDatabase) async throws -> WarningRecord? = { sql in
            try await sql.raw("SELECT body FROM warnings WHERE id = \(bind: id.rawValue)").first().map(Self.decode)
        }
        if let sql { return try await query(sql) }
        return try await database.read(query)
    }

    /// Warnings newest change first, optionally only those in `states`, or only those public at `liveAt`.
    public func list(states: [WarningState], liveAt: Date?, limit: Int) async throws -> [WarningRecord] {
        try await database.read { sql in
            var conditions: [SQLQueryString] = []
            if !states.isEmpty { conditions.append("state IN (\(binds: states.map(\.rawValue)))") }
            if let liveAt {
                conditions.append("live_expires_ms > \(bind: liveAt.milliseconds)")
            }
            var query: SQLQueryString = "SELECT body FROM warnings"
            if let first = conditions.first {
                query = query + " WHERE " + conditions.dropFirst().reduce(first) { $0 + " AND " + $1 }
            }
            query = query + " ORDER BY updated_at_ms DESC, id DESC LIMIT \(bind: limit)"
            return try await sql.raw(query).all().map(Self.decode)
        }
    }

    /// Warnings whose latest message is public at `now`, newest message first (the feed).
    public func live(at now: Date, limit: Int = 500) async throws -> [WarningRecord] {
        try await database.read { sql in
            try await sql.raw("""
                SELECT body FROM warnings WHERE live_expires_ms > \(bind: now.milliseconds)
                ORDER BY live_sent_ms DESC, id DESC LIMIT \(bind: limit)
                """).all().map(Self.decode)
        }
    }

    /// Stores an issued message's XML, exactly as it will be served.
    public func insertMessage(_ message: IssuedMessage, xml: String, of warning: WarningDraftID, in tx: Transaction) async throws {
        try await tx.sql.raw("""
            INSERT INTO cap_messages (identifier, warning_id, msg_type, sent_ms, xml)
            VALUES (\(bind: message.identifier), \(bind: warning.rawValue), \(bind: message.msgType.rawValue),
                    \(bind: message.sentAt.milliseconds), \(bind: xml))
            """).run()
    }

    /// The XML of an issued message, or nil.
    public func messageXML(_ identifier: String) async throws -> String? {
        try await database.read { sql in
            try await sql.raw("SELECT xml FROM cap_messages WHERE identifier = \(bind: identifier)").first()?
                .decode(column: "xml", as: String.self)
        }
    }

    /// The next sequence number for `prefix` (0 first), counted inside the write transaction so that two hub
    /// instances never hand out the same identifier.
    public func nextSequence(for prefix: String, in tx: Transaction) async throws -> Int {
        let row = try await tx.sql.raw("""
            INSERT INTO cap_identifier_sequence (prefix, last) VALUES (\(bind: prefix), 0)
            ON CONFLICT (prefix) DO UPDATE SET last = cap_identifier_sequence.last + 1 RETURNING last
            """).first()
        return try row?.decode(column: "last", as: Int.self) ?? 0
    }

    /// The feed columns: the latest message's send time and expiry while it is public (not cancelled).
    static func live(_ record: WarningRecord) -> (sent: Int64?, expires: Int64?) {
        guard let last = record.messages.last, last.msgType != .cancel, record.state != .cancelled else { return (nil, nil) }
        return (last.sentAt.milliseconds, last.expires.milliseconds)
    }

    static func decode(_ row: any SQLRow) throws -> WarningRecord {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(WarningRecord.self, from: Data(try row.decode(column: "body", as: String.self).utf8))
    }
}
