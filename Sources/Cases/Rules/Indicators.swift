import Foundation
import HubKit

/// The city-management indicators as GB/T 30428 practice counts them, over a set of cases at an instant.
///
/// A case counts once it is filed (rejected and merged reports never count). It is **due to close** when it is
/// closed, or when it is still open and its handling deadline has passed; cases still within their deadline
/// are left out, so a busy day does not look like a bad one. Rates are nil when their denominator is 0.
public struct IndicatorValues: Sendable, Hashable, Codable {
    public var filed = 0
    public var dueToClose = 0
    public var closed = 0
    public var closedOnTime = 0
    public var dueToHandle = 0
    public var handled = 0
    public var handledOnTime = 0
    public var dispatches = 0
    public var returns = 0
    public var verified = 0
    public var reworked = 0
    public var overdueOpen = 0
    public var closedWithin30Minutes = 0
    public var closureRate: Double?
    public var onTimeClosureRate: Double?
    public var handlingRate: Double?
    public var onTimeHandlingRate: Double?
    public var dispatchAccuracy: Double?
    public var reworkRate: Double?
    public var shareClosedWithin30Minutes: Double?
    /// Median and 90th percentile of each stage, in minutes of calendar time.
    public var stageMinutes: [String: StageStatistics] = [:]

    public init() {}
}

extension IndicatorValues {
    /// The rates from the counts.
    mutating func computeRates() {
        closureRate = Indicators.ratio(closed, dueToClose)
        onTimeClosureRate = Indicators.ratio(closedOnTime, dueToClose)
        handlingRate = Indicators.ratio(handled, dueToHandle)
        onTimeHandlingRate = Indicators.ratio(handledOnTime, dueToHandle)
        dispatchAccuracy = Indicators.ratio(dispatches - returns, dispatches)
        reworkRate = Indicators.ratio(reworked, verified)
        shareClosedWithin30Minutes = Indicators.ratio(closedWithin30Minutes, closed)
    }

    /// Every count, with the column name the database sums it into (`IndicatorQuery`).
    static var counts: [(column: String, field: WritableKeyPath<IndicatorValues, Int>)] {
        [("filed", \.filed), ("due_to_close", \.dueToClose), ("closed", \.closed), ("closed_on_time", \.closedOnTime),
         ("closed_30", \.closedWithin30Minutes), ("overdue_open", \.overdueOpen), ("due_to_handle", \.dueToHandle),
         ("handled", \.handled), ("handled_on_time", \.handledOnTime), ("dispatches", \.dispatches),
         ("returns", \.returns), ("verified", \.verified), ("reworked", \.reworked)]
    }

    /// Adds another group's counts (rates and stage times are recomputed by the caller).
    mutating func add(_ other: IndicatorValues) {
        for (_, field) in Self.counts { self[keyPath: field] += other[keyPath: field] }
    }
}

public struct StageStatistics: Sendable, Hashable, Codable {
    public var count: Int
    public var median: Double
    public var p90: Double
}

/// The spans whose median and 90th percentile are reported, and the timestamps that bound them.
public enum IndicatorStage: String, Sendable, CaseIterable {
    case reportToFile = "report_to_file", fileToDispatch = "file_to_dispatch", dispatchToFix = "dispatch_to_fix"
    case fixToVerify = "fix_to_verify", verifyToClose = "verify_to_close", reportToClose = "report_to_close"

    func bounds(_ c: CaseRecord) -> (Date?, Date?) {
        switch self {
        case .reportToFile: (c.reportedAt, c.filedAt)
        case .fileToDispatch: (c.filedAt, c.dispatchedAt)
        case .dispatchToFix: (c.dispatchedAt, c.fixReportedAt)
        case .fixToVerify: (c.fixReportedAt, c.verifiedAt)
        case .verifyToClose: (c.verifiedAt, c.closedAt)
        case .reportToClose: (c.reportedAt, c.closedAt)
        }
    }

    /// The same bounds as columns of the `cases` table.
    var columns: (from: String, to: String) {
        switch self {
        case .reportToFile: ("reported_at_ms", "filed_at_ms")
        case .fileToDispatch: ("filed_at_ms", "dispatched_at_ms")
        case .dispatchToFix: ("dispatched_at_ms", "fix_reported_at_ms")
        case .fixToVerify: ("fix_reported_at_ms", "verified_at_ms")
        case .verifyToClose: ("verified_at_ms", "closed_at_ms")
        case .reportToClose: ("reported_at_ms", "closed_at_ms")
        }
    }
}

/// How indicators are grouped.
public enum IndicatorGrouping: String, Sendable, Codable, CaseIterable {
    case department, street, category, day, week, month, none
}

public enum Indicators {
    /// The values over `cases` as of `now`.
    public static func compute(_ cases: some Sequence<CaseRecord>, asOf now: Date) -> IndicatorValues {
        var v = IndicatorValues()
        var durations: [String: [Double]] = [:]
        func add(_ stage: String, _ from: Date?, _ to: Date?) {
            if let from, let to, to >= from { durations[stage, default: []].append(to.timeIntervalSince(from) / 60) }
        }
        for c in cases where c.filedAt != nil && c.state != .merged && c.state != .rejected {
            v.filed += 1
            v.dispatches += c.dispatchCount
            v.returns += c.returnCount
            let closed = c.state == .closed
            let pastDue = (c.handleDueAt ?? c.dueAt).map { now > $0 } ?? false
            if closed || pastDue {
                v.dueToClose += 1
                if closed {
                    v.closed += 1
                    if !c.everOverdue { v.closedOnTime += 1 }
                    if let closedAt = c.closedAt, closedAt.timeIntervalSince(c.reportedAt) <= 30 * 60 { v.closedWithin30Minutes += 1 }
                } else {
                    v.overdueOpen += 1
                }
            }
            let handled = c.fixReportedAt != nil
            if handled || pastDue {
                v.dueToHandle += 1
                if handled {
                    v.handled += 1
                    if let fixed = c.fixReportedAt, c.handleDueAt.map({ fixed <= $0 }) ?? true { v.handledOnTime += 1 }
                }
            }
            if c.verifiedAt != nil || c.reworkCount > 0 { v.verified += 1 }
            if c.reworkCount > 0 { v.reworked += 1 }
            for stage in IndicatorStage.allCases {
                let (from, to) = stage.bounds(c)
                add(stage.rawValue, from, to)
            }
        }
        v.computeRates()
        for (stage, values) in durations where !values.isEmpty {
            let sorted = values.sorted()
            v.stageMinutes[stage] = StageStatistics(count: sorted.count, median: percentile(sorted, 0.5), p90: percentile(sorted, 0.9))
        }
        return v
    }

    /// Values per group key (department id, street code, category code, or a local period label such as
    /// `2026-11-25`, `2026-W48`, `2026-11`), periods taken from the filing time in Asia/Shanghai.
    public static func grouped(_ cases: [CaseRecord], by grouping: IndicatorGrouping, asOf now: Date) -> [String: IndicatorValues] {
        var groups: [String: [CaseRecord]] = [:]
        for c in cases where c.filedAt != nil {
            guard let key = key(c, grouping) else { continue }
            groups[key, default: []].append(c)
        }
        return groups.mapValues { compute($0, asOf: now) }
    }

    static func key(_ c: CaseRecord, _ grouping: IndicatorGrouping) -> String? {
        switch grouping {
        case .none: return "all"
        case .department: return c.department?.rawValue ?? "unassigned"
        case .street: return c.street?.rawValue
        case .category: return c.category?.rawValue
        case .day, .week, .month:
            guard let filed = c.filedAt else { return nil }
            return periodLabel(filed, grouping)
        }
    }

    /// The local (UTC+8) day, ISO week or month of an instant.
    public static func periodLabel(_ instant: Date, _ grouping: IndicatorGrouping) -> String {
        let day = LocalDay.china(instant)
        switch grouping {
        case .month: return String(day.description.prefix(7))
        case .week:
            var calendar = Calendar(identifier: .iso8601)
            calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600) ?? .gmt
            let parts = calendar.dateComponents([.weekOfYear, .yearForWeekOfYear], from: instant)
            return "\((parts.yearForWeekOfYear ?? 0).zeroPadded(4))-W\((parts.weekOfYear ?? 0).zeroPadded(2))"
        default: return day.description
        }
    }

    static func ratio(_ a: Int, _ b: Int) -> Double? { b > 0 ? Double(a) / Double(b) : nil }

    /// The percentile of a histogram of (value, count), interpolating between closest ranks as `percentile` does.
    static func percentile(histogram: [(value: Double, count: Int)], _ p: Double) -> Double {
        let sorted = histogram.filter { $0.count > 0 }.sorted { $0.value < $1.value }
        let total = sorted.reduce(0) { $0 + $1.count }
        guard total > 0 else { return 0 }
        func value(atRank rank: Int) -> Double {
            var seen = 0
            for bucket in sorted {
                seen += bucket.count
                if rank < seen { return bucket.value }
            }
            return sorted.last?.value ?? 0
        }
        let rank = p * Double(total - 1)
        let low = Int(rank.rounded(.down))
        let a = value(atRank: low), b = value(atRank: min(low + 1, total - 1))
        return a + (b - a) * (rank - Double(low))
    }

    /// Linear interpolation between closest ranks.
    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard let first = sorted.first else { return 0 }
        guard sorted.count > 1 else { return first }
        let rank = p * Double(sorted.count - 1)
        let low = Int(rank.rounded(.down)), high = min(low + 1, sorted.count - 1)
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - Double(low))
    }
}
