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
    /// A reader through a memory map, for `readMapped`.
    private let mappedReader: Connection
    private let checkpointer: Connection
    private let checkpoints: Mutex<Task<Void, Never>?> = Mutex(nil)
    /// Bodies running on each reader, so that a new read avoids a reader busy with a long query.
    private let readersBusy: Mutex<[Int]>
    private let groupCommit: GroupCommit
    private let walSync: WALSync

    private init(path: String, writer: Connection, readers: [Connection], mappedReader: Connection, checkpointer: Connection,
                 logger: Logger) {
        self.writer = writer
        self.readers = readers
        self.mappedReader = mappedReader
        self.checkpointer = checkpointer
        readersBusy = Mutex(Array(repeating: 0, count: readers.count))
        let walSync = WALSync(databasePath: path)
        self.walSync = walSync
        groupCommit = GroupCommit(logger: logger, committed: walSync.committed)
    }

    private static let writerName = "sqlite-writer"

    static func open(path: String, logger: Logger, readerCount: Int = 4) async throws -> SQLiteBackend {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var opened: [Connection] = []
        func open(_ name: String, readOnly: Bool, mapped: Bool? = nil) throws -> Connection {
            let connection = try connect(path: path, name: name, logger: logger, readOnly: readOnly, mapped: mapped ?? !readOnly)
            opened.append(connection)
            return connection
        }
        let backend: SQLiteBackend
        do {
            let writer = try open(writerName, readOnly: false)
            let readers = try (0..<readerCount).map { try open("sqlite-reader-\($0)", readOnly: true) }
            backend = SQLiteBackend(path: path, writer: writer, readers: readers,
                                    mappedReader: try open("sqlite-mapped-reader", readOnly: true, mapped: true),
                                    checkpointer: try open("sqlite-checkpoint", readOnly: false), logger: logger)
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
    /// blocks the writer or the readers). Under steady writing the WAL only grows, since SQLite starts it over
    /// only when a write begins with every frame copied; so once it holds `restartFrames`, a second pass copies
    /// what came meanwhile and a last, short one runs on the writer between two groups, after which the next
    /// write starts the WAL over. The writer thus never does the long copying (and its fsync) itself.
    private func startCheckpoints(logger: Logger) {
        let connection = checkpointer, writer = writer, groupCommit = groupCommit
        let task = Task {
            // Sleeps outside the thread's preference: Task.sleep does not honour task executor preferences.
            while (try? await Task.sleep(for: .milliseconds(250))) != nil {
                do {
                    let frames = try await withTaskExecutorPreference(connection.thread) { try connection.handle.checkpointPassively() }
                    if frames.walFrames >= Self.restartFrames {
                        _ = try await withTaskExecutorPreference(connection.thread) { try connection.handle.checkpointPassively() }
                        _ = try await groupCommit.exclusive(on: writer.thread, writer.handle) { try $0.checkpointPassively() }
                    }
                } catch let failure as SQLiteFailure where failure.isBusy {
                    continue
                } catch {
                    logger.warning("WAL checkpoint failed", metadata: ["error": "\(error)"])
                }
            }
        }
        checkpoints.withLock { $0 = task }
    }

    /// 256 MiB of 4 KiB pages: about five seconds of the heaviest intake measured, between two short pauses.
    static let restartFrames = 65_536

    private static func connect(path: String, name: String, logger: Logger, readOnly: Bool, mapped: Bool) throws -> Connection {
        let handle = try SQLiteHandle(path: path)
        do {
            try handle.execute("PRAGMA busy_timeout = 10000")
            if !readOnly {
                try handle.execute("PRAGMA journal_mode = WAL")
                // The background checkpointer does the copying and arranges for the WAL to start over (see
                // `startCheckpoints`); the writer checkpoints itself only should the WAL ever reach 1 GiB.
                try handle.execute("PRAGMA wal_autocheckpoint = \(restartFrames * 4)")
            }
            // The writer's commits are made durable by `WALSync` before anyone is answered; the others (the
            // checkpointer) sync as SQLite does by default.
            try handle.execute("PRAGMA synchronous = \(readOnly || name != writerName ? "FULL" : "NORMAL")")
            // Savepoint journals in memory, not in a temporary file written for every writer of a group.
            try handle.execute("PRAGMA temp_store = MEMORY")
            try handle.execute("PRAGMA cache_size = \(readOnly ? -32_768 : -131_072)") // KiB: 32 MiB per reader, 128 MiB writer
            // The writer reads through a memory map. Readers do not: under steady writing a reader's transaction
            // finds the database changed every time, and SQLite then drops its whole map (munmap, and page
            // faults to map each page again), which cost more than reading the few pages a query needs. The one
            // mapped reader is for large rows read at random (ledger tiles: 16 KiB each, read through the map in
            // a third of the time).
            try handle.execute("PRAGMA mmap_size = \(mapped ? 17179869184 : 0)")
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

    /// On the caller's own thread: a mapped read of a few pages takes less time than the two wake-ups of a trip
    /// to the connection's thread and back (measured: 29 µs for a tile against about 50 µs of trip). The
    /// connection's lock keeps concurrent callers apart.
    func readMapped<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await body(mappedReader.session)
    }

    func write<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await groupCommit.write(on: writer.thread, writer.handle, session: writer.session, body)
    }

    func close() async {
        if let task = checkpoints.withLock({ $0.take() }) {
            task.cancel()
            await task.value
        }
        // No commit after the writer's thread stopped; then the last commits are synced before the files close.
        writer.thread.stop()
        walSync.stop()
        for connection in readers + [mappedReader, checkpointer] { connection.thread.stop() }
        for connection in readers + [mappedReader, writer, checkpointer] { connection.handle.close() }
    }
}
