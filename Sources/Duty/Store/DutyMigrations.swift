import HubKit

/// The Duty slice's tables. Numbered, never edited once released.
public enum DutyMigrations {
    public static let all: [Migration] = [foundation]

    /// `duty_shifts`: one 24-hour shift per unit and date. `duty_policies`: a unit's handover and escalation timing
    /// (units without a row use the configured default). `duty_calls`: every call, its record as canonical JSON beside
    /// the columns the watcher and lists use; at most one open call per subject (partial unique index); `next_due_ms`
    /// is null once nothing more is due, so the watcher's index holds only live calls. `duty_notifications`: every
    /// notification sent, one per call and plan step.
    static let foundation = Migration(id: "duty.0001.foundation", portable: [
        """
        CREATE TABLE duty_shifts (
            unit TEXT NOT NULL, duty_date TEXT NOT NULL, duty_user TEXT NOT NULL, leader_user TEXT NOT NULL,
            deputy_user TEXT, note TEXT, updated_at_ms BIGINT NOT NULL, updated_by TEXT NOT NULL,
            PRIMARY KEY (unit, duty_date)
        )
        """,
        """
        CREATE TABLE duty_policies (
            unit TEXT PRIMARY KEY, handover_minute INTEGER NOT NULL, renotify_minutes INTEGER NOT NULL,
            leader_minutes INTEGER NOT NULL, next_level_minutes INTEGER NOT NULL, report_every_level INTEGER NOT NULL,
            updated_at_ms BIGINT NOT NULL, updated_by TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE duty_calls (
            id TEXT PRIMARY KEY, subject TEXT NOT NULL, unit TEXT NOT NULL, opened_at_ms BIGINT NOT NULL,
            step INTEGER NOT NULL, next_due_ms BIGINT, closed_at_ms BIGINT, version INTEGER NOT NULL, body TEXT NOT NULL
        )
        """,
        "CREATE UNIQUE INDEX duty_calls_open_subject ON duty_calls (subject) WHERE closed_at_ms IS NULL",
        "CREATE INDEX duty_calls_due ON duty_calls (next_due_ms)",
        "CREATE INDEX duty_calls_unit ON duty_calls (unit, opened_at_ms)",
        "CREATE INDEX duty_calls_opened ON duty_calls (opened_at_ms)",
        """
        CREATE TABLE duty_notifications (
            call_id TEXT NOT NULL REFERENCES duty_calls (id), step INTEGER NOT NULL, person TEXT,
            sent_at_ms BIGINT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (call_id, step)
        )
        """,
        "CREATE INDEX duty_notifications_person ON duty_notifications (person, call_id)",
    ])
}
