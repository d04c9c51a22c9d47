import HubKit

/// The ledger's tables: its state (size and right edge), its hash tiles by level, its checkpoints. (Entries
/// were stored as bundles, then as rows; since `entriesFromJournal` they are made from the journal when served.)
/// Then witnessing both ways (`witness`: the logs this hub witnesses; `cosigning`: the witnesses of this ledger).
public enum LedgerMigrations {
    public static let all: [Migration] = [log, notary, entries, entriesFromJournal, checkpointHistory, tileInteriors, witness,
                                          cosigning]

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

    /// The hub as a C2SP tlog-witness of other logs: the trusted logs (origin and keys, managed by
    /// administrators), the latest checkpoint cosigned for each origin — kept when a log is no longer trusted,
    /// so trusting it again cannot roll it back — and refused but validly signed checkpoints as evidence.
    static let witness = Migration(id: "ledger.0007.witness", portable: [
        """
        CREATE TABLE witness_logs (
            origin TEXT PRIMARY KEY, origin_hash TEXT NOT NULL UNIQUE, keys TEXT NOT NULL,
            added_at_ms BIGINT NOT NULL, updated_at_ms BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE witness_state (
            origin TEXT PRIMARY KEY, origin_hash TEXT NOT NULL UNIQUE, size BIGINT NOT NULL, root TEXT NOT NULL,
            note TEXT, cosigned_at_ms BIGINT
        )
        """,
        """
        CREATE TABLE witness_evidence (
            id TEXT PRIMARY KEY, origin TEXT NOT NULL, reason TEXT NOT NULL, size BIGINT NOT NULL, old_size BIGINT NOT NULL,
            note TEXT NOT NULL, proof TEXT NOT NULL, cosigned_note TEXT, received_at_ms BIGINT NOT NULL
        )
        """,
        "CREATE INDEX witness_evidence_origin ON witness_evidence (origin, received_at_ms)",
    ])

    /// Other hubs' witnesses of this ledger: where to submit checkpoints, the key their cosignatures must verify
    /// with, the size each last cosigned (where the next consistency proof starts), and the cosignatures
    /// collected per checkpoint size, each beside the checkpoint it cosigns (the checkpoint history keeps only
    /// about one a second, so it may not hold that one).
    static let cosigning = Migration(id: "ledger.0008.cosigning", portable: [
        """
        CREATE TABLE ledger_witnesses (
            name TEXT PRIMARY KEY, name_hash TEXT NOT NULL UNIQUE, vkey TEXT NOT NULL, url TEXT NOT NULL,
            known_size BIGINT NOT NULL, cosigned_size BIGINT, last_error TEXT, last_attempt_at_ms BIGINT,
            added_at_ms BIGINT NOT NULL, updated_at_ms BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE ledger_cosignatures (
            size BIGINT NOT NULL, witness TEXT NOT NULL, note TEXT NOT NULL, line TEXT NOT NULL, cosigned_at BIGINT NOT NULL,
            received_at_ms BIGINT NOT NULL, PRIMARY KEY (size, witness)
        )
        """,
    ])
}
