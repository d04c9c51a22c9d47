import Foundation
import HubKit
import Logging

/// One gateway connection: reads its messages in order, answers each status with decisions, and keeps the
/// counters the protocol asks for (lost statuses from seq gaps). Transport-free: the WebSocket handler feeds it
/// text and sends what it returns, so tests can drive it directly.
public actor GatewaySession {
    public enum Clock: String, Sendable { case sim, wall }

    let desk: TrafficDesk
    let logger: Logger
    private(set) public var gateway: String?
    private(set) public var clock: Clock = .wall
    private(set) public var accepted: [IntersectionID] = []
    /// Statuses (or other messages) missing between two received seq numbers.
    private(set) public var lostMessages = 0
    private var lastSeq = 0
    private var outSeq = 0
    private(set) public var offline = false
    private var lastHeard = ContinuousClock.now
    private var lastSent = ContinuousClock.now
    /// On a simulator's clock: per override, the simulated time it was first seen live (its duration runs from there).
    private var simAnchors: [String: Double] = [:]
    /// What left the outgoing zones, status by status (the feeders of silent lanes).
    private var exits = ExitCounts()

    public init(desk: TrafficDesk, logger: Logger) {
        self.desk = desk
        self.logger = logger
    }

    func nextSeq() -> Int {
        outSeq += 1
        lastSent = .now
        return outSeq
    }

    /// Takes one text frame; returns the frames to send back (none for a repeated seq or a heartbeat).
    public func receive(_ text: String) async -> [String] {
        lastHeard = .now
        if offline, !accepted.isEmpty, let gateway {
            offline = false
            try? await desk.setLinks(accepted, gateway: gateway, online: true, reason: "resumed")
        }
        guard let data = text.data(using: .utf8),
              let envelope = try? JSONDecoder().decode(GatewayMessage.Envelope.self, from: data) else {
            return [error(re: nil, "malformed message: JSON object with v, type and seq expected")]
        }
        guard envelope.v == GatewayMessage.version else { return [error(re: envelope.seq, "unsupported version \(envelope.v)")] }
        if envelope.seq <= lastSeq, envelope.type != "hello" { return [] }
        if envelope.seq > lastSeq + 1, lastSeq > 0 {
            lostMessages += envelope.seq - lastSeq - 1
            await desk.live.gap(accepted, lost: envelope.seq - lastSeq - 1)
            logger.warning("gateway seq gap", metadata: ["gateway": "\(gateway ?? "?")", "from": "\(lastSeq)", "to": "\(envelope.seq)"])
        }
        lastSeq = envelope.seq
        do {
            switch envelope.type {
            case "hello": return [try await hello(try decode(GatewayMessage.Hello.self, data), re: envelope.seq)]
            case "status":
                guard gateway != nil else { return [error(re: envelope.seq, "send hello first")] }
                return [try await status(try decode(GatewayMessage.Status.self, data), re: envelope.seq)]
            case "heartbeat": return []
            case "fault":
                let fault = try decode(GatewayMessage.Fault.self, data)
                if let id = IntersectionID(rawValue: fault.intersection), accepted.contains(id) { await desk.live.fault(id) }
                try await desk.recordFault(gateway: gateway ?? "?", intersection: fault.intersection, code: fault.code,
                                           message: fault.message ?? "")
                return []
            default: return [error(re: envelope.seq, "unknown type \(envelope.type)")]
            }
        } catch let problem as GatewayBadMessage {
            return [error(re: envelope.seq, problem.reason)]
        } catch {
            logger.error("gateway message failed", metadata: ["error": "\(error)"])
            return [self.error(re: envelope.seq, "the hub could not handle this message", code: "GATEWAY_HUB_ERROR")]
        }
    }

    struct GatewayBadMessage: Error { var reason: String }

    func decode<T: Decodable>(_ type: T.Type, _ data: Data) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw GatewayBadMessage(reason: "malformed \(T.self): \(error)")
        }
    }

    func error(re: Int?, _ message: String, code: String = "GATEWAY_BAD_MESSAGE") -> String {
        GatewayMessage.text(GatewayMessage.ErrorMessage(seq: nextSeq(), re: re, code: code, message: message))
    }

    func hello(_ hello: GatewayMessage.Hello, re: Int) async throws -> String {
        guard TrafficName.isValid(hello.gateway) else { throw GatewayBadMessage(reason: "gateway name") }
        guard let clock = Clock(rawValue: hello.clock) else { throw GatewayBadMessage(reason: "clock must be sim or wall") }
        let snapshot = try await desk.catalog.current()
        var acceptances: [GatewayMessage.Acceptance] = []
        var accepted: [IntersectionID] = []
        for raw in hello.intersections {
            if let id = IntersectionID(rawValue: raw), snapshot.intersections[id] != nil {
                acceptances.append(.init(id: raw, accepted: true))
                accepted.append(id)
            } else {
                acceptances.append(.init(id: raw, accepted: false, reason: "unknown intersection"))
            }
        }
        if let previous = gateway, previous != hello.gateway {
            try await desk.setLinks(self.accepted, gateway: previous, online: false, reason: "replaced")
        }
        self.gateway = hello.gateway
        self.clock = clock
        self.accepted = accepted
        await desk.live.drop(accepted)
        await desk.live.connected(accepted, gateway: hello.gateway, at: desk.clock.now())
        try await desk.setLinks(accepted, gateway: hello.gateway, online: true, reason: "hello")
        let settings = desk.settings
        return GatewayMessage.text(GatewayMessage.Welcome(seq: nextSeq(), re: re, heartbeatSeconds: settings.heartbeatSeconds,
                                                          timeoutSeconds: settings.gatewayTimeoutSeconds,
                                                          intersections: acceptances))
    }

    func status(_ status: GatewayMessage.Status, re: Int) async throws -> String {
        guard status.time.isFinite else { throw GatewayBadMessage(reason: "time") }
        let snapshot = try await desk.catalog.current()
        let wallNow = desk.clock.now()
        let now = clock == .sim ? status.time : wallNow.timeIntervalSince1970
        let minute = clock == .sim ? Self.minuteOfDay(simSeconds: status.time) : Self.minuteOfDay(wall: wallNow)
        let acceptedSet = Set(accepted)
        if clock == .sim {
            simAnchors = OverrideRules.forget(simAnchors, keeping: snapshot.overrides.values.flatMap { $0 }, wallNow: wallNow)
        }
        var commands: [GatewayMessage.Command] = []
        // Every outgoing zone's count, by lane: where a lane links two intersections, its far end for the next one;
        // and what left each zone over its exit loop, the arrivals of the lanes it feeds.
        var upstream: [LaneID: Double] = [:]
        var exited: [LaneID: Double] = [:]
        for item in status.intersections {
            guard let id = IntersectionID(rawValue: item.id), acceptedSet.contains(id), let x = snapshot.intersections[id] else { continue }
            let outgoing = Set(x.lanes.filter { $0.role == .outgoing }.map(\.id))
            for d in item.detectors ?? [] where outgoing.contains(d.id) {
                guard let vehicles = d.vehicles, let halting = d.halting, vehicles.isFinite, halting.isFinite else { continue }
                upstream[d.id] = DemandEstimate.queue(DetectorReading(vehicles: vehicles, halting: halting), desk.settings.control.maxPressure)
                if let passed = d.passed, passed.isFinite, passed >= 0 { exited[d.id] = passed }
            }
        }
        exits.append(exited)
        for item in status.intersections {
            guard let id = IntersectionID(rawValue: item.id), acceptedSet.contains(id), let x = snapshot.intersections[id] else { continue }
            guard x.stages.indices.contains(item.stage) else { throw GatewayBadMessage(reason: "\(item.id): stage \(item.stage) unknown") }
            var state = await desk.live.state(id) ?? ControlState(stages: x.stages.count)
            if state.lastGreen.count != x.stages.count {
                state = ControlState(stages: x.stages.count, stage: item.stage, greenSince: item.stageSince, now: now)
            }
            state.observe(stage: item.stage, since: item.stageSince, transition: item.transition, now: now)
            var readings: [LaneID: DetectorReading] = [:]
            for d in item.detectors ?? [] {
                guard let vehicles = d.vehicles, let halting = d.halting, vehicles.isFinite, halting.isFinite else { continue }
                readings[d.id] = DetectorReading(vehicles: vehicles, halting: halting, passed: d.passed ?? 0, occupancy: d.occupancy)
            }
            let overrides = snapshot.overrides[id] ?? []
            let override = clock == .sim
                ? OverrideRules.inForce(overrides, simNow: now, wallNow: wallNow, anchors: &simAnchors)
                : OverrideRules.inForce(overrides, at: wallNow)
            let setup = snapshot.timings[id] ?? TimingSetup()
            let command = SignalDecider.decide(x, setup: setup, override: override, readings: readings, upstream: upstream, exits: exits,
                                               now: now, minuteOfDay: minute, state: &state, settings: desk.settings.control)
            await desk.live.setState(state, for: id)
            let controller = override.map { "override:\($0.kind.rawValue)" } ?? setup.entry(atMinute: minute).controller.rawValue
            await desk.live.setStatus(TrafficLive.Status(gateway: gateway ?? "?", stage: item.stage, transition: item.transition,
                                                         mode: item.mode, controller: controller, reportedAt: wallNow), for: id)
            commands.append(GatewayMessage.Command(intersection: item.id, command))
            var approaches: [String: [DetectorReading]] = [:]
            for lane in x.incomingLanes {
                if let r = readings[lane.id] { approaches[lane.approach, default: []].append(r) }
            }
            if let found = await desk.live.congestion(id, approaches: approaches, now: now) {
                try await desk.recordCongestion(id, change: found.change, measure: found.worst, byQueue: found.byQueue,
                                                gateway: gateway ?? "?")
            }
        }
        await desk.live.decided(commands.compactMap { IntersectionID(rawValue: $0.intersection) })
        return GatewayMessage.text(GatewayMessage.Decisions(seq: nextSeq(), re: re, commands: commands))
    }

    /// Called by the connection's watchdog: a heartbeat frame when nothing was sent for the heartbeat period, and
    /// the offline mark (journalled once) when the gateway was silent for the timeout.
    public func tick() async -> String? {
        let settings = desk.settings
        if !offline, let gateway, !accepted.isEmpty, ContinuousClock.now - lastHeard >= .seconds(settings.gatewayTimeoutSeconds) {
            offline = true
            await desk.live.drop(accepted)
            do {
                try await desk.setLinks(accepted, gateway: gateway, online: false, reason: "silent")
            } catch {
                logger.error("gateway offline mark failed", metadata: ["error": "\(error)"])
            }
        }
        guard gateway != nil, ContinuousClock.now - lastSent >= .seconds(settings.heartbeatSeconds) else { return nil }
        return GatewayMessage.text(GatewayMessage.Heartbeat(seq: nextSeq(), time: desk.clock.now().timeIntervalSince1970))
    }

    /// The connection closed: its intersections go offline.
    public func closed() async {
        guard let gateway, !accepted.isEmpty, !offline else { return }
        offline = true
        await desk.live.drop(accepted)
        try? await desk.setLinks(accepted, gateway: gateway, online: false, reason: "closed")
    }

    /// Minute of the day in the simulator: its time 0 is midnight.
    static func minuteOfDay(simSeconds: Double) -> Int {
        let minutes = Int((simSeconds / 60).rounded(.down)) % 1440
        return minutes < 0 ? minutes + 1440 : minutes
    }

    /// Minute of the day in China Standard Time (UTC+8, no daylight saving).
    static func minuteOfDay(wall: Date) -> Int {
        let seconds = Int(wall.timeIntervalSince1970.rounded(.down)) + 8 * 3600
        return ((seconds / 60) % 1440 + 1440) % 1440
    }
}
