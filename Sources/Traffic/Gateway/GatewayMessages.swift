import Foundation

/// The messages of the signal-gateway protocol, version 1 (docs/TRAFFIC-GATEWAY.md), as the hub reads and writes
/// them. Field names are the wire's.
public enum GatewayMessage {
    public static let version = 1

    /// The fields every message has.
    struct Envelope: Decodable {
        var v: Int
        var type: String
        var seq: Int
    }

    /// `hello`: the gateway's first message.
    public struct Hello: Codable, Sendable {
        public var gateway: String
        public var clock: String
        public var time: Double
        public var intersections: [String]
    }

    /// One detector in a status; a detector without `vehicles` and `halting` counts as missing.
    public struct Detector: Codable, Sendable {
        public var id: String
        public var vehicles: Double?
        public var halting: Double?
        public var passed: Double?
        public var occupancy: Double?
    }

    /// One intersection in a status.
    public struct IntersectionStatus: Codable, Sendable {
        public var id: String
        public var stage: Int
        public var stageSince: Double
        public var transition: Bool
        public var mode: String
        public var detectors: [Detector]?
    }

    /// `status`: once per decision step.
    public struct Status: Codable, Sendable {
        public var time: Double
        public var intersections: [IntersectionStatus]
    }

    /// `fault`: a controller's fault.
    public struct Fault: Codable, Sendable {
        public var intersection: String
        public var code: String
        public var message: String?
    }

    /// Acceptance of one intersection named in `hello`.
    public struct Acceptance: Codable, Sendable, Equatable {
        public var id: String
        public var accepted: Bool
        public var reason: String?
    }

    /// `welcome`.
    public struct Welcome: Codable, Sendable {
        public var v = GatewayMessage.version
        public var type = "welcome"
        public var seq: Int
        public var re: Int
        public var heartbeatSeconds: Double
        public var timeoutSeconds: Double
        public var intersections: [Acceptance]
    }

    /// One command in `decisions`.
    public struct Command: Codable, Sendable, Equatable {
        public var intersection: String
        public var action: String
        public var stage: Int?
        public var validFor: Double
        public var reason: String

        public init(intersection: String, _ command: SignalCommand) {
            self.intersection = intersection
            switch command.action {
            case .stage(let s): action = "stage"; stage = s
            case .allRed: action = "allRed"
            case .flash: action = "flash"
            case .local: action = "local"
            }
            validFor = command.validFor
            reason = command.reason
        }
    }

    /// `decisions`: the answer to one status.
    public struct Decisions: Codable, Sendable {
        public var v = GatewayMessage.version
        public var type = "decisions"
        public var seq: Int
        public var re: Int
        public var commands: [Command]

        public init(seq: Int, re: Int, commands: [Command]) {
            self.seq = seq
            self.re = re
            self.commands = commands
        }
    }

    /// `heartbeat` from the hub.
    public struct Heartbeat: Codable, Sendable {
        public var v = GatewayMessage.version
        public var type = "heartbeat"
        public var seq: Int
        public var time: Double
    }

    /// `error`: a message the hub could not take.
    public struct ErrorMessage: Codable, Sendable {
        public var v = GatewayMessage.version
        public var type = "error"
        public var seq: Int
        public var re: Int?
        public var code: String
        public var message: String
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func text(_ value: some Encodable) -> String {
        (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
