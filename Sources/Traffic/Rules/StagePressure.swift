/// The pressure and demand of each stage.
///
/// pressure(s) = Σ over the incoming lanes l with a green movement in s of
/// ( q(l) − outgoingWeight · mean of q over the outgoing lanes l feeds in s ),
/// so a lane feeding two lanes of one road is counted once. A stage has demand when one of its incoming lanes holds
/// a vehicle or is silent (a lane without data may hold vehicles; the wait limit then sees it served); its demand is
/// *measured* when a lane that reported holds a vehicle.
public struct StagePressure: Sendable {
    public let pressure: [Double]
    public let hasDemand: [Bool]
    public let hasMeasuredDemand: [Bool]

    public init(_ x: Intersection, estimate: DemandEstimate, settings: MaxPressureSettings) {
        let q = estimate.queues
        var pressure: [Double] = [], hasDemand: [Bool] = [], hasMeasuredDemand: [Bool] = []
        for movements in x.stageMovements {
            var outs: [LaneID: [LaneID]] = [:]
            for m in movements { outs[m.from, default: []].append(m.to) }
            var p = 0.0, demand = false, measured = false
            for (lane, targets) in outs {
                let downstream = targets.map { q[$0] ?? 0 }.reduce(0, +) / Double(max(1, targets.count))
                p += (q[lane] ?? 0) - settings.outgoingWeight * downstream
                let silent = estimate.silent.contains(lane)
                if (q[lane] ?? 0) > 0 || silent { demand = true }
                if (q[lane] ?? 0) > 0 && !silent { measured = true }
            }
            pressure.append(p)
            hasDemand.append(demand)
            hasMeasuredDemand.append(measured)
        }
        self.pressure = pressure
        self.hasDemand = hasDemand
        self.hasMeasuredDemand = hasMeasuredDemand
    }
}
