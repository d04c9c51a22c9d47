/// A first-come-first-served lock for async code: at most one holder at a time, waiters resume in order.
/// Used to serialise SQLite write transactions on the single writer connection.
public actor AsyncLock {
    private var locked = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    public init() {}

    public func lock() async {
        if !locked {
            locked = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    /// Whether someone is queued for the lock (the holder uses it to decide whether to let them join its work).
    public var hasWaiters: Bool { !waiters.isEmpty }

    public func unlock() {
        if waiters.isEmpty {
            locked = false
        } else {
            waiters.removeFirst().resume()
        }
    }

    /// Runs `body` while holding the lock; the lock is released even when `body` throws.
    public nonisolated func withLock<T: Sendable>(_ body: () async throws -> T) async rethrows -> T {
        await lock()
        do {
            let result = try await body()
            await unlock()
            return result
        } catch {
            await unlock()
            throw error
        }
    }
}
