/// Lane counts from detector readings, with missing detectors estimated rather than taken as empty.
///
/// A lane without a reading takes the mean of the first non-empty group of reporting lanes of its side (incoming or
/// outgoing): (1) same approach and same stage signature (the stages giving it green) — the other lane of the same
/// movement; (2) same signature anywhere at the junction; (3) same approach; (4) every lane of its side; failing all,
/// `unknownLaneQueue`. Outgoing lanes have no signature, so for them (3) and (4) apply.
public struct DemandEstimate: Sendable {
    public let queues: [LaneID: Double]
    /// The lanes whose count is an estimate (no detector data in this status).
    public let silent: Set<LaneID>

    public static func queue(_ r: DetectorReading, _ s: MaxPressureSettings) -> Double {
        let halting = max(0, r.halting), moving = max(0, r.vehicles - r.halting)
        return s.haltingWeight * halting + s.movingWeight * moving
    }

    public init(_ x: Intersection, readings: [LaneID: DetectorReading], settings: MaxPressureSettings) {
        var known: [LaneID: Double] = [:]
        for lane in x.lanes {
            if let r = readings[lane.id] { known[lane.id] = Self.queue(r, settings) }
        }
        var signature: [LaneID: Set<Int>] = [:]
        for (s, movements) in x.stageMovements.enumerated() {
            for m in movements { signature[m.from, default: []].insert(s) }
        }
        func mean(_ lanes: [Lane]) -> Double? {
            let values = lanes.compactMap { known[$0.id] }
            return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
        }
        var result = known
        var silent = Set<LaneID>()
        for lane in x.lanes where known[lane.id] == nil {
            silent.insert(lane.id)
            let side = x.lanes.filter { $0.role == lane.role && $0.id != lane.id }
            let sig = signature[lane.id]
            let groups: [[Lane]] = [
                lane.role == .incoming ? side.filter { $0.approach == lane.approach && signature[$0.id] == sig } : [],
                lane.role == .incoming ? side.filter { signature[$0.id] == sig } : [],
                side.filter { $0.approach == lane.approach },
                side,
            ]
            result[lane.id] = groups.lazy.compactMap(mean).first ?? settings.unknownLaneQueue
        }
        queues = result
        self.silent = silent
    }

    /// The counts only (see `init`).
    public static func queues(_ x: Intersection, readings: [LaneID: DetectorReading],
                              settings: MaxPressureSettings) -> [LaneID: Double] {
        DemandEstimate(x, readings: readings, settings: settings).queues
    }
}
