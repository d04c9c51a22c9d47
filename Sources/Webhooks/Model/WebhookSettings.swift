/// How the dispatcher retries and gives up (`webhooks.*` configuration).
///
/// Invariant: `maxAttempts` ≥ 1; the delays are positive and in milliseconds.
public struct WebhookSettings: Sendable, Hashable {
    /// Attempts per event before it goes to the dead-letter list.
    public var maxAttempts: Int = 12
    /// Time since the first attempt after which an event goes to the dead-letter list even with attempts left.
    public var maxAgeMilliseconds: Int64 = 24 * 3_600_000
    /// How long one POST may take, answer included.
    public var timeoutMilliseconds: Int64 = 10_000
    /// The delay before attempt n + 1 after attempt n fails (the last is repeated), before jitter.
    public var delaysMilliseconds: [Int64] = [10_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000]
    /// No wait is longer than this, even when a receiver's `Retry-After` asks for more.
    public var maxDelayMilliseconds: Int64 = 14_400_000
    /// Events read from the journal per pass of one subscription; the cursor is stored after each pass, so a crash
    /// re-sends at most this many.
    public var batchSize: Int = 256

    public init() {}
}
