/// Lane queues from detector readings, with missing detectors estimated rather than taken as empty.
///
/// A lane without a reading gets the mean queue of the lanes of the same approach and role that reported; failing
/// that, the mean of all lanes of its role at the intersection; failing that, `unknownLaneQueue`.
public enum DemandEstimate {
    public static func queue(_ r: DetectorReading, _ s: MaxPressureSettings) -> Double {
        let halting = max(0, r.halting), moving = max(0, r.vehicles - r.halting)
        return s.haltingWeight * halting + s.movingWeight * moving
    }

    public static func queues(_ x: Intersection, readings: [LaneID: DetectorReading],
                              settings: MaxPressureSettings) -> [LaneID: Double] {
        var known: [LaneID: Double] = [:]
        var byApproach: [String: (sum: Double, n: Int)] = [:]
        var byRole: [Lane.Role: (sum: Double, n: Int)] = [:]
        for lane in x.lanes {
            guard let r = readings[lane.id] else { continue }
            let q = queue(r, settings)
            known[lane.id] = q
            let key = "\(lane.role.rawValue)|\(lane.approach)"
            byApproach[key, default: (0, 0)].sum += q
            byApproach[key, default: (0, 0)].n += 1
            byRole[lane.role, default: (0, 0)].sum += q
            byRole[lane.role, default: (0, 0)].n += 1
        }
        var result = known
        for lane in x.lanes where known[lane.id] == nil {
            if let a = byApproach["\(lane.role.rawValue)|\(lane.approach)"], a.n > 0 {
                result[lane.id] = a.sum / Double(a.n)
            } else if let r = byRole[lane.role], r.n > 0 {
                result[lane.id] = r.sum / Double(r.n)
            } else {
                result[lane.id] = settings.unknownLaneQueue
            }
        }
        return result
    }
}
