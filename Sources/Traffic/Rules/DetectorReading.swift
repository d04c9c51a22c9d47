/// What the detector of one lane reported in one status (see the gateway spec): vehicles in its zone, how many of
/// them stand (speed < 0.1 m/s), how many crossed the stop line since the previous status, and occupancy 0–1.
public struct DetectorReading: Sendable, Hashable, Codable {
    public var vehicles: Double
    public var halting: Double
    public var passed: Double
    public var occupancy: Double?

    public init(vehicles: Double, halting: Double, passed: Double = 0, occupancy: Double? = nil) {
        self.vehicles = vehicles
        self.halting = halting
        self.passed = passed
        self.occupancy = occupancy
    }
}
