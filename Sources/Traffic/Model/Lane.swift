/// A lane at an intersection: it either enters the junction (its stop line is at the junction) or leaves it.
public struct Lane: Sendable, Hashable, Codable {
    public enum Role: String, Sendable, Hashable, Codable {
        case incoming, outgoing
    }

    public var id: LaneID
    /// The approach (road, SUMO edge) the lane belongs to; lanes of one approach share demand estimates.
    public var approach: String
    public var role: Role
    /// Length in metres, when known.
    public var length: Double?
    /// For an incoming lane: the outgoing lanes of other intersections whose vehicles reach it with no signal between
    /// (the lane itself where it links two intersections, or the lanes before a lane split), when known.
    public var feeders: [Feeder]?

    public init(id: LaneID, approach: String, role: Role, length: Double? = nil, feeders: [Feeder]? = nil) {
        self.id = id
        self.approach = approach
        self.role = role
        self.length = length
        self.feeders = feeders
    }
}

/// An outgoing lane of another intersection that feeds an incoming lane, and the free-flow seconds from the end of
/// its detector zone to the start of the fed lane's zone.
public struct Feeder: Sendable, Hashable, Codable {
    public var lane: LaneID
    public var seconds: Double

    public init(lane: LaneID, seconds: Double) {
        self.lane = lane
        self.seconds = seconds
    }
}

/// The direction a movement turns at the junction (SUMO's `dir` of a `<connection>`).
public enum Turn: String, Sendable, Hashable, Codable, CaseIterable {
    case straight, left, right, uturn

    /// SUMO's letter: `s` straight, `l`/`L` (partly) left, `r`/`R` (partly) right, `t` turnaround; nil for others.
    public init?(sumo letter: String) {
        switch letter {
        case "s": self = .straight
        case "l", "L": self = .left
        case "r", "R": self = .right
        case "t": self = .uturn
        default: return nil
        }
    }
}

/// One permitted movement: from an incoming lane to an outgoing lane, shown by one signal of the controller.
public struct Movement: Sendable, Hashable, Codable {
    public var from: LaneID
    public var to: LaneID
    /// Index of the signal (SUMO `linkIndex`) in each stage's signal-state string.
    public var signal: Int
    /// Where it turns, when known (optional in a site file; absent in data stored before it existed).
    public var turn: Turn?

    public init(from: LaneID, to: LaneID, signal: Int, turn: Turn? = nil) {
        self.from = from
        self.to = to
        self.signal = signal
        self.turn = turn
    }
}
