import Foundation
import HubKit
@testable import HubServer
import HubTestSupport
import Hummingbird
import HummingbirdTesting
import Telemetry
import Testing

/// The telemetry API through the router: the registry with its denials, GeoJSON import, observations in by JSON,
/// CSV and NGSI-LD (with an API key's scope), and the series query.
@Suite struct TelemetryRouteTests {
    static let gauge = #"""
    {"id": "wl-dongshuimen", "kind": "river_gauge", "name": "东水门码头水位站", "nameEn": "Dongshuimen dock gauge",
     "location": {"type": "Point", "coordinates": [106.583, 29.553]}, "department": "water-resources",
     "groups": ["district", "riverside"], "datum": "yellow-sea-1985", "warningLevel": 175.8, "guaranteedLevel": 176.8}
    """#

    static let importBody = #"""
    {"type": "FeatureCollection", "features": [
      {"type": "Feature", "id": "rg-hechuan", "geometry": {"type": "Point", "coordinates": [106.276, 29.972]},
       "properties": {"kind": "rain_gauge", "name": "合川雨量站", "nameEn": "Hechuan rain gauge", "department": "weather", "groups": "jialing-upper, upstream"}},
      {"type": "Feature", "geometry": {"type": "Point", "coordinates": [106.437, 29.825]},
       "properties": {"id": "rg-beibei", "kind": "rain_gauge", "name": "北碚雨量站", "nameEn": "Beibei rain gauge", "department": "weather", "groups": ["jialing-upper"]}}
    ]}
    """#

    @Test(arguments: TestDatabases.engines)
    func registry_crudImportAndDenials(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        try await hub.run { client in
            let dispatcher = try await hub.signIn("disp", role: .dispatcher)
            let water = try await hub.signIn("water", role: .departmentOperator, department: DepartmentID(rawValue: "water-resources"))
            let weather = try await hub.signIn("weather", role: .departmentHead, department: DepartmentID(rawValue: "weather"))
            let viewer = try await hub.signIn("viewer", role: .viewer)
            try await client.execute(uri: "/api/v1/telemetry/stations", method: .post, headers: .json(dispatcher), body: ByteBuffer(string: Self.gauge)) { response in
                #expect(response.status == .created)
                let station = try response.json(Station.self)
                #expect(station.version == 1 && station.river?.datum.rawValue == "yellow-sea-1985" && station.river?.warningLevel == 175.8)
            }
            try await client.execute(uri: "/api/v1/telemetry/stations", method: .post, headers: .json(dispatcher), body: ByteBuffer(string: Self.gauge)) { response in
                #expect(response.status == .conflict && response.problem?.code == "STATION_EXISTS")
            }
            try await client.execute(uri: "/api/v1/telemetry/stations/import", method: .post, headers: .json(dispatcher), body: ByteBuffer(string: Self.importBody)) { response in
                #expect(response.status == .ok)
                let result = try response.json(StationStore.ImportResult.self)
                #expect(result.created == 2 && result.updated == 0)
            }
            let badImport = Self.importBody.replacingOccurrences(of: #""kind": "rain_gauge", "name": "北碚雨量站""#, with: #""kind": "rain", "name": """#)
                .replacingOccurrences(of: #"{"type": "Point", "coordinates": [106.276, 29.972]}"#, with: "null")
            try await client.execute(uri: "/api/v1/telemetry/stations/import", method: .post, headers: .json(dispatcher), body: ByteBuffer(string: badImport)) { response in
                #expect(response.status == .badRequest && response.problem?.code == "INVALID_STATIONS")
                let items = Set(response.problem?.faults?.compactMap { $0["item"] } ?? [])
                #expect(items == ["features[0].location", "features[1].kind", "features[1].name"])
            }
            try await client.execute(uri: "/api/v1/telemetry/stations?group=jialing-upper", method: .get, headers: .bearer(viewer)) { response in
                try #expect(response.json(PageOfStations.self).items.map(\.id.rawValue) == ["rg-beibei", "rg-hechuan"])
            }
            try await client.execute(uri: "/api/v1/telemetry/stations?bbox=106.4,29.5,106.7,29.9&kind=rain_gauge", method: .get, headers: .bearer(viewer)) { response in
                try #expect(response.json(PageOfStations.self).items.map(\.id.rawValue) == ["rg-beibei"])
            }
            try await client.execute(uri: "/api/v1/telemetry/stations", method: .get, headers: .bearer(water)) { response in
                try #expect(response.json(PageOfStations.self).items.map(\.id.rawValue) == ["wl-dongshuimen"])
            }
            try await client.execute(uri: "/api/v1/telemetry/stations/wl-dongshuimen", method: .get, headers: .bearer(weather)) { response in
                #expect(response.status == .forbidden && response.problem?.code == "NOT_YOUR_DEPARTMENT")
            }
            let update = Self.gauge.replacingOccurrences(of: "175.8", with: "175.5").replacingOccurrences(of: "\"id\"", with: "\"version\": 1, \"id\"")
            try await client.execute(uri: "/api/v1/telemetry/stations/wl-dongshuimen", method: .put, headers: .json(dispatcher), body: ByteBuffer(string: update)) { response in
                #expect(response.status == .ok)
                try #expect(response.json(Station.self).version == 2)
            }
            try await client.execute(uri: "/api/v1/telemetry/stations/wl-dongshuimen", method: .put, headers: .json(dispatcher), body: ByteBuffer(string: update)) { response in
                #expect(response.status == .conflict && response.problem?.code == "STALE_VERSION")
            }
            try await client.execute(uri: "/api/v1/telemetry/stations/wl-dongshuimen", method: .put, headers: .json(viewer), body: ByteBuffer(string: update)) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/api/v1/telemetry/stations/wl-dongshuimen", method: .put, headers: .json(water), body: ByteBuffer(string: update)) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/api/v1/telemetry/stations", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/api/v1/telemetry/stations/rg-beibei/retire", method: .post, headers: .json(dispatcher), body: ByteBuffer(string: #"{"version": 1}"#)) { response in
                try #expect(response.json(Station.self).status == .retired)
            }
            let events = try await hub.services.database.read { sql in try await Journal.events(after: 0, limit: 100, on: sql) }.map(\.kind)
            #expect(events.filter { $0.hasPrefix("telemetry.") } == ["telemetry.station.created", "telemetry.stations.imported",
                                                                     "telemetry.station.updated", "telemetry.station.retired"])
        }
    }

    struct PageOfStations: Decodable {
        var items: [Station]
    }

    @Test(arguments: TestDatabases.engines)
    func observations_inByJSONCSVAndNGSILD_andOutAsASeries(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        hub.clock.set(Date(timeIntervalSince1970: 1_720_620_000))   // 2024-07-10T22:00+08:00
        try await hub.run { client in
            let dispatcher = try await hub.signIn("disp", role: .dispatcher)
            _ = try await hub.signIn("water", role: .departmentOperator, department: DepartmentID(rawValue: "water-resources"))
            let viewer = try await hub.signIn("viewer", role: .viewer)
            let (_, secret) = try await hub.services.accounts.createAPIKey(
                .init(name: "gauge gateway", role: .dispatcher, departmentId: nil, scopes: ["observations:write"], expiresInDays: nil), by: "test")
            let (_, readOnly) = try await hub.services.accounts.createAPIKey(
                .init(name: "wall", role: .dispatcher, departmentId: nil, scopes: ["telemetry:read"], expiresInDays: nil), by: "test")
            try await client.execute(uri: "/api/v1/telemetry/stations", method: .post, headers: .json(dispatcher), body: ByteBuffer(string: Self.gauge)) { _ in }
            let batch = #"{"series": [{"station": "wl-dongshuimen", "quantity": "water_level", "unit": "cm", "points": [["2024-07-10T07:00:00+08:00", 17607], ["2024-07-10T11:00:00+08:00", 17617]]}]}"#
            let gateway: HTTPFields = [.authorization: "Bearer \(secret)", .contentType: "application/json"]
            try await client.execute(uri: "/api/v1/telemetry/observations", method: .post, headers: gateway, body: ByteBuffer(string: batch)) { response in
                #expect(response.status == .created)
                try #expect(response.json(IngestResult.self).inserted == 2)
            }
            try await client.execute(uri: "/api/v1/telemetry/observations", method: .post, headers: gateway, body: ByteBuffer(string: batch)) { response in
                #expect(response.status == .ok)
                try #expect(response.json(IngestResult.self).duplicates == 2)
            }
            try await client.execute(uri: "/api/v1/telemetry/observations", method: .post, headers: [.authorization: "Bearer \(readOnly)"], body: ByteBuffer(string: batch)) { response in
                #expect(response.status == .forbidden && response.problem?.code == "MISSING_SCOPE")
            }
            try await client.execute(uri: "/api/v1/telemetry/observations", method: .post, headers: .json(viewer), body: ByteBuffer(string: batch)) { response in
                #expect(response.status == .forbidden)
            }
            let bad = #"{"observations": [{"station": "wl-dongshuimen", "quantity": "water_level", "time": "2024-07-10T08:00:00", "value": 176},{"station": "nowhere", "quantity": "water_level", "time": "2024-07-10T08:00:00+08:00", "value": 176}, {"station": "wl-dongshuimen", "quantity": "water_level", "time": "2024-07-10T09:00:00+08:00", "value": 176.1, "datum": "wusong"}]}"#
            try await client.execute(uri: "/api/v1/telemetry/observations", method: .post, headers: gateway, body: ByteBuffer(string: bad)) { response in
                #expect(response.status == .badRequest && response.problem?.code == "BAD_OBSERVATIONS")
                #expect(response.problem?.faults?.compactMap { $0["code"] } == ["TIMESTAMP_WITHOUT_ZONE", "UNKNOWN_STATION", "DATUM_MISMATCH"])
            }
            let csv = "station,quantity,time,value,unit\nwl-dongshuimen,water_level,2024-07-10T08:00:00+08:00,176.10,m\nwl-dongshuimen,water_level,2024-07-10T09:00:00+08:00,17612,cm\n"
            try await client.execute(uri: "/api/v1/telemetry/observations/csv", method: .post, headers: [.authorization: "Bearer \(secret)", .contentType: "text/csv"], body: ByteBuffer(string: csv)) { response in
                #expect(response.status == .created)
                try #expect(response.json(IngestResult.self).inserted == 2)
            }
            let entities = #"[{"id": "urn:ngsi-ld:FloodMonitoring:wl-dongshuimen", "type": "FloodMonitoring", "currentLevel": {"type": "Property", "value": 176.15, "observedAt": "2024-07-10T10:00:00+08:00"}}]"#
            try await client.execute(uri: "/ngsi-ld/v1/entityOperations/upsert", method: .post, headers: [.authorization: "Bearer \(secret)", .contentType: "application/ld+json"], body: ByteBuffer(string: entities)) { response in
                #expect(response.status == .created)
                try #expect(response.json([String].self) == ["urn:ngsi-ld:FloodMonitoring:wl-dongshuimen"])
            }
            try await client.execute(uri: "/ngsi-ld/v1/entityOperations/upsert", method: .post, headers: [.authorization: "Bearer \(secret)", .contentType: "text/plain"], body: ByteBuffer(string: entities)) { response in
                #expect(response.status == .unsupportedMediaType)
            }
            let single = #"{"id": "urn:ngsi-ld:FloodMonitoring:wl-dongshuimen", "type": "FloodMonitoring", "currentLevel": 176.16, "dateObserved": "2024-07-10T10:30:00+08:00"}"#
            try await client.execute(uri: "/ngsi-ld/v1/entities", method: .post, headers: [.authorization: "Bearer \(secret)", .contentType: "application/json"], body: ByteBuffer(string: single)) { response in
                #expect(response.status == .created)
                #expect(response.headers[.location] == "/ngsi-ld/v1/entities/urn:ngsi-ld:FloodMonitoring:wl-dongshuimen")
            }
            try await client.execute(uri: "/api/v1/telemetry/series?station=wl-dongshuimen&quantity=water_level&from=2024-07-10T00:00:00%2B08:00&to=2024-07-11T00:00:00%2B08:00&period=1d&fn=max",
                                     method: .get, headers: .bearer(viewer)) { response in
                #expect(response.status == .ok)
                let body = String(buffer: response.body)
                #expect(body.contains(#""start":"2024-07-10T00:00:00+08:00""#) && body.contains(#""value":176.17"#) && body.contains(#""count":6"#))
                #expect(body.contains(#""datum":"yellow-sea-1985""#))
            }
            try await client.execute(uri: "/api/v1/telemetry/series?station=wl-dongshuimen&quantity=water_level&from=2024-07-10T00:00:00&to=2024-07-11T00:00:00%2B08:00",
                                     method: .get, headers: .bearer(viewer)) { response in
                #expect(response.status == .badRequest && response.problem?.code == "BAD_QUERY")
            }
            try await client.execute(uri: "/api/v1/telemetry/stations/wl-dongshuimen/latest", method: .get, headers: .bearer(viewer)) { response in
                #expect(String(buffer: response.body).contains(#""time":"2024-07-10T11:00:00+08:00","unit":"m","value":176.17"#)
                        || String(buffer: response.body).contains(#""value":176.17"#))
            }
            // The list with include=latest: every listed station's newest readings, as /latest gives them, in one request.
            try await client.execute(uri: "/api/v1/telemetry/stations?include=latest", method: .get, headers: .bearer(viewer)) { response in
                #expect(response.status == .ok)
                let page = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                let items = page["items"] as? [[String: Any]] ?? []
                let latest = page["latest"] as? [String: [[String: Any]]] ?? [:]
                #expect(Set(latest.keys) == Set(items.compactMap { $0["id"] as? String }))
                let level = latest["wl-dongshuimen"]?.first { $0["quantity"] as? String == "water_level" }
                #expect(level?["value"] as? Double == 176.17 && level?["unit"] as? String == "m")
            }
            try await client.execute(uri: "/api/v1/telemetry/stations?include=everything", method: .get, headers: .bearer(viewer)) { response in
                #expect(response.status == .badRequest && response.problem?.code == "BAD_QUERY")
            }
        }
    }
}
