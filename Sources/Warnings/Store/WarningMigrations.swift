import HubKit

/// The Warnings slice's tables. Numbered, never edited once released.
public enum WarningMigrations {
    public static let all: [Migration] = [foundation]

    /// `warnings`: one row per warning, its record as canonical JSON beside the columns lists and the feed filter
    /// on. `cap_messages`: every message issued, its XML exactly as served. `cap_identifier_sequence`: the last
    /// sequence number given per identifier prefix (unit and second).
    static let foundation = Migration(id: "warnings.0001.foundation", portable: [
        """
        CREATE TABLE warnings (
            id TEXT PRIMARY KEY, version INTEGER NOT NULL, state TEXT NOT NULL, department TEXT,
            updated_at_ms BIGINT NOT NULL, live_sent_ms BIGINT, live_expires_ms BIGINT, body TEXT NOT NULL
        )
        """,
        "CREATE INDEX warnings_state_updated ON warnings (state, updated_at_ms, id)",
        "CREATE INDEX warnings_updated ON warnings (updated_at_ms, id)",
        "CREATE INDEX warnings_live ON warnings (live_expires_ms)",
        """
        CREATE TABLE cap_messages (
            identifier TEXT PRIMARY KEY, warning_id TEXT NOT NULL REFERENCES warnings (id), msg_type TEXT NOT NULL,
            sent_ms BIGINT NOT NULL, xml TEXT NOT NULL
        )
        """,
        "CREATE INDEX cap_messages_warning ON cap_messages (warning_id, sent_ms)",
        "CREATE TABLE cap_identifier_sequence (prefix TEXT PRIMARY KEY, last INTEGER NOT NULL)",
    ])
}
