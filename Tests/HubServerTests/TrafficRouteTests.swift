import Foundation
import HubKit
@testable import HubServer
import HubTestSupport
import Hummingbird
import HummingbirdTesting
import Testing
import Traffic

/// Traffic over HTTP: import, who may read and override, problems, override priorities, and expiry on time across a
/// restart.
@Suite struct TrafficRouteTests {
    static let net = TrafficNet.cross

    static func object(_ response: TestResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]) ?? [:]
    }

    /// A city-wide traffic police officer, for overrides set on the desk directly.
    static let police = Principal(kind: .user, id: "p", name: "police", role: .trafficPolice, departmentID: nil)

    static func kinds(_ hub: TestHub) async throws -> [String] {
        try await hub.services.database.read { sql in try await Journal.events(after: 0, limit: 10_000, on: sql) }
            .map(\.kind).filter { $0.hasPrefix("traffic.") }
    }

    @Test(arguments: TestDatabases.engines)
    func import_access_overrides_andProblems(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        let police = try await hub.signIn("police1", role: .trafficPolice)
        let dispatcher = try await hub.signIn("dispatcher1", role: .dispatcher)
        let viewer = try await hub.signIn("viewer1", role: .viewer)
        let operatorToken = try await hub.signIn("operator1", role: .departmentOperator, department: DepartmentID(rawValue: "roads"))
        try await hub.run { client in
            let importPath = "/api/v1/traffic/import?format=sumo"
            for (token, status) in [(viewer, HTTPResponse.Status.forbidden), (dispatcher, .forbidden)] {
                try await client.execute(uri: importPath, method: .post, headers: .bearer(token), body: ByteBuffer(string: Self.net)) { r in
                    #expect(r.status == status)
                    #expect(r.problem?.code == "FORBIDDEN_ROLE")
                }
            }
            let broken: [(String, String)] = [
                (String(Self.net.prefix(300)), "TRAFFIC_MALFORMED_NETWORK"),
                (Self.net.replacingOccurrences(of: "to=\"C2E\" fromLane", with: "to=\"C2Q\" fromLane"), "TRAFFIC_UNKNOWN_LANE"),
                (Self.net.replacingOccurrences(of: " linkIndex=\"1\"", with: ""), "TRAFFIC_MISSING_ATTRIBUTE"),
            ]
            for (body, code) in broken {
                try await client.execute(uri: importPath, method: .post, headers: .bearer(police), body: ByteBuffer(string: body)) { r in
                    #expect(r.problem?.code == code, "\(String(buffer: r.body))")
                    #expect(r.headers[.contentType]?.hasPrefix("application/problem+json") == true)
                }
            }
            try await client.execute(uri: "/api/v1/traffic/import?format=csv", method: .post, headers: .bearer(police),
                                     body: ByteBuffer(string: Self.net)) { r in
                #expect(r.problem?.code == "INVALID_FIELD")
            }
            try await client.execute(uri: importPath, method: .post, headers: .bearer(police), body: ByteBuffer(string: Self.net)) { r in
                #expect(r.status == .created, "\(String(buffer: r.body))")
                #expect(Self.object(r)["intersections"] as? [String] == ["C"])
            }
            // Everyone signed in reads; a department role sees only its department's intersections (none here).
            try await client.execute(uri: "/api/v1/traffic/intersections", method: .get) { r in #expect(r.status == .unauthorized) }
            try await client.execute(uri: "/api/v1/traffic/intersections", method: .get, headers: .bearer(viewer)) { r in
                #expect(r.status == .ok)
                let items = Self.object(r)["items"] as? [[String: Any]]
                #expect(items?.count == 1)
                #expect(items?.first?["link"] as? String == "unknown")
            }
            try await client.execute(uri: "/api/v1/traffic/intersections", method: .get, headers: .bearer(operatorToken)) { r in
                #expect((Self.object(r)["items"] as? [Any])?.isEmpty == true)
            }
            try await client.execute(uri: "/api/v1/traffic/intersections/C", method: .get, headers: .bearer(operatorToken)) { r in
                #expect(r.problem?.code == "NOT_YOUR_DEPARTMENT")
            }
            try await client.execute(uri: "/api/v1/traffic/intersections/NOPE", method: .get, headers: .bearer(viewer)) { r in
                #expect(r.status == .notFound)
                #expect(r.problem?.code == "TRAFFIC_INTERSECTION_NOT_FOUND")
            }
            // Timing: checked against the stages; only police and admins write.
            let timingPath = "/api/v1/traffic/intersections/C/timing"
            let good = #"{"plans":[{"id":"am","cycle":69,"splits":[30,30],"offset":0}],"schedule":[{"start":"07:00","controller":"fixed","plan":"am"},{"start":"09:30","controller":"maxPressure"}]}"#
            let bad = #"{"plans":[{"id":"am","cycle":50,"splits":[30,30],"offset":0}],"schedule":[]}"#
            try await client.execute(uri: timingPath, method: .put, headers: .json(dispatcher), body: ByteBuffer(string: good)) { r in
                #expect(r.status == .forbidden)
            }
            try await client.execute(uri: timingPath, method: .put, headers: .json(police), body: ByteBuffer(string: bad)) { r in
                #expect(r.problem?.code == "TRAFFIC_INVALID_PLAN")
            }
            try await client.execute(uri: timingPath, method: .put, headers: .json(police), body: ByteBuffer(string: good)) { r in
                #expect(r.status == .ok, "\(String(buffer: r.body))")
            }
            try await client.execute(uri: timingPath, method: .get, headers: .bearer(viewer)) { r in
                #expect((Self.object(r)["plans"] as? [Any])?.count == 1)
            }
            // Overrides: viewer and dispatcher may not; reason and expiry are required.
            let overridePath = "/api/v1/traffic/intersections/C/overrides"
            let hold = #"{"kind":"hold","stage":1,"reason":"清理事故 clearing a crash","minutes":30}"#
            for token in [viewer, dispatcher] {
                try await client.execute(uri: overridePath, method: .post, headers: .json(token), body: ByteBuffer(string: hold)) { r in
                    #expect(r.status == .forbidden)
                    #expect(r.problem?.code == "FORBIDDEN_ROLE")
                }
            }
            for body in [#"{"kind":"hold","stage":1,"minutes":30}"#, #"{"kind":"hold","stage":1,"reason":"x"}"#,
                         #"{"kind":"allRed","reason":"x","minutes":600}"#, #"{"kind":"hold","stage":5,"reason":"x","minutes":3}"#] {
                try await client.execute(uri: overridePath, method: .post, headers: .json(police), body: ByteBuffer(string: body)) { r in
                    #expect(r.status == .unprocessableContent)
                    #expect(r.problem?.code == "TRAFFIC_INVALID_OVERRIDE", "\(body)")
                }
            }
            var holdID = ""
            try await client.execute(uri: overridePath, method: .post, headers: .json(police), body: ByteBuffer(string: hold)) { r in
                #expect(r.status == .created, "\(String(buffer: r.body))")
                holdID = Self.object(r)["id"] as? String ?? ""
            }
            hub.clock.advance(by: 5)
            var allRedID = ""
            try await client.execute(uri: overridePath, method: .post, headers: .json(police),
                                     body: ByteBuffer(string: #"{"kind":"allRed","reason":"游行 parade","minutes":10}"#)) { r in
                allRedID = Self.object(r)["id"] as? String ?? ""
            }
            try await client.execute(uri: "/api/v1/traffic/intersections/C", method: .get, headers: .bearer(viewer)) { r in
                let body = Self.object(r)
                #expect((body["override"] as? [String: Any])?["id"] as? String == allRedID)
                #expect(((body["suspended"] as? [[String: Any]])?.map { $0["id"] as? String }) == [holdID])
            }
            try await client.execute(uri: "/api/v1/traffic/overrides/\(allRedID)/cancel", method: .post, headers: .bearer(dispatcher)) { r in
                #expect(r.status == .forbidden)
            }
            try await client.execute(uri: "/api/v1/traffic/overrides/\(allRedID)/cancel", method: .post, headers: .bearer(police)) { r in
                #expect(r.status == .ok)
                #expect(Self.object(r)["end"] as? String == "cancelled")
            }
            try await client.execute(uri: "/api/v1/traffic/overrides/\(allRedID)/cancel", method: .post, headers: .bearer(police)) { r in
                #expect(r.problem?.code == "TRAFFIC_OVERRIDE_ENDED")
            }
            try await client.execute(uri: "/api/v1/traffic/overrides/ovr_none/cancel", method: .post, headers: .bearer(police)) { r in
                #expect(r.problem?.code == "TRAFFIC_OVERRIDE_NOT_FOUND")
            }
            try await client.execute(uri: "/api/v1/traffic/intersections/C", method: .get, headers: .bearer(viewer)) { r in
                #expect((Self.object(r)["override"] as? [String: Any])?["id"] as? String == holdID)   // the hold resumed
            }
            try await client.execute(uri: "/api/v1/traffic/overrides?state=all", method: .get, headers: .bearer(viewer)) { r in
                #expect((Self.object(r)["items"] as? [Any])?.count == 2)
            }
            try await client.execute(uri: "/api/v1/traffic/overrides", method: .get, headers: .bearer(viewer)) { r in
                #expect((Self.object(r)["items"] as? [[String: Any]])?.map { $0["id"] as? String } == [holdID])
            }
            #expect(try await Self.kinds(hub) == ["traffic.imported", "traffic.timing.changed", "traffic.override.set",
                                                   "traffic.override.set", "traffic.override.cancelled"])
        }
    }

    @Test(arguments: TestDatabases.engines)
    func overrideExpires_onTime_acrossARestart(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        let x = try SumoNetImport.intersections(from: Data(Self.net.utf8))
        _ = try await hub.services.traffic.importIntersections(x, format: "sumo", data: Data(Self.net.utf8), by: "test")
        let o = try await hub.services.traffic.setOverride(.init(kind: .flash, reason: "信号机检修 maintenance", minutes: 5),
                                                           on: x[0].id, by: Self.police)
        try await hub.run { _ in }
        hub.clock.advance(by: 5 * 60 + 1)
        let again = try await hub.restarted()
        try await again.run { client in
            let viewer = try await again.signIn("viewer2", role: .viewer)
            // Past its expiry the override no longer applies, even before the expiry pass has run...
            try await client.execute(uri: "/api/v1/traffic/intersections/C", method: .get, headers: .bearer(viewer)) { r in
                #expect(TrafficRouteTests.object(r)["override"] == nil)
            }
            // ...which journals it once, at its expiry time.
            #expect(try await again.services.traffic.expireDue() == 1)
            #expect(try await again.services.traffic.expireDue() == 0)
            let stored = try await again.services.traffic.overrides(of: nil, liveOnly: false, department: nil, limit: 10)
            #expect(stored.first?.end == .expired)
            #expect(stored.first?.endedAt == o.expiresAt)
            #expect(try await Self.kinds(again).suffix(2) == ["traffic.override.set", "traffic.override.expired"])
        }
    }

    @Test(arguments: TestDatabases.engines)
    func overrideList_forADepartmentRole_isAFullPageOfItsOwn(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        var c = try SumoNetImport.intersections(from: Data(Self.net.utf8))[0]
        c.department = "roads"
        var d = c
        d.id = try #require(IntersectionID(rawValue: "D"))
        d.department = "parks"
        _ = try await hub.services.traffic.importIntersections([c, d], format: "site", data: Data(Self.net.utf8), by: "test")
        var roadsIDs: [String] = []
        for (id, count) in [(c.id, 2), (d.id, 3)] {      // the other department's overrides are the newer ones
            for _ in 0..<count {
                let o = try await hub.services.traffic.setOverride(.init(kind: .allRed, reason: "演练 drill", minutes: 30), on: id, by: Self.police)
                if id == c.id { roadsIDs.insert(o.id, at: 0) }
                hub.clock.advance(by: 1)
            }
        }
        let newestRoads = roadsIDs
        let operatorToken = try await hub.signIn("operator1", role: .departmentOperator, department: DepartmentID(rawValue: "roads"))
        let viewer = try await hub.signIn("viewer1", role: .viewer)
        try await hub.run { client in
            for state in ["live", "all"] {
                try await client.execute(uri: "/api/v1/traffic/overrides?state=\(state)&limit=2", method: .get, headers: .bearer(operatorToken)) { r in
                    #expect((Self.object(r)["items"] as? [[String: Any]])?.map { $0["id"] as? String } == newestRoads)
                }
            }
            try await client.execute(uri: "/api/v1/traffic/overrides?intersection=D", method: .get, headers: .bearer(operatorToken)) { r in
                #expect((Self.object(r)["items"] as? [Any])?.isEmpty == true)
            }
            try await client.execute(uri: "/api/v1/traffic/overrides?limit=2", method: .get, headers: .bearer(viewer)) { r in
                #expect((Self.object(r)["items"] as? [[String: Any]])?.compactMap { $0["intersection"] as? String } == ["D", "D"])
            }
            // Department roles read only: writing is for city-wide roles, whatever the department.
            try await client.execute(uri: "/api/v1/traffic/overrides/\(newestRoads[0])/cancel", method: .post, headers: .bearer(operatorToken)) { r in
                #expect(r.problem?.code == "FORBIDDEN_ROLE")
            }
        }
    }

    @Test func overrideNotYetDue_isNotExpired() async throws {
        let hub = try await TestHub.start(.sqlite)
        let x = try SumoNetImport.intersections(from: Data(Self.net.utf8))
        _ = try await hub.services.traffic.importIntersections(x, format: "sumo", data: Data(Self.net.utf8), by: "test")
        _ = try await hub.services.traffic.setOverride(.init(kind: .allRed, reason: "r", minutes: 5), on: x[0].id, by: Self.police)
        hub.clock.advance(by: 299)
        #expect(try await hub.services.traffic.expireDue() == 0)
        hub.clock.advance(by: 1)
        #expect(try await hub.services.traffic.expireDue() == 1)
        try await hub.run { _ in }
    }
}

/// The SUMO network the HubServer traffic tests import: junction `C`, two stages.
enum TrafficNet {
    static let cross = """
    <?xml version="1.0" encoding="UTF-8"?>
    <net version="1.20">
        <edge id="N2C" from="N" to="C"><lane id="N2C_0" index="0" length="200.0"/></edge>
        <edge id="S2C" from="S" to="C"><lane id="S2C_0" index="0" length="200.0"/></edge>
        <edge id="E2C" from="E" to="C"><lane id="E2C_0" index="0" length="200.0"/></edge>
        <edge id="W2C" from="W" to="C"><lane id="W2C_0" index="0" length="200.0"/></edge>
        <edge id="C2N" from="C" to="N"><lane id="C2N_0" index="0" length="200.0"/></edge>
        <edge id="C2S" from="C" to="S"><lane id="C2S_0" index="0" length="200.0"/></edge>
        <edge id="C2E" from="C" to="E"><lane id="C2E_0" index="0" length="200.0"/></edge>
        <edge id="C2W" from="C" to="W"><lane id="C2W_0" index="0" length="200.0"/></edge>
        <tlLogic id="C" type="static" programID="0" offset="0">
            <phase duration="30" state="GGrr"/>
            <phase duration="3" state="yyrr"/>
            <phase duration="2" state="rrrr"/>
            <phase duration="30" state="rrGG"/>
            <phase duration="4" state="rryy"/>
        </tlLogic>
        <junction id="C" type="traffic_light" x="0" y="0"/>
        <connection from="N2C" to="C2S" fromLane="0" toLane="0" tl="C" linkIndex="0"/>
        <connection from="S2C" to="C2N" fromLane="0" toLane="0" tl="C" linkIndex="1"/>
        <connection from="E2C" to="C2W" fromLane="0" toLane="0" tl="C" linkIndex="2"/>
        <connection from="W2C" to="C2E" fromLane="0" toLane="0" tl="C" linkIndex="3"/>
    </net>
    """
}
