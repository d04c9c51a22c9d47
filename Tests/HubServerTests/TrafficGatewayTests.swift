import Foundation
import HubKit
@testable import HubServer
import HubTestSupport
import Hummingbird
import HummingbirdTesting
import HummingbirdWSClient
import Logging
import Synchronization
import Testing
import Traffic

/// The signal-gateway protocol over a real WebSocket on loopback: hello/welcome, statuses answered in lockstep by
/// decisions that keep minimum green, an override reflected at once, bad messages answered with `error`, and
/// silence marking the intersections offline.
@Suite struct TrafficGatewayTests {
    /// What the test gateway saw, filled by the WebSocket handler and read after it returns.
    final class Transcript: Sendable {
        let texts = Mutex<[String]>([])
        let notes = Mutex<[String: String]>([:])
        func add(_ text: String) { texts.withLock { $0.append(text) } }
        func note(_ key: String, _ value: String) { notes.withLock { $0[key] = value } }
    }

    static func json(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) ?? [:]
    }

    static func status(seq: Int, time: Double, stage: Int, since: Double, transition: Bool) -> String {
        let detectors = [("N2C_0", 1), ("S2C_0", 1), ("E2C_0", 12), ("W2C_0", 9), ("C2N_0", 0)]
            .map { #"{"id":"\#($0.0)","vehicles":\#($0.1 + 1),"halting":\#($0.1),"passed":1,"occupancy":0.2}"# }
            .joined(separator: ",")
        return #"{"v":1,"type":"status","seq":\#(seq),"time":\#(time),"intersections":[{"id":"C","stage":\#(stage),"stageSince":\#(since),"transition":\#(transition),"mode":"hub","detectors":[\#(detectors)]}]}"#
    }

    @Test func gateway_lockstep_minGreen_override_errors_andSilence() async throws {
        let hub = try await TestHub.start(.sqlite) { $0.traffic.gatewayTimeoutSeconds = 1 }
        let net = Data(TrafficNet.cross.utf8)
        _ = try await hub.services.traffic.importIntersections(try SumoNetImport.intersections(from: net), format: "sumo",
                                                                data: net, by: "test")
        let (_, secret) = try await hub.services.accounts.createAPIKey(
            .init(name: "sumo bridge", role: .signalGateway, departmentId: nil, scopes: ["traffic:gateway"], expiresInDays: nil),
            by: "test")
        let viewer = try await hub.signIn("viewer1", role: .viewer)
        let transcript = Transcript()
        let traffic = hub.services.traffic
        try await hub.runLive { client in
            // Not a WebSocket request, or the wrong role: problems before any upgrade.
            try await client.execute(uri: GatewayEndpoint.path, method: .get, headers: .bearer(secret)) { r in
                #expect(r.status.code == 426)
                #expect(r.problem?.code == "TRAFFIC_GATEWAY_UPGRADE_REQUIRED")
            }
            try await client.execute(uri: GatewayEndpoint.path, method: .get, headers: .bearer(viewer)) { r in
                #expect(r.status == .forbidden)
            }
            let port = try #require(client.port)
            var configuration = WebSocketClientConfiguration()
            configuration.additionalHeaders = [.authorization: "Bearer \(secret)"]
            _ = try await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)\(GatewayEndpoint.path)", configuration: configuration,
                                                  logger: Logger(label: "test.gateway")) { inbound, outbound, _ in
                var iterator = inbound.messages(maxSize: 1 << 20).makeAsyncIterator()
                func next() async throws -> [String: Any] {
                    while let message = try await iterator.next() {
                        guard case .text(let text) = message else { continue }
                        let object = Self.json(text)
                        if object["type"] as? String == "heartbeat" { continue }
                        transcript.add(text)
                        return object
                    }
                    return [:]
                }
                try await outbound.write(.text(#"{"v":1,"type":"hello","seq":1,"gateway":"sumo-bridge","clock":"sim","time":0.0,"intersections":["C","X9"]}"#))
                _ = try await next()
                // A controller that runs each change's inter-green (5 s from stage 0, 4 s from stage 1) itself.
                var stage = 0, since = 0.0, target: Int?, transitionEnd: Double?
                var seq = 1
                for t in 0..<60 {
                    let now = Double(t)
                    if let end = transitionEnd, let next = target, now >= end {
                        stage = next; since = end; transitionEnd = nil; target = nil
                    }
                    if t == 40 {
                        let o = try await traffic.setOverride(.init(kind: .allRed, reason: "事故 crash", minutes: 10),
                                                              on: try #require(IntersectionID(rawValue: "C")),
                                                              by: Principal(kind: .user, id: "police", name: "police", role: .trafficPolice,
                                                                            departmentID: nil))
                        transcript.note("override", o.id)
                    }
                    seq += t == 30 ? 2 : 1        // one status lost on the way
                    try await outbound.write(.text(Self.status(seq: seq, time: now, stage: stage, since: since,
                                                               transition: transitionEnd != nil)))
                    let decisions = try await next()
                    transcript.note("elapsed.\(seq)", "\(now - since)")
                    transcript.note("stage.\(seq)", "\(stage)")
                    transcript.note("transition.\(seq)", "\(transitionEnd != nil)")
                    let command = (decisions["commands"] as? [[String: Any]])?.first ?? [:]
                    if command["action"] as? String == "stage", let wanted = command["stage"] as? Int, wanted != stage, transitionEnd == nil {
                        target = wanted
                        transitionEnd = now + (stage == 0 ? 5 : 4)
                    }
                }
                seq += 1
                try await outbound.write(.text(Self.status(seq: seq - 5, time: 99, stage: 0, since: 0, transition: false)))  // repeated: ignored
                try await outbound.write(.text("not json"))
                _ = try await next()
                seq += 1
                try await outbound.write(.text(#"{"v":1,"type":"teleport","seq":\#(seq)}"#))
                _ = try await next()
                // Silence longer than timeoutSeconds (1 s here): the hub marks the intersection offline.
                try await Task.sleep(for: .milliseconds(1800))
                transcript.note("link", (try await traffic.links())[try #require(IntersectionID(rawValue: "C"))] ?? "none")
                try await outbound.close(.normalClosure, reason: nil)
            }
        }
        let messages = transcript.texts.withLock { $0 }.map(Self.json)
        let notes = transcript.notes.withLock { $0 }
        let welcome = try #require(messages.first)
        #expect(welcome["type"] as? String == "welcome" && welcome["re"] as? Int == 1)
        let accepted = (welcome["intersections"] as? [[String: Any]])?.map { "\($0["id"] ?? "")=\($0["accepted"] ?? "")" }
        #expect(accepted == ["C=1", "X9=0"] || accepted == ["C=true", "X9=false"])
        let decisions = messages.filter { $0["type"] as? String == "decisions" }
        #expect(decisions.count == 60, "one decisions per status, none for the repeated seq")
        var switches = 0, allRed = 0
        for d in decisions {
            let re = d["re"] as? Int ?? -1
            let command = (d["commands"] as? [[String: Any]])?.first ?? [:]
            #expect(command["intersection"] as? String == "C")
            let current = Int(notes["stage.\(re)"] ?? "") ?? -1
            let elapsed = Double(notes["elapsed.\(re)"] ?? "") ?? -1
            if command["action"] as? String == "stage", let wanted = command["stage"] as? Int, wanted != current,
               notes["transition.\(re)"] == "false" {
                switches += 1
                #expect(elapsed >= 5, "a change asked after \(elapsed) s of green")
            }
            if command["action"] as? String == "allRed" {
                allRed += 1
                #expect(command["reason"] as? String == "override:\(notes["override"] ?? "")")
            }
        }
        #expect(switches >= 1, "heavy east–west demand moves the green")
        #expect(allRed == 20)
        let errors = messages.filter { $0["type"] as? String == "error" }
        #expect(errors.count == 2 && errors.allSatisfy { $0["code"] as? String == "GATEWAY_BAD_MESSAGE" })
        #expect(notes["link"] == "offline")
    }
}
