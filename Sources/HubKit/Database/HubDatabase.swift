import Logging
import SQLKit

/// One write transaction. Statements run through `sql`; journal events are appended with
/// `Journal.append(_:in:)` so that state and event commit or roll back together.
public struct Transaction: Sendable {
    public let sql: any SQLDatabase
    public let engine: DatabaseEngine
}

/// The hub's database: the same SQL for SQLite (embedded) and PostgreSQL (shared).
///
/// Invariants: `write` runs its body inside one transaction and returns only after COMMIT succeeded, which
/// with the durability settings of both engines (SQLite WAL + synchronous=FULL, PostgreSQL synchronous_commit)
/// means the change survives a crash. After every commit `commits` is signalled.
public final class HubDatabase: Sendable {
    public let engine: DatabaseEngine
    public let location: DatabaseLocation
    /// Signalled after every successful write; the journal feed listens to it.
    public let commits = CommitSignal()
    private let backend: any DatabaseBackend

    init(location: DatabaseLocation, backend: any DatabaseBackend) {
        self.location = location
        self.engine = location.engine
        self.backend = backend
    }

    /// Opens the database (creating the SQLite file and its folder when needed). Call `close()` when done.
    public static func open(_ location: DatabaseLocation, logger: Logger) async throws -> HubDatabase {
        switch location {
        case .sqlite(let path):
            return HubDatabase(location: location, backend: try await SQLiteBackend.open(path: path, logger: logger))
        case .postgres(let target):
            return HubDatabase(location: location, backend: try await PostgresBackend.open(target, logger: logger))
        }
    }

    /// Runs read-only statements outside any transaction.
    public func read<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await backend.read(body)
    }

    /// Like `read`, for large rows read at random that seldom change (ledger tiles): on SQLite a reader of its own
    /// reads them through a memory map; on PostgreSQL it is `read`.
    public func readMapped<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        guard let sqlite = backend as? SQLiteBackend else { return try await backend.read(body) }
        return try await sqlite.readMapped(body)
    }

    /// Whether `scan` is available: on SQLite. On PostgreSQL, aggregations belong in SQL on the server.
    public var canScan: Bool { backend is SQLiteBackend }

    /// Reads the rows of a read-only query one at a time straight from the statement, for aggregations over very
    /// many rows (a million cases) that would be slow as row objects. Only where `canScan`.
    public func scan(_ query: SQLQueryString, _ body: (SQLiteCursor) throws -> Void) async throws {
        guard let sqlite = backend as? SQLiteBackend else { throw ScanUnavailable() }
        try await sqlite.scan(query, body)
    }

    /// Runs `body` in one transaction; commits when it returns, rolls back when it throws.
    public func write<T: Sendable>(_ body: (Transaction) async throws -> T) async throws -> T {
        let result = try await backend.write { sql in try await body(Transaction(sql: sql, engine: engine)) }
        commits.signal()
        return result
    }

    public func close() async {
        await backend.close()
    }
}

struct ScanUnavailable: Error, CustomStringConvertible {
    var description: String { "row scans are available on SQLite only" }
}

protocol DatabaseBackend: Sendable {
    func read<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T
    func write<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T
    func close() async
}
