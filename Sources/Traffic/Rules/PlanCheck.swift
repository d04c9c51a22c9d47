/// Checks a fixed-time plan and a schedule against the intersection they belong to.
public enum PlanCheck {
    /// Cycle bounds every plan must respect, seconds.
    public static let cycleRange = 20.0...300.0

    /// The inter-green seconds of one cycle that runs the stages in order.
    public static func lostTime(_ x: Intersection) -> Double {
        let n = x.stages.count
        guard n > 1 else { return 0 }
        return (0..<n).reduce(0) { $0 + x.interGreen(from: $1, to: ($1 + 1) % n).total }
    }

    public static func check(_ plan: SignalPlan, for x: Intersection) throws(TrafficProblem) {
        guard TrafficName.isValid(plan.id) else { throw .invalidPlan(plan: plan.id, reason: "id") }
        guard cycleRange.contains(plan.cycle) else { throw .invalidPlan(plan: plan.id, reason: "cycle outside 20–300 s") }
        guard plan.splits.count == x.stages.count else {
            throw .invalidPlan(plan: plan.id, reason: "\(plan.splits.count) splits for \(x.stages.count) stages")
        }
        for (i, split) in plan.splits.enumerated() where split < x.stages[i].guaranteedGreen || split > x.stages[i].maxGreen {
            throw .invalidPlan(plan: plan.id, reason: "split \(i) outside the stage's guaranteed and maximum green")
        }
        guard plan.offset >= 0, plan.offset < plan.cycle else { throw .invalidPlan(plan: plan.id, reason: "offset outside 0..<cycle") }
        let used = plan.splits.reduce(0, +) + lostTime(x)
        guard abs(used - plan.cycle) < 0.001 || used < plan.cycle else {
            throw .invalidPlan(plan: plan.id, reason: "splits + inter-greens = \(used) s exceed the cycle")
        }
    }

    public static func check(_ setup: TimingSetup, for x: Intersection) throws(TrafficProblem) {
        var ids = Set<String>()
        for plan in setup.plans {
            guard ids.insert(plan.id).inserted else { throw .invalidPlan(plan: plan.id, reason: "twice") }
            try check(plan, for: x)
        }
        var starts = Set<Int>()
        for entry in setup.schedule {
            guard let minute = entry.startMinute else { throw .invalidSchedule(reason: "start \(entry.start) is not HH:MM") }
            guard starts.insert(minute).inserted else { throw .invalidSchedule(reason: "two entries start at \(entry.start)") }
            if entry.controller == .fixed, setup.plan(entry.plan) == nil {
                throw .invalidSchedule(reason: "fixed control at \(entry.start) names no known plan")
            }
            if let name = entry.plan, setup.plan(name) == nil {
                throw .invalidSchedule(reason: "unknown plan \(name) at \(entry.start)")
            }
        }
    }
}
