import Foundation
import HubKit
import SQLKit

/// Which alarms a list returns.
public struct AlarmFilter: Sendable {
    /// Only current ones (active, or cleared but not yet acknowledged) — the default — or also closed ones.
    public var includeClosed: Bool = false
    /// Also shelved ones (hidden by default while shelved).
    public var includeShelved: Bool = false
    public var department: DepartmentID?
    public var rule: RuleID?
    public var source: String?
    public var group: String?
    public var minSeverity: Severity?
    /// Alarms raised before this one (the previous page's last `raisedAt`, id).
    public var before: (Int64, String)?

    public init() {}
}

/// Alarms in SQL: each change of state with its journal event in the same transaction. The row keeps the columns
/// lists filter on and the whole alarm as JSON.
public struct AlarmStore: Sendable {
    public let database: HubDatabase
    let clock: HubClock

    public init(database: HubDatabase, clock: HubClock) {
        self.database = database
        self.clock = clock
    }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .millisecondsSince1970
        e.outputFormatting = [.sortedKeys]
        return e
    }()

    static func decode(_ row: any SQLRow) throws -> Alarm {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .millisecondsSince1970
        return try d.decode(Alarm.self, from: Data(try row.decode(column: "body", as: String.self).utf8))
    }

    static func openKey(_ rule: RuleID, _ source: String) -> String { rule.rawValue + "|" + source }

    /// Applies the engine's intents in transaction `tx`, in order; returns the changes made.
    /// `owners` says, for each intent, which department owns its alarm and under which group it is shown (nil: skip).
    /// An active alarm queues its rule's `actions` due at its severity (each once per alarm).
    static func apply(_ intents: [AlarmIntent], owners: [(DepartmentID, String)?], newIDs: [AlarmID], actions: [RuleID: AlarmActions],
                      in tx: Transaction, clock: HubClock, actor: String = "system:telemetry-rules") async throws -> [AlarmLifecycle.Change] {
        var changes: [AlarmLifecycle.Change] = []
        for (index, intent) in intents.enumerated() {
            guard let (department, group) = owners[index] else { continue }
            let key = openKey(intent.rule, intent.source)
            let open = try await tx.sql.raw("SELECT body FROM telemetry_alarms WHERE open_key = \(bind: key)").first().map(decode)
            guard let change = AlarmLifecycle.apply(intent, to: open, newID: newIDs[index], department: department,
                                                    group: group) else { continue }
            try await save(change, in: tx, clock: clock, actor: actor)
            if change.alarm.active, let due = actions[intent.rule]?.due(at: change.alarm.severity, done: []), !due.isEmpty {
                for kind in due {
                    try await tx.sql.raw("""
                        INSERT INTO telemetry_alarm_actions (alarm_id, action, status, attempts, next_at_ms)
                        VALUES (\(bind: change.alarm.id.rawValue), \(bind: kind.rawValue), 'pending', 0, \(bind: clock.nowMilliseconds))
                        ON CONFLICT (alarm_id, action) DO NOTHING
                        """).run()
                }
            }
            changes.append(change)
        }
        return changes
    }

    static func save(_ change: AlarmLifecycle.Change, in tx: Transaction, clock: HubClock, actor: String) async throws {
        let a = change.alarm
        let body = String(decoding: try encoder.encode(a), as: UTF8.self)
        let open: String? = a.active ? openKey(a.rule, a.source) : nil
        let shelved = a.shelvedUntil?.milliseconds
        if change.isNew {
            try await tx.sql.raw("""
                INSERT INTO telemetry_alarms (alarm_id, open_key, rule_id, source, department_id, group_key, severity, closed,
                shelved_until_ms, raised_at_ms, updated_at_ms, body) VALUES (\(bind: a.id.rawValue), \(bind: open), \(bind: a.rule.rawValue),
                \(bind: a.source), \(bind: a.department.rawValue), \(bind: a.group), \(bind: a.severity.rawValue), \(bind: a.closed ? 1 : 0),
                \(bind: shelved), \(bind: a.raisedAt.milliseconds), \(bind: a.updatedAt.milliseconds), \(bind: body))
                """).run()
        } else {
            try await tx.sql.raw("""
                UPDATE telemetry_alarms SET open_key = \(bind: open), severity = \(bind: a.severity.rawValue), closed = \(bind: a.closed ? 1 : 0),
                shelved_until_ms = \(bind: shelved), updated_at_ms = \(bind: a.updatedAt.milliseconds), body = \(bind: body)
                WHERE alarm_id = \(bind: a.id.rawValue)
                """).run()
        }
        try await Journal.append(try NewEvent(kind: change.event, subject: "alarm:\(a.id)", actor: actor, department: a.department.rawValue,
                                              payload: EventPayload(a)),
                                 in: tx, clock: clock)
    }

    /// What an alarm event carries: the alarm's state after the change, its times in Shanghai time.
    struct EventPayload: Encodable {
        var id: AlarmID
        var rule: RuleID
        var source: String
        var severity: Severity
        var active: Bool
        var acknowledged: Bool
        var assignee: String?
        var shelvedUntil: String?
        var value: Double
        var threshold: Double
        var reason: String
        var reasonEn: String
        var version: Int

        init(_ a: Alarm) {
            (id, rule, source, severity, active, acknowledged) = (a.id, a.rule, a.source, a.severity, a.active, a.acknowledged)
            assignee = a.assignee
            shelvedUntil = a.shelvedUntil.map { Timestamp.shanghai($0.milliseconds) }
            (value, threshold, reason, reasonEn, version) = (a.value, a.threshold, a.reason.zh, a.reason.en, a.version)
        }
    }

    public func alarm(_ id: AlarmID) async throws -> Alarm? {
        try await database.read { sql in
            try await sql.raw("SELECT body FROM telemetry_alarms WHERE alarm_id = \(bind: id.rawValue)").first().map(Self.decode)
        }
    }

    /// Alarms newest first, at most `limit`.
    public func list(_ filter: AlarmFilter, limit: Int) async throws -> [Alarm] {
        let now = clock.nowMilliseconds
        var clauses: [SQLQueryString] = []
        if !filter.includeClosed { clauses.append("closed = 0") }
        if !filter.includeShelved { clauses.append("(shelved_until_ms IS NULL OR shelved_until_ms <= \(bind: now))") }
        if let d = filter.department { clauses.append("department_id = \(bind: d.rawValue)") }
        if let r = filter.rule { clauses.append("rule_id = \(bind: r.rawValue)") }
        if let s = filter.source { clauses.append("source = \(bind: s)") }
        if let g = filter.group { clauses.append("group_key = \(bind: g)") }
        if let min = filter.minSeverity {
            let allowed = Severity.allCases.filter { $0 >= min }.map(\.rawValue)
            clauses.append("severity IN (\(binds: allowed))")
        }
        if let (at, id) = filter.before {
            clauses.append("(raised_at_ms < \(bind: at) OR (raised_at_ms = \(bind: at) AND alarm_id < \(bind: id)))")
        }
        var query: SQLQueryString = "SELECT body FROM telemetry_alarms"
        for (i, clause) in clauses.enumerated() {
            query = query + (i == 0 ? " WHERE " : " AND ") + clause
        }
        query = query + " ORDER BY raised_at_ms DESC, alarm_id DESC LIMIT \(bind: limit)"
        let sql = query
        return try await database.read { db in try await db.raw(sql).all().map(Self.decode) }
    }

    /// Current alarms counted by group and severity, for the grouped view.
    public func groups(department: DepartmentID?) async throws -> [AlarmGroup] {
        let now = clock.nowMilliseconds
        var query: SQLQueryString = """
            SELECT group_key, severity, COUNT(*) AS n FROM telemetry_alarms WHERE closed = 0
            AND (shelved_until_ms IS NULL OR shelved_until_ms <= \(bind: now))
            """
        if let department { query = query + " AND department_id = \(bind: department.rawValue)" }
        query = query + " GROUP BY group_key, severity"
        let sql = query
        let rows = try await database.read { db in try await db.raw(sql).all() }
        var groups: [String: AlarmGroup] = [:]
        for row in rows {
            let key = try row.decode(column: "group_key", as: String.self)
            guard let severity = Severity(rawValue: try row.decode(column: "severity", as: String.self)) else { continue }
            let n = try row.decode(column: "n", as: Int.self)
            var g = groups[key] ?? AlarmGroup(group: key, count: 0, highest: severity, bySeverity: [:])
            g.count += n
            g.highest = max(g.highest, severity)
            g.bySeverity[severity.rawValue] = n
            groups[key] = g
        }
        return groups.values.sorted { ($0.highest, $0.count, $1.group) > ($1.highest, $1.count, $0.group) }
    }

    /// Applies a person's action to one alarm with its journal event; `authorise` sees the alarm first.
    /// Answers the alarm as it is afterwards (unchanged when the action changes nothing).
    public func act(_ id: AlarmID, actor: String, authorise: @Sendable (Alarm) throws -> Void,
                    _ action: @Sendable (Alarm, Date) throws -> AlarmLifecycle.Change?) async throws -> Alarm {
        let clock = self.clock
        return try await database.write { tx in
            let lock = tx.engine == .postgres ? " FOR UPDATE" : ""
            guard let alarm = try await tx.sql.raw("SELECT body FROM telemetry_alarms WHERE alarm_id = \(bind: id.rawValue)\(unsafeRaw: lock)")
                .first().map(Self.decode) else { throw TelemetryProblem.alarmNotFound(id.rawValue) }
            try authorise(alarm)
            guard let change = try action(alarm, clock.now()) else { return alarm }
            try await Self.save(change, in: tx, clock: clock, actor: actor)
            return change.alarm
        }
    }

    /// Adds a comment with its journal event (`alarm.commented`).
    public func comment(_ id: AlarmID, text: String, actor: String, authorise: @Sendable (Alarm) throws -> Void) async throws -> AlarmComment {
        let body = try AlarmLifecycle.comment(text)
        let clock = self.clock
        return try await database.write { tx in
            // Locked on PostgreSQL, so two comments at once take numbers one after the other.
            let lock = tx.engine == .postgres ? " FOR UPDATE" : ""
            guard let alarm = try await tx.sql.raw("SELECT body FROM telemetry_alarms WHERE alarm_id = \(bind: id.rawValue)\(unsafeRaw: lock)")
                .first().map(Self.decode) else { throw TelemetryProblem.alarmNotFound(id.rawValue) }
            try authorise(alarm)
            let now = clock.now()
            let n = try await tx.sql.raw("SELECT COALESCE(MAX(n), 0) AS n FROM telemetry_alarm_comments WHERE alarm_id = \(bind: id.rawValue)")
                .first()?.decode(column: "n", as: Int.self) ?? 0
            try await tx.sql.raw("""
                INSERT INTO telemetry_alarm_comments (alarm_id, n, author, at_ms, body)
                VALUES (\(bind: id.rawValue), \(bind: n + 1), \(bind: actor), \(bind: now.milliseconds), \(bind: body))
                """).run()
            try await Journal.append(try NewEvent(kind: "alarm.commented", subject: "alarm:\(id)", actor: actor,
                                                  department: alarm.department.rawValue, payload: ["id": id.rawValue, "comment": body]),
                                     in: tx, clock: clock)
            return AlarmComment(author: actor, at: now, text: body)
        }
    }

    public func comments(_ id: AlarmID) async throws -> [AlarmComment] {
        try await database.read { sql in
            try await sql.raw("SELECT author, at_ms, body FROM telemetry_alarm_comments WHERE alarm_id = \(bind: id.rawValue) ORDER BY n").all().map {
                AlarmComment(author: try $0.decode(column: "author", as: String.self),
                             at: Date(milliseconds: try $0.decode(column: "at_ms", as: Int64.self)),
                             text: try $0.decode(column: "body", as: String.self))
            }
        }
    }
}

/// Current alarms of one group: how many, the highest severity, and the count at each severity.
public struct AlarmGroup: Sendable, Codable, Hashable {
    public var group: String
    public var count: Int
    public var highest: Severity
    public var bySeverity: [String: Int]
}
