import Foundation
import HubKit
import SQLKit
import Synchronization

/// Who answers for a category: a whole street, or one grid (which wins over its street).
public struct ResponsibilityRule: Sendable, Hashable, Codable {
    public enum Scope: String, Sendable, Hashable, Codable { case street, grid }
    public var scope: Scope
    /// A 9-digit street code or a 15-digit grid code.
    public var code: String
    public var category: CategoryCode
    public var department: DepartmentID
    public var version: Int
    public var updatedAt: Date
    public var updatedBy: String
}

/// One change of responsibility, kept forever.
public struct ResponsibilityChange: Sendable, Hashable, Codable {
    public var scope: ResponsibilityRule.Scope
    public var code: String
    public var category: CategoryCode
    public var department: DepartmentID?
    public var previousDepartment: DepartmentID?
    public var changedAt: Date
    public var changedBy: String
    public var reason: String
    public var event: Int64
}

/// The working calendar as stored, with its version for optimistic editing.
public struct CalendarVersion: Sendable, Hashable, Codable {
    public var calendar: WorkingCalendar
    public var version: Int
    public var updatedAt: Date
    public var updatedBy: String
}

/// Categories, the responsibility table and the working calendar, stored in SQL and held in memory so the
/// workflow's look-ups (which department owns this category in this grid, when is this due) never wait on the
/// database. The calendar has a lock of its own: deadlines read it far more often than rules change.
public final class CaseCatalogue: Sendable {
    struct Snapshot: Sendable {
        var categories: [CategoryCode: Category] = [:]
        var rules: [String: DepartmentID] = [:]
    }

    public let database: HubDatabase
    private let current = Mutex(Snapshot())
    /// Until `reload` has read the stored calendar, the built-in one.
    private let currentCalendar = Mutex(CalendarVersion(calendar: .chinaDefault, version: 0,
                                                        updatedAt: Date(timeIntervalSince1970: 0), updatedBy: ""))

    public init(database: HubDatabase) {
        self.database = database
    }

    public var categories: [Category] { current.withLock { $0.categories.values.sorted { $0.code < $1.code } } }

    public func category(_ code: CategoryCode) -> Category? { current.withLock { $0.categories[code] } }

    /// The working calendar deadlines are computed in.
    public var calendar: WorkingCalendar { currentCalendar.withLock { $0.calendar } }

    /// The calendar with its version, for editing.
    public var calendarVersion: CalendarVersion { currentCalendar.withLock { $0 } }

    /// The department responsible for `category` in `grid`: a grid rule, else a street rule, else the category's
    /// default (`street` meaning the grid's own street centre, `street-NNN`).
    public func responsible(grid: GridCode, category code: CategoryCode) -> DepartmentID? {
        current.withLock { snapshot in
            if let department = snapshot.rules[Self.key(.grid, grid.rawValue, code)] { return department }
            if let department = snapshot.rules[Self.key(.street, grid.street.rawValue, code)] { return department }
            guard let category = snapshot.categories[code] else { return nil }
            if category.defaultDepartment == "street" {
                return DepartmentID(rawValue: "street-\(grid.street.rawValue.suffix(3))")
            }
            return DepartmentID(rawValue: category.defaultDepartment)
        }
    }

    /// Re-reads categories, rules and the calendar from the database.
    public func reload() async throws {
        let (categories, rules, calendar) = try await database.read { sql in
            (try await sql.raw("SELECT body FROM case_categories").all().map { row in
                try JSONDecoder().decode(Category.self, from: Data(try row.decode(column: "body", as: String.self).utf8))
            }, try await Self.rules(on: sql), try await Self.calendar(on: sql))
        }
        if let calendar { currentCalendar.withLock { $0 = calendar } }
        current.withLock { snapshot in
            snapshot.categories = Dictionary(categories.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
            snapshot.rules = Dictionary(rules.map { (Self.key($0.scope, $0.code, $0.category), $0.department) },
                                        uniquingKeysWith: { a, _ in a })
        }
    }

    /// Stores the calendar if none is stored yet (first start).
    public func seed(_ calendar: WorkingCalendar, at now: Date, in tx: Transaction) async throws {
        try await tx.sql.raw("""
            INSERT INTO case_calendar (id, body, version, updated_at_ms, updated_by)
            VALUES (1, \(bind: try CanonicalJSON.encode(calendar)), 1, \(bind: now.milliseconds), 'system')
            ON CONFLICT (id) DO NOTHING
            """).run()
    }

    /// Replaces the calendar if its stored version is `expected` (else 409), with its journal event.
    public func setCalendar(_ calendar: WorkingCalendar, expecting expected: Int, change: String, reason: String,
                            by actor: String, at now: Date, clock: HubClock, in tx: Transaction) async throws -> CalendarVersion {
        let changed = try await tx.sql.raw("""
            UPDATE case_calendar SET body = \(bind: try CanonicalJSON.encode(calendar)), version = version + 1,
                updated_at_ms = \(bind: now.milliseconds), updated_by = \(bind: actor)
            WHERE id = 1 AND version = \(bind: expected) RETURNING version
            """).first()
        guard let version = try changed?.decode(column: "version", as: Int.self) else {
            throw InputProblem.staleVersion(expected: expected, actual: try await Self.calendar(on: tx.sql)?.version ?? 0)
        }
        try await Journal.append(try NewEvent(kind: "calendar.changed", subject: "working-calendar", actor: actor,
                                              payload: ["change": change, "reason": reason, "version": String(version)]),
                                 in: tx, clock: clock)
        return CalendarVersion(calendar: calendar, version: version, updatedAt: now, updatedBy: actor)
    }

    /// Creates (`expected` nil) or replaces (stored version `expected`, else 409) a category, with its journal
    /// event; cases already filed keep the deadlines they were given.
    public func setCategory(_ category: Category, expecting expected: Int?, reason: String, by actor: String, at now: Date,
                            clock: HubClock, in tx: Transaction) async throws -> Category {
        var stored = category
        stored.version = (expected ?? 0) + 1
        let body = try CanonicalJSON.encode(stored)
        let written: (any SQLRow)?
        if let expected {
            written = try await tx.sql.raw("""
                UPDATE case_categories SET body = \(bind: body), version = \(bind: stored.version), updated_at_ms = \(bind: now.milliseconds)
                WHERE code = \(bind: category.code.rawValue) AND version = \(bind: expected) RETURNING code
                """).first()
        } else {
            written = try await tx.sql.raw("""
                INSERT INTO case_categories (code, kind, body, version, updated_at_ms)
                VALUES (\(bind: category.code.rawValue), \(bind: category.kind.rawValue), \(bind: body), 1, \(bind: now.milliseconds))
                ON CONFLICT (code) DO NOTHING RETURNING code
                """).first()
        }
        guard written != nil else {
            let actual = try await tx.sql.raw("SELECT version FROM case_categories WHERE code = \(bind: category.code.rawValue)")
                .first()?.decode(column: "version", as: Int.self)
            throw InputProblem.staleVersion(expected: expected ?? 0, actual: actual ?? 0)
        }
        try await Journal.append(try NewEvent(kind: expected == nil ? "category.created" : "category.changed",
                                              subject: "category:\(category.code)", actor: actor,
                                              payload: ["category": body, "reason": reason, "version": String(stored.version)]),
                                 in: tx, clock: clock)
        return stored
    }

    static func calendar(on sql: any SQLDatabase) async throws -> CalendarVersion? {
        guard let row = try await sql.raw("SELECT * FROM case_calendar WHERE id = 1").first() else { return nil }
        let decoder = JSONDecoder()
        return CalendarVersion(calendar: try decoder.decode(WorkingCalendar.self, from: Data(try row.decode(column: "body", as: String.self).utf8)),
                               version: try row.decode(column: "version", as: Int.self),
                               updatedAt: Date(milliseconds: try row.decode(column: "updated_at_ms", as: Int64.self)),
                               updatedBy: try row.decode(column: "updated_by", as: String.self))
    }

    /// Stores categories that are not there yet (the standard catalogue at first start); returns how many.
    @discardableResult
    public func seed(_ categories: [Category], at now: Date, in tx: Transaction) async throws -> Int {
        var added = 0
        for category in categories {
            let inserted = try await tx.sql.raw("""
                INSERT INTO case_categories (code, kind, body, version, updated_at_ms)
                VALUES (\(bind: category.code.rawValue), \(bind: category.kind.rawValue),
                        \(bind: try CanonicalJSON.encode(category)), \(bind: category.version), \(bind: now.milliseconds))
                ON CONFLICT (code) DO NOTHING RETURNING code
                """).all()
            added += inserted.count
        }
        return added
    }

    public func rules(category: CategoryCode? = nil) async throws -> [ResponsibilityRule] {
        try await database.read { sql in try await Self.rules(on: sql).filter { category == nil || $0.category == category } }
    }

    /// Sets (or with `department == nil` removes) a rule and records the change; returns the history entry.
    public func setRule(scope: ResponsibilityRule.Scope, code: String, category: CategoryCode, department: DepartmentID?,
                        reason: String, by actor: String, at now: Date, clock: HubClock, in tx: Transaction) async throws -> ResponsibilityChange {
        let previous = try await tx.sql.raw("""
            SELECT department FROM case_responsibility
            WHERE scope = \(bind: scope.rawValue) AND scope_code = \(bind: code) AND category = \(bind: category.rawValue)
            """).first().map { try $0.decode(column: "department", as: String.self) }.flatMap(DepartmentID.init(rawValue:))
        if let department {
            try await tx.sql.raw("""
                INSERT INTO case_responsibility (scope, scope_code, category, department, version, updated_at_ms, updated_by)
                VALUES (\(bind: scope.rawValue), \(bind: code), \(bind: category.rawValue), \(bind: department.rawValue), 1,
                        \(bind: now.milliseconds), \(bind: actor))
                ON CONFLICT (scope, scope_code, category) DO UPDATE SET department = excluded.department,
                    version = case_responsibility.version + 1, updated_at_ms = excluded.updated_at_ms, updated_by = excluded.updated_by
                """).run()
        } else {
            try await tx.sql.raw("""
                DELETE FROM case_responsibility
                WHERE scope = \(bind: scope.rawValue) AND scope_code = \(bind: code) AND category = \(bind: category.rawValue)
                """).run()
        }
        let event = try await Journal.append(try NewEvent(
            kind: "responsibility.changed", subject: "responsibility:\(scope.rawValue):\(code):\(category)", actor: actor,
            department: department?.rawValue,
            payload: ["department": department?.rawValue ?? "", "previous": previous?.rawValue ?? "", "reason": reason]),
            in: tx, clock: clock)
        try await tx.sql.raw("""
            INSERT INTO case_responsibility_history (scope, scope_code, category, department, previous_department,
                                                     changed_at_ms, changed_by, reason, event_seq)
            VALUES (\(bind: scope.rawValue), \(bind: code), \(bind: category.rawValue), \(bind: department?.rawValue),
                    \(bind: previous?.rawValue), \(bind: now.milliseconds), \(bind: actor), \(bind: reason), \(bind: event.seq))
            """).run()
        return ResponsibilityChange(scope: scope, code: code, category: category, department: department,
                                    previousDepartment: previous, changedAt: now, changedBy: actor, reason: reason, event: event.seq)
    }

    public func history(scope: ResponsibilityRule.Scope, code: String, category: CategoryCode) async throws -> [ResponsibilityChange] {
        try await database.read { sql in
            try await sql.raw("""
                SELECT * FROM case_responsibility_history
                WHERE scope = \(bind: scope.rawValue) AND scope_code = \(bind: code) AND category = \(bind: category.rawValue)
                ORDER BY event_seq
                """).all().map { row in
                ResponsibilityChange(
                    scope: scope, code: code, category: category,
                    department: try row.decode(column: "department", as: String?.self).flatMap(DepartmentID.init(rawValue:)),
                    previousDepartment: try row.decode(column: "previous_department", as: String?.self).flatMap(DepartmentID.init(rawValue:)),
                    changedAt: Date(milliseconds: try row.decode(column: "changed_at_ms", as: Int64.self)),
                    changedBy: try row.decode(column: "changed_by", as: String.self),
                    reason: try row.decode(column: "reason", as: String.self),
                    event: try row.decode(column: "event_seq", as: Int64.self))
            }
        }
    }

    static func rules(on sql: any SQLDatabase) async throws -> [ResponsibilityRule] {
        try await sql.raw("SELECT * FROM case_responsibility ORDER BY scope, scope_code, category").all().compactMap { row in
            guard let scope = ResponsibilityRule.Scope(rawValue: try row.decode(column: "scope", as: String.self)),
                  let category = CategoryCode(rawValue: try row.decode(column: "category", as: String.self)),
                  let department = DepartmentID(rawValue: try row.decode(column: "department", as: String.self)) else { return nil }
            return ResponsibilityRule(scope: scope, code: try row.decode(column: "scope_code", as: String.self), category: category,
                                      department: department, version: try row.decode(column: "version", as: Int.self),
                                      updatedAt: Date(milliseconds: try row.decode(column: "updated_at_ms", as: Int64.self)),
                                      updatedBy: try row.decode(column: "updated_by", as: String.self))
        }
    }

    static func key(_ scope: ResponsibilityRule.Scope, _ code: String, _ category: CategoryCode) -> String {
        "\(scope.rawValue):\(code):\(category.rawValue)"
    }
}
