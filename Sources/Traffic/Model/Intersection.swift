import HubKit

/// A signalised intersection: its lanes, movements, stages and the inter-greens between stages.
///
/// Invariants (checked by `IntersectionCheck` on every import and edit): at least one stage; every movement's lanes
/// exist with the right role; every signal index is below `signalCount`; stage signal strings are `signalCount` long.
public struct Intersection: Sendable, Hashable, Codable {
    public var id: IntersectionID
    public var name: String
    public var location: GeoPoint?
    /// The department (traffic police unit) that owns it; department roles see only their own.
    public var department: String?
    public var lanes: [Lane]
    public var movements: [Movement]
    public var stages: [Stage]
    public var interGreens: [InterGreen]
    public var signalCount: Int
    /// The traffic cameras that watch it (ids of the geography's camera features); nil when none are known.
    public var cameras: [String]?

    public init(id: IntersectionID, name: String, location: GeoPoint? = nil, department: String? = nil, lanes: [Lane],
                movements: [Movement], stages: [Stage], interGreens: [InterGreen], signalCount: Int, cameras: [String]? = nil) {
        self.id = id
        self.name = name
        self.location = location
        self.department = department
        self.lanes = lanes
        self.movements = movements
        self.stages = stages
        self.interGreens = interGreens
        self.signalCount = signalCount
        self.cameras = cameras
    }

    /// The inter-green for a change from stage `from` to stage `to`; yellow 3 s + all-red 2 s when none was given.
    public func interGreen(from: Int, to: Int) -> InterGreen {
        interGreens.first { $0.from == from && $0.to == to }
            ?? InterGreen(from: from, to: to, yellow: InterGreen.defaultYellow, allRed: InterGreen.defaultAllRed)
    }

    /// The movements each stage serves (green signal), by stage index.
    public var stageMovements: [[Movement]] {
        stages.map { stage in
            let green = stage.greenSignals
            return movements.filter { green.contains($0.signal) }
        }
    }

    public var incomingLanes: [Lane] { lanes.filter { $0.role == .incoming } }
    public var approaches: [String] {
        var seen = Set<String>()
        return incomingLanes.compactMap { seen.insert($0.approach).inserted ? $0.approach : nil }
    }
}
