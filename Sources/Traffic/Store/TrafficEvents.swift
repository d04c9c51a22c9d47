import Foundation
import HubKit

/// The payloads of the Traffic slice's journal events.
enum TrafficEvents {
    static let actor = "system:traffic"

    /// `traffic.imported`: intersections imported from a SUMO network or a site file.
    struct Imported: Encodable {
        var format: String
        var sha256: String
        var intersections: [String]
        var timingsDropped: [String]
    }

    /// `traffic.timing.changed`: an intersection's plans and schedule replaced.
    struct TimingChanged: Encodable {
        var intersection: String
        var plans: [String]
        var schedule: [ScheduleEntry]
    }

    /// `traffic.override.set`, `.cancelled`, `.expired`: the override as it stands after the change.
    struct OverrideChanged: Encodable {
        var override: TrafficOverride
        var suspends: [String]
    }

    /// `traffic.gateway.online` / `.offline`: a gateway took up or lost its intersections.
    struct Link: Encodable {
        var gateway: String
        var intersections: [String]
        var reason: String
    }

    /// `traffic.gateway.fault`: a controller reported a fault.
    struct Fault: Encodable {
        var gateway: String
        var intersection: String
        var code: String
        var message: String
    }

    /// `traffic.congestion.detected` / `.cleared`: mean occupancy and halting count of the incoming lanes then.
    struct Congestion: Encodable {
        var intersection: String
        /// The most loaded approach, whose lanes' means follow.
        var approach: String
        var occupancy: Double
        var halting: Double
    }
}
