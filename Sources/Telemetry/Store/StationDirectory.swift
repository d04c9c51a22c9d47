import HubKit
import Synchronization

/// Every station's ingest facts in memory, so a batch of observations is checked without reading the registry.
///
/// Replaced whole after each registry change committed by this hub; another hub instance on the same PostgreSQL
/// sees new stations when a batch names one it does not know (`reload` on a miss, at most once a second).
public final class StationDirectory: Sendable {
    private let entries = Mutex<[String: StationEntry]>([:])
    private let lastReload = Mutex<Int64>(0)

    public init() {}

    public var snapshot: [String: StationEntry] { entries.withLock { $0 } }

    public func replace(_ all: [StationEntry]) {
        var map: [String: StationEntry] = [:]
        map.reserveCapacity(all.count)
        for e in all { map[e.id.rawValue] = e }
        entries.withLock { $0 = map }
    }

    public func upsert(_ changed: [StationEntry]) {
        entries.withLock { map in for e in changed { map[e.id.rawValue] = e } }
    }

    /// True when a reload is due after a miss (at most once per second).
    func mayReload(now: Int64) -> Bool {
        lastReload.withLock { last in
            guard now - last >= 1000 else { return false }
            last = now
            return true
        }
    }
}
