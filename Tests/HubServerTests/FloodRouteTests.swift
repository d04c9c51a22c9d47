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
        }
    }
}
