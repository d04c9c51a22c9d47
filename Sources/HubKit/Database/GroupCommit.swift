import Logging
import SQLKit
import Synchronization

/// Group commit on SQLite's single writer connection: writers that queue up while one is working join its
/// transaction, each inside its own savepoint, and the last of the group commits for all. One fsync then
/// makes many writes durable, and nobody is answered before that COMMIT returned.
///
/// Invariants: only the holder of `lock` touches the connection and `open`; a writer whose body throws is
/// rolled back to its savepoint and fails alone; if COMMIT fails every writer of the group fails; a group
/// closes when nobody is waiting or it reached `maximumGroup` writers.
final class GroupCommit: Sendable {
    private let lock = AsyncLock()
    private let open = Mutex<Group?>(nil)
    private let maximumGroup: Int
    private let logger: Logger

    init(maximumGroup: Int = 256, logger: Logger) {
        self.maximumGroup = maximumGroup
        self.logger = logger
    }

    func write<T: Sendable>(on sql: any SQLDatabase, _ body: (any SQLDatabase) async throws -> T) async throws -> T {
        await lock.lock()
        let group: Group
        do {
            group = try await joinOrBegin(sql)
        } catch {
            await lock.unlock()
            throw error
        }
        let result: Result<T, any Error>
        do {
            try await control(sql, "SAVEPOINT hub_write")
            let value = try await body(sql)
            try await control(sql, "RELEASE hub_write")
            result = .success(value)
        } catch {
            result = .failure(error)
            do {
                try await control(sql, "ROLLBACK TO hub_write")
                try await control(sql, "RELEASE hub_write")
            } catch let rollbackError {
                // The connection cannot undo this writer alone: the whole group fails.
                logger.error("savepoint rollback failed", metadata: ["error": "\(rollbackError)"])
                await finish(group, sql, commit: false)
                throw error
            }
        }
        if await !lock.hasWaiters || group.size >= maximumGroup {
            await finish(group, sql, commit: true)
        } else {
            await lock.unlock()
        }
        if case .success = result { try await group.outcome.wait() }
        return try result.get()
    }

    private func joinOrBegin(_ sql: any SQLDatabase) async throws -> Group {
        if let group = open.withLock({ current -> Group? in
            current?.size += 1
            return current
        }) {
            return group
        }
        try await control(sql, "BEGIN IMMEDIATE")
        let group = Group()
        open.withLock { $0 = group }
        return group
    }

    /// Commits (or rolls back) the open group, tells its writers, and releases the lock.
    private func finish(_ group: Group, _ sql: any SQLDatabase, commit: Bool) async {
        open.withLock { $0 = nil }
        var outcome: Result<Void, any Error> = .failure(GroupAborted())
        if commit {
            do {
                try await control(sql, "COMMIT")
                outcome = .success(())
            } catch {
                outcome = .failure(error)
            }
        }
        if case .failure = outcome {
            do { try await control(sql, "ROLLBACK") } catch { logger.error("rollback failed", metadata: ["error": "\(error)"]) }
        }
        group.outcome.finish(outcome)
        await lock.unlock()
    }

    /// Runs a transaction-control statement in a task of its own, so that a cancelled writer can never leave the
    /// shared connection inside an unfinished transaction or savepoint.
    private func control(_ sql: any SQLDatabase, _ statement: String) async throws {
        try await Task { try await sql.raw(SQLQueryString(statement)).run() }.value
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
