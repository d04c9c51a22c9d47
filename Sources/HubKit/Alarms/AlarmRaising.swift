import Foundation

/// How a slice raises an alarm among the hub's alarms without importing the Telemetry slice: a congested
/// intersection or a silent signal gateway shows with the sensor alarms, is acknowledged the same way and calls the
/// people on duty as the alarm kind says. `HubServer` hands the Traffic slice the Telemetry slice's implementation.
///
/// Both calls run inside the caller's transaction, so the caller's state change, its own journal event and the
/// alarm's change commit together or not at all.
public protocol AlarmRaising: Sendable {
    /// Raises the alarm of (`kind`, `source`), or repeats it (merged into the open one) when it is already up.
    /// Returns the alarm's id.
    func raise(_ request: AlarmRaiseRequest, in tx: Transaction) async throws -> String

    /// Clears the open alarm of (`kind`, `source`); returns its id, nil when none was open (nothing changes).
    func clear(kind: RaisedAlarmKind, source: String, value: Double, reason: LocalizedText, actor: String,
               in tx: Transaction) async throws -> String?
}

/// The alarms other slices may raise; the Telemetry slice decides what each does (its actions) and reserves the
/// id so no sensor rule takes it.
public enum RaisedAlarmKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// An intersection congested (occupancy and queues of its incoming lanes), raised by the Traffic slice.
    case trafficCongestion = "traffic.congestion"
    /// A signal gateway fell silent past its timeout: its intersections run their local plans.
    case trafficGatewaySilent = "traffic.gateway-silent"
}

/// What a raised alarm's value measures, so it is shown in the right unit.
public enum RaisedAlarmMeasure: String, Sendable, Hashable, Codable, CaseIterable {
    /// A share from 0 to 1, e.g. the occupancy of an approach's lanes.
    case share
    /// A number of things, e.g. vehicles queued per lane or intersections left on their local plans.
    case count
}

/// The four alarm levels (蓝 黄 橙 红), lowest first.
public enum RaisedAlarmLevel: String, Sendable, Hashable, Codable, CaseIterable {
    case blue, yellow, orange, red
}

public struct AlarmRaiseRequest: Sendable, Hashable {
    public var kind: RaisedAlarmKind
    /// What the alarm is about, `kind:id`, e.g. `intersection:ZS01`; one open alarm per (kind, source).
    public var source: String
    /// The department that owns it (sees it, acknowledges it, is called about it).
    public var department: DepartmentID
    public var level: RaisedAlarmLevel
    /// The measure that raised it, the line it crossed, and what kind of measure it is.
    public var value: Double
    public var threshold: Double
    public var measure: RaisedAlarmMeasure
    public var reason: LocalizedText
    /// The journal actor, e.g. `gateway:sumo-bridge`.
    public var actor: String

    public init(kind: RaisedAlarmKind, source: String, department: DepartmentID, level: RaisedAlarmLevel, value: Double,
                threshold: Double, measure: RaisedAlarmMeasure, reason: LocalizedText, actor: String) {
        self.kind = kind
        self.source = source
        self.department = department
        self.level = level
        self.value = value
        self.threshold = threshold
        self.measure = measure
        self.reason = reason
        self.actor = actor
    }
}
