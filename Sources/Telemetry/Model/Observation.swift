import HubKit

/// One reading as a sender wrote it, before it is checked: text fields as given, the value as a number.
public struct RawObservation: Sendable, Hashable {
    /// Where it sits in the input, for faults: `observations[3]`, `line 17`, …
    public var item: String
    public var station: String
    public var quantity: String
    public var time: String
    public var value: Double
    public var unit: String?
    /// The height datum a level is given in, when the sender says; must match the gauge's.
    public var datum: String?

    public init(item: String, station: String, quantity: String, time: String, value: Double, unit: String? = nil,
                datum: String? = nil) {
        self.item = item
        self.station = station
        self.quantity = quantity
        self.time = time
        self.value = value
        self.unit = unit
        self.datum = datum
    }
}

/// A checked observation: a registered station, a quantity it may report, an instant and a value in the
/// canonical unit. Unique per (station, quantity, instant).
public struct Observation: Sendable, Hashable {
    public var stationKey: Int64
    public var station: StationID
    public var quantity: Quantity
    /// Milliseconds since 1970.
    public var at: Int64
    public var value: Double

    public init(stationKey: Int64, station: StationID, quantity: Quantity, at: Int64, value: Double) {
        self.stationKey = stationKey
        self.station = station
        self.quantity = quantity
        self.at = at
        self.value = value
    }

    /// The identity of a reading: which station measured what when.
    public struct Key: Hashable, Sendable {
        public var stationKey: Int64
        public var quantity: Quantity
        public var at: Int64
    }

    public var key: Key { Key(stationKey: stationKey, quantity: quantity, at: at) }

    /// The order readings are written and evaluated in: station, quantity, time.
    public static func inKeyOrder(_ a: Observation, _ b: Observation) -> Bool {
        (a.stationKey, a.quantity.storageCode, a.at) < (b.stationKey, b.quantity.storageCode, b.at)
    }
}

/// What ingest needs to know of a station, kept in memory (`StationDirectory`).
public struct StationEntry: Sendable, Hashable {
    /// The compact integer that stands for the station in the observation tables.
    public var key: Int64
    public var id: StationID
    public var kind: StationKind
    public var department: DepartmentID
    public var status: StationStatus
    public var river: RiverLevels?
    /// The groups it belongs to (basins, areas), which rules may target.
    public var groups: [String]

    public init(key: Int64, id: StationID, kind: StationKind, department: DepartmentID, status: StationStatus, river: RiverLevels?,
                groups: [String] = []) {
        self.key = key
        self.groups = groups
        self.id = id
        self.kind = kind
        self.department = department
        self.status = status
        self.river = river
    }
}
