import Foundation

/// What to do after an attempt failed: try again at a time, or give up (dead letter). Pure: the caller passes
/// the clock's reading and a jitter value.
public enum RetrySchedule {
    public enum Decision: Sendable, Hashable {
        case retry(atMilliseconds: Int64)
        case deadLetter
    }

    /// The wait after failed attempt number `attempt` (1-based), before jitter: the settings' delays, the last one
    /// repeated, capped at `maxDelayMilliseconds`.
    public static func baseDelay(afterAttempt attempt: Int, settings: WebhookSettings) -> Int64 {
        guard let last = settings.delaysMilliseconds.last else { return settings.maxDelayMilliseconds }
        let index = max(0, attempt - 1)
        let delay = index < settings.delaysMilliseconds.count ? settings.delaysMilliseconds[index] : last
        return min(delay, settings.maxDelayMilliseconds)
    }

    /// The base delay spread by ±20 %: `jitter` in 0..<1 maps to 0.8…1.2 times the delay, so receivers that came
    /// back together are not hit by every retry at the same instant.
    public static func jittered(_ delay: Int64, jitter: Double) -> Int64 {
        let factor = 0.8 + 0.4 * min(max(jitter, 0), 1)
        return Int64((Double(delay) * factor).rounded())
    }

    /// Decides after failed attempt number `attempt` of an event first tried at `firstAttempt`. A receiver's
    /// `Retry-After` (milliseconds from now) is honoured when it asks for longer than the schedule, up to the cap.
    /// Gives up when the attempts are used up or the next attempt would fall after the maximum age.
    public static func decide(afterAttempt attempt: Int, firstAttempt: Int64, now: Int64, retryAfter: Int64?,
                              jitter: Double, settings: WebhookSettings) -> Decision {
        guard attempt < settings.maxAttempts else { return .deadLetter }
        var delay = jittered(baseDelay(afterAttempt: attempt, settings: settings), jitter: jitter)
        if let retryAfter, retryAfter > delay { delay = retryAfter }
        delay = min(delay, settings.maxDelayMilliseconds)
        let next = now + delay
        guard next - firstAttempt <= settings.maxAgeMilliseconds else { return .deadLetter }
        return .retry(atMilliseconds: next)
    }

    /// A `Retry-After` header in milliseconds from `now`: delta-seconds, or an HTTP date (IMF-fixdate). Nil when
    /// absent or not understood; a date in the past is 0.
    public static func retryAfter(_ header: String?, now: Date) -> Int64? {
        guard let text = header?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        if let seconds = Int64(text) { return seconds >= 0 ? min(seconds, 86_400 * 365) * 1000 : nil }
        guard let date = imfFixdate(text) else { return nil }
        return max(0, Int64((date.timeIntervalSince(now) * 1000).rounded()))
    }

    /// Parses `Sun, 06 Nov 1994 08:49:37 GMT`.
    static func imfFixdate(_ text: String) -> Date? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT", let day = Int(parts[1]), let year = Int(parts[3]) else { return nil }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        guard let month = months.firstIndex(of: String(parts[2])) else { return nil }
        let time = parts[4].split(separator: ":").compactMap { Int($0) }
        guard time.count == 3 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar.date(from: DateComponents(year: year, month: month + 1, day: day, hour: time[0], minute: time[1], second: time[2]))
    }
}
