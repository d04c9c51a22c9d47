import Foundation
import HubKit

/// One webhook request as the receiver gets it (Standard Webhooks): the JSON body of a journal event and the
/// headers that identify and sign it.
///
/// Invariant: `id` is the same for every attempt of the same event to the same subscription — receivers dedupe
/// on it; the body is the same too; only the timestamp and signature change between attempts.
public struct WebhookMessage: Sendable, Hashable {
    public let id: String
    public let body: [UInt8]
    public let eventType: String

    /// The idempotency key of `event` for `subscription`: `<subscription id>_<event id>`.
    public static func id(subscription: WebhookID, eventID: String) -> String {
        "\(subscription.rawValue)_\(eventID)"
    }

    public init(event: HubEvent, subscription: WebhookID) {
        id = Self.id(subscription: subscription, eventID: event.id)
        eventType = event.kind
        body = Array(Self.body(event).utf8)
    }

    /// `{"data":{…the journal event, payload as JSON…},"timestamp":"…+08:00","type":"case.created"}`, keys sorted.
    static func body(_ event: HubEvent) -> String {
        let at = Timestamp.shanghai(event.at.milliseconds)
        let department = event.department.map(quoted) ?? "null"
        return #"{"data":{"actor":\#(quoted(event.actor)),"at":\#(quoted(at)),"department":\#(department),"id":\#(quoted(event.id)),"#
            + #""kind":\#(quoted(event.kind)),"payload":\#(event.payload),"seq":\#(event.seq),"subject":\#(quoted(event.subject))},"#
            + #""timestamp":\#(quoted(at)),"type":\#(quoted(event.kind))}"#
    }

    /// A JSON string literal of `text`.
    static func quoted(_ text: String) -> String {
        (try? CanonicalJSON.encode(text)) ?? "\"\""
    }

    /// The request headers for an attempt at `timestamp` (Unix seconds), signed with every key given.
    public func headers(timestamp: Int64, keys: [Data]) -> [(String, String)] {
        [("content-type", "application/json"),
         ("webhook-id", id),
         ("webhook-timestamp", String(timestamp)),
         ("webhook-signature", WebhookSignature.header(id: id, timestamp: timestamp, body: body, keys: keys))]
    }
}
