/// What the hub knows of one intersection's signals between two decisions, on the intersection's clock (seconds).
///
/// Updated from each status (`observe`); the controllers read it and never see the wire.
public struct ControlState: Sendable, Hashable {
    /// The stage now green (during a transition: the stage being left).
    public var stage: Int
    /// When that stage's green began.
    public var greenSince: Double
    public var inTransition: Bool
    /// The stage the hub last asked for, if any.
    public var commanded: Int?
    /// When the hub last reconsidered the stage.
    public var lastDecisionAt: Double
    /// Per stage, the last instant it was seen green (start of control for stages not yet seen).
    public var lastGreen: [Double]
    public var webster: WebsterState?
    /// The queue model of lanes whose detector is silent.
    public var silentLanes: SilentLaneModel

    public init(stages: Int, stage: Int = 0, greenSince: Double = 0, now: Double = 0) {
        self.stage = stage
        self.greenSince = greenSince
        self.inTransition = false
        self.commanded = nil
        self.lastDecisionAt = -Double.infinity
        self.lastGreen = Array(repeating: now, count: stages)
        self.webster = nil
        self.silentLanes = SilentLaneModel()
    }

    /// Takes in a status: the stage green now, since when, and whether a transition runs.
    public mutating func observe(stage: Int, since: Double, transition: Bool, now: Double) {
        self.stage = stage
        self.greenSince = since
        self.inTransition = transition
        if !transition, lastGreen.indices.contains(stage) { lastGreen[stage] = now }
    }

    /// Seconds the current stage has been green.
    public func elapsed(at now: Double) -> Double { now - greenSince }
}

/// What the hub tells a controller for one intersection (the gateway spec's command).
public struct SignalCommand: Sendable, Hashable {
    public enum Action: Sendable, Hashable {
        case stage(Int)
        case allRed
        case flash
        case local
    }

    public var action: Action
    /// `plan`, `max-pressure`, `webster`, `override:<id>` or `fallback`.
    public var reason: String
    public var validFor: Double

    public init(_ action: Action, reason: String, validFor: Double = 5) {
        self.action = action
        self.reason = reason
        self.validFor = validFor
    }
}
