import HubKit

/// A period of aggregation: `1m`, `5m`, `10m`, `15m`, `30m`, `1h`, `2h`, `3h`, `6h`, `12h`, `1d`. Buckets are
/// aligned to midnight in Asia/Shanghai (UTC+8), so `1d` is a local calendar day and `1h` a clock hour.
public struct Period: Sendable, Hashable {
    public let milliseconds: Int64
    public let text: String

    public static let accepted = ["1m", "5m", "10m", "15m", "30m", "1h", "2h", "3h", "6h", "12h", "1d"]

    public init?(_ text: String) {
        guard Self.accepted.contains(text), let number = Int64(text.dropLast()) else { return nil }
        let unit: Int64 = switch text.last { case "m": 60_000; case "h": 3_600_000; default: 86_400_000 }
        self.milliseconds = number * unit
        self.text = text
    }

    /// Whether hourly summaries can answer it (every period of an hour or more nests hours).
    public var nestsHours: Bool { milliseconds % 3_600_000 == 0 }

    /// The start of the bucket holding `at`.
    public func bucket(_ at: Int64) -> Int64 {
        let offset = Timestamp.shanghaiOffsetMilliseconds
        return Timestamp.floorDiv(at + offset, milliseconds) * milliseconds - offset
    }
}

/// What is computed per bucket.
public enum AggregateFunction: String, Sendable, CaseIterable {
    case sum, avg, min, max, count
}

/// The count, sum, minimum and maximum of some values: enough for every `AggregateFunction`, and additive, so
/// hourly summaries combine into longer periods exactly.
public struct Summary: Sendable, Hashable {
    public var count: Int64
    public var sum: Double
    public var min: Double
    public var max: Double

    public init(count: Int64, sum: Double, min: Double, max: Double) {
        self.count = count
        self.sum = sum
        self.min = min
        self.max = max
    }

    public init(_ value: Double) {
        self.init(count: 1, sum: value, min: value, max: value)
    }

    public mutating func add(_ other: Summary) {
        count += other.count
        sum += other.sum
        min = Swift.min(min, other.min)
        max = Swift.max(max, other.max)
    }

    public func value(_ function: AggregateFunction) -> Double {
        switch function {
        case .sum: sum
        case .avg: count == 0 ? 0 : sum / Double(count)
        case .min: min
        case .max: max
        case .count: Double(count)
        }
    }
}

/// The reference aggregation over plain readings, used by tests to check the stores and by nobody else on a
/// hot path: buckets with at least one reading, in time order.
public enum ReferenceAggregation {
    public static func buckets(_ readings: [(at: Int64, value: Double)], period: Period, from: Int64, to: Int64) -> [(start: Int64, summary: Summary)] {
        var out: [Int64: Summary] = [:]
        for r in readings where r.at >= from && r.at < to {
            out[period.bucket(r.at), default: Summary(count: 0, sum: 0, min: .infinity, max: -.infinity)].add(Summary(r.value))
        }
        return out.keys.sorted().compactMap { key in out[key].map { (key, $0) } }
    }
}
