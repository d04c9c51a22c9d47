import Foundation
import HubKit
import Testing
@testable import Webhooks

/// Standard Webhooks signatures, checked against values computed independently with Python's hmac:
///
///     import hmac, hashlib, base64
///     key = base64.b64decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
///     msg = b'msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330.{"test": 2432232314}'
///     "v1," + base64.b64encode(hmac.new(key, msg, hashlib.sha256).digest()).decode()
///     # v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=   (also the Standard Webhooks libraries' own vector)
@Suite struct SignatureTests {
    @Test func standardWebhooksVector_matchesPythonHMAC() throws {
        let secret = try #require(WebhookSecret(text: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
        let signature = WebhookSignature.sign(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330,
                                              body: Array(#"{"test": 2432232314}"#.utf8), key: secret.key)
        #expect(signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
    }

    /// key = bytes(range(24)); msg = id + ".1790000000." + body  →  v1,4bd27K4aamCw00LV7hywj2evBma2KF9AEJG+sjJOzSs=
    @Test func hubShapedMessage_matchesPythonHMAC() throws {
        let secret = try #require(WebhookSecret(text: "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYX"))
        #expect(secret.key == Data(0..<24))
        let id = "whs_0123456789abcdef_01939b1c-0000-7000-8000-000000000001"
        let body = Array(#"{"data":{"kind":"case.created"},"type":"case.created"}"#.utf8)
        #expect(WebhookSignature.sign(id: id, timestamp: 1_790_000_000, body: body, key: secret.key)
                == "v1,4bd27K4aamCw00LV7hywj2evBma2KF9AEJG+sjJOzSs=")
    }

    @Test func verify_acceptsEitherKeyDuringRotation_andRefusesChanges() throws {
        var random = SystemRandomNumberGenerator()
        let old = WebhookSecret.random(using: &random)
        let new = WebhookSecret.random(using: &random)
        let body = Array(#"{"a":1}"#.utf8)
        let header = WebhookSignature.header(id: "m1", timestamp: 100, body: body, keys: [new.key, old.key])
        #expect(header.split(separator: " ").count == 2 && header.hasPrefix("v1,"))
        #expect(WebhookSignature.verify(header: header, id: "m1", timestamp: 100, body: body, key: new.key, now: 100))
        #expect(WebhookSignature.verify(header: header, id: "m1", timestamp: 100, body: body, key: old.key, now: 100))
        #expect(!WebhookSignature.verify(header: header, id: "m2", timestamp: 100, body: body, key: new.key, now: 100))
        #expect(!WebhookSignature.verify(header: header, id: "m1", timestamp: 100, body: Array(#"{"a":2}"#.utf8), key: new.key, now: 100))
        #expect(!WebhookSignature.verify(header: header, id: "m1", timestamp: 100, body: body, key: new.key, now: 100 + 301),
                "a timestamp older than the tolerance is refused (replay protection)")
    }

    @Test func secret_isStandardWebhooksForm() {
        var random = SystemRandomNumberGenerator()
        let secret = WebhookSecret.random(using: &random)
        #expect(secret.text.hasPrefix("whsec_") && secret.key.count == 24)
        #expect(WebhookSecret(text: "whsec_") == nil && WebhookSecret(text: "secret") == nil)
    }

    @Test func message_body_carriesTheEventWithItsPayloadAsJSON() throws {
        let event = HubEvent(seq: 42, id: "01939b1c-0000-7000-8000-000000000001", at: Date(milliseconds: 1_790_000_000_000),
                             kind: "case.created", subject: "case:20260922-000001", actor: "user:7", department: "roads",
                             payload: #"{"title":"井盖\"缺失\""}"#)
        let subscription = try #require(WebhookID(rawValue: "whs_0123456789abcdef"))
        let message = WebhookMessage(event: event, subscription: subscription)
        #expect(message.id == "whs_0123456789abcdef_01939b1c-0000-7000-8000-000000000001")
        let body = try JSONSerialization.jsonObject(with: Data(message.body)) as? [String: Any]
        #expect(body?["type"] as? String == "case.created")
        let data = body?["data"] as? [String: Any]
        #expect(data?["seq"] as? Int == 42 && data?["department"] as? String == "roads")
        #expect((data?["payload"] as? [String: Any])?["title"] as? String == "井盖\"缺失\"")
        let headers = Dictionary(uniqueKeysWithValues: message.headers(timestamp: 1_790_000_000, keys: [Data([1, 2, 3])]))
        #expect(headers["webhook-id"] == message.id && headers["webhook-timestamp"] == "1790000000")
        #expect(headers["webhook-signature"] == WebhookSignature.sign(id: message.id, timestamp: 1_790_000_000, body: message.body,
                                                                       key: Data([1, 2, 3])))
    }
}
