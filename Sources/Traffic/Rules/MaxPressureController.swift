/// Adaptive max-pressure control: at each decision step serve the stage with the largest pressure, within the
/// timing rules.
///
/// Once the current green has run its guaranteed green, among the other stages with demand:
/// 1. one unserved for longer than its wait limit is served (the longest-waiting first, then the higher pressure):
///    its `maxWait` when a reporting lane of it holds a vehicle, else (its only demand is lanes without data, which
///    may be empty) the larger of that and `silentOnlyMaxWait`;
/// 2. at maximum green the current stage yields to the one of highest pressure;
/// 3. otherwise switch to the highest-pressure stage when its pressure is positive and beats the current one by
///    `switchThreshold` plus `switchCostPerSecond` for each second of the inter-green.
/// With no other stage in demand the green rests where it is. Stages in `excluded` (a police restriction) are
/// never chosen, and a current stage in it is left as soon as its guaranteed green has run.
public enum MaxPressureController {
    public static func decide(_ x: Intersection, state: ControlState, estimate: DemandEstimate, now: Double,
                              settings: MaxPressureSettings, excluded: Set<Int> = []) -> Int {
        let current = state.stage
        if state.inTransition, let commanded = state.commanded { return commanded }
        guard x.stages.indices.contains(current) else { return 0 }
        guard state.elapsed(at: now) + 1e-9 >= x.stages[current].guaranteedGreen else { return current }
        let p = StagePressure(x, estimate: estimate, settings: settings)
        var allowed = x.stages.indices.filter { !excluded.contains($0) }
        if allowed.isEmpty { allowed = Array(x.stages.indices) }
        let others = allowed.filter { $0 != current && p.hasDemand[$0] }
        func best(_ candidates: [Int]) -> Int? {
            candidates.max { a, b in p.pressure[a] < p.pressure[b] || (p.pressure[a] == p.pressure[b] && a > b) }
        }
        if excluded.contains(current), !allowed.contains(current) {
            return best(others) ?? best(allowed) ?? current
        }
        guard !others.isEmpty else { return current }
        let starving = others.filter { s in
            let limit = p.hasMeasuredDemand[s] ? x.stages[s].maxWait : max(x.stages[s].maxWait, settings.silentOnlyMaxWait)
            return now - state.lastGreen[s] >= limit
        }
        if let starved = starving.min(by: { a, b in
            (state.lastGreen[a], -p.pressure[a]) < (state.lastGreen[b], -p.pressure[b])
        }) { return starved }
        guard let top = best(others) else { return current }
        if StageGuard.atMaxGreen(x: x, state: state, now: now) { return top }
        let cost = settings.switchCostPerSecond * x.interGreen(from: current, to: top).total
        return p.pressure[top] > 0 && p.pressure[top] > p.pressure[current] + settings.switchThreshold + cost ? top : current
    }

    /// The same decision from raw counts (no lane silent).
    public static func decide(_ x: Intersection, state: ControlState, queues: [LaneID: Double], now: Double,
                              settings: MaxPressureSettings, excluded: Set<Int> = []) -> Int {
        decide(x, state: state, estimate: DemandEstimate(queues: queues), now: now, settings: settings, excluded: excluded)
    }
}

extension DemandEstimate {
    /// Counts taken as they are, none estimated.
    public init(queues: [LaneID: Double]) {
        self.queues = queues
        self.silent = []
    }
}
