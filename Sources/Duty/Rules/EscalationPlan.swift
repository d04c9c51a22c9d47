/// The schedule an unacknowledged call follows, as offsets from its first notification. For every rung of the
/// chain, from `base` (0 for the first rung): the person on duty at `base`, the same person again at
/// `base + renotify`, the leader on call at `base + leader`; the next rung's base is `nextLevel` minutes after
/// this rung's leader. With the defaults (5, 10, 5) and three rungs: 0, 5, 10 · 15, 20, 25 · 30, 35, 40. Pure.
public struct EscalationPlan: Sendable, Hashable {
    /// One notification of the plan.
    public struct Step: Sendable, Hashable {
        public var index: Int
        /// Index into the call's chain.
        public var rung: Int
        public var role: DutyRole
        /// 1 for the first notification of this role at this rung, 2 for the re-notification.
        public var attempt: Int
        /// Minutes after the call's first notification.
        public var offsetMinutes: Int
    }

    public let steps: [Step]

    public init(rungs: Int, policy: DutyPolicy) {
        var steps: [Step] = []
        let period = policy.leaderMinutes + policy.nextLevelMinutes
        for rung in 0..<max(rungs, 0) {
            let base = rung * period
            let pattern: [(role: DutyRole, attempt: Int, offset: Int)] = [
                (.duty, 1, 0), (.duty, 2, policy.renotifyMinutes), (.leader, 1, policy.leaderMinutes),
            ]
            for (role, attempt, offset) in pattern {
                steps.append(Step(index: steps.count, rung: rung, role: role, attempt: attempt, offsetMinutes: base + offset))
            }
        }
        self.steps = steps
    }

    /// The first step of `rung`, or nil past the last rung.
    public func firstStep(of rung: Int) -> Int? {
        steps.first { $0.rung == rung }?.index
    }

    /// Minutes from step `index` to the step after it; nil after the last.
    public func gap(after index: Int) -> Int? {
        guard index + 1 < steps.count, index >= 0 else { return nil }
        return steps[index + 1].offsetMinutes - steps[index].offsetMinutes
    }
}
