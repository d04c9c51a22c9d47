/// Early signs of congestion at an intersection from its incoming lanes' occupancy and queues, with hysteresis:
/// congested once the mean occupancy reaches `onOccupancy` or the mean halting count `onHalting` for `holdSeconds`,
/// clear again once both stay below `offOccupancy` and `offHalting` for `holdSeconds`.
public struct CongestionDetector: Sendable, Hashable {
    public struct Settings: Sendable, Hashable {
        public var onOccupancy = 0.6
        public var onHalting = 8.0
        public var offOccupancy = 0.3
        public var offHalting = 3.0
        public var holdSeconds = 60.0

        public init() {}
    }

    /// A change of state to journal.
    public enum Change: String, Sendable, Hashable {
        case detected, cleared
    }

    public private(set) var congested = false
    private var since: Double?

    public init() {}

    /// Takes one status's incoming-lane readings at `now` (seconds on the intersection's clock); returns a change when
    /// the state flips. Lanes without data are left out of the means; no data at all changes nothing.
    public mutating func update(_ readings: [DetectorReading], now: Double, settings: Settings = Settings()) -> Change? {
        guard !readings.isEmpty else { return nil }
        let occupancies = readings.compactMap(\.occupancy)
        let occupancy = occupancies.isEmpty ? 0 : occupancies.reduce(0, +) / Double(occupancies.count)
        let halting = readings.map(\.halting).reduce(0, +) / Double(readings.count)
        let crossing = congested
            ? occupancy < settings.offOccupancy && halting < settings.offHalting
            : occupancy >= settings.onOccupancy || halting >= settings.onHalting
        guard crossing else {
            since = nil
            return nil
        }
        let start = since ?? now
        since = start
        guard now - start >= settings.holdSeconds else { return nil }
        congested.toggle()
        since = nil
        return congested ? .detected : .cleared
    }
}
