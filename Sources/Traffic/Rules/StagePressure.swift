/// The pressure of each stage: Σ over its movements of (incoming queue share − outgoing queue share).
///
/// A lane feeding several movements gives each an equal share of its queue; an outgoing lane fed by several
/// movements likewise, so a lane is never counted twice within one movement set.
public struct StagePressure: Sendable {
    public let pressure: [Double]
    /// Queue on the incoming lanes each stage serves (each lane once).
    public let demand: [Double]

    public init(_ x: Intersection, queues: [LaneID: Double], settings: MaxPressureSettings) {
        var outs: [LaneID: Int] = [:], ins: [LaneID: Int] = [:]
        for m in x.movements {
            outs[m.from, default: 0] += 1
            ins[m.to, default: 0] += 1
        }
        var pressure: [Double] = [], demand: [Double] = []
        for movements in x.stageMovements {
            var p = 0.0
            var lanes = Set<LaneID>()
            var d = 0.0
            for m in movements {
                p += (queues[m.from] ?? 0) / Double(max(1, outs[m.from] ?? 1))
                p -= settings.outgoingWeight * (queues[m.to] ?? 0) / Double(max(1, ins[m.to] ?? 1))
                if lanes.insert(m.from).inserted { d += queues[m.from] ?? 0 }
            }
            pressure.append(p)
            demand.append(d)
        }
        self.pressure = pressure
        self.demand = demand
    }
}
