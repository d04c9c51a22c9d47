/// A queue model for incoming lanes whose detector is silent, kept between statuses.
///
/// Every status, each reporting incoming lane's stop-line count feeds a running mean of its arrivals per second
/// (time constant `rateWindow`). A silent lane's count then grows by what its feeders sent it — the vehicles over
/// their exit loops their `Feeder.seconds` ago, times this lane's share of the lanes each feeds (by arrival rate) —
/// or, without feeders or when one of them is dark, by the mean arrival rate of its peers (the lanes
/// `DemandEstimate` estimates it from); while one of its movements is green and the green has run `startUp` seconds
/// it drains at `saturation` vehicles per second; it stays within 0 and `zoneCapacity` (what a 100 m zone holds). So
/// a silent lane left red for long is seen to fill up even when its peers are empty at that moment, and a platoon
/// sent its way is seen arriving.
public struct SilentLaneModel: Sendable, Hashable {
    /// Vehicles per second a lane discharges while green.
    public static let saturation = 0.5
    /// Seconds over which arrival rates are averaged.
    public static let rateWindow = 300.0
    /// The most a lane's zone holds.
    public static let zoneCapacity = 13.0
    /// Seconds of a green before a queue is taken to discharge.
    public static let startUp = 2.0

    /// Reporting incoming lanes: running mean of the stop-line count per second.
    public private(set) var arrivalRate: [LaneID: Double] = [:]
    /// Silent incoming lanes: the modelled count.
    public private(set) var queue: [LaneID: Double] = [:]
    public private(set) var lastUpdate: Double?

    public init() {}

    /// Takes in one status: `readings` of the lanes that reported, the signals as `state` observed them.
    public mutating func update(_ x: Intersection, readings: [LaneID: DetectorReading], state: ControlState, now: Double,
                                exits: ExitCounts = ExitCounts()) {
        let dt = lastUpdate.map { now - $0 } ?? 1
        lastUpdate = now
        guard dt > 0, dt.isFinite else { return }
        let weight = min(1, dt / Self.rateWindow)
        let incoming = x.incomingLanes
        for lane in incoming {
            guard let r = readings[lane.id] else { continue }
            let passed = r.passed.isFinite ? max(0, r.passed) : 0
            arrivalRate[lane.id] = (1 - weight) * (arrivalRate[lane.id] ?? 0) + weight * passed / dt
        }
        let silent = incoming.filter { readings[$0.id] == nil }
        guard !silent.isEmpty else {
            queue = [:]
            return
        }
        let reporting = Set(readings.keys)
        let signature = DemandEstimate.signatures(x)
        let green: Set<LaneID> = !state.inTransition && x.stageMovements.indices.contains(state.stage)
            && state.elapsed(at: now) >= Self.startUp ? Set(x.stageMovements[state.stage].map(\.from)) : []
        var next: [LaneID: Double] = [:]
        for lane in silent {
            let peers = DemandEstimate.peers(of: lane, in: x, reporting: reporting, signature: signature)
            let arrive = peers.isEmpty ? 0 : peers.map { arrivalRate[$0.id] ?? 0 }.reduce(0, +) / Double(peers.count)
            let arrived = fed(lane, in: x, exits: exits, rate: arrive, reporting: reporting) ?? arrive * dt
            var q = (queue[lane.id] ?? 0) + arrived
            if green.contains(lane.id) { q -= Self.saturation * dt }
            next[lane.id] = min(Self.zoneCapacity, max(0, q))
        }
        queue = next
    }

    /// Vehicles reaching a silent lane's zone in this status from its feeders; nil when it has none or one of them is
    /// dark. `rate` stands for this lane's and other silent lanes' arrival rate in the shares.
    func fed(_ lane: Lane, in x: Intersection, exits: ExitCounts, rate: Double, reporting: Set<LaneID>) -> Double? {
        guard let feeders = lane.feeders, !feeders.isEmpty else { return nil }
        var total = 0.0
        for feeder in feeders {
            guard let count = exits.count(feeder.lane, statusesAgo: Int(feeder.seconds.rounded())) else { return nil }
            let fan = x.incomingLanes.filter { $0.feeders?.contains { $0.lane == feeder.lane } ?? false }
            let rates = fan.map { reporting.contains($0.id) ? arrivalRate[$0.id] ?? rate : rate }
            let sum = rates.reduce(0, +)
            total += count * (sum > 0 ? rate / sum : 1 / Double(max(1, fan.count)))
        }
        return total
    }
}
