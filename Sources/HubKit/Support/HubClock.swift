import Foundation

/// The source of "now", passed in as a value so tests can fix or advance time.
public struct HubClock: Sendable {
    public var now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date) {
        self.now = now
    }

    public static let system = HubClock { Date() }

    /// A clock frozen at `date`.
    public static func fixed(_ date: Date) -> HubClock { HubClock { date } }

    /// Milliseconds since 1970, the unit every `*_at_ms` column uses.
    public var nowMilliseconds: Int64 { Int64((now().timeIntervalSince1970 * 1000).rounded(.down)) }
}

extension Date {
    /// Milliseconds since 1970.
    public var milliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded(.down)) }

    public init(milliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}
