import HubKit

/// The telemetry tables. Observations are keyed by (station key, quantity code, instant): a station's integer key
/// instead of its text id keeps the rows small; on SQLite both observation tables are `WITHOUT ROWID`, so each
/// row lives once, in its primary key's tree.
public enum TelemetryMigrations {
    public static let all: [Migration] = [
        Migration(id: "telemetry.0001.foundation") { engine in
            let compact = engine == .sqlite ? " WITHOUT ROWID" : ""
            return [
                """
                CREATE TABLE telemetry_stations (
                    id TEXT PRIMARY KEY,
                    station_key BIGINT NOT NULL UNIQUE,
                    kind TEXT NOT NULL,
                    name TEXT NOT NULL,
                    name_en TEXT NOT NULL,
                    lon DOUBLE PRECISION NOT NULL,
                    lat DOUBLE PRECISION NOT NULL,
                    department_id TEXT NOT NULL,
                    groups_text TEXT NOT NULL,
                    status TEXT NOT NULL,
                    datum TEXT,
                    warning_level DOUBLE PRECISION,
                    guaranteed_level DOUBLE PRECISION,
                    version INTEGER NOT NULL,
                    updated_at_ms BIGINT NOT NULL
                )
                """,
                "CREATE INDEX telemetry_stations_kind ON telemetry_stations (kind, id)",
                "CREATE INDEX telemetry_stations_department ON telemetry_stations (department_id, id)",
                """
                CREATE TABLE telemetry_observations (
                    station_key BIGINT NOT NULL,
                    quantity INTEGER NOT NULL,
                    at_ms BIGINT NOT NULL,
                    value DOUBLE PRECISION NOT NULL,
                    batch_id BIGINT NOT NULL,
                    PRIMARY KEY (station_key, quantity, at_ms)
                )\(compact)
                """,
                """
                CREATE TABLE telemetry_hourly (
                    station_key BIGINT NOT NULL,
                    quantity INTEGER NOT NULL,
                    hour_ms BIGINT NOT NULL,
                    n BIGINT NOT NULL,
                    total DOUBLE PRECISION NOT NULL,
                    low DOUBLE PRECISION NOT NULL,
                    high DOUBLE PRECISION NOT NULL,
                    PRIMARY KEY (station_key, quantity, hour_ms)
                )\(compact)
                """,
                "CREATE TABLE telemetry_retention (id INTEGER PRIMARY KEY, purged_before_ms BIGINT NOT NULL)",
                "INSERT INTO telemetry_retention (id, purged_before_ms) VALUES (1, 0)",
            ]
        },
        Migration(id: "telemetry.0002.alarms", portable: [
            "CREATE TABLE telemetry_rules (rule_id TEXT PRIMARY KEY, position INTEGER NOT NULL, definition TEXT NOT NULL)",
            "CREATE TABLE telemetry_rules_head (id INTEGER PRIMARY KEY, version BIGINT NOT NULL)",
            "INSERT INTO telemetry_rules_head (id, version) VALUES (1, 0)",
            // `open_key` is `rule|source` while the alarm is active and NULL once cleared: one active alarm per (rule, source).
            """
            CREATE TABLE telemetry_alarms (
                alarm_id TEXT PRIMARY KEY,
                open_key TEXT UNIQUE,
                rule_id TEXT NOT NULL,
                source TEXT NOT NULL,
                department_id TEXT NOT NULL,
                group_key TEXT NOT NULL,
                severity TEXT NOT NULL,
                closed INTEGER NOT NULL,
                shelved_until_ms BIGINT,
                raised_at_ms BIGINT NOT NULL,
                updated_at_ms BIGINT NOT NULL,
                body TEXT NOT NULL
            )
            """,
            "CREATE INDEX telemetry_alarms_current ON telemetry_alarms (closed, department_id, raised_at_ms)",
            "CREATE INDEX telemetry_alarms_source ON telemetry_alarms (rule_id, source, raised_at_ms)",
            """
            CREATE TABLE telemetry_alarm_comments (
                alarm_id TEXT NOT NULL, n INTEGER NOT NULL, author TEXT NOT NULL, at_ms BIGINT NOT NULL, body TEXT NOT NULL,
                PRIMARY KEY (alarm_id, n)
            )
            """,
            // The evaluator's progress through the journal and its lease (one evaluating hub instance at a time).
            """
            CREATE TABLE telemetry_rule_progress (
                id INTEGER PRIMARY KEY, through_seq BIGINT NOT NULL, next_tick_id BIGINT NOT NULL,
                holder TEXT, lease_until_ms BIGINT NOT NULL
            )
            """,
            "INSERT INTO telemetry_rule_progress (id, through_seq, next_tick_id, holder, lease_until_ms) SELECT 1, seq, 1, NULL, 0 FROM journal_head",
            // Each clock tick the evaluator applied, after which journal event: what a replay needs besides the journal.
            "CREATE TABLE telemetry_rule_ticks (tick_id BIGINT PRIMARY KEY, after_seq BIGINT NOT NULL, at_ms BIGINT NOT NULL)",
            """
            CREATE TABLE telemetry_rule_snapshot (
                id INTEGER PRIMARY KEY, through_seq BIGINT NOT NULL, next_tick_id BIGINT NOT NULL, rules TEXT NOT NULL,
                state TEXT NOT NULL, saved_at_ms BIGINT NOT NULL
            )
            """,
            // What raised alarms still have to do (open a case, draft a warning, call the duty roster): an outbox
            // written with the alarm change, worked off with retries.
            """
            CREATE TABLE telemetry_alarm_actions (
                alarm_id TEXT NOT NULL, action TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL,
                next_at_ms BIGINT NOT NULL, result TEXT, error TEXT, PRIMARY KEY (alarm_id, action)
            )
            """,
            "CREATE INDEX telemetry_alarm_actions_due ON telemetry_alarm_actions (status, next_at_ms)",
            "INSERT INTO telemetry_rule_snapshot (id, through_seq, next_tick_id, rules, state, saved_at_ms) SELECT 1, seq, 1, '[]', '', 0 FROM journal_head",
        ]),
        // Each river gauge's offsets to other height datums (level in `datum` = level in the station's datum + offset_m).
        Migration(id: "telemetry.0003.datum_offsets", portable: [
            """
            CREATE TABLE telemetry_datum_offsets (
                station_id TEXT NOT NULL, datum TEXT NOT NULL, offset_m DOUBLE PRECISION NOT NULL, note TEXT,
                updated_at_ms BIGINT NOT NULL, updated_by TEXT NOT NULL, PRIMARY KEY (station_id, datum)
            )
            """,
        ]),
    ]
}
