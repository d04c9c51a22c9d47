/// Indicator counts and stage-time histograms added up one filed case at a time from its stored facts (instants in
/// milliseconds since 1970). The same rules as `Indicators.compute`; stage times are kept as histograms, exact to
/// the minute below two hours, to 10 minutes below a day and to the hour beyond, so a million cases fit in a few
/// thousand buckets.
struct IndicatorTally {
    /// One filed, not rejected or merged, case as the indicators see it.
    struct Facts {
        var closed: Bool
        var reportedAt: Int64
        var filedAt: Int64?
        var dispatchedAt: Int64?
        var fixReportedAt: Int64?
        var verifiedAt: Int64?
        var closedAt: Int64?
        var handleDueAt: Int64?
        /// The deadline that decides whether the case is due: handling deadline, else the current one.
        var dueBasis: Int64?
        var everOverdue: Bool
        var dispatchCount: Int
        var returnCount: Int
        var reworkCount: Int

        /// Start and end of each stage, in `IndicatorStage.allCases` order.
        var stageBounds: [(Int64?, Int64?)] {
            [(reportedAt, filedAt), (filedAt, dispatchedAt), (dispatchedAt, fixReportedAt), (fixReportedAt, verifiedAt),
             (verifiedAt, closedAt), (reportedAt, closedAt)]
        }
    }

    private(set) var values = IndicatorValues()
    private var histograms: [[Int64: Int]] = Array(repeating: [:], count: IndicatorStage.allCases.count)

    mutating func add(_ f: Facts, now: Int64) {
        values.filed += 1
        values.dispatches += f.dispatchCount
        values.returns += f.returnCount
        let pastDue = f.dueBasis.map { $0 < now } ?? false
        if f.closed || pastDue {
            values.dueToClose += 1
            if f.closed {
                values.closed += 1
                if !f.everOverdue { values.closedOnTime += 1 }
                if let closedAt = f.closedAt, closedAt - f.reportedAt <= 30 * 60_000 { values.closedWithin30Minutes += 1 }
            } else {
                values.overdueOpen += 1
            }
        }
        if let fixed = f.fixReportedAt {
            values.dueToHandle += 1
            values.handled += 1
            if f.handleDueAt.map({ fixed <= $0 }) ?? true { values.handledOnTime += 1 }
        } else if pastDue {
            values.dueToHandle += 1
        }
        if f.verifiedAt != nil || f.reworkCount > 0 { values.verified += 1 }
        if f.reworkCount > 0 { values.reworked += 1 }
        for (stage, bounds) in f.stageBounds.enumerated() {
            guard let start = bounds.0, let end = bounds.1, end >= start else { continue }
            histograms[stage][Self.bucket(minutes: (end - start) / 60_000), default: 0] += 1
        }
    }

    /// Adds a stage-time bucket counted elsewhere (the PostgreSQL query returns them already grouped).
    mutating func add(stage: Int, bucket: Int64, count: Int) {
        histograms[stage][bucket, default: 0] += count
    }

    mutating func add(counts other: IndicatorValues) {
        values.add(other)
    }

    mutating func merge(_ other: IndicatorTally) {
        values.add(other.values)
        for stage in histograms.indices {
            histograms[stage].merge(other.histograms[stage], uniquingKeysWith: +)
        }
    }

    static func bucket(minutes: Int64) -> Int64 {
        if minutes < 120 { return minutes }
        if minutes < 1440 { return minutes - minutes % 10 }
        return minutes - minutes % 60
    }

    /// The values with their rates, medians and 90th percentiles.
    var result: IndicatorValues {
        var v = values
        for (stage, buckets) in zip(IndicatorStage.allCases, histograms) where !buckets.isEmpty {
            let histogram = buckets.map { (value: Double($0.key), count: $0.value) }
            v.stageMinutes[stage.rawValue] = StageStatistics(
                count: histogram.reduce(0) { $0 + $1.count },
                median: Indicators.percentile(histogram: histogram, 0.5),
                p90: Indicators.percentile(histogram: histogram, 0.9))
        }
        v.computeRates()
        return v
    }
}
