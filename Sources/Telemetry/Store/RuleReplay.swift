import Foundation
import HubKit
import SQLKit

/// Replays stored observations of a period through rules, writing nothing: what alarms would these rules have
/// raised, when, and why. The engine starts empty at `from`; readings go in time order (then station, quantity),
/// with a clock tick at every `tickMinutes` boundary, so a replay of the same data and rules always gives the same
/// intents.
public struct RuleReplay: Sendable {
    let database: HubDatabase
    let rules: RuleStore

    public init(database: HubDatabase, rules: RuleStore) {
        self.database = database
        self.rules = rules
    }

    public struct Input: Sendable, Codable {
        public var from: String
        public var to: String
        /// Rules to try; those in force when absent.
        public var rules: [AlarmRule]?
        public var tickMinutes: Int?

        public init(from: String, to: String, rules: [AlarmRule]? = nil, tickMinutes: Int? = nil) {
            self.from = from
            self.to = to
            self.rules = rules
            self.tickMinutes = tickMinutes
        }
    }

    public struct Intent: Sendable, Codable, Hashable {
        public var action: AlarmIntent.Action
        public var rule: RuleID
        public var source: String
        public var severity: Severity
        public var previous: Severity?
        public var at: String
        public var value: Double
        public var threshold: Double
        public var projectedAt: String?
        public var reason: LocalizedText
    }

    public struct Result: Sendable, Codable {
        public var from: String
        public var to: String
        public var readings: Int
        public var ticks: Int
        /// Every intent, oldest first (at most `limit`).
        public var intents: [Intent]
        public var intentCount: Int
        /// Sources with an alarm still up at `to`, with its severity.
        public var activeAtEnd: [String: String]
    }

    static let maxSpan: Int64 = 92 * 86_400_000
    static let maxReadings = 5_000_000
    static let listed = 10_000

    public func run(_ input: Input) async throws -> Result {
        func instant(_ text: String, _ field: String) throws -> Int64 {
            do {
                return try Timestamp.milliseconds(text)
            } catch {
                throw InputProblem.invalidField(field: field, reason: "应为带时区的 ISO 8601 时间 / an ISO 8601 time with its zone, e.g. 2024-07-10T11:00:00+08:00")
            }
        }
        let from = try instant(input.from, "from")
        let to = try instant(input.to, "to")
        guard from < to, to - from <= Self.maxSpan else {
            throw InputProblem.invalidField(field: "to", reason: "须晚于 from，且不超过 92 天 / after from, at most 92 days later")
        }
        let tick = Int64(input.tickMinutes ?? 1) * 60_000
        guard (1...60).contains(input.tickMinutes ?? 1) else {
            throw InputProblem.invalidField(field: "tickMinutes", reason: "1–60")
        }
        let chosen: [AlarmRule]
        if let given = input.rules {
            try await rules.check(given)
            chosen = given
        } else {
            chosen = try await rules.current().rules
        }
        let stations = rules.ruleStations()
        let engine = RuleEngine(rules: chosen, stations: stations)
        let entries = rules.directory.snapshot
        let watched = Set(entries.values.filter { entry in
            chosen.contains { $0.station == entry.id || ($0.group.map { entry.groups.contains($0) } ?? false) }
        }.map(\.key))
        let quantities = Set(chosen.map(\.quantity.storageCode))
        let byKey = Dictionary(entries.values.map { ($0.key, $0.id) }, uniquingKeysWith: { a, _ in a })
        let readings: [Observation] = try await database.read { sql in
            guard !watched.isEmpty, !quantities.isEmpty else { return [] }
            let rows = try await sql.raw("""
                SELECT station_key, quantity, at_ms, value FROM telemetry_observations
                WHERE station_key IN (\(binds: watched.sorted())) AND quantity IN (\(binds: quantities.sorted()))
                AND at_ms >= \(bind: from) AND at_ms <= \(bind: to) ORDER BY at_ms, station_key, quantity LIMIT \(bind: Self.maxReadings + 1)
                """).all()
            guard rows.count <= Self.maxReadings else {
                throw InputProblem.invalidField(field: "to", reason: "期间内读数超过 500 万条，请缩短 / more than 5 million readings; shorten the period")
            }
            return try rows.compactMap { row in
                let key = try row.decode(column: "station_key", as: Int64.self)
                guard let station = byKey[key], let q = Quantity(storageCode: try row.decode(column: "quantity", as: Int64.self)) else { return nil }
                return Observation(stationKey: key, station: station, quantity: q, at: try row.decode(column: "at_ms", as: Int64.self),
                                   value: try row.decode(column: "value", as: Double.self))
            }
        }
        var state = AlarmState()
        var intents: [AlarmIntent] = []
        var ticks = 0
        var next = from - from % tick + tick
        var index = 0
        while next <= to {
            while index < readings.count, readings[index].at <= next {
                intents += engine.evaluate(&state, .observation(readings[index]))
                index += 1
            }
            intents += engine.evaluate(&state, .tick(next))
            ticks += 1
            next += tick
        }
        while index < readings.count {
            intents += engine.evaluate(&state, .observation(readings[index]))
            index += 1
        }
        var active: [String: String] = [:]
        for (rule, sources) in state.sources {
            for (source, s) in sources { if let severity = s.severity { active["\(rule)|\(source)"] = severity.rawValue } }
        }
        return Result(from: Timestamp.shanghai(from), to: Timestamp.shanghai(to), readings: readings.count, ticks: ticks,
                      intents: intents.prefix(Self.listed).map {
                          Intent(action: $0.action, rule: $0.rule, source: $0.source, severity: $0.severity, previous: $0.previous,
                                 at: Timestamp.shanghai($0.at), value: $0.value, threshold: $0.threshold,
                                 projectedAt: $0.projectedAt.map(Timestamp.shanghai), reason: $0.reason)
                      }, intentCount: intents.count, activeAtEnd: active)
    }
}
