import Foundation

/// An event a subscription could not be given within its attempts or time, kept for an administrator to look
/// at and to send again. Keyed by (subscription, journal seq).
public struct DeadLetter: Sendable, Hashable, Codable {
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        /// Given up; waits for an administrator.
        case dead
        /// Sent again on an administrator's request; retried on the usual schedule until delivered or dead again.
        case queued
        /// Delivered after a replay.
        case delivered
    }

    public let subscription: WebhookID
    /// The journal event's sequence number.
    public let seq: Int64
    /// The `webhook-id` header sent with every attempt.
    public let webhookId: String
    public let kind: String
    public var state: State
    /// Attempts since it was (re)queued.
    public var attempts: Int
    public var lastError: String
    /// The receiver's last HTTP status, nil when it did not answer.
    public var lastStatus: Int?
    public var deadAt: Date
    /// The first attempt since it was (re)queued; the maximum age counts from it.
    public var firstAttemptAt: Date
    public var lastAttemptAt: Date?
    public var nextAttemptAt: Date?
}

/// How a subscription's deliveries stand, as the API shows it.
public struct DeliveryStatus: Sendable, Hashable, Codable {
    /// The last journal seq settled (delivered, dead-lettered, or not matching the filters).
    public var cursor: Int64
    /// The event at the head of the queue while it is being retried.
    public var retryingSeq: Int64?
    public var attempts: Int
    public var nextAttemptAt: Date?
    public var lastError: String?
    public var lastStatus: Int?
    public var delivered: Int64
    public var lastDeliveredAt: Date?
    public var deadLetters: Int
}
