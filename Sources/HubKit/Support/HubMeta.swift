import SQLKit

/// Small facts about this hub's data, such as whether the demo district was loaded.
public enum HubMeta {
    public static let migration = Migration(id: "hubkit.0003.meta", portable: [
        "CREATE TABLE hub_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ])

    public static func value(_ key: String, on sql: any SQLDatabase) async throws -> String? {
        try await sql.raw("SELECT value FROM hub_meta WHERE key = \(bind: key)").first()?.decode(column: "value", as: String.self)
    }

    public static func set(_ key: String, to value: String, in tx: Transaction) async throws {
        try await tx.sql.raw("""
            INSERT INTO hub_meta (key, value) VALUES (\(bind: key), \(bind: value))
            ON CONFLICT (key) DO UPDATE SET value = excluded.value
            """).run()
    }
}
