import Foundation
import HubKit
@testable import HubServer
import HubTestSupport
import Hummingbird
import HummingbirdTesting
import Logging
import SQLKit
import Telemetry
import Testing
import Traffic

/// Congestion and a silent gateway raise alarms among the hub's alarms (through HubKit's `AlarmRaising`, which
/// Telemetry implements): written with the traffic event in one transaction, acknowledged like any alarm (with the
/// usual denials), calling the department's person on duty; and the intersection views show whether the hub
/// controls each light and how its gateway link has gone.
@Suite struct TrafficAlarmTests {
    static let c = IntersectionID(rawValue: "C")!
    static let police = DepartmentID(rawValue: "traffic-police")!

    static func status(seq: Int, time: Double, occupancy: Double, halting: Int, mode: String = "hub") -> String {
        let detectors = ["N2C_0", "S2C_0", "E2C_0", "W2C_0"]
            .map { #"{"id":"\#($0)","vehicles":\#(halting + 1),"halting":\#(halting),"passed":0,"occupancy":\#(occupancy)}"# }
            .joined(separator: ",")
        return #"{"v":1,"type":"status","seq":\#(seq),"time":\#(time),"intersections":[{"id":"C","stage":0,"stageSince":0,"transition":false,"mode":"\#(mode)","detectors":[\#(detectors)]}]}"#
    }

    static func importCross(_ hub: TestHub) async throws {
        let net = Data(TrafficNet.cross.utf8)
        _ = try await hub.services.traffic.importIntersections(try SumoNetImport.intersections(from: net), format: "sumo",
                                                                data: net, by: "test")
    }

    static func events(_ hub: TestHub) async throws -> [HubEvent] {
        try await hub.services.database.read { sql in try await Journal.events(after: 0, limit: 100_000, on: sql) }
    }

    static func object(_ buffer: ByteBuffer) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: buffer)) as? [String: Any]) ?? [:]
    }

    @Test(arguments: TestDatabases.engines)
    func congestion_raisesAnAlarm_acknowledged_pagesDuty_andClears(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        try await Self.importCross(hub)
        let dispatcher = try await hub.signIn("dispatcher1", role: .dispatcher)
        let viewer = try await hub.signIn("viewer1", role: .viewer)
        let roads = try await hub.signIn("roads1", role: .departmentOperator, department: DepartmentID(rawValue: "roads"))
        _ = try await hub.signIn("police-duty", role: .departmentOperator, department: Self.police)
        let session = GatewaySession(desk: hub.services.traffic, logger: Logger(label: "test"))
        // One router run for all of it: the run closes the database when it ends.
        try await hub.run { client in
            var seq = 1
            _ = await session.receive(#"{"v":1,"type":"hello","seq":1,"gateway":"g1","clock":"sim","time":0,"intersections":["C"]}"#)
            // 61 s of long queues (occupancy under its threshold): congested once the hold time (60 s) has passed.
            for t in 0...61 {
                seq += 1
                _ = await session.receive(Self.status(seq: seq, time: Double(t), occupancy: 0.5, halting: 10))
            }
            var events = try await Self.events(hub)
            let detected = try #require(events.firstIndex { $0.kind == "traffic.congestion.detected" })
            #expect(events[detected + 1].kind == "alarm.raised", "the alarm is written in the congestion event's transaction")
            #expect(events[detected + 1].actor == "gateway:g1")
            let alarm = try #require(try await hub.services.telemetry.alarms.list(AlarmFilter(), limit: 10).first)
            #expect(alarm.rule.rawValue == "traffic.congestion" && alarm.source == "intersection:C")
            #expect(alarm.department == Self.police && alarm.severity == .yellow && alarm.active && !alarm.acknowledged)
            #expect(alarm.value == 10 && alarm.threshold == 8, "the alarm names the measure that crossed: the queue")
            #expect(alarm.quantity == .intensity, "a queue is a count of vehicles, not an occupancy")
            #expect(alarm.reason.zh.contains("拥堵") && alarm.reason.en.contains("congested"))
            // Its call to the person on duty goes through the actions outbox like a sensor rule's.
            _ = try await hub.services.telemetry.actions.pass()
            events = try await Self.events(hub)
            #expect(events.contains { $0.kind == "alarm.action_done" && $0.payload.contains("call_duty") })
            #expect(events.filter { $0.kind == "duty.paged" }.count == 1)

            try await client.execute(uri: "/api/v1/telemetry/alarms", method: .get, headers: .bearer(dispatcher)) { r in
                let items = Self.object(r.body)["items"] as? [[String: Any]] ?? []
                #expect(items.map { $0["rule"] as? String } == ["traffic.congestion"])
            }
                let path = "/api/v1/telemetry/alarms/\(alarm.id.rawValue)/acknowledge"
            try await client.execute(uri: path, method: .post, headers: .bearer(viewer)) { r in
                #expect(r.status == .forbidden)
            }
            try await client.execute(uri: path, method: .post, headers: .bearer(roads)) { r in
                #expect(r.status == .forbidden, "another department's operator")
            }
            try await client.execute(uri: path, method: .post) { r in
                #expect(r.status == .unauthorized)
            }
            try await client.execute(uri: path, method: .post, headers: .bearer(dispatcher)) { r in
                #expect(r.status == .ok)
                #expect(Self.object(r.body)["acknowledged"] as? Bool == true)
            }
            #expect(try await Self.events(hub).filter { $0.kind == "duty.settled" }.count == 1)

            // Free-flowing again for the hold time: the congestion clears and so does the alarm (now closed).
            for t in 62...125 {
                seq += 1
                _ = await session.receive(Self.status(seq: seq, time: Double(t), occupancy: 0.1, halting: 0))
            }
            events = try await Self.events(hub)
            let cleared = try #require(events.firstIndex { $0.kind == "traffic.congestion.cleared" })
            #expect(events[cleared + 1].kind == "alarm.cleared")
            let after = try #require(try await hub.services.telemetry.alarms.alarm(alarm.id))
            #expect(!after.active && after.closed)
            #expect(try await hub.services.telemetry.alarms.list(AlarmFilter(), limit: 10).isEmpty)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func intersectionViews_showWhetherTheHubControls_andTheGatewayLinksHealth(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        try await Self.importCross(hub)
        let viewer = try await hub.signIn("viewer1", role: .viewer)
        let session = GatewaySession(desk: hub.services.traffic, logger: Logger(label: "test"))
        try await hub.run { client in
            _ = await session.receive(#"{"v":1,"type":"hello","seq":1,"gateway":"g1","clock":"sim","time":0,"intersections":["C"]}"#)
            for (seq, t) in [(2, 0), (3, 1), (6, 2)] {   // seq 4 and 5 lost
                _ = await session.receive(Self.status(seq: seq, time: Double(t), occupancy: 0.1, halting: 0))
            }
            _ = await session.receive(#"{"v":1,"type":"fault","seq":7,"intersection":"C","code":"MIN_GREEN","message":"too early"}"#)
            try await client.execute(uri: "/api/v1/traffic/intersections/C", method: .get, headers: .bearer(viewer)) { r in
                #expect(r.status == .ok)
                let control = Self.object(r.body)["control"] as? [String: Any] ?? [:]
                #expect(control["hubControls"] as? Bool == true && control["link"] as? String == "online")
                #expect(control["gateway"] as? String == "g1" && control["lastStatusAt"] != nil)
                #expect(control["statuses"] as? Int == 3 && control["decisionsSent"] as? Int == 3)
                #expect(control["lostMessages"] as? Int == 2 && control["seqGaps"] as? Int == 1)
                #expect(control["faults"] as? Int == 1 && control["fallbacks"] as? Int == 0)
            }
            try await client.execute(uri: "/api/v1/traffic/intersections/C", method: .get) { r in
                #expect(r.status == .unauthorized)
            }
            // The controller falls back to its local plan: counted, and the hub no longer controls the light.
            _ = await session.receive(Self.status(seq: 8, time: 3, occupancy: 0.1, halting: 0, mode: "local"))
            try await client.execute(uri: "/api/v1/traffic/intersections", method: .get, headers: .bearer(viewer)) { r in
                let item = (Self.object(r.body)["items"] as? [[String: Any]])?.first ?? [:]
                let control = item["control"] as? [String: Any] ?? [:]
                #expect(control["hubControls"] as? Bool == false && control["fallbacks"] as? Int == 1)
            }
            // The gateway goes away: offline, and not under the hub's control.
            await session.closed()
            try await client.execute(uri: "/api/v1/traffic/intersections/C", method: .get, headers: .bearer(viewer)) { r in
                let control = Self.object(r.body)["control"] as? [String: Any] ?? [:]
                #expect(control["hubControls"] as? Bool == false && control["link"] as? String == "offline")
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aSilentGateway_raisesAnAlarm_aClosedOneOnlyJournals_andItClearsOnReturn(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        try await Self.importCross(hub)
        let desk = hub.services.traffic
        try await desk.setLinks([Self.c], gateway: "g1", online: true, reason: "hello")
        try await desk.setLinks([Self.c], gateway: "g1", online: false, reason: "closed")
        #expect(try await hub.services.telemetry.alarms.list(AlarmFilter(), limit: 10).isEmpty)
        try await desk.setLinks([Self.c], gateway: "g1", online: true, reason: "hello")
        try await desk.setLinks([Self.c], gateway: "g1", online: false, reason: "silent")
        let alarm = try #require(try await hub.services.telemetry.alarms.list(AlarmFilter(), limit: 10).first)
        #expect(alarm.rule.rawValue == "traffic.gateway-silent" && alarm.source == "gateway:g1" && alarm.severity == .orange)
        #expect(alarm.department == Self.police && alarm.reason.zh.contains("失联"))
        let events = try await Self.events(hub)
        let offline = try #require(events.lastIndex { $0.kind == "traffic.gateway.offline" })
        #expect(events[offline + 1].kind == "alarm.raised")
        try await desk.setLinks([Self.c], gateway: "g1", online: true, reason: "resumed")
        #expect(try await hub.services.telemetry.alarms.alarm(alarm.id)?.active == false)
        await hub.services.stop()
    }

    /// An alarm that cannot be written takes the congestion event with it (one transaction).
    struct Refusing: AlarmRaising {
        struct Refused: Error {}
        func raise(_ request: AlarmRaiseRequest, in tx: Transaction) async throws -> String { throw Refused() }
        func clear(kind: RaisedAlarmKind, source: String, value: Double, reason: LocalizedText, actor: String,
                   in tx: Transaction) async throws -> String? { throw Refused() }
    }

    @Test(arguments: TestDatabases.engines)
    func aFailedAlarm_rollsBackTheCongestionEvent(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        try await Self.importCross(hub)
        hub.services.traffic.hooks.connect(alarmRaising: Refusing())
        await #expect(throws: Refusing.Refused.self) {
            try await hub.services.traffic.recordCongestion(Self.c, change: .detected,
                                                                   measure: .init(approach: "N2C", occupancy: 0.8, halting: 9), byQueue: false,
                                                                   gateway: "g1")
        }
        #expect(try await Self.events(hub).allSatisfy { !$0.kind.hasPrefix("traffic.congestion") })
        await hub.services.stop()
    }

    @Test(arguments: TestDatabases.engines)
    func sensorRules_mayNotTakeTheReservedIDs(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        var rules = AlarmActionTests.rules(category: "E0402")
        rules[0].id = RuleID(rawValue: "traffic.congestion")!
        do {
            _ = try await hub.services.telemetry.rules.replace(rules, expectedVersion: nil, actor: "test")
            Issue.record("a reserved rule id was accepted")
        } catch TelemetryProblem.invalidRules(let faults) {
            #expect(faults.contains { $0.code == "RESERVED_RULE_ID" })
        }
        await hub.services.stop()
    }
}
