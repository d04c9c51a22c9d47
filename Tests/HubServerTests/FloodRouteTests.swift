import Foundation
import HubKit
@testable import HubServer
import HubTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// The flood what-if through HTTP on the demo terrain: the dock square's story, datums, formats and denials.
@Suite struct FloodRouteTests {
    /// Writes the demo terrain, river and places as `cityhub demo` does.
    static func writeDemoFiles(_ hub: TestHub) throws {
        let folder = URL(fileURLWithPath: hub.services.configuration.dataDirectory).appendingPathComponent("terrain")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try DemoTerrain.generate().esriASCIIGrid().write(to: folder.appendingPathComponent("demo-dem.asc"))
        try Data(#"{"datum":"1985国家高程基准 / 1985 National Height Datum","datumTag":"yellow-sea-1985"}"#.utf8)
            .write(to: folder.appendingPathComponent("demo-dem.json"))
        try DemoFloodPlaces.river().write(to: folder.appendingPathComponent("demo-river.geojson"))
        try DemoFloodPlaces.places(DemoDistrict.geography().features).write(to: folder.appendingPathComponent("demo-places.geojson"))
    }

    static func object(_ response: TestResponse) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any] ?? [:]
    }

    /// The places flooded at a level, by id, with their flooded share.
    static func flooded(_ client: any TestClientProtocol, level: String, token: String) async throws -> [String: Double] {
        var out: [String: Double] = [:]
        try await client.execute(uri: "/api/v1/flood/inundation?level=\(level)", method: .get, headers: .bearer(token)) { response in
            #expect(response.status == .ok)
            let places = try Self.object(response)["places"] as? [[String: Any]] ?? []
            for place in places {
                if let id = place["id"] as? String, let share = place["floodedShare"] as? Double { out[id] = share }
            }
        }
        return out
    }

    @Test func dockSquareShrinksAsTheLevelRises_leveeBasinStaysDry() async throws {
        let hub = try await TestHub.start(.sqlite)
        try Self.writeDemoFiles(hub)
        let viewer = try await hub.signIn("viewer1", role: .viewer)
        try await hub.run { client in
            let low = try await Self.flooded(client, level: "176.07", token: viewer)
            #expect((low["place-dock-steps"] ?? 0) > 0.9, "steps below the square flood at 176.07")
            #expect(low["place-dock-steps-top"] == nil, "the top step (176.10) stays dry at 176.07")
            #expect(low["place-dock-square"] == nil)
            let crest = try await Self.flooded(client, level: "176.17", token: viewer)
            #expect(crest["place-dock-steps-top"] == 1)
            #expect((crest["place-dock-square-edge"] ?? 0) > 0.5, "the water reaches the square's edge at the 176.17 crest")
            #expect((crest["place-dock-square"] ?? 1) < 0.2)
            #expect(crest["place-dock-square-back"] == nil)
            let forecast = try await Self.flooded(client, level: "176.8", token: viewer)
            #expect(forecast["place-dock-square"] == 1, "the whole square floods at 176.8")
            #expect(forecast["place-upper-steps"] == nil, "up to the steps to the next street")
            #expect(forecast["place-upper-street"] == nil)
            #expect(forecast["place-levee-basin"] == nil, "the basin behind the levee stays dry")
            #expect(forecast.keys.filter { $0.hasPrefix("ferry-") }.count >= 20)

            try await client.execute(uri: "/api/v1/flood/places", method: .get, headers: .bearer(viewer)) { response in
                let places = try Self.object(response)["places"] as? [[String: Any]] ?? []
                let square = places.first { $0["id"] as? String == "place-dock-square" }
                #expect(square?["firstFlood"] as? Double == 176.1)
                let basin = places.first { $0["id"] as? String == "place-levee-basin" }
                #expect((basin?["firstFlood"] as? Double ?? 0) >= 178)
                #expect(places.count >= 27 + 10)
            }
            try await client.execute(uri: "/api/v1/flood/inundation?level=176.8&format=geojson", method: .get,
                                     headers: .bearer(viewer)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/geo+json")
                let geometry = try Self.object(response)["geometry"] as? [String: Any]
                #expect(geometry?["type"] as? String == "MultiPolygon")
            }
            try await client.execute(uri: "/api/v1/flood/inundation?level=176.8&format=png", method: .get,
                                     headers: .bearer(viewer)) { response in
                #expect(response.headers[.contentType] == "image/png")
                #expect(Array(Data(buffer: response.body).prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
            }
            try await client.execute(uri: "/api/v1/flood/terrains", method: .get, headers: .bearer(viewer)) { response in
                let items = try Self.object(response)["items"] as? [[String: Any]] ?? []
                #expect(items.first?["datum"] as? String == "yellow-sea-1985")
            }
        }
    }

    /// The level from the dock gauge's readings (the July replay) and from its crest forecast, in the terrain's datum.
    @Test func levelsFromTheReachGauge_readingsAndForecast() async throws {
        let hub = try await TestHub.start(.sqlite)
        try Self.writeDemoFiles(hub)
        hub.clock.set(Date(milliseconds: try Timestamp.milliseconds("2026-09-25T12:00:00+08:00")))
        let telemetry = hub.services.telemetry
        _ = try await telemetry.stations.importStations(DemoStations.all(at: hub.clock.now), sha256: "demo", actor: "test")
        _ = try await telemetry.accept(DemoFlood.readings(year: 2026), correction: false, format: "demo", actor: "test")
        _ = try await telemetry.accept(DemoFloodHistory.readings(year: 2026, until: hub.clock.now), correction: false, format: "demo", actor: "test")
        let viewer = try await hub.signIn("viewer1", role: .viewer)
        let weather = try await hub.signIn("weather", role: .departmentOperator, department: DepartmentID(rawValue: "weather"))
        try await hub.run { client in
            func answer(_ query: String, token: String? = nil) async throws -> (source: [String: Any], places: [String: Double]) {
                var out: ([String: Any], [String: Double]) = ([:], [:])
                try await client.execute(uri: "/api/v1/flood/inundation?\(query)", method: .get, headers: .bearer(token ?? viewer)) { response in
                    #expect(response.status == .ok, "\(query)")
                    let object = try Self.object(response)
                    out.0 = object["source"] as? [String: Any] ?? [:]
                    for place in object["places"] as? [[String: Any]] ?? [] {
                        if let id = place["id"] as? String, let share = place["floodedShare"] as? Double { out.1[id] = share }
                    }
                }
                return out
            }
            let early = try await answer("gauge=wl-dongshuimen&at=2026-07-10T07:00:00%2B08:00")
            #expect(early.source["level"] as? Double == 176.07 && early.source["kind"] as? String == "observed")
            #expect(early.source["datum"] as? String == "yellow-sea-1985" && early.places["place-dock-square-edge"] == nil)
            let crest = try await answer("gauge=wl-dongshuimen&at=2026-07-10T11:00:00%2B08:00")
            #expect(crest.source["level"] as? Double == 176.17 && crest.source["time"] as? String == "2026-07-10T11:00:00+08:00")
            #expect((crest.places["place-dock-square-edge"] ?? 0) > 0.5)
            let falling = try await answer("gauge=wl-dongshuimen&at=2026-07-12T11:00:00%2B08:00")
            #expect((falling.source["level"] as? Double ?? 999) < 176.07 && falling.places["place-dock-square-edge"] == nil)

            let forecast = try await answer("forecast=wl-dongshuimen&at=2026-08-27T03:00:00%2B08:00")
            #expect(forecast.source["kind"] as? String == "forecast")
            #expect(abs((forecast.source["level"] as? Double ?? 0) - 176.02) <= 0.3)

            for (query, code) in [("gauge=wl-cuntan", "FLOOD_GAUGE_NOT_ON_TERRAIN"), ("level=176&gauge=wl-dongshuimen", "INVALID_FIELD"),
                                  ("level=176&at=2026-07-10T07:00:00%2B08:00", "INVALID_FIELD"), ("gauge=wl-dongshuimen&at=2026-07-10T07:00:00", "INVALID_FIELD"),
                                  ("gauge=wl-dongshuimen&at=2020-01-01T00:00:00%2B08:00", "NO_READING"), ("", "INVALID_FIELD")] {
                try await client.execute(uri: "/api/v1/flood/inundation?\(query)", method: .get, headers: .bearer(viewer)) { response in
                    #expect(response.problem?.code == code, "\(query)")
                }
            }
            try await client.execute(uri: "/api/v1/flood/inundation?gauge=wl-dongshuimen", method: .get, headers: .bearer(weather)) { response in
                #expect(response.status == .forbidden && response.problem?.code == "NOT_YOUR_DEPARTMENT")
            }
            try await client.execute(uri: "/api/v1/flood/terrains", method: .get, headers: .bearer(viewer)) { response in
                let items = try Self.object(response)["items"] as? [[String: Any]] ?? []
                let reaches = items.first?["reaches"] as? [[String: Any]] ?? []
                #expect(Set(reaches.compactMap { $0["gauge"] as? String }) == ["wl-dongshuimen", "wl-hongyadong"])
            }
        }
    }

    @Test func refusals_datum_input_andRoles() async throws {
        let hub = try await TestHub.start(.sqlite)
        try Self.writeDemoFiles(hub)
        let viewer = try await hub.signIn("viewer2", role: .viewer)
        let admin = try await hub.signIn("admin2", role: .admin)
        try await hub.run { client in
            try await client.execute(uri: "/api/v1/flood/inundation?level=176.8", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/api/v1/flood/inundation?level=176.8&datum=wusong", method: .get,
                                     headers: .bearer(viewer)) { response in
                #expect(response.status == .unprocessableContent)
                let body = try Self.object(response)
                #expect(body["code"] as? String == "FLOOD_DATUM_MISMATCH")
            }
            try await client.execute(uri: "/api/v1/flood/inundation?level=high", method: .get, headers: .bearer(viewer)) { response in
                let body = try Self.object(response)
                #expect(body["code"] as? String == "INVALID_FIELD")
            }
            try await client.execute(uri: "/api/v1/flood/inundation?level=176&terrain=nowhere", method: .get,
                                     headers: .bearer(viewer)) { response in
                #expect(response.status == .notFound)
            }
            let river = #"{"type":"LineString","coordinates":[[0,0],[1,1]]}"#
            try await client.execute(uri: "/api/v1/flood/terrains/demo/river", method: .put, headers: .bearer(viewer),
                                     body: ByteBuffer(string: river)) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/api/v1/flood/terrains/demo/river", method: .put, headers: .bearer(admin),
                                     body: ByteBuffer(string: river)) { response in
                let body = try Self.object(response)
                #expect(body["code"] as? String == "FLOOD_RIVER_OUTSIDE_TERRAIN")
            }
            let grid = "ncols 3\nnrows 2\nxllcorner 0\nyllcorner 0\ncellsize 10\nNODATA_value -9999\n1 2 3\n4 5 6\n"
            try await client.execute(uri: "/api/v1/flood/terrains/small?datum=wusong", method: .put, headers: .bearer(viewer),
                                     body: ByteBuffer(string: grid)) { response in
                #expect(response.status == .forbidden)
            }
            let head = try await hub.journalHead()
            try await client.execute(uri: "/api/v1/flood/terrains/small?datum=wusong", method: .put, headers: .bearer(admin),
                                     body: ByteBuffer(string: grid)) { response in
                #expect(response.status == .created)
                let body = try Self.object(response)
                #expect(body["datum"] as? String == "wusong")
            }
            let after = try await hub.journalHead()
            #expect(after == head + 1)
            try await client.execute(uri: "/api/v1/flood/inundation?level=3&terrain=small", method: .get,
                                     headers: .bearer(viewer)) { response in
                let body = try Self.object(response)
                #expect(body["code"] as? String == "FLOOD_NO_RIVER")
            }
            // The listing keeps a terrain's description until the terrain changes: a new upload shows at once.
            func smallColumns() async throws -> Int? {
                var columns: Int?
                try await client.execute(uri: "/api/v1/flood/terrains", method: .get, headers: .bearer(viewer)) { response in
                    let items = try Self.object(response)["items"] as? [[String: Any]] ?? []
                    columns = items.first { $0["id"] as? String == "small" }?["columns"] as? Int
                }
                return columns
            }
            #expect(try await smallColumns() == 3)
            let wider = "ncols 4\nnrows 2\nxllcorner 0\nyllcorner 0\ncellsize 10\nNODATA_value -9999\n1 2 3 4\n4 5 6 7\n"
            try await client.execute(uri: "/api/v1/flood/terrains/small?datum=wusong", method: .put, headers: .bearer(admin),
                                     body: ByteBuffer(string: wider)) { response in
                #expect(response.status == .created)
            }
            #expect(try await smallColumns() == 4)
        }
    }
}
