/// Checks an intersection's invariants (see `Intersection`) before it is stored.
public enum IntersectionCheck {
    public static func check(_ x: Intersection) throws(TrafficProblem) {
        let id = x.id.rawValue
        guard !x.stages.isEmpty else { throw .invalidIntersection(id: id, reason: "no stage / 没有相位") }
        var roles: [LaneID: Lane.Role] = [:]
        for lane in x.lanes {
            guard roles[lane.id] == nil else { throw .invalidIntersection(id: id, reason: "lane \(lane.id) twice") }
            roles[lane.id] = lane.role
            guard let feeders = lane.feeders else { continue }
            guard lane.role == .incoming else {
                throw .invalidIntersection(id: id, reason: "lane \(lane.id): only an incoming lane has feeders / 只有进口车道有上游车道")
            }
            for f in feeders {
                guard !f.lane.isEmpty, f.lane.count <= 128, f.seconds.isFinite, f.seconds >= 0,
                      f.seconds < Double(ExitCounts.depth) else {
                    throw .invalidIntersection(id: id, reason: "lane \(lane.id): a feeder needs a lane id and 0 ≤ seconds < \(ExitCounts.depth)")
                }
            }
        }
        for m in x.movements {
            guard roles[m.from] == .incoming else { throw .unknownLane(intersection: id, lane: m.from) }
            guard roles[m.to] == .outgoing else { throw .unknownLane(intersection: id, lane: m.to) }
            guard m.signal >= 0, m.signal < x.signalCount else {
                throw .invalidIntersection(id: id, reason: "signal \(m.signal) outside 0..<\(x.signalCount)")
            }
        }
        for (i, s) in x.stages.enumerated() {
            guard s.signals.count == x.signalCount else {
                throw .invalidIntersection(id: id, reason: "stage \(i) has \(s.signals.count) signals, expected \(x.signalCount)")
            }
            guard s.minGreen >= 1, s.maxGreen >= s.minGreen, s.pedestrianMinGreen >= 0, s.pedestrianMinGreen <= s.maxGreen,
                  s.maxWait > 0, s.maxGreen <= 600 else {
                throw .invalidIntersection(id: id, reason: "stage \(i): need 1 ≤ minGreen ≤ maxGreen ≤ 600, 0 ≤ pedestrianMinGreen ≤ maxGreen, maxWait > 0")
            }
            guard !s.greenSignals.isEmpty else { throw .invalidIntersection(id: id, reason: "stage \(i) has no green signal") }
        }
        for g in x.interGreens {
            guard x.stages.indices.contains(g.from), x.stages.indices.contains(g.to), g.yellow >= 0, g.allRed >= 0,
                  g.total <= 30 else {
                throw .invalidIntersection(id: id, reason: "inter-green \(g.from)→\(g.to) invalid")
            }
        }
    }
}
