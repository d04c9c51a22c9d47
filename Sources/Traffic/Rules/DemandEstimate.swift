/// Lane counts from detector readings, with missing detectors estimated rather than taken as empty.
///
/// A lane without a reading takes the mean of the first non-empty group of reporting lanes of its side (incoming or
/// outgoing), its *peers*: (1) same approach and same movement — the other lane of the movement; (2) same movement
/// anywhere at the junction — e.g. the opposing through lane; (3) same approach; (4) every lane of its side; failing
/// all, `unknownLaneQueue`. Two incoming lanes make the same movement when they have the same main turn (straight if
/// one of the lane's movements goes straight, else its left, right or U-turn, in that order) and are green in a
/// common stage; when a lane's turns are not known, when they are green in exactly the same stages. Outgoing lanes
/// have no movement, so for them (3) and (4) apply. A silent incoming lane is moreover at least its queue model's
/// count (`SilentLaneModel`) and at least what its other end shows: the outgoing zone of the upstream intersection
/// when the lane links two of them (`upstream`, by lane id).
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

    /// What makes two incoming lanes the same movement: the stages giving the lane green and its main turn.
    public struct Signature: Sendable, Hashable {
        public var stages: Set<Int>
        public var turn: Turn?

        public init(stages: Set<Int>, turn: Turn?) {
            self.stages = stages
            self.turn = turn
        }

        /// Same main turn and green in a common stage; without turns on either side, green in the same stages.
        public func sameMovement(as other: Signature) -> Bool {
            guard let turn, let otherTurn = other.turn else { return stages == other.stages }
            return turn == otherTurn && !stages.isDisjoint(with: other.stages)
        }
    }

    /// A lane's main turn among its movements' turns: straight first, then left, right, U-turn; nil when none known.
    public static func mainTurn(_ turns: Set<Turn>) -> Turn? {
        [Turn.straight, .left, .right, .uturn].first { turns.contains($0) }
    }

    /// Per incoming lane, its signature.
    public static func signatures(_ x: Intersection) -> [LaneID: Signature] {
        var stages: [LaneID: Set<Int>] = [:]
        for (s, movements) in x.stageMovements.enumerated() {
            for m in movements { stages[m.from, default: []].insert(s) }
        }
        var turns: [LaneID: Set<Turn>] = [:]
        for m in x.movements {
            if let t = m.turn { turns[m.from, default: []].insert(t) }
        }
        var result: [LaneID: Signature] = [:]
        for lane in x.incomingLanes {
            result[lane.id] = Signature(stages: stages[lane.id] ?? [], turn: mainTurn(turns[lane.id] ?? []))
        }
        return result
    }

    /// The reporting lanes a silent `lane` is estimated from: the first non-empty group (see the type's summary).
    public static func peers(of lane: Lane, in x: Intersection, reporting: Set<LaneID>,
                             signature: [LaneID: Signature]) -> [Lane] {
        let side = x.lanes.filter { $0.role == lane.role && $0.id != lane.id && reporting.contains($0.id) }
        let sameMovement: [Lane]
        if lane.role == .incoming, let mine = signature[lane.id] {
            sameMovement = side.filter { other in signature[other.id].map { mine.sameMovement(as: $0) } ?? false }
        } else {
            sameMovement = []
        }
        let groups: [[Lane]] = [
            sameMovement.filter { $0.approach == lane.approach },
            sameMovement,
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
