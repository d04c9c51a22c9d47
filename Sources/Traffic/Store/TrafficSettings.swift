/// The traffic slice's configuration.
public struct TrafficSettings: Sendable, Hashable {
    public var control: TrafficControlSettings
    /// Seconds of silence after which a gateway's intersections are marked offline (the spec's `timeoutSeconds`).
    public var gatewayTimeoutSeconds: Double
    public var heartbeatSeconds: Double

    public init(control: TrafficControlSettings = .standard, gatewayTimeoutSeconds: Double = 3, heartbeatSeconds: Double = 1) {
        self.control = control
        self.gatewayTimeoutSeconds = gatewayTimeoutSeconds
        self.heartbeatSeconds = heartbeatSeconds
    }
}
