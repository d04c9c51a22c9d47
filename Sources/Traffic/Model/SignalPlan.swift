/// A fixed-time plan: a cycle, the green of each stage in order, and the offset of the cycle's start.
///
/// Invariant (checked by `PlanCheck`): one split per stage, each at least the stage's guaranteed green; the splits
/// plus every inter-green of the cycle fit in `cycle`. Seconds.
public struct SignalPlan: Sendable, Hashable, Codable {
    public var id: String
    public var cycle: Double
    /// Green seconds per stage, in stage order.
    public var splits: [Double]
    /// Where the cycle starts, seconds after midnight modulo the cycle (coordination with neighbours).
    public var offset: Double

    public init(id: String, cycle: Double, splits: [Double], offset: Double = 0) {
        self.id = id
        self.cycle = cycle
        self.splits = splits
        self.offset = offset
    }
}

/// Which controller runs an intersection.
public enum ControllerKind: String, Sendable, Hashable, Codable, CaseIterable {
    case fixed
    case webster
    case maxPressure
}

/// One entry of a time-of-day schedule: from `start` (minutes after local midnight) on, run `controller`, with
/// `plan` as the fixed plan (or the starting plan of Webster).
public struct ScheduleEntry: Sendable, Hashable, Codable {
    public var start: String
    public var controller: ControllerKind
    public var plan: String?

    public init(start: String, controller: ControllerKind, plan: String? = nil) {
        self.start = start
        self.controller = controller
        self.plan = plan
    }

    /// `start` as minutes after midnight, nil when it is not `HH:MM`.
    public var startMinute: Int? {
        let parts = start.split(separator: ":")
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]),
              (0..<24).contains(h), (0..<60).contains(m) else { return nil }
        return h * 60 + m
    }
}

/// An intersection's plans and its time-of-day schedule.
public struct TimingSetup: Sendable, Hashable, Codable {
    public var plans: [SignalPlan]
    public var schedule: [ScheduleEntry]

    public init(plans: [SignalPlan] = [], schedule: [ScheduleEntry] = []) {
        self.plans = plans
        self.schedule = schedule
    }

    /// The entry in force at `minute` after local midnight: the last one starting at or before it, wrapping to the
    /// day's last entry before the first start; max-pressure when the schedule is empty.
    public func entry(atMinute minute: Int) -> ScheduleEntry {
        let sorted = schedule.compactMap { e in e.startMinute.map { ($0, e) } }.sorted { $0.0 < $1.0 }
        guard let last = sorted.last else { return ScheduleEntry(start: "00:00", controller: .maxPressure) }
        return sorted.last { $0.0 <= minute }?.1 ?? last.1
    }

    public func plan(_ id: String?) -> SignalPlan? {
        guard let id else { return nil }
        return plans.first { $0.id == id }
    }
}
