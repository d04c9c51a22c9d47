import HubKit
import Synchronization

/// Who a credential belonged to a moment ago, so that a busy client is not looked up in the database on every
/// request. An entry lives `lifetimeMs` at most; every change to accounts, sessions or keys made through this
/// process empties the whole cache at once, so it acts immediately here, and within `lifetimeMs` on other hub
/// instances sharing the database.
final class RecentPrincipals: Sendable {
    private struct State {
        var entries: [String: (principal: Principal, until: Int64)] = [:]
        /// Bumped by `forgetAll`; a lookup that began before it must not store what it read.
        var generation = 0
    }

    let lifetimeMs: Int64
    private let capacity: Int
    private let state = Mutex(State())

    init(lifetimeMs: Int64 = 2000, capacity: Int = 10_000) {
        self.lifetimeMs = lifetimeMs
        self.capacity = capacity
    }

    func principal(for credentialHash: String, now: Int64) -> Principal? {
        state.withLock { state in
            guard let entry = state.entries[credentialHash], entry.until > now else { return nil }
            return entry.principal
        }
    }

    var generation: Int { state.withLock { $0.generation } }

    /// Stores what a lookup started at `generation` found, unless the accounts changed meanwhile.
    func remember(_ principal: Principal, for credentialHash: String, now: Int64, readAt generation: Int) {
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[credentialHash] = (principal, now + lifetimeMs)
        }
    }

    func forgetAll() {
        state.withLock { state in
            state.entries.removeAll()
            state.generation += 1
        }
    }
}
