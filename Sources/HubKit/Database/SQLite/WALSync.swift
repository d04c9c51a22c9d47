import Foundation
import Synchronization

/// Pipelined group commit: the writer connection commits without waiting for the disk (`synchronous = NORMAL`)
/// and goes on with the next group at once, while this thread makes the WAL durable and only then tells the
/// committed groups' writers. One `fdatasync` covers every group committed before it began, because SQLite
/// appends to the WAL in commit order; so a write is still acknowledged only once it is on disk.
///
/// What others may see meanwhile: a reader can read a group's changes a millisecond or two before they are
/// durable. A power cut in that moment loses them together with everything committed after them (the WAL is
/// replayed in order), so no durable write ever depends on a lost one.
final class WALSync: Sendable {
    private struct State {
        var pending: [Outcome] = []
        var scheduled = false
        var descriptor: Int32 = -1
    }

    private let walPath: String
    private let thread = ConnectionThread(name: "sqlite-wal-sync")
    private let state = Mutex(State())

    init(databasePath: String) {
        walPath = databasePath + "-wal"
    }

    /// A group committed: its writers hear the outcome once the WAL holding it is synced.
    func committed(_ outcome: Outcome) {
        let schedule = state.withLock { state -> Bool in
            state.pending.append(outcome)
            defer { state.scheduled = true }
            return !state.scheduled
        }
        if schedule { thread.perform { self.drain() } }
    }

    /// Syncs until nothing is pending; groups that commit during a sync wait for the next one.
    private func drain() {
        while true {
            let groups = state.withLock { state -> [Outcome] in
                if state.pending.isEmpty { state.scheduled = false }
                defer { state.pending = [] }
                return state.pending
            }
            if groups.isEmpty { return }
            let result = sync()
            for group in groups { group.finish(result) }
        }
    }

    /// `fdatasync` of the WAL through a descriptor of our own (re-opened should the file ever be replaced).
    private func sync() -> Result<Void, any Error> {
        var descriptor = state.withLock { $0.descriptor }
        var onDisk = stat(), held = stat()
        guard stat(walPath, &onDisk) == 0 else {
            // No WAL: it was checkpointed into the database file, synced, and removed.
            return errno == ENOENT ? .success(()) : .failure(SQLiteSyncFailure(errno: errno, path: walPath))
        }
        if descriptor < 0 || fstat(descriptor, &held) != 0 || held.st_ino != onDisk.st_ino || held.st_dev != onDisk.st_dev {
            if descriptor >= 0 { close(descriptor) }
            descriptor = open(walPath, O_RDONLY | O_CLOEXEC)
            state.withLock { $0.descriptor = descriptor }
            if descriptor < 0 { return .failure(SQLiteSyncFailure(errno: errno, path: walPath)) }
        }
        return fdatasync(descriptor) == 0 ? .success(()) : .failure(SQLiteSyncFailure(errno: errno, path: walPath))
    }

    /// Finishes what is pending, then stops the thread and closes the descriptor.
    func stop() {
        thread.stop()
        let descriptor = state.withLock { $0.descriptor }
        if descriptor >= 0 { close(descriptor) }
    }
}

/// The WAL could not be made durable: the writes of the groups waiting for it are reported as failed.
struct SQLiteSyncFailure: Error, CustomStringConvertible {
    let errno: Int32
    let path: String
    var description: String { "fdatasync of \(path) failed: \(String(cString: strerror(errno)))" }
}
