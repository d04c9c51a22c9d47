/// The vehicles that left intersections' outgoing zones (their exit loops' `passed`), status by status, newest last —
/// what reaches the next intersection's lanes a few seconds later. The gateway sends a status a second, so a status is
/// taken for a second.
public struct ExitCounts: Sendable, Hashable {
    /// Statuses kept: enough for a feeder 30 s upstream.
    public static let depth = 30
    public private(set) var statuses: [[LaneID: Double]] = []
    /// Lanes whose exit has counted a vehicle at least once: a gateway without exit loops may send 0 for ever, which
    /// must not read as "nothing arrives".
    public private(set) var counting: Set<LaneID> = []

    public init() {}

    public mutating func append(_ counts: [LaneID: Double]) {
        statuses.append(counts)
        if statuses.count > Self.depth { statuses.removeFirst(statuses.count - Self.depth) }
        for (lane, count) in counts where count > 0 { counting.insert(lane) }
    }

    /// What `lane`'s exit counted `statusesAgo` statuses ago; nil when it has no data now or then, has never counted a
    /// vehicle, or the history is shorter.
    public func count(_ lane: LaneID, statusesAgo: Int) -> Double? {
        guard statusesAgo >= 0, statusesAgo < statuses.count, counting.contains(lane),
              statuses[statuses.count - 1][lane] != nil else { return nil }
        return statuses[statuses.count - 1 - statusesAgo][lane]
    }
}
