import Foundation
import HubKit
import SQLKit

/// SQL for shifts and policies, the same on SQLite and PostgreSQL.
public struct RosterStore: Sendable {
    public let database: HubDatabase

    public init(database: HubDatabase) {
        self.database = database
    }

    /// Writes `shifts` of `unit`, first removing every shift of the unit dated in `replacing` (a month put as a whole).
    public func put(_ shifts: [DutyShift], unit: DepartmentID, replacing: ClosedRange<DutyDate>?, by actor: String,
                    at ms: Int64, in tx: Transaction) async throws {
        if let range = replacing {
            try await tx.sql.raw("""
                DELETE FROM duty_shifts WHERE unit = \(bind: unit.rawValue)
                AND duty_date >= \(bind: range.lowerBound.description) AND duty_date <= \(bind: range.upperBound.description)
                """).run()
        }
        for shift in shifts {
            try await tx.sql.raw("""
                INSERT INTO duty_shifts (unit, duty_date, duty_user, leader_user, deputy_user, note, updated_at_ms, updated_by)
                VALUES (\(bind: unit.rawValue), \(bind: shift.date.description), \(bind: shift.duty), \(bind: shift.leader),
                        \(bind: shift.deputy), \(bind: shift.note), \(bind: ms), \(bind: actor))
                ON CONFLICT (unit, duty_date) DO UPDATE SET duty_user = excluded.duty_user, leader_user = excluded.leader_user,
                    deputy_user = excluded.deputy_user, note = excluded.note, updated_at_ms = excluded.updated_at_ms,
                    updated_by = excluded.updated_by
                """).run()
        }
    }

    /// Removes one shift; true when there was one.
    public func delete(unit: DepartmentID, date: DutyDate, in tx: Transaction) async throws -> Bool {
        !(try await tx.sql.raw("""
            DELETE FROM duty_shifts WHERE unit = \(bind: unit.rawValue) AND duty_date = \(bind: date.description) RETURNING unit
            """).all()).isEmpty
    }

    public func shift(unit: DepartmentID, date: DutyDate, on sql: any SQLDatabase) async throws -> DutyShift? {
        try await sql.raw("""
            SELECT * FROM duty_shifts WHERE unit = \(bind: unit.rawValue) AND duty_date = \(bind: date.description)
            """).first().map(Self.shift)
    }

    /// The unit's shifts dated `from` through `to`, in date order.
    public func shifts(unit: DepartmentID, from: DutyDate, to: DutyDate) async throws -> [DutyShift] {
        try await database.read { sql in
            try await sql.raw("""
                SELECT * FROM duty_shifts WHERE unit = \(bind: unit.rawValue)
                AND duty_date >= \(bind: from.description) AND duty_date <= \(bind: to.description) ORDER BY duty_date
                """).all().map(Self.shift)
        }
    }

    /// Every unit that has a shift dated `date`.
    public func units(on date: DutyDate) async throws -> [DepartmentID] {
        try await database.read { sql in
            try await sql.raw("SELECT unit FROM duty_shifts WHERE duty_date = \(bind: date.description) ORDER BY unit").all()
                .compactMap { DepartmentID(rawValue: try $0.decode(column: "unit", as: String.self)) }
        }
    }

    /// The unit's own policy, or nil when it follows the default.
    public func policy(unit: DepartmentID, on sql: any SQLDatabase) async throws -> DutyPolicy? {
        guard let row = try await sql.raw("SELECT * FROM duty_policies WHERE unit = \(bind: unit.rawValue)").first() else {
            return nil
        }
        return DutyPolicy(handoverMinute: try row.decode(column: "handover_minute", as: Int.self),
                          renotifyMinutes: try row.decode(column: "renotify_minutes", as: Int.self),
                          leaderMinutes: try row.decode(column: "leader_minutes", as: Int.self),
                          nextLevelMinutes: try row.decode(column: "next_level_minutes", as: Int.self),
                          reportEveryLevel: try row.decode(column: "report_every_level", as: Int.self) != 0)
    }

    public func setPolicy(_ policy: DutyPolicy, unit: DepartmentID, by actor: String, at ms: Int64, in tx: Transaction) async throws {
        try await tx.sql.raw("""
            INSERT INTO duty_policies (unit, handover_minute, renotify_minutes, leader_minutes, next_level_minutes,
                report_every_level, updated_at_ms, updated_by)
            VALUES (\(bind: unit.rawValue), \(bind: policy.handoverMinute), \(bind: policy.renotifyMinutes),
                    \(bind: policy.leaderMinutes), \(bind: policy.nextLevelMinutes), \(bind: policy.reportEveryLevel ? 1 : 0),
                    \(bind: ms), \(bind: actor))
            ON CONFLICT (unit) DO UPDATE SET handover_minute = excluded.handover_minute,
                renotify_minutes = excluded.renotify_minutes, leader_minutes = excluded.leader_minutes,
                next_level_minutes = excluded.next_level_minutes, report_every_level = excluded.report_every_level,
                updated_at_ms = excluded.updated_at_ms, updated_by = excluded.updated_by
            """).run()
    }

    static func shift(_ row: any SQLRow) throws -> DutyShift {
        let unitText = try row.decode(column: "unit", as: String.self)
        let dateText = try row.decode(column: "duty_date", as: String.self)
        guard let unit = DepartmentID(rawValue: unitText), let date = DutyDate(text: dateText) else {
            throw DutyStoreDamage(detail: "duty_shifts row \(unitText) \(dateText)")
        }
        return DutyShift(unit: unit, date: date, duty: try row.decode(column: "duty_user", as: String.self),
                         leader: try row.decode(column: "leader_user", as: String.self),
                         deputy: try row.decode(column: "deputy_user", as: String?.self),
                         note: try row.decode(column: "note", as: String?.self))
    }
}

/// A stored duty row that cannot be read back (hand-edited database).
struct DutyStoreDamage: Error, CustomStringConvertible {
    var detail: String
    var description: String { "damaged duty data: \(detail)" }
}
