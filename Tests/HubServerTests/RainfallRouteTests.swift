import Foundation
import HubKit
@testable import HubServer
import HubTestSupport
import Hummingbird
import HummingbirdTesting
import Telemetry
import Testing

/// The rainfall routes through the router: the gauges' map (grades, colours, department filtering), a basin's areal
/// rainfall, the rainstorm signal template, and their refusals.
@Suite struct RainfallRouteTests {
    struct Gauge: Decodable {
        var station: String
        var millimetres: Double
        var grade: String?
        var colour: String
        var rainBegan: String?
    }

    struct Map: Decodable {
        var window: String
        var grading: String?
        var gauges: [Gauge]
    }

    struct Areal: Decodable {
        struct Weight: Decodable {
            var station: String
            var weight: Double
            var millimetres: Double
        }
        var millimetres: Double
        var gauges: [Weight]
    }

    struct Rules: Decodable { var rules: [AlarmRule] }

    static let noon = "2026-09-25T12:00:00+08:00"

    static func seed(_ hub: TestHub) async throws {
        hub.clock.set(Date(milliseconds: try Timestamp.milliseconds(noon) + 60_000))
        let telemetry = hub.services.telemetry
        _ = try await telemetry.stations.importStations(DemoStations.all(at: hub.clock.now), sha256: "demo", actor: "test")
        var raws: [RawObservation] = []
        for hour in 7...12 {
            let time = "2026-09-25T\(hour < 10 ? "0" : "")\(hour):00:00+08:00"
            raws.append(RawObservation(item: "h\(hour)", station: "rg-hechuan", quantity: "rainfall", time: time, value: 20))
            if hour >= 11 { raws.append(RawObservation(item: "b\(hour)", station: "rg-beibei", quantity: "rainfall", time: time, value: 30)) }
        }
        raws.append(RawObservation(item: "w", station: "rg-wusheng", quantity: "rainfall", time: noon, value: 0))
        _ = try await telemetry.accept(raws, correction: false, format: "test", actor: "test")
    }

    @Test(arguments: TestDatabases.engines)
    func map_gradesAndColoursEveryGauge_filteredByDepartment(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        try await Self.seed(hub)
        try await hub.run { client in
            let viewer = try await hub.signIn("viewer", role: .viewer)
            let water = try await hub.signIn("water", role: .departmentOperator, department: DepartmentID(rawValue: "water-resources"))
            let weather = try await hub.signIn("weather", role: .departmentHead, department: DepartmentID(rawValue: "weather"))
            let at = Self.noon.replacingOccurrences(of: "+", with: "%2B")
            try await client.execute(uri: "/api/v1/telemetry/rainfall?window=24h&at=\(at)", method: .get, headers: .bearer(viewer)) { response in
                #expect(response.status == .ok)
                let map = try response.json(Map.self)
                let byId = Dictionary(uniqueKeysWithValues: map.gauges.map { ($0.station, $0) })
                #expect(map.gauges.count == 11 && map.grading?.hasPrefix("GB/T 28592-2012") == true)
                #expect(byId["rg-hechuan"]?.millimetres == 120 && byId["rg-hechuan"]?.colour == "purple" && byId["rg-hechuan"]?.grade == "heavyRainstorm")
                #expect(byId["rg-beibei"]?.millimetres == 60 && byId["rg-beibei"]?.colour == "red" && byId["rg-beibei"]?.grade == "rainstorm")
                #expect(byId["rg-wusheng"]?.colour == "none" && byId["rg-wusheng"]?.grade == "trace")
            }
            try await client.execute(uri: "/api/v1/telemetry/rainfall?window=1h&at=\(at)&group=jialing-upper", method: .get, headers: .bearer(weather)) { response in
                let map = try response.json(Map.self)
                #expect(map.gauges.map(\.station) == ["rg-beibei", "rg-guangan", "rg-hechuan", "rg-nanchong", "rg-wusheng"])
                #expect(map.gauges.first?.grade == "heavyRainstorm" && map.grading?.contains("CMA") == true)
            }
            try await client.execute(uri: "/api/v1/telemetry/rainfall?window=event&dryHours=3&at=\(at)", method: .get, headers: .bearer(viewer)) { response in
                let map = try response.json(Map.self)
                let hechuan = map.gauges.first { $0.station == "rg-hechuan" }
                #expect(map.window == "event" && map.grading == nil && hechuan?.millimetres == 120 && hechuan?.rainBegan == "2026-09-25T07:00:00+08:00")
            }
            // A department sees its own gauges only: the water bureau has no rain gauges.
            try await client.execute(uri: "/api/v1/telemetry/rainfall?at=\(at)", method: .get, headers: .bearer(water)) { response in
                try #expect(response.json(Map.self).gauges.isEmpty)
            }
            try await client.execute(uri: "/api/v1/telemetry/rainfall", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
            for bad in ["window=2h", "window=event&dryHours=0", "at=2026-09-25T12:00:00", "dryHours=six"] {
                try await client.execute(uri: "/api/v1/telemetry/rainfall?\(bad)", method: .get, headers: .bearer(viewer)) { response in
                    #expect(response.status == .badRequest && response.problem?.code == "BAD_QUERY", "\(bad)")
                }
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func areal_weighsTheGaugesByThiessenCells(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        try await Self.seed(hub)
        try await hub.run { client in
            let viewer = try await hub.signIn("viewer", role: .viewer)
            // A box around Hechuan and Beibei (and Wusheng to the north).
            let basin = #"{"type": "Polygon", "coordinates": [[[106.1, 29.7], [106.6, 29.7], [106.6, 30.5], [106.1, 30.5], [106.1, 29.7]]]}"#
            let body = #"{"basin": \#(basin), "group": "jialing-upper", "window": "24h", "at": "\#(Self.noon)"}"#
            try await client.execute(uri: "/api/v1/telemetry/rainfall/areal", method: .post, headers: .json(viewer), body: ByteBuffer(string: body)) { response in
                #expect(response.status == .ok)
                let areal = try response.json(Areal.self)
                #expect(Set(areal.gauges.map(\.station)) == ["rg-beibei", "rg-hechuan", "rg-wusheng"])
                #expect(abs(areal.gauges.reduce(0) { $0 + $1.weight } - 1) < 1e-9)
                let expected = areal.gauges.reduce(0) { $0 + $1.weight * $1.millimetres }
                #expect(abs(areal.millimetres - expected) < 0.01 && areal.millimetres > 0)
            }
            let bowtie = #"{"basin": {"type": "Polygon", "coordinates": [[[106, 29], [107, 30], [107, 29], [106, 30], [106, 29]]]}}"#
            try await client.execute(uri: "/api/v1/telemetry/rainfall/areal", method: .post, headers: .json(viewer), body: ByteBuffer(string: bowtie)) { response in
                #expect(response.status == .badRequest && response.problem?.code == "BAD_QUERY")
            }
            let noGauges = #"{"basin": \#(basin), "group": "nowhere", "at": "\#(Self.noon)"}"#
            try await client.execute(uri: "/api/v1/telemetry/rainfall/areal", method: .post, headers: .json(viewer), body: ByteBuffer(string: noGauges)) { response in
                #expect(response.status == .badRequest && response.problem?.code == "BAD_QUERY")
            }
            try await client.execute(uri: "/api/v1/telemetry/rainfall/areal", method: .post, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func signalTemplate_expandsToFourCheckedRules_forTheCommandCentreOnly(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        try await Self.seed(hub)
        try await hub.run { client in
            let dispatcher = try await hub.signIn("disp", role: .dispatcher)
            let viewer = try await hub.signIn("viewer", role: .viewer)
            let body = ByteBuffer(string: #"{"idPrefix": "upper-rainstorm", "group": "jialing-upper"}"#)
            try await client.execute(uri: "/api/v1/telemetry/rules/templates/rainstorm-signals", method: .post, headers: .json(dispatcher), body: body) { response in
                #expect(response.status == .ok)
                let rules = try response.json(Rules.self).rules
                #expect(rules.map(\.id.rawValue) == ["upper-rainstorm-blue", "upper-rainstorm-yellow", "upper-rainstorm-orange", "upper-rainstorm-red"])
            }
            try await client.execute(uri: "/api/v1/telemetry/rules/templates/rainstorm-signals", method: .post, headers: .json(viewer), body: body) { response in
                #expect(response.status == .forbidden && response.problem?.code == "FORBIDDEN_ROLE")
            }
            let unknown = ByteBuffer(string: #"{"station": "rg-nowhere"}"#)
            try await client.execute(uri: "/api/v1/telemetry/rules/templates/rainstorm-signals", method: .post, headers: .json(dispatcher), body: unknown) { response in
                #expect(response.status == .badRequest && response.problem?.code == "INVALID_RULES")
            }
        }
    }
}
