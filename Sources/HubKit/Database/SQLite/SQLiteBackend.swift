import Foundation
import Logging
import SQLKit
import Synchronization

/// SQLite in WAL mode: one writer connection (writes serialised and grouped by `GroupCommit`, `BEGIN IMMEDIATE`
/// so other processes wait on the busy timeout instead of failing mid-transaction) and a few read-only
/// connections. Each connection has a thread of its own on which the code using it runs.
final class SQLiteBackend: DatabaseBackend {
    private struct Connection: Sendable {
        let thread: ConnectionThread
        let handle: SQLiteHandle
        let session: SQLiteSession
    }

    private let writer: Connection
    private let readers: [Connection]
    /// Bodies running on each reader, so that a new read avoids a reader busy with a long query.
    private let readersBusy: Mutex<[Int]>
    private let groupCommit: GroupCommit

    private init(writer: Connection, readers: [Connection], logger: Logger) {
        self.writer = writer
        self.readers = readers
        readersBusy = Mutex(Array(repeating: 0, count: readers.count))
        groupCommit = GroupCommit(logger: logger)
    }

    static func open(path: String, logger: Logger, readerCount: Int = 4) async throws -> SQLiteBackend {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let writer = try connect(path: path, name: "sqlite-writer", logger: logger, readOnly: false)
        var readers: [Connection] = []
        for index in 0..<readerCount {
            readers.append(try connect(path: path, name: "sqlite-reader-\(index)", logger: logger, readOnly: true))
        }
        return SQLiteBackend(writer: writer, readers: readers, logger: logger)
    }

    private static func connect(path: String, name: String, logger: Logger, readOnly: Bool) throws -> Connection {
        let handle = try SQLiteHandle(path: path)
        do {
            try handle.execute("PRAGMA busy_timeout = 10000")
            if !readOnly {
                try handle.execute("PRAGMA journal_mode = WAL")
            }
            try handle.execute("PRAGMA synchronous = FULL")
            try handle.execute("PRAGMA foreign_keys = ON")
            if readOnly {
                try handle.execute("PRAGMA query_only = ON")
            }
        } catch {
            handle.close()
            throw error
        }
        return Connection(thread: ConnectionThread(name: name), handle: handle, session: SQLiteSession(handle: handle, logger: logger))
    }

    func read<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        let index = readersBusy.withLock { busy in
            let index = busy.indices.min { busy[$0] < busy[$1] } ?? 0
            busy[index] += 1
            return index
        }
        defer { readersBusy.withLock { $0[index] -= 1 } }
        let reader = readers[index]
        return try await withTaskExecutorPreference(reader.thread) { try await body(reader.session) }
    }

    func write<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await groupCommit.write(on: writer.thread, writer.handle, session: writer.session, body)
    }

    func close() async {
        for connection in readers + [writer] {
            connection.thread.stop()
            connection.handle.close()
        }
    }
}
