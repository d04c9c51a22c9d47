import Foundation
import Logging
import NIOPosix
import SQLKit
import SQLiteKit
import Synchronization

/// SQLite in WAL mode: one writer connection (writes serialised and grouped by `GroupCommit`, `BEGIN IMMEDIATE`
/// so other processes wait on the busy timeout instead of failing mid-transaction) and a few read-only connections.
final class SQLiteBackend: DatabaseBackend {
    private let writer: SQLiteConnection
    private let readers: [SQLiteConnection]
    private let nextReader = Mutex(0)
    private let groupCommit: GroupCommit
    private let logger: Logger

    private init(writer: SQLiteConnection, readers: [SQLiteConnection], logger: Logger) {
        self.writer = writer
        self.readers = readers
        self.logger = logger
        groupCommit = GroupCommit(logger: logger)
    }

    static func open(path: String, logger: Logger, readerCount: Int = 4) async throws -> SQLiteBackend {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let writer = try await connect(path: path, logger: logger, readOnly: false)
        var readers: [SQLiteConnection] = []
        for _ in 0..<readerCount {
            readers.append(try await connect(path: path, logger: logger, readOnly: true))
        }
        return SQLiteBackend(writer: writer, readers: readers, logger: logger)
    }

    private static func connect(path: String, logger: Logger, readOnly: Bool) async throws -> SQLiteConnection {
        let connection = try await SQLiteConnection.open(
            storage: .file(path: path), threadPool: .singleton, logger: logger,
            on: MultiThreadedEventLoopGroup.singleton.any())
        let sql = connection.sql(queryLogLevel: .trace)
        try await sql.raw("PRAGMA busy_timeout = 10000").run()
        if !readOnly {
            try await sql.raw("PRAGMA journal_mode = WAL").run()
        }
        try await sql.raw("PRAGMA synchronous = FULL").run()
        try await sql.raw("PRAGMA foreign_keys = ON").run()
        if readOnly {
            try await sql.raw("PRAGMA query_only = ON").run()
        }
        return connection
    }

    func read<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        let index = nextReader.withLock { next in
            defer { next = (next + 1) % readers.count }
            return next
        }
        return try await body(readers[index].sql(queryLogLevel: .trace))
    }

    func write<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await groupCommit.write(on: writer.sql(queryLogLevel: .trace), body)
    }

    func close() async {
        for connection in readers + [writer] {
            try? await connection.close()
        }
    }
}
