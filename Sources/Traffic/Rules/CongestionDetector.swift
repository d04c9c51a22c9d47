/// Early signs of congestion at an intersection from its incoming approaches' occupancy and queues, with hysteresis.
///
/// Each approach (road) is judged on its lanes' mean occupancy and mean halting count, and the intersection by its
/// worst approach: a queue backing up one road is congestion even while the side streets are empty (averaged over all
/// incoming lanes, the demo's morning peak at 1.25 times its demand — 350 s mean delay — never crossed a threshold for
/// a minute). Congested once an approach reaches `onOccupancy` or `onHalting` for `holdSeconds`; clear again once
/// every approach stays below `offOccupancy` and `offHalting` for `holdSeconds`. A break shorter than `graceSeconds`
/// does not restart the count: at a signal each green drains part of a queue for a moment.
public struct CongestionDetector: Sendable, Hashable {
    public struct Settings: Sendable, Hashable {
        public var onOccupancy = 0.6
        public var onHalting = 8.0
        public var offOccupancy = 0.3
        public var offHalting = 3.0
        public var holdSeconds = 60.0
        public var graceSeconds = 20.0

        public init() {}

        /// The congested threshold of the measure `byQueue` names.
        public func onThreshold(byQueue: Bool) -> Double { byQueue ? onHalting : onOccupancy }
    }

    /// A change of state to journal.
    public enum Change: String, Sendable, Hashable {
        case detected, cleared
    }

    /// One approach's means in a status.
    public struct Measure: Sendable, Hashable {
        public var approach: String
        public var occupancy: Double
        public var halting: Double

        public init(approach: String, occupancy: Double, halting: Double) {
            self.approach = approach
            self.occupancy = occupancy
            self.halting = halting
        }

        /// How far the approach is towards the congested thresholds (1 = at one of them).
        func load(_ s: Settings) -> Double { max(occupancy / s.onOccupancy, halting / s.onHalting) }

        /// This approach's value of the measure `byQueue` names: the queue (mean halting vehicles per lane), else the
        /// occupancy.
        public func value(byQueue: Bool) -> Double { byQueue ? halting : occupancy }
    }

    public private(set) var congested = false
    /// Whether the queue, not the occupancy, raised the congestion now in force (see `Measure.crossed`).
    public private(set) var raisedByQueue = false
    /// The most loaded approach of the last status with data.
    public private(set) var worst: Measure?
    /// When the current run across the threshold began, and when it was last seen across.
    private var since: Double?
    private var lastAcross: Double?

    public init() {}

    /// Takes one status's incoming-lane readings by approach at `now` (seconds on the intersection's clock); returns a
    /// change when the state flips. Lanes without data are left out of the means; no data at all changes nothing.
    public mutating func update(_ approaches: [String: [DetectorReading]], now: Double, settings: Settings = Settings()) -> Change? {
        let measures = approaches.sorted { $0.key < $1.key }.compactMap { approach, readings -> Measure? in
            guard !readings.isEmpty else { return nil }
            let occupancies = readings.compactMap(\.occupancy)
            let occupancy = occupancies.isEmpty ? 0 : occupancies.reduce(0, +) / Double(occupancies.count)
            let halting = readings.map(\.halting).reduce(0, +) / Double(readings.count)
            return Measure(approach: approach, occupancy: occupancy, halting: halting)
        }
        guard let top = measures.max(by: { $0.load(settings) < $1.load(settings) }) else { return nil }
        worst = top
        let crossing = congested
            ? measures.allSatisfy { $0.occupancy < settings.offOccupancy && $0.halting < settings.offHalting }
            : top.load(settings) >= 1
        guard crossing else {
            if let last = lastAcross, now - last > settings.graceSeconds {
                since = nil
                lastAcross = nil
            }
            return nil
        }
        let start = since ?? now
        since = start
        lastAcross = now
        guard now - start >= settings.holdSeconds else { return nil }
        congested.toggle()
        if congested { raisedByQueue = top.occupancy < settings.onOccupancy }
        since = nil
        lastAcross = nil
        return congested ? .detected : .cleared
    }
}
