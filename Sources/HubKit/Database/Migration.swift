import Foundation
import Logging
import SQLKit

/// One schema change. Identified by a stable id such as `hubkit.0001.foundation`; never edited once released.
public struct Migration: Sendable {
    public let id: String
    public let statements: @Sendable (DatabaseEngine) -> [String]

    public init(id: String, statements: @escaping @Sendable (DatabaseEngine) -> [String]) {
        self.id = id
        self.statements = statements
    }

    /// A migration whose SQL is the same on both engines.
    public init(id: String, portable: [String]) {
        self.init(id: id) { _ in portable }
    }
}

/// Applies migrations in the order given, each in its own transaction together with its record in
/// `hub_migrations`. Safe to run from several processes at once: SQLite serialises writers and PostgreSQL
/// takes an advisory transaction lock.
public enum Migrator {
    @discardableResult
    public static func run(_ migrations: [Migration], on database: HubDatabase, logger: Logger,
                           clock: HubClock = .system) async throws -> [String] {
        try await database.write { tx in
            try await tx.sql.raw("""
                CREATE TABLE IF NOT EXISTS hub_migrations (id TEXT PRIMARY KEY, applied_at_ms BIGINT NOT NULL)
                """).run()
        }
        var applied: [String] = []
        for migration in migrations {
            let didApply = try await database.write { tx -> Bool in
                if tx.engine == .postgres {
                    try await tx.sql.raw("SELECT pg_advisory_xact_lock(741500)").run()
                }
                let existing = try await tx.sql.raw(
                    "SELECT id FROM hub_migrations WHERE id = \(bind: migration.id)").all()
                guard existing.isEmpty else { return false }
                for statement in migration.statements(tx.engine) {
                    try await tx.sql.raw(SQLQueryString(statement)).run()
                }
                try await tx.sql.raw("""
                    INSERT INTO hub_migrations (id, applied_at_ms) VALUES (\(bind: migration.id), \(bind: clock.nowMilliseconds))
                    """).run()
                return true
            }
            if didApply {
                logger.info("migration applied", metadata: ["migration": "\(migration.id)"])
                applied.append(migration.id)
            }
        }
        return applied
    }

    /// Ids of migrations already applied, in the order they were applied.
    public static func appliedIDs(on database: HubDatabase) async throws -> [String] {
        try await database.read { sql in
            return try await sql.raw("SELECT id FROM hub_migrations ORDER BY applied_at_ms, id").all()
                .map { try $0.decode(column: "id", as: String.self) }
        }
    }
}
