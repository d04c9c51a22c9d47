import Foundation
import HubKit

/// What decisions need, read at once: intersections, their timings and the overrides not yet ended.
public struct TrafficSnapshot: Sendable {
    public var intersections: [IntersectionID: Intersection]
    public var timings: [IntersectionID: TimingSetup]
    public var overrides: [IntersectionID: [TrafficOverride]]
}

/// Keeps a `TrafficSnapshot` in memory, reloaded after this instance's writes and at least every `maxAge` seconds
/// (so another hub instance's writes arrive too).
public actor TrafficCatalog {
    let store: TrafficStore
    let maxAge: TimeInterval
    private var snapshot: TrafficSnapshot?
    private var loadedAt = Date.distantPast

    public init(store: TrafficStore, maxAge: TimeInterval = 1) {
        self.store = store
        self.maxAge = maxAge
    }

    public func invalidate() {
        snapshot = nil
    }

    public func current() async throws -> TrafficSnapshot {
        if let snapshot, Date().timeIntervalSince(loadedAt) < maxAge { return snapshot }
        let store = self.store
        let fresh = try await store.database.read { sql in
            let xs = try await store.intersections(on: sql)
            let timings = try await store.timings(on: sql)
            let overrides = Dictionary(grouping: try await store.unended(on: sql), by: \.intersection)
            return TrafficSnapshot(intersections: Dictionary(uniqueKeysWithValues: xs.map { ($0.id, $0) }),
                                   timings: timings, overrides: overrides)
        }
        snapshot = fresh
        loadedAt = Date()
        return fresh
    }
}
