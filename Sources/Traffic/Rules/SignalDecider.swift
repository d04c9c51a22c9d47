/// The settings of every controller, passed as one value.
public struct TrafficControlSettings: Sendable, Hashable, Codable {
    public var maxPressure: MaxPressureSettings
    public var webster: WebsterSettings
    /// Seconds a command stays valid on the intersection's clock (the gateway falls back after).
    public var validFor: Double

    public init(maxPressure: MaxPressureSettings = .standard, webster: WebsterSettings = .standard, validFor: Double = 5) {
        self.maxPressure = maxPressure
        self.webster = webster
        self.validFor = validFor
    }

    public static let standard = TrafficControlSettings()
}

/// One decision for one intersection: the override in force, else the controller the schedule names, always
/// through `StageGuard`. Pure: the caller passes the state and keeps what comes back. `upstream`: the counts the
/// other intersections' outgoing zones report, by lane id (a silent incoming lane is seen from its other end);
/// `exits`: what left those zones, status by status (a silent lane's arrivals from its feeders).
public enum SignalDecider {
    public static func decide(_ x: Intersection, setup: TimingSetup, override: TrafficOverride?,
                              readings: [LaneID: DetectorReading], upstream: [LaneID: Double] = [:],
                              exits: ExitCounts = ExitCounts(), now: Double,
                              minuteOfDay: Int, state: inout ControlState, settings: TrafficControlSettings) -> SignalCommand {
        let validFor = settings.validFor
        var model = state.silentLanes
        model.update(x, readings: readings, state: state, now: now, exits: exits)
        state.silentLanes = model
        if let o = override {
            let reason = "override:\(o.id)"
            if o.kind != .restrict {
                // Waiting under an override is the officer's decision, not the controller's starvation: once
                // control returns, maximum wait counts from then and max-pressure clears the queues biggest first
                // instead of cycling every stage at its minimum green.
                state.lastGreen = Array(repeating: now, count: state.lastGreen.count)
            }
            switch o.kind {
            case .allRed: return SignalCommand(.allRed, reason: reason, validFor: validFor)
            case .flash: return SignalCommand(.flash, reason: reason, validFor: validFor)
            case .hold:
                return command(o.stage ?? state.stage, x: x, state: &state, now: now, reason: reason, validFor: validFor)
            case .release:
                let wanted = o.approach.flatMap { OverrideRules.stages(serving: $0, in: x).first } ?? state.stage
                return command(wanted, x: x, state: &state, now: now, reason: reason, validFor: validFor)
            case .forcePlan:
                if let plan = setup.plan(o.plan) {
                    return command(FixedTimeController.stage(plan, x: x, at: now), x: x, state: &state, now: now,
                                   reason: reason, validFor: validFor)
                }
            case .restrict:
                let excluded = Set(o.approach.map { OverrideRules.stages(serving: $0, in: x) } ?? [])
                let wanted = adaptive(x, readings: readings, upstream: upstream, now: now, state: &state, settings: settings,
                                      excluded: excluded)
                return command(wanted, x: x, state: &state, now: now, reason: reason, validFor: validFor)
            }
        }
        let entry = setup.entry(atMinute: minuteOfDay)
        switch entry.controller {
        case .fixed:
            if let plan = setup.plan(entry.plan) {
                return command(FixedTimeController.stage(plan, x: x, at: now), x: x, state: &state, now: now,
                               reason: "plan", validFor: validFor)
            }
        case .webster:
            var webster = state.webster ?? WebsterState(plan: setup.plan(entry.plan) ?? WebsterController.startingPlan(x), now: now)
            let wanted = WebsterController.step(x, state: &webster, readings: readings, now: now, settings: settings.webster)
            state.webster = webster
            return command(wanted, x: x, state: &state, now: now, reason: "webster", validFor: validFor)
        case .maxPressure:
            break
        }
        let wanted = adaptive(x, readings: readings, upstream: upstream, now: now, state: &state, settings: settings,
                              excluded: [])
        return command(wanted, x: x, state: &state, now: now, reason: "max-pressure", validFor: validFor)
    }

    static func adaptive(_ x: Intersection, readings: [LaneID: DetectorReading], upstream: [LaneID: Double], now: Double,
                         state: inout ControlState, settings: TrafficControlSettings, excluded: Set<Int>) -> Int {
        if let commanded = state.commanded, commanded == state.stage, !excluded.contains(commanded),
           now - state.lastDecisionAt < settings.maxPressure.decisionInterval - 1e-9 {
            return commanded
        }
        state.lastDecisionAt = now
        let estimate = DemandEstimate(x, readings: readings, settings: settings.maxPressure,
                                      model: state.silentLanes.queue, upstream: upstream)
        return MaxPressureController.decide(x, state: state, estimate: estimate, now: now, settings: settings.maxPressure,
                                            excluded: excluded)
    }

    static func command(_ wanted: Int, x: Intersection, state: inout ControlState, now: Double, reason: String,
                        validFor: Double) -> SignalCommand {
        let stage = StageGuard.permit(wanted, x: x, state: state, now: now)
        state.commanded = stage
        return SignalCommand(.stage(stage), reason: reason, validFor: validFor)
    }
}
