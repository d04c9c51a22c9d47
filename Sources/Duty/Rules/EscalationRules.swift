import Foundation
import HubKit

/// How a call moves: which step is due, what sending it does to the call, and what an acknowledgement does.
/// Pure: the store applies the results in one transaction with their journal events.
public enum EscalationRules {
    /// The step due at `now`, or nil when nothing is (closed, spent, or not yet).
    public static func due(_ call: DutyCall, at now: Date) -> EscalationPlan.Step? {
        guard call.isOpen, let due = call.nextDueAt, due <= now else { return nil }
        let plan = EscalationPlan(rungs: call.chain.count, policy: call.policy)
        return call.step < plan.steps.count ? plan.steps[call.step] : nil
    }

    /// The call after step number `call.step` was sent. The next due time counts from this step's *due* time, not
    /// from when it was sent, so a tick that runs late (or after a restart) sends the overdue steps at once, in
    /// order, and the schedule does not drift.
    public static func advanced(_ call: DutyCall) -> DutyCall {
        var next = call
        let plan = EscalationPlan(rungs: call.chain.count, policy: call.policy)
        if let due = call.nextDueAt, let gap = plan.gap(after: call.step) {
            next.nextDueAt = due.addingTimeInterval(TimeInterval(gap * 60))
        } else {
            next.nextDueAt = nil
        }
        next.step = call.step + 1
        next.version = call.version + 1
        return next
    }

    /// What an acknowledgement at `now` does.
    public enum Acknowledgement: Sendable, Hashable {
        /// The call closes.
        case close(DutyCall)
        /// The rung acknowledged, the call reports to the next rung at once (逐级上报).
        case climb(DutyCall, acknowledgedRung: Int)
        /// Nothing: the rung last called already acknowledged (a repeated acknowledgement).
        case unchanged
    }

    /// The rung last called (the one an acknowledgement is for).
    public static func currentRung(_ call: DutyCall) -> Int {
        let plan = EscalationPlan(rungs: call.chain.count, policy: call.policy)
        let last = min(max(call.step - 1, 0), plan.steps.count - 1)
        return last >= 0 ? plan.steps[last].rung : 0
    }

    public static func acknowledge(_ call: DutyCall, reason: DutyCloseReason, by actor: String, at now: Date) -> Acknowledgement {
        guard call.isOpen else { return .unchanged }
        let rung = currentRung(call)
        if let acknowledged = call.acknowledgedRung, acknowledged >= rung { return .unchanged }
        var next = call
        next.version = call.version + 1
        next.acknowledgedRung = rung
        let plan = EscalationPlan(rungs: call.chain.count, policy: call.policy)
        if call.reportEveryLevel, let first = plan.firstStep(of: rung + 1) {
            next.step = first
            next.nextDueAt = now
            return .climb(next, acknowledgedRung: rung)
        }
        next.nextDueAt = nil
        next.closedAt = now
        next.closedBy = actor
        next.closeReason = reason
        return .close(next)
    }
}
