/// The downstream crest from upstream gauges: a `LaggedRegression` run forward from now, and its error measured
/// on the floods of the history by leaving each flood out of the fit in turn. Pure.
public enum CrestForecast {
    /// A flood in a gauge's history: a run of hours at or above `threshold`, with its crest.
    public struct Flood: Sendable, Hashable {
        public var start: Int64
        public var end: Int64
        public var crestHour: Int64
        public var crestLevel: Double
    }

    /// The forecast crest: level and hour, and whether the level was still rising at the end of the horizon (the
    /// crest then lies further ahead and is at least this high).
    public struct Crest: Sendable, Hashable {
        public var level: Double
        public var hour: Int64
        public var beyondHorizon: Bool
    }

    /// One flood's leave-one-out forecast, issued `lead` hours before its observed crest.
    public struct Trial: Sendable, Hashable {
        public var flood: Flood
        public var issuedHour: Int64
        public var forecast: Crest
        public var levelError: Double
        public var hourError: Int64
    }

    public struct Evaluation: Sendable, Hashable {
        public var leadHours: Int
        public var trials: [Trial]
        /// Mean absolute error of the crest level (m) and time (hours); nil without trials.
        public var levelMAE: Double?
        public var hourMAE: Double?
        /// The largest level error of any trial, m.
        public var levelMaxError: Double?
    }

    /// Floods of `levels` (hourly): maximal runs at or above `threshold`, a gap of up to `joinHours` joining two runs.
    public static func floods(_ levels: HourlyLevels, threshold: Double, joinHours: Int64 = 24) -> [Flood] {
        var out: [Flood] = []
        for hour in levels.keys.sorted() {
            guard let level = levels[hour], level >= threshold else { continue }
            if var last = out.last, hour - last.end <= joinHours {
                last.end = hour
                if level > last.crestLevel { last.crestLevel = level; last.crestHour = hour }
                out[out.count - 1] = last
            } else {
                out.append(Flood(start: hour, end: hour, crestHour: hour, crestLevel: level))
            }
        }
        return out
    }

    /// The crest ahead of hour `now`: the highest of the model's levels over (now, now + horizon] and the level
    /// observed now. Nil when the model lacks an upstream reading for the whole horizon.
    public static func crest(_ model: LaggedRegression, upstream: [String: HourlyLevels], now: Int64, observedNow: Double?) -> Crest? {
        let horizon = model.horizonHours
        guard horizon > 0 else { return nil }
        var best: Crest?
        if let observedNow { best = Crest(level: observedNow, hour: now, beyondHorizon: false) }
        for step in 1...horizon {
            let t = now + Int64(step)
            guard let level = model.level(at: t, upstream: upstream) else { continue }
            if best.map({ level > $0.level }) ?? true { best = Crest(level: level, hour: t, beyondHorizon: step == horizon) }
        }
        return best
    }

    /// Leave-one-flood-out: for each flood of the target, fit without its hours (and `guardHours` either side), then
    /// forecast from each lead time before its crest, with what was known then, and compare with the observed crest.
    /// One evaluation per lead, in the order given.
    public static func evaluate(target: HourlyLevels, upstream: [(station: String, levels: HourlyLevels)], floods: [Flood],
                                leads: [Int], guardHours: Int64 = 72, maxLag: Int = LaggedRegression.defaultMaxLag) -> [Evaluation] {
        let byStation = Dictionary(upstream.map { ($0.station, $0.levels) }, uniquingKeysWith: { a, _ in a })
        var trials: [[Trial]] = leads.map { _ in [] }
        for flood in floods {
            let from = flood.start - guardHours, to = flood.end + guardHours
            guard let model = LaggedRegression.fit(target: target, upstream: upstream, excluded: { $0 >= from && $0 <= to }, maxLag: maxLag) else {
                continue
            }
            for (index, lead) in leads.enumerated() {
                let issued = flood.crestHour - Int64(lead)
                let known = byStation.mapValues { $0.filter { $0.key <= issued } }
                guard let forecast = crest(model, upstream: known, now: issued, observedNow: target[issued]) else { continue }
                trials[index].append(Trial(flood: flood, issuedHour: issued, forecast: forecast,
                                           levelError: abs(forecast.level - flood.crestLevel), hourError: abs(forecast.hour - flood.crestHour)))
            }
        }
        return zip(leads, trials).map { lead, trials in
            let n = Double(trials.count)
            return Evaluation(leadHours: lead, trials: trials,
                              levelMAE: trials.isEmpty ? nil : trials.reduce(0) { $0 + $1.levelError } / n,
                              hourMAE: trials.isEmpty ? nil : Double(trials.reduce(0) { $0 + $1.hourError }) / n,
                              levelMaxError: trials.map(\.levelError).max())
        }
    }
}
