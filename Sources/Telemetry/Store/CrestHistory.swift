import HubKit

/// Reads river gauges' hourly mean levels for the crest forecast, through `SeriesQuery` (raw readings inside the
/// retention, hourly summaries before it — the same answers for whole hours).
public struct CrestHistory: Sendable {
    let series: SeriesQuery

    public init(series: SeriesQuery) {
        self.series = series
    }

    /// Hourly levels of the gauge over (to − days, to]: hour number → mean level in the gauge's datum. A reading at
    /// hh:00 belongs to hour hh.
    public func levels(stationKey: Int64, days: Int, to: Int64) async throws -> HourlyLevels {
        guard let hourly = Period("1h") else { return [:] }
        let end = (to / 3_600_000 + 1) * 3_600_000
        let answer = try await series.aggregate(stationKey: stationKey, quantity: .waterLevel, from: end - Int64(days) * 86_400_000,
                                                to: end, period: hourly)
        var out: HourlyLevels = [:]
        for bucket in answer.buckets { out[bucket.start / 3_600_000] = bucket.summary.value(.avg) }
        return out
    }
}
