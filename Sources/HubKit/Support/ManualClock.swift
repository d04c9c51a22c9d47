import Foundation
import Synchronization

/// A clock that moves only when told: tests advance it, and the demo day replays past hours with it.
public final class ManualClock: Sendable {
    private let current: Mutex<Date>

    public init(_ start: Date) {
        current = Mutex(start)
    }

    public var now: Date { current.withLock { $0 } }

    public func set(_ instant: Date) {
        current.withLock { $0 = instant }
    }

    public func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    /// This clock as the `HubClock` services take.
    public var clock: HubClock { HubClock { self.now } }
}
