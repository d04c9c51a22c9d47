/// The tunable parameters of the adaptive controller. The defaults are those the SUMO evaluation of the Python
/// prototype settled on (`tools/traffic`, reported in docs/ARCHITECTURE.md, Traffic).
public struct MaxPressureSettings: Sendable, Hashable, Codable {
    /// Seconds between two reconsiderations of the stage once its guaranteed green has run.
    public var decisionInterval: Double
    /// Count weight of a halting vehicle and of a moving vehicle in a lane's zone (1 and 1: vehicles present).
    public var haltingWeight: Double
    public var movingWeight: Double
    /// Weight of the downstream (outgoing lanes') count in a lane's pressure.
    public var outgoingWeight: Double
    /// Switch only when the best stage's pressure exceeds the current stage's by more than this (hysteresis).
    public var switchThreshold: Double
    /// Extra margin per second of the inter-green the switch would cost.
    public var switchCostPerSecond: Double
    /// The count assumed for a lane without data when no other lane of its side of the intersection reported.
    public var unknownLaneQueue: Double
    /// Seconds a stage waits before it is served regardless of pressure when its only demand is estimated (lanes
    /// without data): an estimate says a vehicle *may* stand there, so forcing the stage at its `maxWait` would
    /// often serve an empty lane; a measured vehicle keeps the stage's own `maxWait`.
    public var silentOnlyMaxWait: Double

    public init(decisionInterval: Double = 1, haltingWeight: Double = 1, movingWeight: Double = 1,
                outgoingWeight: Double = 0.5, switchThreshold: Double = 0, switchCostPerSecond: Double = 0,
                unknownLaneQueue: Double = 2, silentOnlyMaxWait: Double = 240) {
        self.decisionInterval = decisionInterval
        self.haltingWeight = haltingWeight
        self.movingWeight = movingWeight
        self.outgoingWeight = outgoingWeight
        self.switchThreshold = switchThreshold
        self.switchCostPerSecond = switchCostPerSecond
        self.unknownLaneQueue = unknownLaneQueue
        self.silentOnlyMaxWait = silentOnlyMaxWait
    }

    public static let standard = MaxPressureSettings()
}
