import HubKit
import Logging

/// Deletes raw observations older than the retention, a few hundred stations per transaction so the single
/// writer is never held long. The purge line is moved first, so from then on no reading can join a summarised
/// hour whose raw data may be gone (`HOUR_SEALED`). Hourly summaries are kept.
public struct RetentionPass: Sendable {
    public let database: HubDatabase
    public let directory: StationDirectory
    public let retention: Int64
    let clock: HubClock

    public init(database: HubDatabase, directory: StationDirectory, retention: Int64, clock: HubClock) {
        self.database = database
        self.directory = directory
        self.retention = retention
        self.clock = clock
    }

    static let stationsPerTransaction = 200
    static let delete = FixedSQL("DELETE FROM telemetry_observations WHERE station_key = ? AND at_ms < ?")
    static let moveLine = FixedSQL("UPDATE telemetry_retention SET purged_before_ms = ? WHERE id = 1 AND purged_before_ms < ?")

    /// Runs one pass; returns the purge line (hour-aligned) it applied.
    @discardableResult
    public func run() async throws -> Int64 {
        let line = (clock.nowMilliseconds - retention) / ObservationStore.hour * ObservationStore.hour
        try await database.write { tx in try await tx.sql.run(Self.moveLine([line, line])) }
        let keys = directory.snapshot.values.map(\.key).sorted()
        var index = 0
        while index < keys.count {
            let chunk = keys[index..<min(index + Self.stationsPerTransaction, keys.count)]
            try await database.write { tx in
                for key in chunk { try await tx.sql.run(Self.delete([key, line])) }
            }
            index += Self.stationsPerTransaction
        }
        return line
    }

    /// Runs a pass every `interval` until cancelled; failures are reported and retried at the next turn.
    public func run(every interval: Duration, onError: @Sendable (any Error) -> Void) async {
        while !Task.isCancelled {
            do { try await run() } catch { onError(error) }
            try? await Task.sleep(for: interval)
        }
    }
}
