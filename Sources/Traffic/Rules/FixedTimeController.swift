/// Fixed-time control: the stage a plan shows at instant `now` (seconds on the intersection's clock).
///
/// The cycle starts at `offset` (modulo the cycle); stage *i* is green for `splits[i]`, then the inter-green to
/// stage *i*+1 runs, during which the plan already asks for stage *i*+1.
public enum FixedTimeController {
    public static func stage(_ plan: SignalPlan, x: Intersection, at now: Double, cycleStart: Double? = nil) -> Int {
        guard plan.cycle > 0, !plan.splits.isEmpty else { return 0 }
        let origin = cycleStart ?? plan.offset
        var t = (now - origin).truncatingRemainder(dividingBy: plan.cycle)
        if t < 0 { t += plan.cycle }
        let n = min(plan.splits.count, x.stages.count)
        guard n > 0 else { return 0 }
        for i in 0..<n {
            let green = plan.splits[i]
            if t < green { return i }
            t -= green
            let next = (i + 1) % n
            let clearance = n > 1 ? x.interGreen(from: i, to: next).total : 0
            if t < clearance { return next }
            t -= clearance
        }
        return 0
    }
}
