import HubKit

/// The case loop's tables. Numbered, never edited once released.
public enum CaseMigrations {
    public static let all: [Migration] = [foundation, calendar, openPlaces, placeCells, leanIndexes, origins]

    static let foundation = Migration(id: "cases.0001.foundation", portable: [
        """
        CREATE TABLE case_categories (
            code TEXT PRIMARY KEY, kind TEXT NOT NULL, body TEXT NOT NULL, version INTEGER NOT NULL,
            updated_at_ms BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE case_responsibility (
            scope TEXT NOT NULL, scope_code TEXT NOT NULL, category TEXT NOT NULL, department TEXT NOT NULL,
            version INTEGER NOT NULL, updated_at_ms BIGINT NOT NULL, updated_by TEXT NOT NULL,
            PRIMARY KEY (scope, scope_code, category)
        )
        """,
        """
        CREATE TABLE case_responsibility_history (
            scope TEXT NOT NULL, scope_code TEXT NOT NULL, category TEXT NOT NULL, department TEXT,
            previous_department TEXT, changed_at_ms BIGINT NOT NULL, changed_by TEXT NOT NULL, reason TEXT NOT NULL,
            event_seq BIGINT NOT NULL
        )
        """,
        "CREATE INDEX case_responsibility_history_scope ON case_responsibility_history (scope, scope_code, category)",
        "CREATE TABLE case_counters (day TEXT PRIMARY KEY, last INTEGER NOT NULL)",
        """
        CREATE TABLE cases (
            id TEXT PRIMARY KEY, version INTEGER NOT NULL, state TEXT NOT NULL, source TEXT NOT NULL,
            reporter TEXT NOT NULL, reported_at_ms BIGINT NOT NULL, lon DOUBLE PRECISION NOT NULL,
            lat DOUBLE PRECISION NOT NULL, category TEXT, grid TEXT, street TEXT, department TEXT, stage TEXT,
            due_at_ms BIGINT, next_alert_at_ms BIGINT, awaiting_review BOOLEAN NOT NULL, updated_at_ms BIGINT NOT NULL,
            search_text TEXT NOT NULL, filed_at_ms BIGINT, dispatched_at_ms BIGINT, fix_reported_at_ms BIGINT,
            verified_at_ms BIGINT, closed_at_ms BIGINT, handle_due_at_ms BIGINT, due_basis_ms BIGINT,
            ever_overdue INTEGER NOT NULL, dispatch_count INTEGER NOT NULL, return_count INTEGER NOT NULL,
            rework_count INTEGER NOT NULL, body TEXT NOT NULL
        )
        """,
        "CREATE INDEX cases_state_updated ON cases (state, updated_at_ms, id)",
        "CREATE INDEX cases_department_updated ON cases (department, updated_at_ms, id)",
        "CREATE INDEX cases_updated ON cases (updated_at_ms, id)",
        "CREATE INDEX cases_category_place ON cases (category, lat, lon)",
        "CREATE INDEX cases_due ON cases (due_at_ms)",
        // Covers the indicator queries, so they read this narrow index instead of the rows with their JSON bodies.
        """
        CREATE INDEX cases_facts ON cases (filed_at_ms, state, department, street, category, reported_at_ms,
            dispatched_at_ms, fix_reported_at_ms, verified_at_ms, closed_at_ms, handle_due_at_ms, due_basis_ms,
            ever_overdue, dispatch_count, return_count, rework_count)
        """,
        "CREATE INDEX cases_next_alert ON cases (next_alert_at_ms)",
        """
        CREATE TABLE case_reporters (
            case_id TEXT NOT NULL REFERENCES cases (id), reporter TEXT NOT NULL, PRIMARY KEY (case_id, reporter)
        )
        """,
        "CREATE INDEX case_reporters_reporter ON case_reporters (reporter)",
        """
        CREATE TABLE photos (
            sha256 TEXT PRIMARY KEY, media_type TEXT NOT NULL, bytes INTEGER NOT NULL, width INTEGER, height INTEGER,
            taken_at_ms BIGINT, lon DOUBLE PRECISION, lat DOUBLE PRECISION, direction DOUBLE PRECISION,
            uploaded_at_ms BIGINT NOT NULL, uploaded_by TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE case_photos (
            case_id TEXT NOT NULL REFERENCES cases (id), sha256 TEXT NOT NULL, purpose TEXT NOT NULL,
            media_type TEXT NOT NULL, taken_at_ms BIGINT, lon DOUBLE PRECISION, lat DOUBLE PRECISION,
            origin TEXT NOT NULL, uploaded_at_ms BIGINT NOT NULL, uploaded_by TEXT NOT NULL,
            PRIMARY KEY (case_id, sha256, purpose)
        )
        """,
        """
        CREATE TABLE case_notifications (
            id TEXT PRIMARY KEY, recipient TEXT NOT NULL, case_id TEXT NOT NULL, kind TEXT NOT NULL,
            created_at_ms BIGINT NOT NULL, read_at_ms BIGINT
        )
        """,
        "CREATE INDEX case_notifications_recipient ON case_notifications (recipient, created_at_ms)",
        """
        CREATE TABLE case_camera_folds (
            camera TEXT NOT NULL, category TEXT NOT NULL, case_id TEXT NOT NULL, last_at_ms BIGINT NOT NULL,
            events INTEGER NOT NULL, PRIMARY KEY (camera, category)
        )
        """,
    ])

    /// The working calendar the deadlines are computed in, editable (holidays are announced year by year).
    static let calendar = Migration(id: "cases.0002.calendar", portable: [
        """
        CREATE TABLE case_calendar (
            id INTEGER PRIMARY KEY, body TEXT NOT NULL, version INTEGER NOT NULL, updated_at_ms BIGINT NOT NULL,
            updated_by TEXT NOT NULL
        )
        """,
    ])

    /// Duplicate search looks only at open cases; an index of open cases alone keeps it to the few near the point
    /// instead of every case ever reported in the same band of latitude.
    static let openPlaces = Migration(id: "cases.0003.open-places", portable: [
        "DROP INDEX cases_category_place",
        """
        CREATE INDEX cases_open_place ON cases (category, lat, lon, reported_at_ms)
            WHERE state NOT IN ('rejected', 'closed', 'merged')
        """,
    ])

    /// Duplicate search by place cell (`GeoCell`): the open cases of a category in the few cells around a point,
    /// instead of every open case in a band of latitude across the district. The index holds every column the
    /// search reads, so it never visits the rows. The fill-in computes `GeoCell.code` in SQL with the same double
    /// arithmetic (SQLite's CAST truncates, and the values are positive).
    static let placeCells = Migration(id: "cases.0004.place-cells") { engine in
        let cell = switch engine {
        case .sqlite: "CAST((lat + 90) * 2000 AS INTEGER) * 1000000 + CAST((lon + 180) * 2000 AS INTEGER)"
        case .postgres: "CAST(floor((lat + 90) * 2000) AS BIGINT) * 1000000 + CAST(floor((lon + 180) * 2000) AS BIGINT)"
        }
        return [
            "ALTER TABLE cases ADD COLUMN place_cell BIGINT",
            "UPDATE cases SET place_cell = \(cell)",
            "DROP INDEX cases_open_place",
            """
            CREATE INDEX cases_open_cells ON cases (category, place_cell, reported_at_ms, lat, lon, state, id)
                WHERE state NOT IN ('rejected', 'closed', 'merged')
            """,
        ]
    }

    /// A new report has no department, deadline, alert or filing time yet; indexes that only queries for such
    /// values use leave those rows out, so a report writes four index entries fewer. No query uses `cases_due`.
    static let leanIndexes = Migration(id: "cases.0005.lean-indexes", portable: [
        "DROP INDEX cases_due",
        "DROP INDEX cases_next_alert",
        "CREATE INDEX cases_next_alert ON cases (next_alert_at_ms) WHERE next_alert_at_ms IS NOT NULL",
        "DROP INDEX cases_department_updated",
        "CREATE INDEX cases_department_updated ON cases (department, updated_at_ms, id) WHERE department IS NOT NULL",
        "DROP INDEX cases_facts",
        """
        CREATE INDEX cases_facts ON cases (filed_at_ms, state, department, street, category, reported_at_ms,
            dispatched_at_ms, fix_reported_at_ms, verified_at_ms, closed_at_ms, handle_due_at_ms, due_basis_ms,
            ever_overdue, dispatch_count, return_count, rework_count) WHERE filed_at_ms IS NOT NULL
        """,
    ])

    /// The case another slice opened for an origin (`alarm:<id>`), so opening is idempotent.
    static let origins = Migration(id: "cases.0006.origins", portable: [
        "CREATE TABLE case_origins (origin TEXT PRIMARY KEY, case_id TEXT NOT NULL)",
    ])
}
