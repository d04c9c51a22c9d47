/// Adaptive max-pressure control: at each decision step serve the stage with the largest pressure, within the
/// timing rules.
///
/// Order of the rules, each step once the current green has run its guaranteed green:
/// 1. a stage with demand unserved for longer than its `maxWait` is served (the longest-waiting first);
/// 2. at maximum green the current stage ends if another stage has demand (the one of highest pressure);
/// 3. otherwise switch to the highest-pressure stage when it beats the current one by `switchThreshold`.
/// Stages in `excluded` (a police restriction) are never chosen unless nothing else is left.
public enum MaxPressureController {
    public static func decide(_ x: Intersection, state: ControlState, queues: [LaneID: Double], now: Double,
                              settings: MaxPressureSettings, excluded: Set<Int> = []) -> Int {
        let current = state.stage
        if state.inTransition, let commanded = state.commanded { return commanded }
        guard x.stages.indices.contains(current) else { return 0 }
        guard state.elapsed(at: now) + 1e-9 >= x.stages[current].guaranteedGreen else { return current }
        let p = StagePressure(x, queues: queues, settings: settings)
        var allowed = x.stages.indices.filter { !excluded.contains($0) }
        if allowed.isEmpty { allowed = Array(x.stages.indices) }
        let waiting = allowed.filter { s in
            s != current && p.demand[s] >= settings.demandThreshold && now - state.lastGreen[s] >= x.stages[s].maxWait
        }
        if let starved = waiting.min(by: { state.lastGreen[$0] < state.lastGreen[$1] }) { return starved }
        let others = allowed.filter { $0 != current }
        func best(_ candidates: [Int]) -> Int? {
            candidates.max { a, b in p.pressure[a] < p.pressure[b] || (p.pressure[a] == p.pressure[b] && a > b) }
        }
        if excluded.contains(current), let next = best(others) { return next }
        if StageGuard.atMaxGreen(x: x, state: state, now: now) {
            let demanding = others.filter { p.demand[$0] >= settings.demandThreshold }
            return best(demanding) ?? current
        }
        guard let top = best(others) else { return current }
        return p.pressure[top] > p.pressure[current] + settings.switchThreshold ? top : current
    }
}
