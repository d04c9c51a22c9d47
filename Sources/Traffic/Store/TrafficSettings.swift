import HubKit

/// The traffic slice's configuration.
public struct TrafficSettings: Sendable, Hashable {
    public var control: TrafficControlSettings
    /// Seconds of silence after which a gateway's intersections are marked offline (the spec's `timeoutSeconds`).
    public var gatewayTimeoutSeconds: Double
    public var heartbeatSeconds: Double
    /// The department that owns the alarms of intersections without a department of their own, and of gateways.
    public var alarmDepartment: DepartmentID

    /// 区交巡警支队, the demo's and the default owner.
    public static let defaultAlarmDepartment: DepartmentID = {
        guard let id = DepartmentID(rawValue: "traffic-police") else { preconditionFailure("invalid department literal") }
        return id
    }()

    public init(control: TrafficControlSettings = .standard, gatewayTimeoutSeconds: Double = 3, heartbeatSeconds: Double = 1,
                alarmDepartment: DepartmentID? = nil) {
        self.control = control
        self.gatewayTimeoutSeconds = gatewayTimeoutSeconds
        self.heartbeatSeconds = heartbeatSeconds
        self.alarmDepartment = alarmDepartment ?? Self.defaultAlarmDepartment
    }
}
