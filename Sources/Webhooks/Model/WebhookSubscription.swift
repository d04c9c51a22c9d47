import Foundation
import HubKit

/// A subscription's identifier: `whs_` and 16 lower-case hex digits.
public struct WebhookID: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init?(rawValue: String) {
        guard rawValue.utf8.count == 20, rawValue.hasPrefix("whs_"),
              rawValue.utf8.dropFirst(4).allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else { return nil }
        self.rawValue = rawValue
    }

    public static func random(using random: inout some RandomNumberGenerator) -> WebhookID {
        let bytes = (0..<8).map { _ in UInt8.random(in: 0...255, using: &random) }
        // Sixteen hex digits after the prefix always form a valid identifier.
        return WebhookID(unchecked: "whs_" + bytes.hexString)
    }

    private init(unchecked: String) { rawValue = unchecked }

    public var description: String { rawValue }

    /// How the journal names the subscription: `webhook:whs_…`.
    public var subject: String { "webhook:\(rawValue)" }
    /// The name of the lease under which one hub instance delivers this subscription's events.
    var leaseName: String { "webhook:\(rawValue)" }
}

/// Where and what an administrator asked the hub to deliver. The secret is not part of it: it is shown once
/// (`WebhookSecret`) and otherwise only read by the dispatcher.
///
/// Invariant: `url` and `events` passed `SubscriptionRules.check`; `version` grows by one with every change.
public struct WebhookSubscription: Sendable, Hashable, Codable {
    public let id: WebhookID
    public var url: String
    /// Event-type filters as written: `case.created`, `alarm.*`, `*`.
    public var events: [String]
    /// Only events of this department, when set.
    public var department: String?
    public var description: String
    public var enabled: Bool
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date
    /// Until when the previous secret still signs too (after a rotation), else nil.
    public var previousSecretUntil: Date?
}

/// The signing secret of a subscription in Standard Webhooks form: `whsec_` and the base64 of 24 random bytes.
/// The HMAC key is the decoded bytes.
public struct WebhookSecret: Sendable, Hashable {
    public let text: String

    public init?(text: String) {
        guard text.hasPrefix("whsec_"), let key = Data(base64Encoded: String(text.dropFirst(6))), !key.isEmpty else { return nil }
        self.text = text
    }

    public static func random(using random: inout some RandomNumberGenerator) -> WebhookSecret {
        let bytes = (0..<24).map { _ in UInt8.random(in: 0...255, using: &random) }
        return WebhookSecret(unchecked: "whsec_" + Data(bytes).base64EncodedString())
    }

    private init(unchecked: String) { text = unchecked }

    /// The HMAC key: the bytes the text after `whsec_` encodes.
    public var key: Data { Data(base64Encoded: String(text.dropFirst(6))) ?? Data() }
}
