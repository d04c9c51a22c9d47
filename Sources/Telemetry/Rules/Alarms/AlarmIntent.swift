import HubKit

/// What the rules engine sees: a checked reading, or the clock moving on (for `noData` and sliding windows).
public enum RuleEvent: Sendable, Hashable {
    case observation(Observation)
    /// Milliseconds since 1970, supplied by the caller: the engine reads no clock.
    case tick(Int64)
}

/// What the engine asks the alarm lifecycle to do for one (rule, source). The engine decides; it stores nothing.
public struct AlarmIntent: Sendable, Hashable, Codable {
    public enum Action: String, Sendable, Hashable, Codable {
        case raise
        case changeSeverity
        case clear
    }

    public var action: Action
    public var rule: RuleID
    public var kind: RuleKind
    /// The station id, or for `nOfM` the group.
    public var source: String
    public var quantity: Quantity
    /// The new severity; for `clear`, the one that ends.
    public var severity: Severity
    /// The severity before (`changeSeverity`, `clear`).
    public var previous: Severity?
    /// The measure: the reading, the window's sum, the rise per hour, the minutes without data or the gauges counted.
    public var value: Double
    /// The level reached (`raise`, `changeSeverity` upwards), or the line the measure went back over (downwards, `clear`).
    public var threshold: Double
    /// The evaluation time, milliseconds since 1970.
    public var at: Int64
    /// `rateOfRise`: when the projected level is reached at the present rate (linear); nil when not rising.
    public var projectedAt: Int64?
    public var reason: LocalizedText

    public init(action: Action, rule: RuleID, kind: RuleKind, source: String, quantity: Quantity, severity: Severity,
                previous: Severity?, value: Double, threshold: Double, at: Int64, projectedAt: Int64?, reason: LocalizedText) {
        self.action = action
        self.rule = rule
        self.kind = kind
        self.source = source
        self.quantity = quantity
        self.severity = severity
        self.previous = previous
        self.value = value
        self.threshold = threshold
        self.at = at
        self.projectedAt = projectedAt
        self.reason = reason
    }
}

/// A reading kept by the engine for windows: time (ms since 1970) and value in the canonical unit.
public struct RuleReading: Sendable, Hashable, Codable {
    public var at: Int64
    public var value: Double
}

/// The engine's memory of one gauge inside an `nOfM` rule.
public struct MemberState: Sendable, Hashable, Codable {
    public internal(set) var readings: [RuleReading] = []
    /// The sum of `readings` (window-sum members), and whether the gauge meets the rule's member condition: kept
    /// with the readings so a reading of one gauge does not recount every gauge of a large group.
    public internal(set) var sum: Double = 0
    public internal(set) var meets = false
}

/// The engine's memory of one (rule, source): a value, persisted as JSON between runs.
///
/// Invariants: `readings` are in time order with distinct times, and only those a measure can still use;
/// `evaluatedAt` never goes back; `heldSince` has one entry per level.
public struct SourceState: Sendable, Hashable, Codable {
    /// The active severity; nil when no alarm is up.
    public internal(set) var severity: Severity?
    /// The source's clock: the latest time it was evaluated at (newest reading or tick).
    public internal(set) var evaluatedAt: Int64?
    /// The newest reading's time.
    public internal(set) var newest: Int64?
    public internal(set) var readings: [RuleReading] = []
    /// Per level: since when its condition has held without a break (evaluation times), for the minimum duration.
    public internal(set) var heldSince: [Int64?] = []
    /// `noData`: when the engine first watched a source that never reported.
    public internal(set) var watchedSince: Int64?
    /// `nOfM`: each gauge's readings, by station id.
    public internal(set) var members: [String: MemberState] = [:]
    /// `nOfM`: how many gauges meet the member condition, and when the oldest reading of a window-sum gauge leaves
    /// its window (before then no gauge's sum can change without a reading of its own).
    public internal(set) var meeting = 0
    public internal(set) var memberExpiry: Int64?
}

/// Everything the engine remembers, by rule id and source. Codable, so it can be saved and restored between runs:
/// evaluating events in chunks with a save and restore between them gives the same intents as one run.
public struct AlarmState: Sendable, Hashable, Codable {
    public internal(set) var sources: [String: [String: SourceState]] = [:]
    /// The newest tick seen.
    public internal(set) var clock: Int64?
    /// Readings refused as later than the tolerance (counted, not evaluated).
    public internal(set) var lateIgnored: Int = 0

    public init() {}

    /// The state of one (rule, source), if the engine has any.
    public func source(_ rule: RuleID, _ source: String) -> SourceState? { sources[rule.rawValue]?[source] }
}
