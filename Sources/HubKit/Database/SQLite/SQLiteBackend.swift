import Foundation
import Logging
import SQLKit
import Synchronization

/// SQLite in WAL mode: one writer connection (writes serialised and grouped by `GroupCommit`, `BEGIN IMMEDIATE`
/// so other processes wait on the busy timeout instead of failing mid-transaction), a few read-only
/// connections, and one that checkpoints the WAL into the database file in the background, so that this copying
/// never delays a commit. Each connection has a thread of its own on which the code using it runs.
final class SQLiteBackend: DatabaseBackend {
    private struct Connection: Sendable {
        let thread: ConnectionThread
        let handle: SQLiteHandle
        let session: SQLiteSession
    }

    private let writer: Connection
    private let readers: [Connection]
    private let checkpointer: Connection
    private let checkpoints: Mutex<Task<Void, Never>?> = Mutex(nil)
    /// Bodies running on each reader, so that a new read avoids a reader busy with a long query.
    private let readersBusy: Mutex<[Int]>
    private let groupCommit: GroupCommit

    private init(writer: Connection, readers: [Connection], checkpointer: Connection, logger: Logger) {
        self.writer = writer
        self.readers = readers
        self.checkpointer = checkpointer
        readersBusy = Mutex(Array(repeating: 0, count: readers.count))
        groupCommit = GroupCommit(logger: logger)
    }

    static func open(path: String, logger: Logger, readerCount: Int = 4) async throws -> SQLiteBackend {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var opened: [Connection] = []
        func open(_ name: String, readOnly: Bool) throws -> Connection {
            let connection = try connect(path: path, name: name, logger: logger, readOnly: readOnly)
            opened.append(connection)
            return connection
        }
        let backend: SQLiteBackend
        do {
            let writer = try open("sqlite-writer", readOnly: false)
            let readers = try (0..<readerCount).map { try open("sqlite-reader-\($0)", readOnly: true) }
            backend = SQLiteBackend(writer: writer, readers: readers, checkpointer: try open("sqlite-checkpoint", readOnly: false),
                                    logger: logger)
        } catch {
            // Nothing half-open is left behind: threads stopped, files closed.
            for connection in opened {
                connection.thread.stop()
                connection.handle.close()
            }
            throw error
        }
        backend.startCheckpoints(logger: logger)
        return backend
    }

    /// Copies committed WAL frames into the database file four times a second (PASSIVE: it never waits for or
    /// blocks the writer or the readers), so the writer's own checkpoints find little left to copy.
    private func startCheckpoints(logger: Logger) {
        let connection = checkpointer
        let task = Task {
            // Sleeps outside the thread's preference: Task.sleep does not honour task executor preferences.
            while (try? await Task.sleep(for: .milliseconds(250))) != nil {
                await withTaskExecutorPreference(connection.thread) {
                    do {
                        try connection.handle.execute("PRAGMA wal_checkpoint(PASSIVE)")
                    } catch let failure as SQLiteFailure where failure.isBusy {
                        return
                    } catch {
                        logger.warning("WAL checkpoint failed", metadata: ["error": "\(error)"])
                    }
                }
            }
        }
        checkpoints.withLock { $0 = task }
    }

    private static func connect(path: String, name: String, logger: Logger, readOnly: Bool) throws -> Connection {
        let handle = try SQLiteHandle(path: path)
        do {
            try handle.execute("PRAGMA busy_timeout = 10000")
            if !readOnly {
                try handle.execute("PRAGMA journal_mode = WAL")
                // The background checkpointer does the copying; the writer checkpoints itself only when the WAL
                // reached 32 MiB, which under continuous writing it must: the WAL starts over from its beginning
                // only when a write begins right after every frame was copied, and the background pass always
                // lags behind the newest commit.
                try handle.execute("PRAGMA wal_autocheckpoint = 8192")
            }
            try handle.execute("PRAGMA synchronous = FULL")
            // Savepoint journals in memory, not in a temporary file written for every writer of a group.
            try handle.execute("PRAGMA temp_store = MEMORY")
            try handle.execute("PRAGMA cache_size = \(readOnly ? -32_768 : -131_072)") // KiB: 32 MiB per reader, 128 MiB writer
            // Reading pages through a memory map: a reader's page cache starts empty after every commit by the
            // writer (WAL), and refilling it by read(2) system calls was a tenth of the intake's time.
            try handle.execute("PRAGMA mmap_size = 17179869184")
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
        try await onReader { reader in try await body(reader.session) }
    }

    func scan(_ query: SQLQueryString, _ body: (SQLiteCursor) throws -> Void) async throws {
        try await onReader { reader in try reader.session.scan(query, body) }
    }

    /// Runs `body` on the thread of the least busy reader.
    private func onReader<T: Sendable>(_ body: (Connection) async throws -> T) async throws -> T {
        let index = readersBusy.withLock { busy in
            let index = busy.indices.min { busy[$0] < busy[$1] } ?? 0
            busy[index] += 1
            return index
        }
        defer { readersBusy.withLock { $0[index] -= 1 } }
        let reader = readers[index]
        return try await withTaskExecutorPreference(reader.thread) { try await body(reader) }
    }

    func write<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await groupCommit.write(on: writer.thread, writer.handle, session: writer.session, body)
    }

    func close() async {
        if let task = checkpoints.withLock({ $0.take() }) {
            task.cancel()
            await task.value
        }
        for connection in readers + [writer, checkpointer] {
            connection.thread.stop()
            connection.handle.close()
        }
    }
}
