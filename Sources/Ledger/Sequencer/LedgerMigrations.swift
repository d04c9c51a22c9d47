import HubKit

/// The ledger's tables: its state (size, right edge, how far into the journal), its tiles (hash tiles by level,
/// entry bundles as level -1; a partial tile is kept at every width a checkpoint needed) and its checkpoints.
public enum LedgerMigrations {
    public static let all: [Migration] = [log, notary]

    static let log = Migration(id: "ledger.0001.log") { engine in
        let bytes = engine == .postgres ? "BYTEA" : "BLOB"
        return [
            """
            CREATE TABLE ledger_state (
                id INTEGER PRIMARY KEY, size BIGINT NOT NULL, edge TEXT NOT NULL, updated_at_ms BIGINT NOT NULL
            )
            """,
            "INSERT INTO ledger_state (id, size, edge, updated_at_ms) VALUES (1, 0, '', 0)",
            """
            CREATE TABLE ledger_tiles (
                level INTEGER NOT NULL, idx BIGINT NOT NULL, width INTEGER NOT NULL, data \(bytes) NOT NULL,
                PRIMARY KEY (level, idx, width)
            )
            """,
            "CREATE TABLE ledger_checkpoints (size BIGINT PRIMARY KEY, note TEXT NOT NULL, signed_at_ms BIGINT NOT NULL)",
        ]
    }

    /// Notarised documents, by SHA-256, each beside its journal event (and so its ledger entry).
    static let notary = Migration(id: "ledger.0002.notary", portable: [
        """
        CREATE TABLE notary_records (
            sha256 TEXT PRIMARY KEY, title TEXT NOT NULL, metadata TEXT NOT NULL, department_id TEXT,
            submitted_by TEXT NOT NULL, recorded_at_ms BIGINT NOT NULL, event_seq BIGINT NOT NULL
        )
        """,
    ])
}
