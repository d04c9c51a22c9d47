/// The tunable parameters of the adaptive controller. Defaults: see docs/ARCHITECTURE.md (Traffic) for where they
/// come from.
public struct MaxPressureSettings: Sendable, Hashable, Codable {
    /// Seconds between two reconsiderations of the stage once its guaranteed green has run.
    public var decisionInterval: Double
    /// Queue weight of a halting vehicle and of a moving vehicle in a lane's zone.
    public var haltingWeight: Double
    public var movingWeight: Double
    /// Weight of the downstream (outgoing lane) queue in a movement's pressure.
    public var outgoingWeight: Double
    /// Switch only when the best stage's pressure exceeds the current stage's by more than this (hysteresis).
    public var switchThreshold: Double
    /// The queue assumed for a lane without data when no other lane of its intersection reported either.
    public var unknownLaneQueue: Double
    /// A stage "has demand" when the queue on its incoming lanes is at least this.
    public var demandThreshold: Double

    public init(decisionInterval: Double = 1, haltingWeight: Double = 1, movingWeight: Double = 0.3,
                outgoingWeight: Double = 1, switchThreshold: Double = 1, unknownLaneQueue: Double = 2,
                demandThreshold: Double = 0.5) {
        self.decisionInterval = decisionInterval
        self.haltingWeight = haltingWeight
        self.movingWeight = movingWeight
        self.outgoingWeight = outgoingWeight
        self.switchThreshold = switchThreshold
        self.unknownLaneQueue = unknownLaneQueue
        self.demandThreshold = demandThreshold
    }

    public static let standard = MaxPressureSettings()
}
