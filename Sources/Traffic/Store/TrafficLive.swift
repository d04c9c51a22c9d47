import Foundation

/// What gateways last reported per intersection, and the controllers' state between decisions (in this instance's
/// memory: a hub instance decides for the gateways connected to it).
public actor TrafficLive {
    /// The shown state of one intersection.
    public struct Status: Sendable, Hashable, Codable {
        public var gateway: String
        public var stage: Int
        public var transition: Bool
        public var mode: String
        public var controller: String
        public var reportedAt: Date
    }

    private var states: [IntersectionID: ControlState] = [:]
    private var statuses: [IntersectionID: Status] = [:]
    private var congestion: [IntersectionID: CongestionDetector] = [:]

    public init() {}

    public func state(_ id: IntersectionID) -> ControlState? { states[id] }
    public func setState(_ state: ControlState, for id: IntersectionID) { states[id] = state }
    public func status(_ id: IntersectionID) -> Status? { statuses[id] }
    public func setStatus(_ status: Status, for id: IntersectionID) { statuses[id] = status }

    /// Feeds one status's incoming-lane readings to the intersection's congestion detector.
    public func congestion(_ id: IntersectionID, readings: [DetectorReading], now: Double) -> CongestionDetector.Change? {
        var detector = congestion[id] ?? CongestionDetector()
        let change = detector.update(readings, now: now)
        congestion[id] = detector
        return change
    }

    /// Forgets a gateway's intersections when it goes (its controllers run their local plans).
    public func drop(_ ids: [IntersectionID]) {
        for id in ids {
            states[id] = nil
            statuses[id]?.mode = "offline"
        }
    }
}
