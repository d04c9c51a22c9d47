import Foundation
import HubKit
import SQLKit

/// The indicators over the stored cases: counts and stage-time histograms per group and local day, merged here
/// into the requested grouping. Same definitions as `Indicators.compute`, which tests hold it to. Neither engine
/// reads case bodies: SQLite scans the narrow covering index once and applies the rules as it goes
/// (`IndicatorTally`); PostgreSQL sums them in the server.
public struct IndicatorQuery: Sendable {
    public let database: HubDatabase

    public init(database: HubDatabase) {
        self.database = database
    }

    public func run(grouping: IndicatorGrouping, asOf now: Date, from: Date? = nil, to: Date? = nil,
                    department: DepartmentID? = nil) async throws -> [String: IndicatorValues] {
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
        let groups = try await database.canScan
            ? scan(key: key, filter: filter, now: now.milliseconds)
            : aggregate(key: key, filter: filter, now: now.milliseconds, periodic: [.day, .week, .month].contains(grouping))
        var tallies: [String: IndicatorTally] = [:]
        for (group, tally) in groups {
            tallies[Self.label(group.key, day: group.day, grouping), default: IndicatorTally()].merge(tally)
        }
        return tallies.mapValues(\.result)
    }

    /// A group key and local day (days since 1970 in UTC+8; 0 when the grouping has no periods).
    struct GroupDay: Hashable {
        var key: String
        var day: Int
    }

    /// SQLite: one pass over the covering index `cases_facts`, split in two halves by filing time that run at
    /// once on two readers, the rules applied here.
    private func scan(key: SQLQueryString, filter: SQLQueryString, now: Int64) async throws -> [GroupDay: IndicatorTally] {
        let span = try await database.read { sql in
            // Two subqueries, so that each is one step down the index rather than a scan (the index holds filed
            // cases only, so the condition must be spelled out for it to be used).
            try await sql.raw("""
                SELECT (SELECT MIN(filed_at_ms) FROM cases WHERE filed_at_ms IS NOT NULL) AS low,
                       (SELECT MAX(filed_at_ms) FROM cases WHERE filed_at_ms IS NOT NULL) AS high
                """).first()
        }
        guard let low = try span?.decode(column: "low", as: Int64?.self),
              let high = try span?.decode(column: "high", as: Int64?.self) else { return [:] }
        let middle = low + (high - low) / 2
        async let early = scanPart(key: key, filter: filter + " AND filed_at_ms <= \(bind: middle)", now: now)
        async let late = scanPart(key: key, filter: filter + " AND filed_at_ms > \(bind: middle)", now: now)
        return try await early.merging(try await late) { a, b in
            var sum = a
            sum.merge(b)
            return sum
        }
    }

    private func scanPart(key: SQLQueryString, filter: SQLQueryString, now: Int64) async throws -> [GroupDay: IndicatorTally] {
        var groups: [GroupDay: IndicatorTally] = [:]
        try await database.scan("""
            SELECT \(key), state = 'closed', reported_at_ms, filed_at_ms, dispatched_at_ms, fix_reported_at_ms,
                   verified_at_ms, closed_at_ms, handle_due_at_ms, due_basis_ms, ever_overdue, dispatch_count,
                   return_count, rework_count
            FROM cases WHERE \(filter)
            """) { row in
            let filed = row.int64(3) ?? 0
            let group = GroupDay(key: row.string(0) ?? "", day: Int((filed + 28_800_000) / 86_400_000))
            let facts = IndicatorTally.Facts(
                closed: row.int64(1) == 1, reportedAt: row.int64(2) ?? 0, filedAt: filed, dispatchedAt: row.int64(4),
                fixReportedAt: row.int64(5), verifiedAt: row.int64(6), closedAt: row.int64(7), handleDueAt: row.int64(8),
                dueBasis: row.int64(9), everOverdue: row.int64(10) == 1, dispatchCount: Int(row.int64(11) ?? 0),
                returnCount: Int(row.int64(12) ?? 0), reworkCount: Int(row.int64(13) ?? 0))
            groups[group, default: IndicatorTally()].add(facts, now: now)
        }
        return groups
    }

    /// PostgreSQL: counts summed per group and day, and one histogram query per stage, all in the server.
    private func aggregate(key: SQLQueryString, filter: SQLQueryString, now nowMs: Int64,
                           periodic: Bool) async throws -> [GroupDay: IndicatorTally] {
        let day: SQLQueryString = periodic ? "(filed_at_ms + 28800000) / 86400000" : "0"
        return try await database.read { sql in
            var groups: [GroupDay: IndicatorTally] = [:]
            func group(_ row: any SQLRow) throws -> GroupDay {
                GroupDay(key: try row.decode(column: "k", as: String.self), day: try row.decode(column: "d", as: Int.self))
            }
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
                var v = IndicatorValues()
                for (column, field) in IndicatorValues.counts { v[keyPath: field] = try row.decode(column: column, as: Int.self) }
                groups[try group(row), default: IndicatorTally()].add(counts: v)
            }
            for (index, stage) in IndicatorStage.allCases.enumerated() {
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
                    groups[try group(row), default: IndicatorTally()].add(stage: index, bucket: try row.decode(column: "b", as: Int64.self),
                                                                          count: try row.decode(column: "n", as: Int.self))
                }
            }
            return groups
        }
    }

    /// The group's label; for periods, the local day, ISO week or month of day number `day` (days since 1970).
    static func label(_ key: String, day: Int, _ grouping: IndicatorGrouping) -> String {
        guard [.day, .week, .month].contains(grouping) else { return key }
        return Indicators.periodLabel(Date(timeIntervalSince1970: Double(day) * 86_400), grouping)
    }
}
