/// Settings of flow-optimised (Webster) control.
public struct WebsterSettings: Sendable, Hashable, Codable {
    public var minCycle: Double
    public var maxCycle: Double
    /// Seconds of measured flow behind each new target plan.
    public var period: Double
    /// The most the cycle may change from one cycle to the next, as a fraction (0.15 = 15 %).
    public var maxCycleChange: Double

    public init(minCycle: Double = 40, maxCycle: Double = 120, period: Double = 300, maxCycleChange: Double = 0.15) {
        self.minCycle = minCycle
        self.maxCycle = maxCycle
        self.period = period
        self.maxCycleChange = maxCycleChange
    }

    public static let standard = WebsterSettings()
}

/// What Webster control keeps between decisions: the running plan, the target it moves to, and the counts of the
/// current measuring period.
public struct WebsterState: Sendable, Hashable {
    public var plan: SignalPlan
    public var target: SignalPlan?
    public var cycleStart: Double
    public var periodStart: Double
    /// Vehicles that crossed each incoming lane's stop line this period, and the seconds the lane reported.
    public var passed: [LaneID: Double]
    public var reportedSeconds: [LaneID: Double]
    public var lastSample: Double

    public init(plan: SignalPlan, now: Double) {
        self.plan = plan
        self.target = nil
        self.cycleStart = now
        self.periodStart = now
        self.passed = [:]
        self.reportedSeconds = [:]
        self.lastSample = now
    }
}

/// Flow-optimised fixed-time control: a fixed-time plan whose cycle and splits follow Webster's formulas for the
/// flows measured over the last period, changed at cycle boundaries by at most `maxCycleChange` per cycle.
public enum WebsterController {
    /// A plan that gives every stage its guaranteed green and runs them in order, as a start.
    public static func startingPlan(_ x: Intersection) -> SignalPlan {
        let splits = x.stages.map { max($0.guaranteedGreen, min($0.maxGreen, 20)) }
        return SignalPlan(id: "webster", cycle: splits.reduce(0, +) + PlanCheck.lostTime(x), splits: splits)
    }

    /// The plan Webster gives for per-lane `flows` (vehicles per hour), greens held within each stage's guaranteed
    /// and maximum green and the cycle recomputed as their sum plus the lost time.
    public static func plan(_ x: Intersection, flows: [LaneID: Double], settings: WebsterSettings) -> SignalPlan {
        let lost = PlanCheck.lostTime(x)
        let ratios = Webster.flowRatios(x, flows: flows)
        let cycle = Webster.cycle(lostTime: lost, flowRatios: ratios, bounds: settings.minCycle...settings.maxCycle)
        let greens = Webster.greens(cycle: cycle, lostTime: lost, flowRatios: ratios)
        let splits = zip(greens, x.stages).map { g, s in min(max(g, s.guaranteedGreen), s.maxGreen) }
        return SignalPlan(id: "webster", cycle: splits.reduce(0, +) + lost, splits: splits)
    }

    /// One step from a status: count the flows, roll the cycle over (adopting a new target at period ends and
    /// moving toward it), and return the stage the running plan shows now.
    public static func step(_ x: Intersection, state: inout WebsterState, readings: [LaneID: DetectorReading],
                            now: Double, settings: WebsterSettings) -> Int {
        let dt = max(0, now - state.lastSample)
        state.lastSample = now
        for lane in x.incomingLanes {
            guard let r = readings[lane.id] else { continue }
            state.passed[lane.id, default: 0] += max(0, r.passed)
            state.reportedSeconds[lane.id, default: 0] += dt
        }
        while now - state.cycleStart >= state.plan.cycle {
            state.cycleStart += state.plan.cycle
            if now - state.periodStart >= settings.period {
                state.target = plan(x, flows: flows(x, state: state), settings: settings)
                state.periodStart = now
                state.passed = [:]
                state.reportedSeconds = [:]
            }
            if let target = state.target { state.plan = approach(state.plan, target: target, x: x, settings: settings) }
        }
        return FixedTimeController.stage(state.plan, x: x, at: now, cycleStart: state.cycleStart)
    }

    /// Per-lane flows (veh/h) of the period; a lane that never reported takes the mean of its approach's lanes that
    /// did, or of all lanes that did.
    public static func flows(_ x: Intersection, state: WebsterState) -> [LaneID: Double] {
        var known: [LaneID: Double] = [:]
        for (lane, seconds) in state.reportedSeconds where seconds > 0 {
            known[lane] = (state.passed[lane] ?? 0) / seconds * 3600
        }
        var result = known
        let incoming = x.incomingLanes
        let all = known.values
        for lane in incoming where known[lane.id] == nil {
            let peers = incoming.filter { $0.approach == lane.approach }.compactMap { known[$0.id] }
            if !peers.isEmpty { result[lane.id] = peers.reduce(0, +) / Double(peers.count) }
            else if !all.isEmpty { result[lane.id] = all.reduce(0, +) / Double(all.count) }
        }
        return result
    }

    /// `current` moved toward `target`: the cycle by at most `maxCycleChange`, the greens scaled to fit it.
    public static func approach(_ current: SignalPlan, target: SignalPlan, x: Intersection, settings: WebsterSettings) -> SignalPlan {
        let lost = PlanCheck.lostTime(x)
        let low = current.cycle * (1 - settings.maxCycleChange), high = current.cycle * (1 + settings.maxCycleChange)
        let cycle = min(max(target.cycle, low), high)
        guard abs(cycle - target.cycle) > 1e-9 else { return target }
        let targetGreen = max(1e-9, target.cycle - lost)
        let scale = max(0, cycle - lost) / targetGreen
        let splits = zip(target.splits, x.stages).map { g, s in min(max(g * scale, s.guaranteedGreen), s.maxGreen) }
        return SignalPlan(id: "webster", cycle: splits.reduce(0, +) + lost, splits: splits)
    }
}
