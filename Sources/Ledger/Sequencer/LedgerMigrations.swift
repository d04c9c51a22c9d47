import HubKit

/// The ledger's tables: its state (size and right edge), its hash tiles by level, its checkpoints. (Entries
/// were stored as bundles, then as rows; since `entriesFromJournal` they are made from the journal when served.)
public enum LedgerMigrations {
    public static let all: [Migration] = [log, notary, entries, entriesFromJournal, checkpointHistory, tileInteriors]

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

    /// Entries one row each instead of entry bundles rewritten at every width: following a busy journal, each
    /// batch re-wrote the right edge's partial bundle (tens of kilobytes) a hundred times a second. Bundles are
    /// now assembled when served. The tree is built again from the journal on the next start — entries are
    /// deterministic, so it is the same tree with the same roots as every checkpoint signed before.
    static let entries = Migration(id: "ledger.0003.entries") { engine in
        [
            engine == .postgres
                ? "CREATE TABLE ledger_entries (idx BIGINT PRIMARY KEY, data BYTEA NOT NULL)"
                : "CREATE TABLE ledger_entries (idx INTEGER PRIMARY KEY, data BLOB NOT NULL)",
            "DELETE FROM ledger_tiles",
            "DELETE FROM ledger_checkpoints",
            "UPDATE ledger_state SET size = 0, edge = ''",
        ]
    }

    /// Entries are made from their journal events when served instead of stored a second time: the rows doubled
    /// what the ledger wrote per event (about 500 bytes each) on the single writer that report intake also
    /// needs. The tree does not change.
    static let entriesFromJournal = Migration(id: "ledger.0004.entries-from-journal", portable: [
        "DROP TABLE ledger_entries",
    ])

    /// The newest checkpoint moves into the state row, and the history keeps about one per second (the newest
    /// of each second already stored): a row per batch grew the table by millions of rows a day.
    static let checkpointHistory = Migration(id: "ledger.0005.checkpoint-history", portable: [
        "ALTER TABLE ledger_state ADD COLUMN checkpoint TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE ledger_state ADD COLUMN kept_at_ms BIGINT NOT NULL DEFAULT 0",
        """
        UPDATE ledger_state SET
          checkpoint = COALESCE((SELECT note FROM ledger_checkpoints WHERE size = ledger_state.size), ''),
          kept_at_ms = COALESCE((SELECT MAX(signed_at_ms) FROM ledger_checkpoints), 0)
        """,
        """
        DELETE FROM ledger_checkpoints
        WHERE size NOT IN (SELECT MAX(size) FROM ledger_checkpoints GROUP BY signed_at_ms / 1000)
        """,
    ])

    /// A full tile keeps its interior (the 255 nodes above its hashes, see `TileHashes`) so that proofs read
    /// siblings instead of hashing them. Tiles stored before have none and are hashed up as before.
    static let tileInteriors = Migration(id: "ledger.0006.tile-interiors") { engine in
        ["ALTER TABLE ledger_tiles ADD COLUMN interior \(engine == .postgres ? "BYTEA" : "BLOB")"]
    }
}
