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
    var override: TrafficOverride?
}

/// One intersection with its layout, its live state, the override in force and the suspended ones.
struct IntersectionDetail: Encodable, Sendable {
    var intersection: Intersection
    var approaches: [String]
    var link: String
    var live: TrafficLive.Status?
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
