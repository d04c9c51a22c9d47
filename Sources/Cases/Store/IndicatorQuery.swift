import Foundation
import HubKit
import SQLKit

/// The indicators computed by the database: counts summed per group and local day, stage times as histograms
/// (exact to the minute below two hours, to 10 minutes below a day, to the hour beyond), merged here into the
/// requested grouping. Same definitions as `Indicators.compute`, which tests hold it to; this one reads no case
/// bodies, so a million cases take one pass over narrow columns.
public struct IndicatorQuery: Sendable {
    public let database: HubDatabase

    public init(database: HubDatabase) {
        self.database = database
    }

    public func run(grouping: IndicatorGrouping, asOf now: Date, from: Date? = nil, to: Date? = nil,
                    department: DepartmentID? = nil) async throws -> [String: IndicatorValues] {
        let periodic = [.day, .week, .month].contains(grouping)
        let key: SQLQueryString = switch grouping {
        case .department: "COALESCE(department, 'unassigned')"
        case .street: "street"
        case .category: "category"
        case .none, .day, .week, .month: "'all'"
        }
        var filter: SQLQueryString = "filed_at_ms IS NOT NULL AND state NOT IN ('rejected', 'merged')"
        if grouping == .street { filter = filter + " AND street IS NOT NULL" }
        if let from { filter = filter + " AND reported_at_ms >= \(bind: from.milliseconds)" }
        if let to { filter = filter + " AND reported_at_ms < \(bind: to.milliseconds)" }
        if let department { filter = filter + " AND department = \(bind: department.rawValue)" }
        let nowMs = now.milliseconds
        let day: SQLQueryString = periodic ? "(filed_at_ms + 28800000) / 86400000" : "0"
        return try await database.read { sql in
            var counts: [String: IndicatorValues] = [:]
            for row in try await sql.raw("""
                SELECT \(key) AS k, \(day) AS d, COUNT(*) AS filed,
                  SUM(CASE WHEN state = 'closed' OR (due_basis_ms IS NOT NULL AND due_basis_ms < \(bind: nowMs)) THEN 1 ELSE 0 END) AS due_to_close,
                  SUM(CASE WHEN state = 'closed' THEN 1 ELSE 0 END) AS closed,
                  SUM(CASE WHEN state = 'closed' AND ever_overdue = 0 THEN 1 ELSE 0 END) AS closed_on_time,
                  SUM(CASE WHEN state = 'closed' AND closed_at_ms - reported_at_ms <= 1800000 THEN 1 ELSE 0 END) AS closed_30,
                  SUM(CASE WHEN state <> 'closed' AND due_basis_ms IS NOT NULL AND due_basis_ms < \(bind: nowMs) THEN 1 ELSE 0 END) AS overdue_open,
                  SUM(CASE WHEN fix_reported_at_ms IS NOT NULL OR (due_basis_ms IS NOT NULL AND due_basis_ms < \(bind: nowMs)) THEN 1 ELSE 0 END) AS due_to_handle,
                  SUM(CASE WHEN fix_reported_at_ms IS NOT NULL THEN 1 ELSE 0 END) AS handled,
                  SUM(CASE WHEN fix_reported_at_ms IS NOT NULL AND (handle_due_at_ms IS NULL OR fix_reported_at_ms <= handle_due_at_ms) THEN 1 ELSE 0 END) AS handled_on_time,
                  SUM(dispatch_count) AS dispatches, SUM(return_count) AS returns,
                  SUM(CASE WHEN verified_at_ms IS NOT NULL OR rework_count > 0 THEN 1 ELSE 0 END) AS verified,
                  SUM(CASE WHEN rework_count > 0 THEN 1 ELSE 0 END) AS reworked
                FROM cases WHERE \(filter) GROUP BY 1, 2
                """).all() {
                let group = Self.label(try row.decode(column: "k", as: String.self), day: try row.decode(column: "d", as: Int.self), grouping)
                var v = IndicatorValues()
                v.filed = try row.decode(column: "filed", as: Int.self)
                v.dueToClose = try row.decode(column: "due_to_close", as: Int.self)
                v.closed = try row.decode(column: "closed", as: Int.self)
                v.closedOnTime = try row.decode(column: "closed_on_time", as: Int.self)
                v.closedWithin30Minutes = try row.decode(column: "closed_30", as: Int.self)
                v.overdueOpen = try row.decode(column: "overdue_open", as: Int.self)
                v.dueToHandle = try row.decode(column: "due_to_handle", as: Int.self)
                v.handled = try row.decode(column: "handled", as: Int.self)
                v.handledOnTime = try row.decode(column: "handled_on_time", as: Int.self)
                v.dispatches = try row.decode(column: "dispatches", as: Int.self)
                v.returns = try row.decode(column: "returns", as: Int.self)
                v.verified = try row.decode(column: "verified", as: Int.self)
                v.reworked = try row.decode(column: "reworked", as: Int.self)
                counts[group, default: IndicatorValues()].add(v)
            }
            var histograms: [String: [String: [Double: Int]]] = [:]
            for stage in IndicatorStage.allCases {
                let (start, end) = stage.columns
                let minutes = SQLQueryString("(\(end) - \(start)) / 60000")
                for row in try await sql.raw("""
                    SELECT k, d, b, COUNT(*) AS n FROM (
                      SELECT \(key) AS k, \(day) AS d,
                        CASE WHEN \(minutes) < 120 THEN \(minutes)
                             WHEN \(minutes) < 1440 THEN \(minutes) - \(minutes) % 10
                             ELSE \(minutes) - \(minutes) % 60 END AS b
                      FROM cases WHERE \(filter) AND \(unsafeRaw: start) IS NOT NULL AND \(unsafeRaw: end) IS NOT NULL
                        AND \(unsafeRaw: end) >= \(unsafeRaw: start)
                    ) AS spans GROUP BY k, d, b
                    """).all() {
                    let group = Self.label(try row.decode(column: "k", as: String.self), day: try row.decode(column: "d", as: Int.self), grouping)
                    let bucket = Double(try row.decode(column: "b", as: Int.self))
                    histograms[group, default: [:]][stage.rawValue, default: [:]][bucket, default: 0] += try row.decode(column: "n", as: Int.self)
                }
            }
            for (group, stages) in histograms {
                for (stage, buckets) in stages {
                    let histogram = buckets.map { (value: $0.key, count: $0.value) }
                    counts[group, default: IndicatorValues()].stageMinutes[stage] = StageStatistics(
                        count: histogram.reduce(0) { $0 + $1.count },
                        median: Indicators.percentile(histogram: histogram, 0.5),
                        p90: Indicators.percentile(histogram: histogram, 0.9))
                }
            }
            return counts.mapValues { values in
                var v = values
                v.computeRates()
                return v
            }
        }
    }

    /// The group's label; for periods, the local day, ISO week or month of day number `day` (days since 1970).
    static func label(_ key: String, day: Int, _ grouping: IndicatorGrouping) -> String {
        guard [.day, .week, .month].contains(grouping) else { return key }
        return Indicators.periodLabel(Date(timeIntervalSince1970: Double(day) * 86_400), grouping)
    }
}
