import HubKit

/// Instants in the telemetry routes' query strings: RFC 3339 with the zone, refused as `BAD_QUERY` naming whether
/// the zone is missing or the text is no time at all.
enum TimeQuery {
    static func instant(_ text: String, field: String) throws -> Int64 {
        do {
            return try Timestamp.milliseconds(text)
        } catch .noZone {
            throw TelemetryProblem.badQuery(field: field, zh: "时间缺少时区（如 +08:00）", en: "the time has no zone (e.g. +08:00)")
        } catch {
            throw TelemetryProblem.badQuery(field: field, zh: "不是 ISO 8601 时间", en: "not an ISO 8601 time")
        }
    }
}
