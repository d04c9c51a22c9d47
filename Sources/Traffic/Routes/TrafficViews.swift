import Foundation
import HubKit
import Hummingbird

/// An intersection as the list shows it: where it is, what runs it now, and the override in force.
struct IntersectionSummary: Encodable, Sendable {
    var id: String
    var name: String
    var department: String?
    var location: GeoPoint?
    var stages: Int
    /// `online`, `offline` or `unknown` (no gateway ever connected).
    var link: String
    var live: TrafficLive.Status?
    var control: ControlView
    var override: TrafficOverride?
}

/// Whether the hub controls an intersection now, and how its gateway link has gone since the gateway's hello.
struct ControlView: Encodable, Sendable {
    /// The link is online, a status came within the gateway timeout and the controller reports mode `hub`.
    var hubControls: Bool
    var link: String
    var gateway: String?
    var connectedAt: Date?
    var lastStatusAt: Date?
    var statuses: Int
    var decisionsSent: Int
    var fallbacks: Int
    var lostMessages: Int
    var seqGaps: Int
    var faults: Int

    init(link: String, live: TrafficLive.Status?, health: TrafficLive.Health?, now: Date, timeout: Double) {
        self.link = link
        gateway = health?.gateway ?? live?.gateway
        connectedAt = health?.connectedAt
        lastStatusAt = health?.lastStatusAt
        statuses = health?.statuses ?? 0
        decisionsSent = health?.decisionsSent ?? 0
        fallbacks = health?.fallbacks ?? 0
        lostMessages = health?.lostMessages ?? 0
        seqGaps = health?.seqGaps ?? 0
        faults = health?.faults ?? 0
        let fresh = lastStatusAt.map { now.timeIntervalSince($0) <= timeout } ?? false
        hubControls = link == "online" && fresh && live?.mode == "hub"
    }
}

/// One intersection with its layout, its live state, the override in force and the suspended ones.
struct IntersectionDetail: Encodable, Sendable {
    var intersection: Intersection
    var approaches: [String]
    var link: String
    var live: TrafficLive.Status?
    var control: ControlView
    var override: TrafficOverride?
    var suspended: [TrafficOverride]
}

struct IntersectionList: Encodable, Sendable {
    var items: [IntersectionSummary]
}

struct OverrideList: Encodable, Sendable {
    var items: [TrafficOverride]
}

struct ImportResult: Encodable, Sendable {
    var format: String
    var intersections: [String]
    var event: Int64
}

extension IntersectionList: ResponseEncodable {}
extension IntersectionDetail: ResponseEncodable {}
extension OverrideList: ResponseEncodable {}
extension TrafficOverride: ResponseEncodable {}
extension TimingSetup: ResponseEncodable {}
