/// The pressure and demand of each stage.
///
/// pressure(s) = Σ over the incoming lanes l with a green movement in s of
/// ( q(l) − outgoingWeight · mean of q over the outgoing lanes l feeds in s ),
/// so a lane feeding two lanes of one road is counted once. A stage has demand when one of its incoming lanes holds
/// a vehicle or is silent (a lane without data may hold vehicles; `maxWait` then sees it served).
public struct StagePressure: Sendable {
    public let pressure: [Double]
    public let hasDemand: [Bool]

    public init(_ x: Intersection, estimate: DemandEstimate, settings: MaxPressureSettings) {
        let q = estimate.queues
        var pressure: [Double] = [], hasDemand: [Bool] = []
        for movements in x.stageMovements {
            var outs: [LaneID: [LaneID]] = [:]
            for m in movements { outs[m.from, default: []].append(m.to) }
            var p = 0.0, demand = false
            for (lane, targets) in outs {
                let downstream = targets.map { q[$0] ?? 0 }.reduce(0, +) / Double(max(1, targets.count))
                p += (q[lane] ?? 0) - settings.outgoingWeight * downstream
                if (q[lane] ?? 0) > 0 || estimate.silent.contains(lane) { demand = true }
            }
            pressure.append(p)
            hasDemand.append(demand)
        }
        self.pressure = pressure
        self.hasDemand = hasDemand
    }
}
