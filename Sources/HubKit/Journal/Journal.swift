import Foundation
import SQLKit

/// The event journal (the spine). Appends happen inside a write transaction, so a change and its event
/// commit together.
///
/// Gap-free numbering: the next number comes from the single `journal_head` row, updated in the same
/// transaction. Its row lock (PostgreSQL) or the single writer (SQLite) serialises appenders until commit,
/// and a rolled-back transaction gives its number back.
public enum Journal {
    public static let migration = Migration(id: "hubkit.0001.journal", portable: [
        "CREATE TABLE journal_head (id INTEGER PRIMARY KEY, seq BIGINT NOT NULL)",
        "INSERT INTO journal_head (id, seq) VALUES (1, 0)",
        """
        CREATE TABLE journal (
            seq BIGINT PRIMARY KEY,
            event_id TEXT NOT NULL UNIQUE,
            at_ms BIGINT NOT NULL,
            kind TEXT NOT NULL,
            subject TEXT NOT NULL,
            actor TEXT NOT NULL,
            department_id TEXT,
            payload TEXT NOT NULL
        )
        """,
        "CREATE INDEX journal_subject ON journal (subject, seq)",
        "CREATE INDEX journal_department ON journal (department_id, seq)",
    ])

    static let nextNumber = FixedSQL("UPDATE journal_head SET seq = seq + 1 WHERE id = 1 RETURNING seq")
    static let insert = FixedSQL("""
        INSERT INTO journal (seq, event_id, at_ms, kind, subject, actor, department_id, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """)

    /// Appends `event` in transaction `tx` and returns it with its number.
    @discardableResult
    public static func append(_ event: NewEvent, in tx: Transaction, clock: HubClock) async throws -> HubEvent {
        guard let row = try await tx.sql.first(nextNumber([])) else { throw JournalError.headMissing }
        let seq = try row.decode(column: "seq", as: Int64.self)
        let at = clock.nowMilliseconds
        let id = EventID.make(atMilliseconds: at)
        try await tx.sql.run(insert([seq, id, at, event.kind, event.subject, event.actor, event.department, event.payload]))
        return HubEvent(seq: seq, id: id, at: Date(milliseconds: at), kind: event.kind, subject: event.subject,
                        actor: event.actor, department: event.department, payload: event.payload)
    }

    /// Events with `seq > after`, oldest first, at most `limit`; optionally only one department's.
    public static func events(after: Int64, limit: Int, department: String? = nil,
                              on sql: any SQLDatabase) async throws -> [HubEvent] {
        let rows = if let department {
            try await sql.raw("""
                SELECT * FROM journal WHERE seq > \(bind: after) AND department_id = \(bind: department)
                ORDER BY seq LIMIT \(bind: limit)
                """).all()
        } else {
            try await sql.raw("SELECT * FROM journal WHERE seq > \(bind: after) ORDER BY seq LIMIT \(bind: limit)").all()
        }
        return try rows.map(event)
    }

    static func event(_ row: any SQLRow) throws -> HubEvent {
        HubEvent(seq: try row.decode(column: "seq", as: Int64.self),
                 id: try row.decode(column: "event_id", as: String.self),
                 at: Date(milliseconds: try row.decode(column: "at_ms", as: Int64.self)),
                 kind: try row.decode(column: "kind", as: String.self),
                 subject: try row.decode(column: "subject", as: String.self),
                 actor: try row.decode(column: "actor", as: String.self),
                 department: try row.decode(column: "department_id", as: String?.self),
                 payload: try row.decode(column: "payload", as: String.self))
    }

    /// Every event about one subject (e.g. `case:20261125-000001`), oldest first.
    public static func events(subject: String, limit: Int = 1000, on sql: any SQLDatabase) async throws -> [HubEvent] {
        try await sql.raw("SELECT * FROM journal WHERE subject = \(bind: subject) ORDER BY seq LIMIT \(bind: limit)").all()
            .map(event)
    }

    /// The highest committed sequence number (0 for an empty journal).
    public static func head(on sql: any SQLDatabase) async throws -> Int64 {
        guard let row = try await sql.raw("SELECT seq FROM journal_head WHERE id = 1").first() else {
            throw JournalError.headMissing
        }
        return try row.decode(column: "seq", as: Int64.self)
    }

    /// Follows the journal from `after`: yields every later event once, in order, waking on local commits
    /// and polling every `pollInterval` for commits by other hub instances. Ends when the consumer stops.
    public static func follow(_ database: HubDatabase, after: Int64, department: String? = nil,
                              pollInterval: Duration = .seconds(1)) -> AsyncThrowingStream<HubEvent, any Error> {
        let (wakeUps, wake) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let commits = database.commits.subscribe()
        let forwarder = Task {
            for await _ in commits { wake.yield() }
        }
        let ticker = Task {
            while (try? await Task.sleep(for: pollInterval)) != nil { wake.yield() }
        }
        return AsyncThrowingStream { continuation in
            let reader = Task {
                var cursor = after
                var iterator = wakeUps.makeAsyncIterator()
                do {
                    while !Task.isCancelled {
                        let batch = try await database.read { sql in
                            try await events(after: cursor, limit: 500, department: department, on: sql)
                        }
                        for event in batch {
                            continuation.yield(event)
                            cursor = event.seq
                        }
                        if batch.count == 500 { continue }
                        if await iterator.next() == nil { break }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error is CancellationError ? nil : error)
                }
            }
            continuation.onTermination = { _ in
                reader.cancel()
                forwarder.cancel()
                ticker.cancel()
                wake.finish()
            }
        }
    }
}

/// A journal that cannot be used (schema damaged).
public enum JournalError: HubProblem {
    case headMissing

    public var code: String { "JOURNAL_DAMAGED" }
    public var status: Int { 500 }
    public var message: LocalizedText {
        LocalizedText(zh: "事件日志表损坏：缺少序号行", en: "The event journal is damaged: its head row is missing")
    }
}
