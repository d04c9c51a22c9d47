import Foundation
import HubKit
@testable import HubServer
import HubTestSupport
import Hummingbird
import HummingbirdTesting
import Testing
import Webhooks

/// Administrators manage webhook subscriptions; the secret is shown once; bad input is problem+json with its
/// own code; everyone else is refused and a refused request journals nothing.
@Suite struct WebhookRouteTests {
    static func json(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

    struct Created: Decodable {
        struct Webhook: Decodable {
            var subscription: Subscription
            var delivery: Delivery?
        }
        struct Subscription: Decodable {
            var id: String
            var url: String
            var events: [String]
            var version: Int
            var enabled: Bool
            var department: String?
        }
        struct Delivery: Decodable {
            var cursor: Int64
            var delivered: Int64
        }
        var webhook: Webhook
        var secret: String
    }

    @Test(arguments: TestDatabases.engines)
    func subscriptions_areManagedByAdmins_secretShownOnce(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        let admin = try await hub.signIn("admin1", role: .admin)
        _ = try await hub.signIn("roads1", role: .departmentOperator, department: DepartmentID(rawValue: "roads"))
        try await hub.run { client in
            let input = #"{"url":"https://hooks.example/in","events":["case.*","alarm.raised"],"department":"roads","description":"道路"}"#
            let created = try await client.execute(uri: "/api/v1/webhooks", method: .post, headers: .json(admin), body: Self.json(input)) { response in
                #expect(response.status == .created)
                return try response.json(Created.self)
            }
            #expect(created.secret.hasPrefix("whsec_"))
            let id = created.webhook.subscription.id
            #expect(created.webhook.subscription.events == ["case.*", "alarm.raised"] && created.webhook.subscription.department == "roads")
            #expect(created.webhook.delivery?.cursor == (try await hub.journalHead()) - 1, "starts after the events before it")
            for uri in ["/api/v1/webhooks", "/api/v1/webhooks/\(id)"] {
                try await client.execute(uri: uri, method: .get, headers: .bearer(admin)) { response in
                    #expect(response.status == .ok)
                    let text = String(buffer: response.body)
                    #expect(text.contains(id) && !text.contains(created.secret) && !text.contains("whsec_"))
                }
            }
            let change = #"{"url":"http://127.0.0.1:9/in","events":["*"],"enabled":false,"version":1}"#
            try await client.execute(uri: "/api/v1/webhooks/\(id)", method: .put, headers: .json(admin), body: Self.json(change)) { response in
                #expect(response.status == .ok)
                let view = try response.json(Created.Webhook.self)
                #expect(view.subscription.version == 2 && !view.subscription.enabled && view.subscription.department == nil)
            }
            try await client.execute(uri: "/api/v1/webhooks/\(id)", method: .put, headers: .json(admin), body: Self.json(change)) { response in
                #expect(response.status == .conflict && response.problem?.code == "STALE_VERSION")
            }
            let rotated = try await client.execute(uri: "/api/v1/webhooks/\(id)/rotate-secret", method: .post, headers: .bearer(admin)) { response in
                #expect(response.status == .ok)
                return try response.json(Created.self)
            }
            #expect(rotated.secret.hasPrefix("whsec_") && rotated.secret != created.secret && rotated.webhook.subscription.version == 3)
            try await client.execute(uri: "/api/v1/webhooks/\(id)/dead-letters", method: .get, headers: .bearer(admin)) { response in
                #expect(response.status == .ok && String(buffer: response.body) == #"{"items":[]}"#)
            }
            try await client.execute(uri: "/api/v1/webhooks/\(id)/dead-letters?state=lost", method: .get, headers: .bearer(admin)) { response in
                #expect(response.status.code == 422 && response.problem?.code == "INVALID_FIELD")
            }
            try await client.execute(uri: "/api/v1/webhooks/\(id)/dead-letters/5/replay", method: .post, headers: .bearer(admin)) { response in
                #expect(response.status == .notFound && response.problem?.code == "WEBHOOK_DEAD_LETTER_NOT_FOUND")
            }
            try await client.execute(uri: "/api/v1/webhooks/\(id)", method: .delete, headers: .bearer(admin)) { response in
                #expect(response.status == .noContent)
            }
            for (method, uri) in [(HTTPRequest.Method.delete, "/api/v1/webhooks/\(id)"), (.get, "/api/v1/webhooks/\(id)"),
                                  (.get, "/api/v1/webhooks/whs_nothing"), (.get, "/api/v1/webhooks/\(id)/dead-letters")] {
                try await client.execute(uri: uri, method: method, headers: .bearer(admin)) { response in
                    #expect(response.status == .notFound && response.problem?.code == "WEBHOOK_NOT_FOUND", "\(method) \(uri)")
                }
            }
            let events = try await hub.services.database.read { sql in try await Journal.events(subject: "webhook:\(id)", on: sql) }
            #expect(events.map(\.kind) == ["webhook.subscription_created", "webhook.subscription_changed", "webhook.secret_rotated",
                                           "webhook.subscription_removed"])
            #expect(events.allSatisfy { !$0.payload.contains("whsec_") })
        }
    }

    @Test func badInput_isProblemJSON_withStableCodes() async throws {
        let hub = try await TestHub.start(.sqlite)
        let admin = try await hub.signIn("admin1", role: .admin)
        let journal = try await hub.journalHead()
        let cases: [(String, Int, String)] = [
            (#"{"url":"ftp://x.example/in","events":["*"]}"#, 422, "WEBHOOK_URL_SCHEME"),
            (#"{"url":"https://u:p@x.example/in","events":["*"]}"#, 422, "WEBHOOK_URL_CREDENTIALS"),
            (#"{"url":"not a url","events":["*"]}"#, 422, "WEBHOOK_URL_INVALID"),
            (#"{"url":"https://x.example/in","events":["case.**"]}"#, 422, "WEBHOOK_FILTER_INVALID"),
            (#"{"url":"https://x.example/in","events":["webhook.*"]}"#, 422, "WEBHOOK_FILTER_INVALID"),
            (#"{"url":"https://x.example/in","events":[]}"#, 422, "WEBHOOK_FILTER_MISSING"),
            (#"{"url":"https://x.example/in","events":["*"],"department":"nowhere"}"#, 422, "INVALID_FIELD"),
            (#"{"url":"https://x.example/in","events":["*"],"description":"\#(String(repeating: "长", count: 501))"}"#, 422, "WEBHOOK_DESCRIPTION_TOO_LONG"),
            (#"{"events":["*"]}"#, 422, "MISSING_FIELD"),
            (#"{"url":"https://x.example/in","events":"*"}"#, 422, "INVALID_FIELD"),
            (#"{"url":"#, 400, "MALFORMED_JSON"),
        ]
        try await hub.run { client in
            for (body, status, code) in cases {
                try await client.execute(uri: "/api/v1/webhooks", method: .post, headers: .json(admin), body: Self.json(body)) { response in
                    #expect(response.status.code == status, "\(body)")
                    #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
                    #expect(response.problem?.code == code, "\(body)")
                }
            }
            try await client.execute(uri: "/api/v1/webhooks/whs_0123456789abcdef", method: .put, headers: .json(admin),
                                     body: Self.json(#"{"url":"https://x.example/in","events":["*"]}"#)) { response in
                #expect(response.status.code == 422 && response.problem?.code == "MISSING_FIELD")
            }
            #expect(try await hub.journalHead() == journal)
        }
    }

    @Test func nonAdmins_areRefused_andNothingIsJournaled() async throws {
        let hub = try await TestHub.start(.sqlite)
        let admin = try await hub.signIn("admin1", role: .admin)
        var others: [String] = []
        for role in Role.allCases where role != .admin && !role.isMachine {
            others.append(try await hub.signIn("u-\(role.rawValue)", role: role,
                                               department: role.needsDepartment ? DepartmentID(rawValue: "roads") : nil))
        }
        let (subscription, _) = try await hub.services.webhooks.subscriptions.create(
            .init(url: "https://x.example/in", events: ["*"], department: nil, description: "", enabled: true),
            by: Principal(kind: .user, id: "0", name: "admin", role: .admin, departmentID: nil))
        let id = subscription.id.rawValue
        let body = #"{"url":"https://x.example/in","events":["*"],"version":1}"#
        let routes: [(HTTPRequest.Method, String)] = [
            (.post, "/api/v1/webhooks"), (.get, "/api/v1/webhooks"), (.get, "/api/v1/webhooks/\(id)"), (.put, "/api/v1/webhooks/\(id)"),
            (.delete, "/api/v1/webhooks/\(id)"), (.post, "/api/v1/webhooks/\(id)/rotate-secret"),
            (.get, "/api/v1/webhooks/\(id)/dead-letters"), (.post, "/api/v1/webhooks/\(id)/dead-letters/1/replay"),
        ]
        let journal = try await hub.journalHead()
        let tokens = others
        try await hub.run { client in
            for (method, uri) in routes {
                for token in tokens {
                    try await client.execute(uri: uri, method: method, headers: .json(token), body: Self.json(body)) { response in
                        #expect(response.status == .forbidden, "\(method) \(uri)")
                        #expect(response.problem?.code == "FORBIDDEN_ROLE")
                    }
                }
                try await client.execute(uri: uri, method: method, headers: [.contentType: "application/json"], body: Self.json(body)) { response in
                    #expect(response.status == .unauthorized, "anonymous \(method) \(uri)")
                    #expect(response.problem?.code == "UNAUTHENTICATED")
                }
            }
            try await client.execute(uri: "/api/v1/webhooks", method: .get, headers: .bearer(admin)) { response in
                #expect(response.status == .ok)
            }
            #expect(try await hub.journalHead() == journal)
        }
    }
}

/// `webhooks.*` configuration: defaults, environment, and refusals naming the key.
@Suite struct WebhookConfigurationTests {
    static let dataDirectory = TestDatabases.scratchFolder.appendingPathComponent("config-\(UUID().uuidString)").path

    @Test func webhookSettings_haveDefaults_andComeFromTheEnvironment() throws {
        let flags = ["data.dir": Self.dataDirectory]
        let defaults = try HubConfiguration.load(flags: flags, environment: [:]).webhooks
        #expect(defaults.maxAttempts == 12 && defaults.maxAgeMilliseconds == 24 * 3_600_000 && defaults.timeoutMilliseconds == 10_000)
        let configured = try HubConfiguration.load(flags: flags, environment: ["CITYHUB_WEBHOOKS_MAX_ATTEMPTS": "3",
                                                                              "CITYHUB_WEBHOOKS_MAX_AGE_HOURS": "2",
                                                                              "CITYHUB_WEBHOOKS_TIMEOUT_SECONDS": "5"]).webhooks
        #expect(configured.maxAttempts == 3 && configured.maxAgeMilliseconds == 7_200_000 && configured.timeoutMilliseconds == 5_000)
        #expect(HubConfiguration.keys.contains("webhooks.max_attempts"))
    }

    @Test(arguments: [("CITYHUB_WEBHOOKS_MAX_ATTEMPTS", "0"), ("CITYHUB_WEBHOOKS_MAX_AGE_HOURS", "many"),
                      ("CITYHUB_WEBHOOKS_TIMEOUT_SECONDS", "600")])
    func badWebhookSettings_areRefused(variable: String, value: String) {
        #expect(throws: ConfigurationProblem.self) {
            try HubConfiguration.load(flags: ["data.dir": Self.dataDirectory], environment: [variable: value])
        }
    }
}
