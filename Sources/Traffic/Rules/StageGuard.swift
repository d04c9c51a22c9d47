/// The timing rules every controller obeys, whatever it wants: a green is never cut below its guaranteed green
/// (vehicle and pedestrian minimum), and no stage is asked for while a transition runs to another.
public enum StageGuard {
    /// The stage to ask for when a controller wants `wanted`: `wanted` once the current green may end, else the
    /// current stage.
    public static func permit(_ wanted: Int, x: Intersection, state: ControlState, now: Double) -> Int {
        guard x.stages.indices.contains(wanted) else { return state.stage }
        if state.inTransition, let commanded = state.commanded { return commanded }
        guard wanted != state.stage, x.stages.indices.contains(state.stage) else { return wanted }
        return state.elapsed(at: now) + 1e-9 >= x.stages[state.stage].guaranteedGreen ? wanted : state.stage
    }

    /// True when the current green has reached its maximum.
    public static func atMaxGreen(x: Intersection, state: ControlState, now: Double) -> Bool {
        x.stages.indices.contains(state.stage) && state.elapsed(at: now) >= x.stages[state.stage].maxGreen
    }
}
