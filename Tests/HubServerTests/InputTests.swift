import Foundation
import HubKit
@testable import HubServer
import HubTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// Bad input gets a 4xx problem+json with a stable code, and nothing is written.
@Suite struct InputTests {
    static let grid = """
    {"type":"Feature","properties":{"kind":"grid","code":"500103001001001"},
     "geometry":{"type":"Polygon","coordinates":[[[106.5,29.55],[106.501,29.55],[106.501,29.551],[106.5,29.551],[106.5,29.55]]]}}
    """
    static let parents = """
    {"type":"Feature","properties":{"kind":"district","code":"500103","name":"渝中区","nameEn":"Yuzhong"},"geometry":null},
    {"type":"Feature","properties":{"kind":"street","code":"500103001","name":"七星岗街道","nameEn":"Qixinggang"},"geometry":null},
    {"type":"Feature","properties":{"kind":"community","code":"500103001001","name":"测试社区","nameEn":"Test"},"geometry":null}
    """

    static func collection(_ features: String...) -> ByteBuffer {
        ByteBuffer(string: #"{"type":"FeatureCollection","features":["# + features.joined(separator: ",") + "]}")
    }

    @Test(arguments: TestDatabases.engines)
    func brokenJSONBodies_areRefused_andNothingIsWritten(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        let admin = try await hub.signIn("admin1", role: .admin)
        let head = try await hub.journalHead()
        let departments = try await hub.services.accounts.store.departments().count
        let cases: [(String, Int, String)] = [
            (#"{"id":"roads","name":"道路""#, 400, "MALFORMED_JSON"),
            ("not json at all", 400, "MALFORMED_JSON"),
            (#"{"id":"roads","name":42,"nameEn":"Roads","kind":"functional"}"#, 422, "INVALID_FIELD"),
            (#"{"id":"roads","name":"道路","nameEn":"Roads","kind":"palace"}"#, 422, "INVALID_FIELD"),
            (#"{"name":"道路","nameEn":"Roads","kind":"functional"}"#, 422, "MISSING_FIELD"),
            (#"{"id":"Bad Id!","name":"道路","nameEn":"Roads","kind":"functional"}"#, 422, "INVALID_FIELD"),
        ]
        try await hub.run { client in
            for (body, status, code) in cases {
                try await client.execute(uri: "/api/v1/departments", method: .post, headers: .json(admin),
                                         body: ByteBuffer(string: body)) { response in
                    #expect(Int(response.status.code) == status, "\(body)")
                    #expect(response.problem?.code == code, "\(body)")
                    #expect(response.problem?.detail.isEmpty == false)
                }
            }
            let huge = ByteBuffer(repeating: UInt8(ascii: "a"), count: 2 << 20)
            try await client.execute(uri: "/api/v1/departments", method: .post, headers: .json(admin), body: huge) { response in
                #expect(response.status == .contentTooLarge)
                #expect(response.problem?.code == "PAYLOAD_TOO_LARGE")
            }
            #expect(try await hub.journalHead() == head)
            #expect(try await hub.services.accounts.store.departments().count == departments)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func invalidGeoJSON_isRefused_andNothingIsWritten(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        let admin = try await hub.signIn("admin1", role: .admin)
        let head = try await hub.journalHead()
        let openRing = #"{"type":"Feature","properties":{"kind":"grid","code":"500103001001002"},"geometry":{"type":"Polygon","coordinates":[[[106.6,29.55],[106.601,29.55],[106.601,29.551],[106.6,29.551]]]}}"#
        let bowTie = #"{"type":"Feature","properties":{"kind":"grid","code":"500103001001003"},"geometry":{"type":"Polygon","coordinates":[[[106.7,29.55],[106.701,29.551],[106.701,29.55],[106.7,29.551],[106.7,29.55]]]}}"#
        let overlapping = #"{"type":"Feature","properties":{"kind":"grid","code":"500103001001004"},"geometry":{"type":"Polygon","coordinates":[[[106.5005,29.55],[106.5015,29.55],[106.5015,29.551],[106.5005,29.551],[106.5005,29.55]]]}}"#
        let orphan = #"{"type":"Feature","properties":{"kind":"grid","code":"500103009009001"},"geometry":{"type":"Polygon","coordinates":[[[106.8,29.55],[106.801,29.55],[106.801,29.551],[106.8,29.551],[106.8,29.55]]]}}"#
        let badCode = #"{"type":"Feature","properties":{"kind":"grid","code":"5001"},"geometry":{"type":"Polygon","coordinates":[[[106.9,29.55],[106.901,29.55],[106.901,29.551],[106.9,29.551],[106.9,29.55]]]}}"#
        let cases: [(ByteBuffer, Int, String, String?)] = [
            (ByteBuffer(string: "{\"type\":\"FeatureCollection\",\"features\":[{"), 400, "MALFORMED_GEOJSON", nil),
            (ByteBuffer(string: #"{"type":"Feature"}"#), 422, "INVALID_GEOJSON", nil),
            (Self.collection(Self.parents, #"{"type":"Feature","properties":{"kind":"grid","code":"500103001001001"},"geometry":{"type":"Polygon","coordinates":[[[1000,0]]]}}"#), 422, "INVALID_GEOMETRY", nil),
            (Self.collection(Self.parents, Self.grid, openRing), 422, "INVALID_GEOGRAPHY", "OPEN_RING"),
            (Self.collection(Self.parents, Self.grid, bowTie), 422, "INVALID_GEOGRAPHY", "SELF_INTERSECTION"),
            (Self.collection(Self.parents, Self.grid, overlapping), 422, "INVALID_GEOGRAPHY", "GRID_OVERLAP"),
            (Self.collection(Self.parents, Self.grid, orphan), 422, "INVALID_GEOGRAPHY", "UNKNOWN_COMMUNITY"),
            (Self.collection(Self.parents, Self.grid, badCode), 422, "INVALID_GEOGRAPHY", "WRONG_CODE_FORMAT"),
        ]
        try await hub.run { client in
            for (body, status, code, fault) in cases {
                try await client.execute(uri: "/api/v1/geo/import", method: .post, headers: .json(admin), body: body) { response in
                    #expect(Int(response.status.code) == status, "\(code) \(fault ?? "")")
                    #expect(response.problem?.code == code)
                    if let fault {
                        let faults = response.problem?.faults ?? []
                        #expect(faults.contains { $0["fault"] == fault }, "faults: \(faults)")
                        #expect(faults.allSatisfy { $0["feature"] != nil && $0["message"] != nil })
                    }
                }
            }
            #expect(try await hub.journalHead() == head)
            #expect(try await hub.services.geography.store.counts().grids == 0)
            #expect(try await hub.services.geography.store.district() == nil)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func validGeoJSON_isImported_locatable_andExportedAgain(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        let admin = try await hub.signIn("admin1", role: .admin)
        try await hub.run { client in
            try await client.execute(uri: "/api/v1/geo/import", method: .post, headers: .json(admin),
                                     body: Self.collection(Self.parents, Self.grid)) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/api/v1/geo/locate?lon=106.5005&lat=29.5505", method: .get, headers: .bearer(admin)) { response in
                let location = try response.json(GridLocation.self)
                #expect(location.grid == "500103001001001")
                #expect(location.streetName == "七星岗街道")
            }
            try await client.execute(uri: "/api/v1/geo/locate?lon=abc&lat=29.5", method: .get, headers: .bearer(admin)) { response in
                #expect(response.status.code == 422 || response.status.code == 400)
                #expect(response.problem != nil)
            }
            try await client.execute(uri: "/api/v1/geo/export", method: .get, headers: .bearer(admin)) { response in
                let features = try GeoJSON.parseFeatureCollection(Data(buffer: response.body))
                #expect(features.filter { $0.properties["kind"] == .string("grid") }.count == 1)
            }
        }
    }
}

@Suite struct DepartmentTests {
    @Test(arguments: TestDatabases.engines)
    func department_isCreatedWithItsEvent_andOnlyOnce(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        let admin = try await hub.signIn("admin1", role: .admin)
        let body = ByteBuffer(string: #"{"id":"bridges","name":"桥梁管理处","nameEn":"Bridges Office","kind":"functional"}"#)
        try await hub.run { client in
            let head = try await hub.journalHead()
            try await client.execute(uri: "/api/v1/departments", method: .post, headers: .json(admin), body: body) { response in
                #expect(response.status == .created)
                let created = try response.json(Department.self)
                #expect(created.id.rawValue == "bridges")
                #expect(created.version == 1 && !created.disabled)
            }
            #expect(try await hub.journalHead() == head + 1)
            try await client.execute(uri: "/api/v1/departments", method: .post, headers: .json(admin), body: body) { response in
                #expect(response.status == .conflict)
                #expect(response.problem?.code == "CONFLICT")
            }
            #expect(try await hub.journalHead() == head + 1)
            try await client.execute(uri: "/api/v1/departments", method: .get, headers: .bearer(admin)) { response in
                let listed = try response.json(AccountRoutes.Items<Department>.self).items
                #expect(listed.contains { $0.id.rawValue == "bridges" })
            }
        }
    }
}
