import Foundation
import HubKit
import SQLKit

/// SQL for duty calls and their notifications, the same on SQLite and PostgreSQL.
public struct CallStore: Sendable {
    public let database: HubDatabase

    public init(database: HubDatabase) {
        self.database = database
    }

    public func insert(_ call: DutyCall, in tx: Transaction) async throws {
        try await tx.sql.raw("""
            INSERT INTO duty_calls (id, subject, unit, opened_at_ms, step, next_due_ms, closed_at_ms, version, body)
            VALUES (\(bind: call.id.rawValue), \(bind: call.subject), \(bind: call.unit.rawValue),
                    \(bind: call.openedAt.milliseconds), \(bind: call.step), \(bind: call.nextDueAt?.milliseconds),
                    \(bind: call.closedAt?.milliseconds), \(bind: call.version), \(bind: try CanonicalJSON.encode(call)))
            """).run()
    }

    /// Replaces the stored call with `call` when the stored version is `expected`; false when another writer (another
    /// hub instance) changed it first, in which case nothing was written. On PostgreSQL the UPDATE holds the row lock
    /// until commit, so a concurrent writer waits and then finds the version moved on.
    public func update(_ call: DutyCall, expecting expected: Int, in tx: Transaction) async throws -> Bool {
        !(try await tx.sql.raw("""
            UPDATE duty_calls SET step = \(bind: call.step), next_due_ms = \(bind: call.nextDueAt?.milliseconds),
                closed_at_ms = \(bind: call.closedAt?.milliseconds), version = \(bind: call.version),
                body = \(bind: try CanonicalJSON.encode(call))
            WHERE id = \(bind: call.id.rawValue) AND version = \(bind: expected) RETURNING id
            """).all()).isEmpty
    }

    public func call(_ id: DutyCallID, on sql: any SQLDatabase) async throws -> DutyCall? {
        try await sql.raw("SELECT body FROM duty_calls WHERE id = \(bind: id.rawValue)").first().map(Self.decode)
    }

    public func call(_ id: DutyCallID) async throws -> DutyCall? {
        try await database.read { sql in try await call(id, on: sql) }
    }

    /// The open call about `subject`, if any.
    public func openCall(subject: String, on sql: any SQLDatabase) async throws -> DutyCall? {
        try await sql.raw("""
            SELECT body FROM duty_calls WHERE subject = \(bind: subject) AND closed_at_ms IS NULL
            """).first().map(Self.decode)
    }

    /// Ids of calls with a step due by `now`, earliest first.
    public func due(by now: Date, limit: Int) async throws -> [DutyCallID] {
        try await database.read { sql in
            try await sql.raw("""
                SELECT id FROM duty_calls WHERE next_due_ms <= \(bind: now.milliseconds) ORDER BY next_due_ms, id LIMIT \(bind: limit)
                """).all().compactMap { DutyCallID(rawValue: try $0.decode(column: "id", as: String.self)) }
        }
    }

    /// Calls newest first; `open` nil for all; `units` nil for every unit's.
    public func list(open: Bool?, units: [DepartmentID]?, limit: Int) async throws -> [DutyCall] {
        try await database.read { sql in
            var conditions: [SQLQueryString] = []
            if let open { conditions.append(open ? "closed_at_ms IS NULL" : "closed_at_ms IS NOT NULL") }
            if let units { conditions.append("unit IN (\(binds: units.map(\.rawValue)))") }
            var query: SQLQueryString = "SELECT body FROM duty_calls"
            if let first = conditions.first {
                query = query + " WHERE " + conditions.dropFirst().reduce(first) { $0 + " AND " + $1 }
            }
            query = query + " ORDER BY opened_at_ms DESC, id DESC LIMIT \(bind: limit)"
            return try await sql.raw(query).all().map(Self.decode)
        }
    }

    public func insert(_ notification: DutyNotification, in tx: Transaction) async throws {
        try await tx.sql.raw("""
            INSERT INTO duty_notifications (call_id, step, person, sent_at_ms, body)
            VALUES (\(bind: notification.call.rawValue), \(bind: notification.step), \(bind: notification.person),
                    \(bind: notification.sentAt.milliseconds), \(bind: try CanonicalJSON.encode(notification)))
            """).run()
    }

    /// The call's notifications in step order.
    public func notifications(of id: DutyCallID, on sql: any SQLDatabase) async throws -> [DutyNotification] {
        try await sql.raw("SELECT body FROM duty_notifications WHERE call_id = \(bind: id.rawValue) ORDER BY step").all()
            .map { row in
                try Self.decoder.decode(DutyNotification.self, from: Data(try row.decode(column: "body", as: String.self).utf8))
            }
    }

    public func notifications(of id: DutyCallID) async throws -> [DutyNotification] {
        try await database.read { sql in try await notifications(of: id, on: sql) }
    }

    /// Whether the call ever reached `person`.
    public func reached(_ person: String, call id: DutyCallID, on sql: any SQLDatabase) async throws -> Bool {
        try await sql.raw("""
            SELECT step FROM duty_notifications WHERE person = \(bind: person) AND call_id = \(bind: id.rawValue) LIMIT 1
            """).first() != nil
    }

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    static func decode(_ row: any SQLRow) throws -> DutyCall {
        try decoder.decode(DutyCall.self, from: Data(try row.decode(column: "body", as: String.self).utf8))
    }
}
