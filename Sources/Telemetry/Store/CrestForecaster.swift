import HubKit

/// The crest forecast of a river gauge as of an instant: the lagged regression fitted on the gauge's history and
/// its upstream gauges', the crest it forecasts, and its leave-one-flood-out error. Read by the forecast route and
/// by the flood what-if (through `GaugeLevels`).
public struct CrestForecaster: Sendable {
    public struct Outcome: Sendable {
        public var model: LaggedRegression
        public var crest: CrestForecast.Crest
        public var evaluations: [CrestForecast.Evaluation]
    }

    /// Days of history fitted and tested on when the caller names none.
    public static let defaultHistoryDays = 120

    let history: CrestHistory

    public init(series: SeriesQuery) {
        history = CrestHistory(series: series)
    }

    /// The river gauges upstream of `target` by default: those sharing no group with it.
    public static func defaultUpstream(of target: StationEntry, in directory: [String: StationEntry]) -> [StationEntry] {
        directory.values.filter { $0.river != nil && $0.id != target.id && Set($0.groups).isDisjoint(with: target.groups) }
            .sorted { $0.id < $1.id }
    }

    /// Throws `forecastUnavailable` when the history is too short to fit or nothing upstream has data.
    public func forecast(_ target: StationEntry, upstream: [StationEntry], at: Int64, days: Int, leads: [Int]) async throws -> Outcome {
        guard let river = target.river, !upstream.isEmpty else { throw TelemetryProblem.forecastUnavailable(target.id.rawValue) }
        let hour = at / 3_600_000
        let targetLevels = try await history.levels(stationKey: target.key, days: days, to: at)
        var inputs: [(station: String, levels: HourlyLevels)] = []
        for entry in upstream {
            inputs.append((entry.id.rawValue, try await history.levels(stationKey: entry.key, days: days, to: at)))
        }
        let byStation = Dictionary(inputs.map { ($0.station, $0.levels) }, uniquingKeysWith: { a, _ in a })
        guard let model = LaggedRegression.fit(target: targetLevels, upstream: inputs),
              let crest = CrestForecast.crest(model, upstream: byStation, now: hour, observedNow: targetLevels[hour]) else {
            throw TelemetryProblem.forecastUnavailable(target.id.rawValue)
        }
        // Floods of the history that ended before now: 3 m below the warning level and up.
        let floods = CrestForecast.floods(targetLevels, threshold: river.warningLevel - 3).filter { $0.end < hour - 1 }
        let evaluations = CrestForecast.evaluate(target: targetLevels, upstream: inputs, floods: floods, leads: leads)
        return Outcome(model: model, crest: crest, evaluations: evaluations)
    }
}
