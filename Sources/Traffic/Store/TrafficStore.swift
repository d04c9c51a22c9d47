import Foundation
import HubKit
import SQLKit

/// SQL for intersections, timings, overrides and gateway links, the same on SQLite and PostgreSQL.
public struct TrafficStore: Sendable {
    public let database: HubDatabase

    public init(database: HubDatabase) {
        self.database = database
    }

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    static func body<T: Decodable>(_ row: any SQLRow, as type: T.Type) throws -> T {
        try decoder.decode(type, from: Data(try row.decode(column: "body", as: String.self).utf8))
    }

    // MARK: Intersections

    public func upsert(_ x: Intersection, by actor: String, at ms: Int64, in tx: Transaction) async throws {
        let body = try CanonicalJSON.encode(x)
        try await tx.sql.raw("""
            INSERT INTO traffic_intersections (id, name, department, body, updated_at_ms, updated_by)
            VALUES (\(bind: x.id.rawValue), \(bind: x.name), \(bind: x.department), \(bind: body), \(bind: ms), \(bind: actor))
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, department = excluded.department, body = excluded.body,
                updated_at_ms = excluded.updated_at_ms, updated_by = excluded.updated_by
            """).run()
    }

    public func intersections(on sql: any SQLDatabase) async throws -> [Intersection] {
        try await sql.raw("SELECT body FROM traffic_intersections ORDER BY id").all().map { try Self.body($0, as: Intersection.self) }
    }

    public func intersection(_ id: IntersectionID, on sql: any SQLDatabase) async throws -> Intersection? {
        try await sql.raw("SELECT body FROM traffic_intersections WHERE id = \(bind: id.rawValue)").first()
            .map { try Self.body($0, as: Intersection.self) }
    }

    // MARK: Timings

    public func timing(_ id: IntersectionID, on sql: any SQLDatabase) async throws -> TimingSetup? {
        try await sql.raw("SELECT body FROM traffic_timings WHERE intersection = \(bind: id.rawValue)").first()
            .map { try Self.body($0, as: TimingSetup.self) }
    }

    public func timings(on sql: any SQLDatabase) async throws -> [IntersectionID: TimingSetup] {
        var result: [IntersectionID: TimingSetup] = [:]
        for row in try await sql.raw("SELECT intersection, body FROM traffic_timings").all() {
            guard let id = IntersectionID(rawValue: try row.decode(column: "intersection", as: String.self)) else { continue }
            result[id] = try Self.body(row, as: TimingSetup.self)
        }
        return result
    }

    public func putTiming(_ setup: TimingSetup, for id: IntersectionID, by actor: String, at ms: Int64, in tx: Transaction) async throws {
        let body = try CanonicalJSON.encode(setup)
        try await tx.sql.raw("""
            INSERT INTO traffic_timings (intersection, body, updated_at_ms, updated_by)
            VALUES (\(bind: id.rawValue), \(bind: body), \(bind: ms), \(bind: actor))
            ON CONFLICT (intersection) DO UPDATE SET body = excluded.body, updated_at_ms = excluded.updated_at_ms,
                updated_by = excluded.updated_by
            """).run()
    }

    public func deleteTiming(_ id: IntersectionID, in tx: Transaction) async throws {
        try await tx.sql.raw("DELETE FROM traffic_timings WHERE intersection = \(bind: id.rawValue)").run()
    }

    // MARK: Overrides

    public func insert(_ o: TrafficOverride, in tx: Transaction) async throws {
        try await tx.sql.raw("""
            INSERT INTO traffic_overrides (id, intersection, kind, set_at_ms, expires_at_ms, ended_at_ms, body)
            VALUES (\(bind: o.id), \(bind: o.intersection.rawValue), \(bind: o.kind.rawValue), \(bind: o.setAt.milliseconds),
                    \(bind: o.expiresAt.milliseconds), \(bind: o.endedAt?.milliseconds), \(bind: try CanonicalJSON.encode(o)))
            """).run()
    }

    /// Records the end of a live override; false when it had already ended (another writer was first).
    public func end(_ o: TrafficOverride, in tx: Transaction) async throws -> Bool {
        !(try await tx.sql.raw("""
            UPDATE traffic_overrides SET ended_at_ms = \(bind: o.endedAt?.milliseconds), body = \(bind: try CanonicalJSON.encode(o))
            WHERE id = \(bind: o.id) AND ended_at_ms IS NULL RETURNING id
            """).all()).isEmpty
    }

    public func override(_ id: String, on sql: any SQLDatabase) async throws -> TrafficOverride? {
        try await sql.raw("SELECT body FROM traffic_overrides WHERE id = \(bind: id)").first()
            .map { try Self.body($0, as: TrafficOverride.self) }
    }

    /// Overrides not yet ended (some may be past their expiry and waiting for the watcher), oldest first.
    public func unended(on sql: any SQLDatabase) async throws -> [TrafficOverride] {
        try await sql.raw("SELECT body FROM traffic_overrides WHERE ended_at_ms IS NULL ORDER BY set_at_ms, id").all()
            .map { try Self.body($0, as: TrafficOverride.self) }
    }

    /// Overrides newest first, at most `limit`: of one intersection or all, only those live at `liveAt` when given,
    /// and only those on intersections of `department` when given — every filter applied before the limit, so a page
    /// is full whenever that many rows match.
    public func overrides(of id: IntersectionID?, liveAt: Date?, department: DepartmentID?, limit: Int,
                          on sql: any SQLDatabase) async throws -> [TrafficOverride] {
        var clauses: [SQLQueryString] = []
        if let id { clauses.append("o.intersection = \(bind: id.rawValue)") }
        if let liveAt { clauses.append("o.ended_at_ms IS NULL AND o.expires_at_ms > \(bind: liveAt.milliseconds)") }
        if let department { clauses.append("x.department = \(bind: department.rawValue)") }
        var query: SQLQueryString = "SELECT o.body FROM traffic_overrides o JOIN traffic_intersections x ON x.id = o.intersection"
        for (i, clause) in clauses.enumerated() {
            query = query + (i == 0 ? " WHERE " : " AND ") + clause
        }
        query = query + " ORDER BY o.set_at_ms DESC, o.id DESC LIMIT \(bind: limit)"
        return try await sql.raw(query).all().map { try Self.body($0, as: TrafficOverride.self) }
    }

    /// Live overrides whose expiry has come by `now`.
    public func expired(by now: Date, on sql: any SQLDatabase) async throws -> [TrafficOverride] {
        try await sql.raw("""
            SELECT body FROM traffic_overrides WHERE ended_at_ms IS NULL AND expires_at_ms <= \(bind: now.milliseconds)
            ORDER BY expires_at_ms, id
            """).all().map { try Self.body($0, as: TrafficOverride.self) }
    }

    // MARK: Gateway links

    /// Sets the link state of an intersection; false when it already had that state (nothing to journal).
    public func setLink(_ id: IntersectionID, gateway: String, state: String, at ms: Int64, in tx: Transaction) async throws -> Bool {
        let current = try await tx.sql.raw("SELECT state FROM traffic_links WHERE intersection = \(bind: id.rawValue)").first()
            .map { try $0.decode(column: "state", as: String.self) }
        guard current != state else { return false }
        try await tx.sql.raw("""
            INSERT INTO traffic_links (intersection, gateway, state, changed_at_ms)
            VALUES (\(bind: id.rawValue), \(bind: gateway), \(bind: state), \(bind: ms))
            ON CONFLICT (intersection) DO UPDATE SET gateway = excluded.gateway, state = excluded.state,
                changed_at_ms = excluded.changed_at_ms
            """).run()
        return true
    }

    public func links(on sql: any SQLDatabase) async throws -> [IntersectionID: String] {
        var result: [IntersectionID: String] = [:]
        for row in try await sql.raw("SELECT intersection, state FROM traffic_links").all() {
            guard let id = IntersectionID(rawValue: try row.decode(column: "intersection", as: String.self)) else { continue }
            result[id] = try row.decode(column: "state", as: String.self)
        }
        return result
    }
}

extension TrafficStore {
    // MARK: Violations

    public func insert(_ v: Violation, in tx: Transaction) async throws {
        try await tx.sql.raw("""
            INSERT INTO traffic_violations (id, kind, camera, observed_at_ms, case_id, body)
            VALUES (\(bind: v.id), \(bind: v.kind.rawValue), \(bind: v.camera), \(bind: v.observedAt.milliseconds),
                    \(bind: v.caseID), \(bind: try CanonicalJSON.encode(v)))
            """).run()
    }

    public func setCase(_ v: Violation, in tx: Transaction) async throws {
        try await tx.sql.raw("""
            UPDATE traffic_violations SET case_id = \(bind: v.caseID), body = \(bind: try CanonicalJSON.encode(v))
            WHERE id = \(bind: v.id)
            """).run()
    }

    /// Violations newest first.
    public func violations(limit: Int, on sql: any SQLDatabase) async throws -> [Violation] {
        try await sql.raw("SELECT body FROM traffic_violations ORDER BY observed_at_ms DESC, id DESC LIMIT \(bind: limit)").all()
            .map { try Self.body($0, as: Violation.self) }
    }
}
