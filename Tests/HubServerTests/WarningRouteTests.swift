import Foundation
import HubKit
@testable import HubServer
import HubTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// Warnings through HTTP: the staff workflow with its denials, and the public CAP XML and feed.
@Suite struct WarningRouteTests {
    static func draftJSON(expires: Date, polygon: String = "29.558,106.57 29.558,106.59 29.545,106.59 29.545,106.57 29.558,106.57") -> String {
        let formatter = ISO8601DateFormatter()
        return """
        {"event":"城市内涝","eventEn":"Urban waterlogging","categories":["Met","Infra"],"urgency":"Immediate","colour":"orange",
         "certainty":"Observed","responseTypes":["Avoid"],
         "zh":{"headline":"解放碑地区城市内涝橙色预警","description":"较场口下穿道积水 40 厘米 & 仍在上涨 <请绕行>","instruction":"车辆绕行"},
         "areas":[{"description":"较场口下穿道","polygons":["\(polygon)"],"geocodes":["500103"]}],
         "expires":"\(formatter.string(from: expires))"}
        """
    }

    static func object(_ response: TestResponse) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any] ?? [:]
    }

    @Test(arguments: TestDatabases.engines)
    func workflow_denials_andPublication(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        let drainage = DepartmentID(rawValue: "drainage")
        let composer = try await hub.signIn("composer1", role: .departmentOperator, department: drainage)
        let colleague = try await hub.signIn("colleague1", role: .departmentOperator, department: drainage)
        let dispatcher = try await hub.signIn("dispatcher1", role: .dispatcher)
        let viewer = try await hub.signIn("viewer1", role: .viewer)
        let expires = hub.clock.now.addingTimeInterval(4 * 3600)
        try await hub.run { client in
            var id = ""
            var version = 0
            try await client.execute(uri: "/api/v1/warnings", method: .post, headers: .json(composer),
                                     body: ByteBuffer(string: Self.draftJSON(expires: expires))) { response in
                #expect(response.status == .created)
                let warning = try Self.object(response)["warning"] as? [String: Any]
                id = warning?["id"] as? String ?? ""
                version = warning?["version"] as? Int ?? 0
                #expect(warning?["state"] as? String == "draft")
            }
            // Anonymous callers see no drafts; a viewer (staff) does.
            try await client.execute(uri: "/api/v1/warnings", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/api/v1/warnings/\(id)", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/api/v1/warnings?state=draft", method: .get, headers: .bearer(viewer)) { response in
                let items = try Self.object(response)["items"] as? [Any]
                #expect(items?.count == 1)
            }
            // A department operator may not approve, not even a colleague's draft; nor may the composer as dispatcher.
            try await client.execute(uri: "/api/v1/warnings/\(id)/approve", method: .post, headers: .json(colleague),
                                     body: ByteBuffer(string: #"{"version":\#(version)}"#)) { response in
                #expect(response.status == .forbidden)
                #expect(response.problem?.code == "FORBIDDEN_ROLE")
            }
            try await client.execute(uri: "/api/v1/warnings/\(id)/issue", method: .post, headers: .json(dispatcher),
                                     body: ByteBuffer(string: #"{"version":\#(version)}"#)) { response in
                #expect(response.status == .conflict)
                #expect(response.problem?.code == "WARNING_WRONG_STATE")
            }
            try await client.execute(uri: "/api/v1/warnings/\(id)/approve", method: .post, headers: .json(dispatcher),
                                     body: ByteBuffer(string: #"{"version":\#(version + 5)}"#)) { response in
                #expect(response.status == .conflict)
                #expect(response.problem?.code == "STALE_VERSION")
            }
            for step in ["approve", "issue"] {
                try await client.execute(uri: "/api/v1/warnings/\(id)/\(step)", method: .post, headers: .json(dispatcher),
                                         body: ByteBuffer(string: #"{"version":\#(version)}"#)) { response in
                    #expect(response.status == .ok, "\(step): \(String(buffer: response.body))")
                    version = (try Self.object(response)["warning"] as? [String: Any])?["version"] as? Int ?? 0
                }
            }
            var alertPath = ""
            try await client.execute(uri: "/api/v1/warnings/\(id)", method: .get, headers: .bearer(viewer)) { response in
                let body = try Self.object(response)
                #expect(body["live"] as? Bool == true)
                alertPath = (body["alerts"] as? [String])?.first ?? ""
            }
            #expect(alertPath.hasPrefix("/cap/alerts/50010300000000_"))
            try await client.execute(uri: alertPath, method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/cap+xml")
                let xml = String(buffer: response.body)
                #expect(xml.contains("<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">"))
                #expect(xml.contains("<msgType>Alert</msgType>"))
                #expect(xml.contains("积水 40 厘米 &amp; 仍在上涨 &lt;请绕行&gt;"))
                #expect(xml.contains("+08:00</sent>"))
            }
            try await client.execute(uri: "/cap/feed.xml", method: .get) { response in
                #expect(response.headers[.contentType]?.hasPrefix("application/atom+xml") == true)
                #expect(String(buffer: response.body).contains("href=\"http://localhost\(alertPath)\""))
            }
            try await client.execute(uri: "/cap/alerts/\(id).xml", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.problem?.code == "CAP_ALERT_NOT_FOUND")
            }
            try await client.execute(uri: "/api/v1/warnings/\(id)/cancel", method: .post, headers: .json(composer),
                                     body: ByteBuffer(string: #"{"version":\#(version),"reason":"积水已退"}"#)) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/api/v1/warnings/\(id)/cancel", method: .post, headers: .json(dispatcher),
                                     body: ByteBuffer(string: #"{"version":\#(version),"reason":"积水已退"}"#)) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/cap/feed.xml", method: .get) { response in
                #expect(!String(buffer: response.body).contains("<entry>"))
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func composerCannotApproveOwnDraft_andBrokenRulesAreNamed(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        let dispatcher = try await hub.signIn("dispatcher1", role: .dispatcher)
        let expires = hub.clock.now.addingTimeInterval(3600)
        try await hub.run { client in
            let head = try await hub.journalHead()
            try await client.execute(uri: "/api/v1/warnings", method: .post, headers: .json(dispatcher),
                                     body: ByteBuffer(string: Self.draftJSON(expires: expires, polygon: "29.5,106.5 29.6,106.5 29.5,106.5"))) { response in
                #expect(response.status == .unprocessableContent)
                #expect(response.problem?.code == "CAP_POLYGON_TOO_FEW_POINTS")
                #expect(response.problem?.faults?.first?["field"] == "areas[0].polygons[0]")
            }
            #expect(try await hub.journalHead() == head)
            var id = ""
            try await client.execute(uri: "/api/v1/warnings", method: .post, headers: .json(dispatcher),
                                     body: ByteBuffer(string: Self.draftJSON(expires: expires))) { response in
                id = (try Self.object(response)["warning"] as? [String: Any])?["id"] as? String ?? ""
            }
            try await client.execute(uri: "/api/v1/warnings/\(id)/approve", method: .post, headers: .json(dispatcher),
                                     body: ByteBuffer(string: #"{"version":1}"#)) { response in
                #expect(response.status == .forbidden)
                #expect(response.problem?.code == "FOUR_EYES_REQUIRED")
            }
        }
    }
}

/// `cap.*` and `http.public_url`: defaults, the environment, and refusals that name the key.
@Suite struct CAPConfigurationTests {
    static let dataDirectory = TestDatabases.scratchFolder.appendingPathComponent("config-\(UUID().uuidString)").path

    @Test func capSettings_haveDefaults_andComeFromTheEnvironment() throws {
        let flags = ["data.dir": Self.dataDirectory]
        let defaults = try HubConfiguration.load(flags: flags, environment: [:])
        #expect(defaults.cap.areaCode == "500103")
        #expect(defaults.cap.sender == "warnings@cityhub.local")
        #expect(defaults.publicURL == nil)
        let configured = try HubConfiguration.load(flags: flags, environment: [
            "CITYHUB_CAP_SENDER": "warnings@yuzhong.example", "CITYHUB_CAP_AREA_CODE": "500103001000",
            "CITYHUB_CAP_SENDER_NAME": "渝中区预警中心", "CITYHUB_HTTP_PUBLIC_URL": "https://hub.example"])
        #expect(configured.cap.sender == "warnings@yuzhong.example")
        #expect(configured.cap.areaCode == "500103001000")
        #expect(configured.cap.senderName.zh == "渝中区预警中心")
        #expect(configured.publicURL == "https://hub.example")
    }

    @Test(arguments: [("cap.sender", "two words"), ("cap.sender", "a,b"), ("cap.sender", "a<b"), ("cap.area_code", "5001"),
                      ("cap.area_code", "50010300"), ("cap.unit_code", "000"), ("http.public_url", "hub.example")])
    func badValues_areRefused_namingTheKey(key: String, value: String) {
        #expect {
            try HubConfiguration.load(flags: ["data.dir": Self.dataDirectory, key: value], environment: [:])
        } throws: { error in
            (error as? ConfigurationProblem).map { "\($0.message.en)".contains(key) } ?? false
        }
    }
}
