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

    /// How the link with an intersection's gateway has gone since the gateway's last `hello` (counters start at
    /// zero at each hello).
    public struct Health: Sendable, Hashable, Codable {
        public var gateway: String
        public var connectedAt: Date
        public var lastStatusAt: Date?
        /// Status items received for the intersection.
        public var statuses = 0
        /// Commands the hub sent for it.
        public var decisionsSent = 0
        /// Times the gateway reported it left hub control (mode `hub` → `local`, `flash` or `dark`).
        public var fallbacks = 0
        /// Gateway messages missing in its seq numbers (each gap counts its missing messages) …
        public var lostMessages = 0
        /// … and the gaps themselves.
        public var seqGaps = 0
        /// Controller faults reported.
        public var faults = 0

        public init(gateway: String, connectedAt: Date) {
            self.gateway = gateway
            self.connectedAt = connectedAt
        }
    }

    private var states: [IntersectionID: ControlState] = [:]
    private var statuses: [IntersectionID: Status] = [:]
    private var health: [IntersectionID: Health] = [:]
    private var congestion: [IntersectionID: CongestionDetector] = [:]

    public init() {}

    public func state(_ id: IntersectionID) -> ControlState? { states[id] }
    public func setState(_ state: ControlState, for id: IntersectionID) { states[id] = state }
    public func status(_ id: IntersectionID) -> Status? { statuses[id] }
    public func health(_ id: IntersectionID) -> Health? { health[id] }

    /// Takes a status item: the shown state, and the health counters (a fallback when the mode leaves `hub`).
    public func setStatus(_ status: Status, for id: IntersectionID) {
        let previous = statuses[id]
        statuses[id] = status
        var h = health[id] ?? Health(gateway: status.gateway, connectedAt: status.reportedAt)
        h.statuses += 1
        h.lastStatusAt = status.reportedAt
        if previous?.mode == "hub", status.mode != "hub" { h.fallbacks += 1 }
        health[id] = h
    }

    /// A gateway said hello for these intersections: their counters start again.
    public func connected(_ ids: [IntersectionID], gateway: String, at now: Date) {
        for id in ids { health[id] = Health(gateway: gateway, connectedAt: now) }
    }

    /// The hub answered a status with a command for each of these intersections.
    public func decided(_ ids: [IntersectionID]) {
        for id in ids { health[id]?.decisionsSent += 1 }
    }

    /// A jump in the gateway's seq: `lost` messages are missing for every intersection it serves.
    public func gap(_ ids: [IntersectionID], lost: Int) {
        for id in ids {
            health[id]?.seqGaps += 1
            health[id]?.lostMessages += lost
        }
    }

    public func fault(_ id: IntersectionID) {
        health[id]?.faults += 1
    }

    /// Feeds one status's incoming-lane readings by approach to the intersection's congestion detector; with a change,
    /// the approach that decided it and whether the queue (not the occupancy) raised the congestion.
    public func congestion(_ id: IntersectionID, approaches: [String: [DetectorReading]], now: Double)
        -> (change: CongestionDetector.Change, worst: CongestionDetector.Measure, byQueue: Bool)? {
        var detector = congestion[id] ?? CongestionDetector()
        let change = detector.update(approaches, now: now)
        congestion[id] = detector
        guard let change, let worst = detector.worst else { return nil }
        return (change, worst, detector.raisedByQueue)
    }

    /// Forgets a gateway's intersections when it goes (its controllers run their local plans).
    public func drop(_ ids: [IntersectionID]) {
        for id in ids {
            states[id] = nil
            statuses[id]?.mode = "offline"
        }
    }
}
