import Foundation
import HubKit
@testable import HubServer
import HubTestSupport
import Hummingbird
import HummingbirdTesting
import Telemetry
import Testing

/// Datum offsets through the router: administrators edit a gauge's table (journaled), the series answers in
/// another datum by it, and a datum without an offset is refused rather than mixed.
@Suite struct DatumRouteTests {
    struct Series: Decodable {
        struct Bucket: Decodable { var value: Double }
        var datum: String?
        var buckets: [Bucket]
    }

    @Test(arguments: TestDatabases.engines)
    func offsets_areEditedByAdmins_journaled_andConvertTheSeries(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        hub.clock.set(Date(milliseconds: try Timestamp.milliseconds("2026-09-25T12:00:00+08:00")))
        let telemetry = hub.services.telemetry
        _ = try await telemetry.stations.importStations(DemoStations.all(at: hub.clock.now), sha256: "demo", actor: "test")
        _ = try await telemetry.accept([RawObservation(item: "0", station: "wl-dongshuimen", quantity: "water_level",
                                                       time: "2026-09-25T11:00:00+08:00", value: 176.17)],
                                       correction: false, format: "test", actor: "test")
        try await hub.run { client in
            let admin = try await hub.signIn("admin", role: .admin)
            let dispatcher = try await hub.signIn("disp", role: .dispatcher)
            let weather = try await hub.signIn("weather", role: .departmentOperator, department: DepartmentID(rawValue: "weather"))
            let path = "/api/v1/telemetry/stations/wl-dongshuimen/datums"
            let series = "/api/v1/telemetry/series?station=wl-dongshuimen&quantity=water_level&from=2026-09-25T00:00:00%2B08:00&to=2026-09-26T00:00:00%2B08:00&period=1d&fn=max"
            try await client.execute(uri: series + "&datum=wusong", method: .get, headers: .bearer(dispatcher)) { response in
                #expect(response.status == .unprocessableContent && response.problem?.code == "NO_DATUM_OFFSET")
            }
            let body = ByteBuffer(string: #"{"offset": 1.8, "note": "示例：东水门 吴淞 − 85 黄海 / example figure"}"#)
            try await client.execute(uri: path + "/wusong", method: .put, headers: .json(dispatcher), body: body) { response in
                #expect(response.status == .forbidden)
            }
            let head = try await hub.journalHead()
            try await client.execute(uri: path + "/wusong", method: .put, headers: .json(admin), body: body) { response in
                #expect(response.status == .ok)
            }
            try #expect(await hub.journalHead() == head + 1)
            try await client.execute(uri: series + "&datum=wusong", method: .get, headers: .bearer(dispatcher)) { response in
                let answer = try response.json(Series.self)
                #expect(answer.datum == "wusong" && answer.buckets.count == 1 && abs((answer.buckets.first?.value ?? 0) - 177.97) < 1e-9)
            }
            try await client.execute(uri: series, method: .get, headers: .bearer(dispatcher)) { response in
                let answer = try response.json(Series.self)
                #expect(answer.datum == "yellow-sea-1985" && answer.buckets.first?.value == 176.17)
            }
            try await client.execute(uri: series + "&datum=yellow-sea-1985", method: .get, headers: .bearer(dispatcher)) { response in
                try #expect(response.json(Series.self).buckets.first?.value == 176.17)
            }
            for (bad, status, code) in [("&datum=Wusong", 400, "BAD_QUERY"), ("&datum=pearl-river", 422, "NO_DATUM_OFFSET")] {
                try await client.execute(uri: series + bad, method: .get, headers: .bearer(dispatcher)) { response in
                    #expect(response.status.code == status && response.problem?.code == code)
                }
            }
            try await client.execute(uri: path, method: .get, headers: .bearer(dispatcher)) { response in
                let text = String(buffer: response.body)
                #expect(response.status == .ok && text.contains("\"wusong\"") && text.contains("1.8"))
            }
            try await client.execute(uri: path, method: .get, headers: .bearer(weather)) { response in
                #expect(response.status == .forbidden && response.problem?.code == "NOT_YOUR_DEPARTMENT")
            }
            try await client.execute(uri: "/api/v1/telemetry/stations/rg-hechuan/datums", method: .get, headers: .bearer(admin)) { response in
                #expect(response.status == .unprocessableContent && response.problem?.code == "NOT_A_RIVER_GAUGE")
            }
            try await client.execute(uri: path + "/yellow-sea-1985", method: .put, headers: .json(admin), body: body) { response in
                #expect(response.status == .unprocessableContent && response.problem?.code == "INVALID_FIELD")
            }
            try await client.execute(uri: path + "/wusong", method: .put, headers: .json(admin), body: ByteBuffer(string: #"{"offset": 1e9}"#)) { response in
                #expect(response.status == .unprocessableContent && response.problem?.code == "INVALID_FIELD")
            }
            try await client.execute(uri: path + "/wusong", method: .delete, headers: .bearer(admin)) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: path + "/wusong", method: .delete, headers: .bearer(admin)) { response in
                #expect(response.problem?.code == "NO_DATUM_OFFSET")
            }
            try await client.execute(uri: series + "&datum=wusong", method: .get, headers: .bearer(dispatcher)) { response in
                #expect(response.problem?.code == "NO_DATUM_OFFSET")
            }
        }
    }
}
