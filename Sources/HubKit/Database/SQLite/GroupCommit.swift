import Logging
import SQLKit
import Synchronization

/// Group commit on SQLite's single writer connection: writers that queue up while one is working join its
/// transaction, each inside its own savepoint, and the last of the group commits for all. One fsync then
/// makes many writes durable, and nobody is answered before it (`WALSync` does it off this thread).
///
/// Every writer runs on the writer connection's thread. After its body a writer lets the work already queued on
/// that thread run, so that writers waiting there get to ask for their turn; only when nobody asked (or the group
/// is full) does it commit.
///
/// Invariants: only the holder of `turn` touches the connection and `open`; a writer whose body throws is
/// rolled back to its savepoint and fails alone; if COMMIT fails every writer of the group fails.
final class GroupCommit: Sendable {
    private let turn = TurnLock()
    private let open = Mutex<Group?>(nil)
    private let maximumGroup: Int
    private let logger: Logger
    /// Told about each committed group; finishes its outcome once the commit is durable.
    private let committed: @Sendable (Outcome) -> Void

    init(maximumGroup: Int = 256, logger: Logger, committed: @escaping @Sendable (Outcome) -> Void) {
        self.maximumGroup = maximumGroup
        self.logger = logger
        self.committed = committed
    }

    func write<T: Sendable>(on connection: ConnectionThread, _ handle: SQLiteHandle, session: any SQLDatabase,
                            _ body: (any SQLDatabase) async throws -> T) async throws -> T {
        let (group, result) = try await withTaskExecutorPreference(connection) {
            try await runInGroup(connection, handle, session: session, body)
        }
        if case .success = result { try await group.outcome.wait() }
        return try result.get()
    }

    private func runInGroup<T: Sendable>(_ connection: ConnectionThread, _ handle: SQLiteHandle, session: any SQLDatabase,
                                         _ body: (any SQLDatabase) async throws -> T) async throws -> (Group, Result<T, any Error>) {
        await turn.acquire()
        let group: Group
        do {
            group = try joinOrBegin(handle)
        } catch {
            turn.release()
            throw error
        }
        let result: Result<T, any Error>
        do {
            try handle.execute("SAVEPOINT hub_write")
            let value = try await body(session)
            try handle.execute("RELEASE hub_write")
            result = .success(value)
        } catch {
            result = .failure(error)
            do {
                try handle.execute("ROLLBACK TO hub_write")
                try handle.execute("RELEASE hub_write")
            } catch let rollbackError {
                // The connection cannot undo this writer alone: the whole group fails.
                logger.error("savepoint rollback failed", metadata: ["error": "\(rollbackError)"])
                finish(group, handle, commit: false)
                turn.release()
                throw error
            }
        }
        await connection.yieldToQueued()
        if !turn.hasWaiters || group.size >= maximumGroup {
            finish(group, handle, commit: true)
        }
        turn.release()
        return (group, result)
    }

    /// Runs `body` on the writer connection outside any transaction while nobody writes (a group still open is
    /// committed first), e.g. the checkpoint after which SQLite can start the WAL over.
    func exclusive<T: Sendable>(on connection: ConnectionThread, _ handle: SQLiteHandle,
                                _ body: @Sendable (SQLiteHandle) throws -> T) async throws -> T {
        try await withTaskExecutorPreference(connection) {
            await turn.acquire()
            defer { turn.release() }
            if let group = open.withLock({ $0 }) { finish(group, handle, commit: true) }
            return try body(handle)
        }
    }

    private func joinOrBegin(_ handle: SQLiteHandle) throws -> Group {
        if let group = open.withLock({ current -> Group? in
            current?.size += 1
            return current
        }) {
            return group
        }
        try handle.execute("BEGIN IMMEDIATE")
        let group = Group()
        open.withLock { $0 = group }
        return group
    }

    /// Commits (or rolls back) the open group and tells its writers (once durable); the turn stays held.
    private func finish(_ group: Group, _ handle: SQLiteHandle, commit: Bool) {
        open.withLock { $0 = nil }
        var failure: any Error = GroupAborted()
        if commit {
            do {
                try handle.execute("COMMIT")
                committed(group.outcome)
                return
            } catch {
                failure = error
            }
        }
        do { try handle.execute("ROLLBACK") } catch { logger.error("rollback failed", metadata: ["error": "\(error)"]) }
        group.outcome.finish(.failure(failure))
    }

    final class Group: Sendable {
        let outcome = Outcome()
        private let count = Mutex(1)
        var size: Int {
            get { count.withLock { $0 } }
            set { count.withLock { $0 = newValue } }
        }
    }

    struct GroupAborted: Error, CustomStringConvertible {
        var description: String { "the write group was rolled back because one writer could not be undone alone" }
    }
}

/// A first-come-first-served lock for async code that never hops to an executor of its own: at most one holder,
/// waiters resume in order on their own executors.
final class TurnLock: Sendable {
    private struct State {
        var held = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }
    private let state = Mutex(State())

    func acquire() async {
        if state.withLock({ Self.take(&$0) }) { return }
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            let granted = state.withLock { state -> Bool in
                if Self.take(&state) { return true }
                state.waiters.append(waiter)
                return false
            }
            if granted { waiter.resume() }
        }
    }

    /// Whether someone is queued for the lock (the holder uses it to decide whether to let them join its work).
    var hasWaiters: Bool { state.withLock { !$0.waiters.isEmpty } }

    func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.waiters.isEmpty else {
                state.held = false
                return nil
            }
            return state.waiters.removeFirst()
        }
        next?.resume()
    }

    private static func take(_ state: inout State) -> Bool {
        guard !state.held else { return false }
        state.held = true
        return true
    }
}

/// A one-shot result that any number of tasks can wait for.
final class Outcome: Sendable {
    private let state = Mutex<(result: Result<Void, any Error>?, waiters: [CheckedContinuation<Void, any Error>])>((nil, []))

    func finish(_ result: Result<Void, any Error>) {
        let waiters = state.withLock { s in
            s.result = result
            defer { s.waiters = [] }
            return s.waiters
        }
        for waiter in waiters { waiter.resume(with: result) }
    }

    func wait() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let ready = state.withLock { s -> Result<Void, any Error>? in
                if let result = s.result { return result }
                s.waiters.append(continuation)
                return nil
            }
            if let ready { continuation.resume(with: ready) }
        }
    }
}
