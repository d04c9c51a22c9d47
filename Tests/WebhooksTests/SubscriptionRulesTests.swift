import Foundation
import HubKit
import Testing
@testable import Webhooks

@Suite struct SubscriptionRulesTests {
    @Test(arguments: ["https://hooks.example.gov.cn/cityhub", "http://127.0.0.1:9000/in?token=a", "https://[::1]:8443/x"])
    func goodURLs_areAccepted(url: String) throws {
        #expect(try SubscriptionRules.checkURL(url) == url)
    }

    @Test(arguments: [("ftp://x.example/in", "WEBHOOK_URL_SCHEME"), ("file:///etc/passwd", "WEBHOOK_URL_SCHEME"),
                      ("https://user:pw@x.example/in", "WEBHOOK_URL_CREDENTIALS"), ("https://user@x.example/in", "WEBHOOK_URL_CREDENTIALS"),
                      ("x.example/in", "WEBHOOK_URL_INVALID"), ("https:///in", "WEBHOOK_URL_INVALID"),
                      ("https://x.example/a b", "WEBHOOK_URL_INVALID"), ("https://x.example/in#part", "WEBHOOK_URL_INVALID"),
                      ("", "WEBHOOK_URL_INVALID")])
    func badURLs_areRefusedWithTheirCode(url: String, code: String) {
        do {
            _ = try SubscriptionRules.checkURL(url)
            Issue.record("accepted \(url)")
        } catch {
            #expect(error.code == code, "\(url)")
        }
    }

    @Test(arguments: [("case.created", EventFilter.exact("case.created")), ("alarm.*", .prefix("alarm.")),
                      ("case.sla.*", .prefix("case.sla.")), ("*", .everything)])
    func filters_parse(text: String, filter: EventFilter) throws {
        #expect(try EventFilter.parse(text) == filter)
    }

    @Test(arguments: ["", "Case.created", "case.", ".case", "case..x", "case*", "*.created", "case.*.x", "alarm.**", "webhook.*",
                      "webhook.dead_lettered", "webhook", "a b"])
    func badFilters_areRefused(text: String) {
        #expect(throws: WebhookProblem.self, "\(text)") { try EventFilter.parse(text) }
    }

    @Test func noFilters_isRefused() {
        #expect(throws: WebhookProblem.noFilters) { try EventFilter.parse(all: []) }
    }

    @Test func wants_matchesKindsAndDepartment_butNeverWebhookBookkeeping() throws {
        func event(_ kind: String, _ department: String? = nil) -> HubEvent {
            HubEvent(seq: 1, id: "e", at: Date(), kind: kind, subject: "s", actor: "a", department: department, payload: "{}")
        }
        let filters = try EventFilter.parse(all: ["case.*", "alarm.raised"])
        #expect(EventFilter.wants(event("case.created"), filters: filters, department: nil))
        #expect(EventFilter.wants(event("alarm.raised"), filters: filters, department: nil))
        #expect(!EventFilter.wants(event("alarm.cleared"), filters: filters, department: nil))
        #expect(!EventFilter.wants(event("cases.x"), filters: filters, department: nil))
        #expect(EventFilter.wants(event("case.created", "roads"), filters: filters, department: "roads"))
        #expect(!EventFilter.wants(event("case.created", "water"), filters: filters, department: "roads"))
        #expect(!EventFilter.wants(event("case.created"), filters: filters, department: "roads"))
        let all = try EventFilter.parse(all: ["*"])
        #expect(EventFilter.wants(event("user.created"), filters: all, department: nil))
        #expect(!EventFilter.wants(event("webhook.dead_lettered"), filters: all, department: nil))
        #expect(!EventFilter.wants(event("webhook.subscription_created"), filters: all, department: nil))
    }
}
