/// Lane counts from detector readings, with missing detectors estimated rather than taken as empty.
///
/// A lane without a reading takes the mean of the first non-empty group of reporting lanes of its side (incoming or
/// outgoing), its *peers*: (1) same approach and same stage signature (the stages giving it green) — the other lane of
/// the same movement; (2) same signature anywhere at the junction; (3) same approach; (4) every lane of its side;
/// failing all, `unknownLaneQueue`. Outgoing lanes have no signature, so for them (3) and (4) apply. A silent incoming
/// lane is moreover at least its queue model's count (`SilentLaneModel`) and at least what its other end shows: the
/// outgoing zone of the upstream intersection when the lane links two of them (`upstream`, by lane id).
public struct DemandEstimate: Sendable {
    public let queues: [LaneID: Double]
    /// The lanes whose count is an estimate (no detector data in this status).
    public let silent: Set<LaneID>

    public static func queue(_ r: DetectorReading, _ s: MaxPressureSettings) -> Double {
        let halting = max(0, r.halting), moving = max(0, r.vehicles - r.halting)
        return s.haltingWeight * halting + s.movingWeight * moving
    }

    public init(_ x: Intersection, readings: [LaneID: DetectorReading], settings: MaxPressureSettings,
                model: [LaneID: Double] = [:], upstream: [LaneID: Double] = [:]) {
        var known: [LaneID: Double] = [:]
        for lane in x.lanes {
            if let r = readings[lane.id] { known[lane.id] = Self.queue(r, settings) }
        }
        var result = known
        var silent = Set<LaneID>()
        let signature = Self.signatures(x)
        for lane in x.lanes where known[lane.id] == nil {
            silent.insert(lane.id)
            let peers = Self.peers(of: lane, in: x, reporting: Set(known.keys), signature: signature)
            var q = peers.isEmpty ? settings.unknownLaneQueue
                : peers.map { known[$0.id] ?? 0 }.reduce(0, +) / Double(peers.count)
            if lane.role == .incoming { q = max(q, model[lane.id] ?? 0, upstream[lane.id] ?? 0) }
            result[lane.id] = q
        }
        queues = result
        self.silent = silent
    }

    /// Per incoming lane, the stages giving it green.
    public static func signatures(_ x: Intersection) -> [LaneID: Set<Int>] {
        var signature: [LaneID: Set<Int>] = [:]
        for (s, movements) in x.stageMovements.enumerated() {
            for m in movements { signature[m.from, default: []].insert(s) }
        }
        return signature
    }

    /// The reporting lanes a silent `lane` is estimated from: the first non-empty group (see the type's summary).
    public static func peers(of lane: Lane, in x: Intersection, reporting: Set<LaneID>,
                             signature: [LaneID: Set<Int>]) -> [Lane] {
        let side = x.lanes.filter { $0.role == lane.role && $0.id != lane.id && reporting.contains($0.id) }
        let sig = signature[lane.id]
        let groups: [[Lane]] = [
            lane.role == .incoming ? side.filter { $0.approach == lane.approach && signature[$0.id] == sig } : [],
            lane.role == .incoming ? side.filter { signature[$0.id] == sig } : [],
            side.filter { $0.approach == lane.approach },
            side,
        ]
        return groups.first { !$0.isEmpty } ?? []
    }

    /// The counts only (see `init`).
    public static func queues(_ x: Intersection, readings: [LaneID: DetectorReading],
                              settings: MaxPressureSettings) -> [LaneID: Double] {
        DemandEstimate(x, readings: readings, settings: settings).queues
    }
}
