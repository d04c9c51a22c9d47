import Foundation
import HubKit
@testable import HubServer
import HubTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// The case loop through HTTP: who may do what, and what bad input gets.
@Suite struct CaseRouteTests {
    /// A grid-sized square registered as the only geography, so reports have somewhere to land.
    static let geography = """
    {"type":"FeatureCollection","features":[
     {"type":"Feature","properties":{"kind":"district","code":"500103","name":"渝中区","nameEn":"Yuzhong"},"geometry":null},
     {"type":"Feature","properties":{"kind":"street","code":"500103001","name":"解放碑街道","nameEn":"Jiefangbei"},"geometry":null},
     {"type":"Feature","properties":{"kind":"community","code":"500103001001","name":"测试社区","nameEn":"Test"},"geometry":null},
     {"type":"Feature","properties":{"kind":"grid","code":"500103001001001"},
      "geometry":{"type":"Polygon","coordinates":[[[106.57,29.56],[106.571,29.56],[106.571,29.561],[106.57,29.561],[106.57,29.56]]]}}]}
    """

    @Test(arguments: TestDatabases.engines)
    func reportWithoutCategoryLocationOrPhoto_lists_everyMissingField_andOutOfGridNamesTheStreet(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        let admin = try await hub.signIn("admin1", role: .admin)
        let inspector = try await hub.signIn("inspector1", role: .inspector)
        let viewer = try await hub.signIn("viewer1", role: .viewer)
        _ = try await hub.services.importGeography(Data(Self.geography.utf8), actor: "test")
        try await hub.run { client in
            let head = try await hub.journalHead()
            try await client.execute(uri: "/api/v1/reports", method: .post, headers: .json(inspector),
                                     body: ByteBuffer(string: #"{"description":"路边有摊贩"}"#)) { response in
                #expect(response.status == .badRequest)
                #expect(response.problem?.code == "MISSING_FIELDS")
                let fields = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                #expect(fields?["fields"] as? [String] == ["category", "location", "photos"])
            }
            let outside = #"{"category":"E0501","location":{"lon":106.6,"lat":29.6},"photos":[{"sha256":"\#(String(repeating: "c", count: 64))"}]}"#
            try await client.execute(uri: "/api/v1/reports", method: .post, headers: .json(inspector), body: ByteBuffer(string: outside)) { response in
                #expect(response.problem?.code == "OUT_OF_GRID")
                #expect(response.problem?.detail.contains("解放碑") == true)
            }
            try await client.execute(uri: "/api/v1/reports", method: .post, headers: .json(viewer), body: ByteBuffer(string: outside)) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/api/v1/reports", method: .post, body: ByteBuffer(string: outside)) { response in
                #expect(response.status == .unauthorized)
            }
            #expect(try await hub.journalHead() == head)
            try await client.execute(uri: "/api/v1/case-categories", method: .get, headers: .bearer(admin)) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("占道经营"))
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func photosAreRecognisedByContent_andBrokenOnesRefused(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        let inspector = try await hub.signIn("inspector1", role: .inspector)
        try await hub.run { client in
            try await client.execute(uri: "/api/v1/photos", method: .post, headers: [.authorization: "Bearer \(inspector)", .contentType: "image/jpeg"],
                                     body: ByteBuffer(string: "GIF89a not a photo")) { response in
                #expect(response.status == .unsupportedMediaType)
                #expect(response.problem?.code == "UNSUPPORTED_PHOTO")
            }
            try await client.execute(uri: "/api/v1/photos", method: .post, headers: [.authorization: "Bearer \(inspector)"],
                                     body: ByteBuffer(bytes: [0xFF, 0xD8, 0xFF, 0xE1, 0x00])) { response in
                #expect(response.problem?.code == "MALFORMED_PHOTO")
            }
            // SOI, SOF0 (8-bit, 48 × 64, three components), SOS, two bytes of scan data, EOI.
            let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 8, 0, 48, 0, 64, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1,
                                 0xFF, 0xDA, 0x00, 0x0C, 3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 0x3F, 0, 0x12, 0x34, 0xFF, 0xD9]
            var sha = ""
            for _ in 0..<2 {
                try await client.execute(uri: "/api/v1/photos", method: .post, headers: [.authorization: "Bearer \(inspector)"],
                                         body: ByteBuffer(bytes: jpeg)) { response in
                    #expect(response.status == .created)
                    let photo = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                    #expect(photo?["mediaType"] as? String == "image/jpeg")
                    #expect(photo?["width"] as? Int == 64)
                    sha = photo?["sha256"] as? String ?? ""
                }
            }
            #expect(sha.count == 64)
            try await client.execute(uri: "/api/v1/photos/\(sha)/content", method: .get, headers: .bearer(inspector)) { response in
                #expect(response.status == .ok)
                #expect(Array(buffer: response.body) == jpeg)
                #expect(response.headers[.contentType] == "image/jpeg")
            }
            try await client.execute(uri: "/api/v1/photos/\(String(repeating: "d", count: 64))", method: .get,
                                     headers: .bearer(inspector)) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    struct Named: Decodable {
        var actors: [String: String]
    }

    @Test(arguments: TestDatabases.engines)
    func caseTimelineAndDetail_nameThePeopleWhoActed(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        let inspector = try await hub.signIn("wang.inspector", role: .inspector)
        _ = try await hub.services.importGeography(Data(Self.geography.utf8), actor: "test")
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 8, 0, 48, 0, 64, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1,
                             0xFF, 0xDA, 0x00, 0x0C, 3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 0x3F, 0, 0x12, 0x34, 0xFF, 0xD9]
        try await hub.run { client in
            let sha = try await client.execute(uri: "/api/v1/photos", method: .post, headers: [.authorization: "Bearer \(inspector)"],
                                               body: ByteBuffer(bytes: jpeg)) { response in
                try response.json([String: JSONValue].self)["sha256"]?.stringValue ?? ""
            }
            let report = #"{"category":"E0501","location":{"lon":106.5705,"lat":29.5605},"photos":[{"sha256":"\#(sha)"}]}"#
            let id = try await client.execute(uri: "/api/v1/reports", method: .post, headers: .json(inspector),
                                              body: ByteBuffer(string: report)) { response in
                #expect(response.status == .created)
                return try response.json([String: JSONValue].self)["id"]?.stringValue ?? ""
            }
            for path in ["/api/v1/cases/\(id)", "/api/v1/cases/\(id)/timeline"] {
                try await client.execute(uri: path, method: .get, headers: .bearer(inspector)) { response in
                    let named = try response.json(Named.self)
                    #expect(Array(named.actors.values) == ["wang.inspector"], "\(path)")
                    #expect(named.actors.keys.allSatisfy { $0.hasPrefix("user:") })
                }
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func responsibility_isEditableWithHistory_andOnlyByTheCentre(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        let admin = try await hub.signIn("admin1", role: .admin)
        let operatorToken = try await hub.signIn("operator1", role: .departmentOperator, department: DepartmentID(rawValue: "sanitation"))
        _ = try await hub.services.importGeography(Data(Self.geography.utf8), actor: "test")
        let rule = #"{"scope":"grid","code":"500103001001001","category":"E0501","department":"sanitation","reason":"夜市区域由环卫负责"}"#
        try await hub.run { client in
            try await client.execute(uri: "/api/v1/responsibility?grid=500103001001001&category=E0501", method: .get,
                                     headers: .bearer(admin)) { response in
                #expect(String(buffer: response.body).contains("street-001"))
            }
            try await client.execute(uri: "/api/v1/responsibility", method: .put, headers: .json(operatorToken), body: ByteBuffer(string: rule)) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/api/v1/responsibility", method: .put, headers: .json(admin), body: ByteBuffer(string: rule)) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/api/v1/responsibility?grid=500103001001001&category=E0501", method: .get,
                                     headers: .bearer(admin)) { response in
                #expect(String(buffer: response.body).contains("sanitation"))
            }
            try await client.execute(uri: "/api/v1/responsibility/history?scope=grid&code=500103001001001&category=E0501", method: .get,
                                     headers: .bearer(admin)) { response in
                #expect(String(buffer: response.body).contains("夜市区域由环卫负责"))
            }
            let noReason = #"{"scope":"grid","code":"500103001001001","category":"E0501","department":"sanitation","reason":" "}"#
            try await client.execute(uri: "/api/v1/responsibility", method: .put, headers: .json(admin), body: ByteBuffer(string: noReason)) { response in
                #expect(response.problem?.code == "REASON_REQUIRED")
            }
        }
    }
}
