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
    ]
}
