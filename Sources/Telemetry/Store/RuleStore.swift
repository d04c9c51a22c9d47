import Foundation
import HubKit
import SQLKit

/// The alarm rules as one versioned set: every change checks the whole set (`RuleCheck`) and writes it with a
/// `telemetry.rules.changed` journal event that carries the full new set, so the evaluator — live or replaying —
/// switches rules at exactly that point of the journal.
public struct RuleStore: Sendable {
    public let database: HubDatabase
    let directory: StationDirectory
    let clock: HubClock
    let departmentExists: @Sendable (DepartmentID) async throws -> Bool

    public init(database: HubDatabase, directory: StationDirectory, clock: HubClock,
                departmentExists: @escaping @Sendable (DepartmentID) async throws -> Bool) {
        self.database = database
        self.directory = directory
        self.clock = clock
        self.departmentExists = departmentExists
    }

    /// The rule set and its version.
    public struct RuleSet: Sendable, Codable {
        public var version: Int
        public var rules: [AlarmRule]
    }

    struct ChangedPayload: Codable {
        var version: Int
        var rules: [AlarmRule]
        var added: [String]
        var removed: [String]
        var changed: [String]
    }

    static let eventKind = "telemetry.rules.changed"

    public func current() async throws -> RuleSet {
        try await database.read { sql in try await Self.read(sql) }
    }

    static func read(_ sql: any SQLDatabase) async throws -> RuleSet {
        let version = try await sql.raw("SELECT version FROM telemetry_rules_head WHERE id = 1").first()?.decode(column: "version", as: Int.self) ?? 0
        let rows = try await sql.raw("SELECT definition FROM telemetry_rules ORDER BY position").all()
        let decoder = JSONDecoder()
        let rules = try rows.map { try decoder.decode(AlarmRule.self, from: Data(try $0.decode(column: "definition", as: String.self).utf8)) }
        return RuleSet(version: version, rules: rules)
    }

    /// Replaces the whole set (all or nothing), if it is still at `expectedVersion` when one is given.
    public func replace(_ rules: [AlarmRule], expectedVersion: Int?, actor: String) async throws -> RuleSet {
        try await change(expectedVersion: expectedVersion, actor: actor) { _ in rules }
    }

    /// Adds or replaces one rule, keeping the others and their order.
    public func put(_ rule: AlarmRule, actor: String) async throws -> RuleSet {
        try await change(expectedVersion: nil, actor: actor) { old in
            var rules = old
            if let i = rules.firstIndex(where: { $0.id == rule.id }) { rules[i] = rule } else { rules.append(rule) }
            return rules
        }
    }

    public func delete(_ id: RuleID, actor: String) async throws -> RuleSet {
        try await change(expectedVersion: nil, actor: actor) { old in
            guard old.contains(where: { $0.id == id }) else { throw TelemetryProblem.ruleNotFound(id.rawValue) }
            return old.filter { $0.id != id }
        }
    }

    /// The rules' stations as the rules see them.
    public func ruleStations() -> [StationID: RuleStation] {
        var out: [StationID: RuleStation] = [:]
        for entry in directory.snapshot.values {
            out[entry.id] = RuleStation(id: entry.id, groups: entry.groups, river: entry.river)
        }
        return out
    }

    /// Checks `rules` as a set; throws `INVALID_RULES` naming every fault.
    public func check(_ rules: [AlarmRule]) async throws {
        var faults: [TelemetryFault] = []
        if case .failure(let f) = RuleCheck.check(rules, stations: ruleStations()) { faults = f.faults }
        for (index, rule) in rules.enumerated() {
            if let department = rule.department, try await !departmentExists(department) {
                faults.append(TelemetryFault(item: "rules[\(index)].department", code: "UNKNOWN_DEPARTMENT",
                                             zh: "没有部门 \(department)", en: "there is no department \(department)"))
            }
            if let action = rule.actions?.draftWarning, let hours = action.validHours, !(1...168).contains(hours) {
                faults.append(TelemetryFault(item: "rules[\(index)].actions.draftWarning.validHours", code: "BAD_ACTION",
                                             zh: "预警有效时长须为 1 至 168 小时", en: "a warning is valid for 1 to 168 hours"))
            }
            if let action = rule.actions?.draftWarning, let radius = action.radiusKm, !(radius > 0 && radius <= 100) {
                faults.append(TelemetryFault(item: "rules[\(index)].actions.draftWarning.radiusKm", code: "BAD_ACTION",
                                             zh: "预警半径须大于 0 且不超过 100 千米", en: "a warning radius is above 0 and at most 100 km"))
            }
        }
        if !faults.isEmpty { throw TelemetryProblem.invalidRules(faults) }
    }

    private func change(expectedVersion: Int?, actor: String,
                        _ edit: @Sendable ([AlarmRule]) throws -> [AlarmRule]) async throws -> RuleSet {
        // Checked against the set as read before the write; the write re-reads and re-checks the version.
        let before = try await current()
        let rules = try edit(before.rules)
        try await check(rules)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let definitions = try rules.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        let clock = self.clock
        return try await database.write { tx in
            let lock = tx.engine == .postgres ? " FOR UPDATE" : ""
            let version = try await tx.sql.raw("SELECT version FROM telemetry_rules_head WHERE id = 1\(unsafeRaw: lock)").first()?
                .decode(column: "version", as: Int.self) ?? 0
            if let expectedVersion, expectedVersion != version { throw TelemetryProblem.staleRules(expected: expectedVersion, actual: version) }
            guard version == before.version else { throw TelemetryProblem.staleRules(expected: before.version, actual: version) }
            try await tx.sql.raw("DELETE FROM telemetry_rules").run()
            for (position, (rule, definition)) in zip(rules, definitions).enumerated() {
                try await tx.sql.raw("INSERT INTO telemetry_rules (rule_id, position, definition) VALUES (\(bind: rule.id.rawValue), \(bind: position), \(bind: definition))").run()
            }
            try await tx.sql.raw("UPDATE telemetry_rules_head SET version = \(bind: version + 1) WHERE id = 1").run()
            let old = Dictionary(before.rules.map { ($0.id.rawValue, $0) }, uniquingKeysWith: { a, _ in a })
            let new = Dictionary(rules.map { ($0.id.rawValue, $0) }, uniquingKeysWith: { a, _ in a })
            let payload = ChangedPayload(version: version + 1, rules: rules,
                                         added: new.keys.filter { old[$0] == nil }.sorted(),
                                         removed: old.keys.filter { new[$0] == nil }.sorted(),
                                         changed: new.keys.filter { old[$0] != nil && old[$0] != new[$0] }.sorted())
            try await Journal.append(try NewEvent(kind: Self.eventKind, subject: "telemetry-rules", actor: actor, payload: payload),
                                     in: tx, clock: clock)
            return RuleSet(version: version + 1, rules: rules)
        }
    }
}
