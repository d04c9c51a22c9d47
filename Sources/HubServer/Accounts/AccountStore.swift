import Foundation
import HubKit
import SQLKit

/// SQL for departments, users, sessions and API keys. Every change is made inside a caller's transaction
/// together with its journal event.
public struct AccountStore: Sendable {
    public static let migration = Migration(id: "accounts.0001.foundation", portable: [
        """
        CREATE TABLE departments (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, name_en TEXT NOT NULL, kind TEXT NOT NULL,
            street_code TEXT, created_at_ms BIGINT NOT NULL, disabled_at_ms BIGINT, version INTEGER NOT NULL
        )
        """,
        """
        CREATE TABLE users (
            id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL, role TEXT NOT NULL,
            department_id TEXT REFERENCES departments (id), password_hash TEXT NOT NULL,
            must_change_password INTEGER NOT NULL, created_at_ms BIGINT NOT NULL, disabled_at_ms BIGINT,
            version INTEGER NOT NULL
        )
        """,
        "CREATE INDEX users_department ON users (department_id)",
        """
        CREATE TABLE sessions (
            token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users (id),
            created_at_ms BIGINT NOT NULL, expires_at_ms BIGINT NOT NULL, revoked_at_ms BIGINT
        )
        """,
        "CREATE INDEX sessions_user ON sessions (user_id)",
        """
        CREATE TABLE api_keys (
            id TEXT PRIMARY KEY, secret_hash TEXT NOT NULL, name TEXT NOT NULL, role TEXT NOT NULL,
            department_id TEXT REFERENCES departments (id), scopes TEXT NOT NULL, created_by TEXT NOT NULL,
            created_at_ms BIGINT NOT NULL, expires_at_ms BIGINT, revoked_at_ms BIGINT
        )
        """,
    ])

    public let database: HubDatabase

    public init(database: HubDatabase) {
        self.database = database
    }

    // MARK: departments

    public func insert(_ d: Department, at ms: Int64, in tx: Transaction) async throws {
        try await tx.sql.raw("""
            INSERT INTO departments (id, name, name_en, kind, street_code, created_at_ms, disabled_at_ms, version)
            VALUES (\(bind: d.id.rawValue), \(bind: d.name), \(bind: d.nameEn), \(bind: d.kind.rawValue),
                    \(bind: d.street?.rawValue), \(bind: ms), \(bind: d.disabled ? ms : nil), 1)
            """).run()
    }

    public func departments() async throws -> [Department] {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM departments ORDER BY id").all().map(Self.department)
        }
    }

    public func department(_ id: DepartmentID, on sql: (any SQLDatabase)? = nil) async throws -> Department? {
        let query: @Sendable (any SQLDatabase) async throws -> Department? = { sql in
            try await sql.raw("SELECT * FROM departments WHERE id = \(bind: id.rawValue)").first().map(Self.department)
        }
        if let sql { return try await query(sql) }
        return try await database.read(query)
    }

    // MARK: users

    public func insertUser(_ u: UserView, passwordHash: String, in tx: Transaction) async throws {
        try await tx.sql.raw("""
            INSERT INTO users (id, username, display_name, role, department_id, password_hash, must_change_password,
                               created_at_ms, disabled_at_ms, version)
            VALUES (\(bind: u.id), \(bind: u.username), \(bind: u.displayName), \(bind: u.role.rawValue),
                    \(bind: u.departmentId?.rawValue), \(bind: passwordHash), \(bind: u.mustChangePassword ? 1 : 0),
                    \(bind: u.createdAt.milliseconds), \(bind: u.disabled ? u.createdAt.milliseconds : nil), 1)
            """).run()
    }

    /// Users, optionally only one department's, ordered by user name.
    public func users(department: DepartmentID? = nil) async throws -> [UserView] {
        try await database.read { sql in
            let rows = if let department {
                try await sql.raw("SELECT * FROM users WHERE department_id = \(bind: department.rawValue) ORDER BY username").all()
            } else {
                try await sql.raw("SELECT * FROM users ORDER BY username").all()
            }
            return try rows.map(Self.user)
        }
    }

    /// The users with these ids that exist, in one query.
    public func users(ids: Set<String>) async throws -> [UserView] {
        guard !ids.isEmpty else { return [] }
        return try await database.read { sql in
            try await sql.raw("SELECT * FROM users WHERE id IN (\(binds: ids.sorted()))").all().map(Self.user)
        }
    }

    public func user(id: String, on sql: (any SQLDatabase)? = nil) async throws -> UserView? {
        let query: @Sendable (any SQLDatabase) async throws -> UserView? = { sql in
            try await sql.raw("SELECT * FROM users WHERE id = \(bind: id)").first().map(Self.user)
        }
        if let sql { return try await query(sql) }
        return try await database.read(query)
    }

    func credentials(username: String) async throws -> UserCredentials? {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM users WHERE username = \(bind: username)").first().map { row in
                UserCredentials(user: try Self.user(row), passwordHash: try row.decode(column: "password_hash", as: String.self))
            }
        }
    }

    public func userCount() async throws -> Int {
        try await database.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM users").first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    /// Sets or clears `disabled_at_ms`; returns the new version.
    public func setDisabled(userID: String, _ disabled: Bool, at ms: Int64, in tx: Transaction) async throws {
        try await tx.sql.raw("""
            UPDATE users SET disabled_at_ms = \(bind: disabled ? ms : nil), version = version + 1 WHERE id = \(bind: userID)
            """).run()
    }

    public func setPassword(userID: String, hash: String, mustChange: Bool, in tx: Transaction) async throws {
        try await tx.sql.raw("""
            UPDATE users SET password_hash = \(bind: hash), must_change_password = \(bind: mustChange ? 1 : 0),
                             version = version + 1 WHERE id = \(bind: userID)
            """).run()
    }

    // MARK: sessions

    public func insertSession(tokenHash: String, userID: String, at ms: Int64, expires: Int64, in tx: Transaction) async throws {
        try await tx.sql.raw("""
            INSERT INTO sessions (token_hash, user_id, created_at_ms, expires_at_ms)
            VALUES (\(bind: tokenHash), \(bind: userID), \(bind: ms), \(bind: expires))
            """).run()
    }

    /// The principal behind a live session: not expired at `now`, not revoked, user not disabled.
    func principal(sessionHash: String, now: Int64) async throws -> Principal? {
        try await database.read { sql in
            guard let row = try await sql.raw("""
                SELECT u.id, u.username, u.role, u.department_id FROM sessions s JOIN users u ON u.id = s.user_id
                WHERE s.token_hash = \(bind: sessionHash) AND s.revoked_at_ms IS NULL AND s.expires_at_ms > \(bind: now)
                  AND u.disabled_at_ms IS NULL
                """).first() else { return nil }
            return Principal(kind: .user, id: try row.decode(column: "id", as: String.self),
                             name: try row.decode(column: "username", as: String.self),
                             role: try Self.role(row), departmentID: try Self.departmentID(row))
        }
    }

    /// Revokes one session; returns the owning user id when it was live.
    public func revokeSession(tokenHash: String, at ms: Int64, in tx: Transaction) async throws -> String? {
        try await tx.sql.raw("""
            UPDATE sessions SET revoked_at_ms = \(bind: ms) WHERE token_hash = \(bind: tokenHash) AND revoked_at_ms IS NULL
            RETURNING user_id
            """).first()?.decode(column: "user_id", as: String.self)
    }

    /// Revokes every live session of a user; returns how many.
    @discardableResult
    public func revokeSessions(userID: String, at ms: Int64, in tx: Transaction) async throws -> Int {
        try await tx.sql.raw("""
            UPDATE sessions SET revoked_at_ms = \(bind: ms) WHERE user_id = \(bind: userID) AND revoked_at_ms IS NULL
            RETURNING token_hash
            """).all().count
    }

    // MARK: API keys

    public func insertAPIKey(_ key: APIKeyView, secretHash: String, createdBy: String, in tx: Transaction) async throws {
        try await tx.sql.raw("""
            INSERT INTO api_keys (id, secret_hash, name, role, department_id, scopes, created_by, created_at_ms, expires_at_ms)
            VALUES (\(bind: key.id), \(bind: secretHash), \(bind: key.name), \(bind: key.role.rawValue),
                    \(bind: key.departmentId?.rawValue), \(bind: key.scopes.sorted().joined(separator: " ")),
                    \(bind: createdBy), \(bind: key.createdAt.milliseconds), \(bind: key.expiresAt?.milliseconds))
            """).run()
    }

    /// Display names for journal actors (`user:<id>` → the user's display name, `apikey:<id>` → the key's name);
    /// actors that are neither, or unknown, are left out.
    public func names(of actors: Set<String>) async throws -> [String: String] {
        let users = actors.filter { $0.hasPrefix("user:") }.map { String($0.dropFirst(5)) }
        let keys = actors.filter { $0.hasPrefix("apikey:") }.map { String($0.dropFirst(7)) }
        guard !users.isEmpty || !keys.isEmpty else { return [:] }
        return try await database.read { sql in
            var names: [String: String] = [:]
            if !users.isEmpty {
                for row in try await sql.raw("SELECT id, display_name FROM users WHERE id IN (\(binds: users))").all() {
                    names["user:\(try row.decode(column: "id", as: String.self))"] = try row.decode(column: "display_name", as: String.self)
                }
            }
            if !keys.isEmpty {
                for row in try await sql.raw("SELECT id, name FROM api_keys WHERE id IN (\(binds: keys))").all() {
                    names["apikey:\(try row.decode(column: "id", as: String.self))"] = try row.decode(column: "name", as: String.self)
                }
            }
            return names
        }
    }

    public func apiKeys() async throws -> [APIKeyView] {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM api_keys ORDER BY created_at_ms, id").all().map(Self.apiKey)
        }
    }

    /// The principal behind a live API key, checking its secret digest.
    func principal(apiKeyID: String, secretHash: String, now: Int64) async throws -> Principal? {
        try await database.read { sql in
            guard let row = try await sql.raw("""
                SELECT * FROM api_keys WHERE id = \(bind: apiKeyID) AND revoked_at_ms IS NULL
                  AND (expires_at_ms IS NULL OR expires_at_ms > \(bind: now))
                """).first() else { return nil }
            let stored = try row.decode(column: "secret_hash", as: String.self)
            guard constantTimeEqual(stored, secretHash) else { return nil }
            let key = try Self.apiKey(row)
            return Principal(kind: .apiKey, id: key.id, name: key.name, role: key.role, departmentID: key.departmentId,
                             scopes: Set(key.scopes))
        }
    }

    public func revokeAPIKey(id: String, at ms: Int64, in tx: Transaction) async throws -> Bool {
        try await !tx.sql.raw("""
            UPDATE api_keys SET revoked_at_ms = \(bind: ms) WHERE id = \(bind: id) AND revoked_at_ms IS NULL RETURNING id
            """).all().isEmpty
    }

    // MARK: rows

    private static func department(_ row: any SQLRow) throws -> Department {
        let rawID = try row.decode(column: "id", as: String.self)
        let rawKind = try row.decode(column: "kind", as: String.self)
        guard let id = DepartmentID(rawValue: rawID), let kind = DepartmentKind(rawValue: rawKind) else {
            throw GeographyStoreError.corrupt("department \(rawID)")
        }
        return Department(id: id, name: try row.decode(column: "name", as: String.self),
                          nameEn: try row.decode(column: "name_en", as: String.self), kind: kind,
                          street: try row.decode(column: "street_code", as: String?.self).flatMap(StreetCode.init),
                          disabled: try row.decode(column: "disabled_at_ms", as: Int64?.self) != nil,
                          version: try row.decode(column: "version", as: Int.self))
    }

    private static func user(_ row: any SQLRow) throws -> UserView {
        UserView(id: try row.decode(column: "id", as: String.self),
                 username: try row.decode(column: "username", as: String.self),
                 displayName: try row.decode(column: "display_name", as: String.self),
                 role: try role(row), departmentId: try departmentID(row),
                 disabled: try row.decode(column: "disabled_at_ms", as: Int64?.self) != nil,
                 mustChangePassword: try row.decode(column: "must_change_password", as: Int.self) != 0,
                 createdAt: Date(milliseconds: try row.decode(column: "created_at_ms", as: Int64.self)),
                 version: try row.decode(column: "version", as: Int.self))
    }

    private static func apiKey(_ row: any SQLRow) throws -> APIKeyView {
        APIKeyView(id: try row.decode(column: "id", as: String.self), name: try row.decode(column: "name", as: String.self),
                   role: try role(row), departmentId: try departmentID(row),
                   scopes: try row.decode(column: "scopes", as: String.self).split(separator: " ").map(String.init),
                   createdAt: Date(milliseconds: try row.decode(column: "created_at_ms", as: Int64.self)),
                   expiresAt: try row.decode(column: "expires_at_ms", as: Int64?.self).map(Date.init(milliseconds:)),
                   revoked: try row.decode(column: "revoked_at_ms", as: Int64?.self) != nil)
    }

    private static func role(_ row: any SQLRow) throws -> Role {
        let raw = try row.decode(column: "role", as: String.self)
        guard let role = Role(rawValue: raw) else { throw GeographyStoreError.corrupt("role \(raw)") }
        return role
    }

    private static func departmentID(_ row: any SQLRow) throws -> DepartmentID? {
        try row.decode(column: "department_id", as: String?.self).flatMap(DepartmentID.init)
    }
}

/// Compares two strings in time independent of where they first differ.
func constantTimeEqual(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8), y = Array(b.utf8)
    guard x.count == y.count else { return false }
    return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
}
