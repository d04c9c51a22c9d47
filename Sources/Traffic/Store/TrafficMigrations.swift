import HubKit

/// The Traffic slice's tables. Numbered, never edited once released.
public enum TrafficMigrations {
    public static let all: [Migration] = [foundation, violations]

    /// `traffic_intersections`: each intersection as canonical JSON beside its name and department.
    /// `traffic_timings`: an intersection's plans and time-of-day schedule. `traffic_overrides`: every police
    /// override; `ended_at_ms` null while it may still be in force, so the expiry index holds only live ones.
    /// `traffic_links`: whether a gateway is connected for an intersection (online/offline), as last journalled.
    static let foundation = Migration(id: "traffic.0001.foundation", portable: [
        """
        CREATE TABLE traffic_intersections (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, department TEXT, body TEXT NOT NULL,
            updated_at_ms BIGINT NOT NULL, updated_by TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE traffic_timings (
            intersection TEXT PRIMARY KEY REFERENCES traffic_intersections (id), body TEXT NOT NULL,
            updated_at_ms BIGINT NOT NULL, updated_by TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE traffic_overrides (
            id TEXT PRIMARY KEY, intersection TEXT NOT NULL REFERENCES traffic_intersections (id), kind TEXT NOT NULL,
            set_at_ms BIGINT NOT NULL, expires_at_ms BIGINT NOT NULL, ended_at_ms BIGINT, body TEXT NOT NULL
        )
        """,
        "CREATE INDEX traffic_overrides_live ON traffic_overrides (expires_at_ms) WHERE ended_at_ms IS NULL",
        "CREATE INDEX traffic_overrides_intersection ON traffic_overrides (intersection, set_at_ms)",
        """
        CREATE TABLE traffic_links (
            intersection TEXT PRIMARY KEY, gateway TEXT NOT NULL, state TEXT NOT NULL, changed_at_ms BIGINT NOT NULL
        )
        """,
    ])

    /// `traffic_violations`: what cameras caught, newest looked up by time; `case_id` once illegal parking opened one.
    static let violations = Migration(id: "traffic.0002.violations", portable: [
        """
        CREATE TABLE traffic_violations (
            id TEXT PRIMARY KEY, kind TEXT NOT NULL, camera TEXT NOT NULL, observed_at_ms BIGINT NOT NULL,
            case_id TEXT, body TEXT NOT NULL
        )
        """,
        "CREATE INDEX traffic_violations_observed ON traffic_violations (observed_at_ms)",
    ])
}
