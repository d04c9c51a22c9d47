import Foundation
import HubKit
import Logging

/// The telemetry slice as HubServer builds it: the registry, ingest, series queries and the retention pass.
public struct TelemetryDesk: Sendable {
    public let stations: StationStore
    public let observations: ObservationStore
    public let series: SeriesQuery
    public let retention: RetentionPass
    public let rules: RuleStore
    public let alarms: AlarmStore
    /// Runs the rules over accepted observations (started by HubServer as a service).
    public let evaluator: AlarmEvaluator
    /// Carries out what raised alarms must do (cases, warnings), through HubKit protocols.
    public let actions: AlarmActionRunner
    public let clock: HubClock
    /// Whether a department exists (for creating stations); HubServer passes the accounts' look-up.
    public let departmentExists: @Sendable (DepartmentID) async throws -> Bool
    /// Whether a user id exists (for assigning alarms); HubServer passes the accounts' look-up.
    public let userExists: @Sendable (String) async throws -> Bool

    public static var migrations: [Migration] { TelemetryMigrations.all }

    /// Builds the desk and loads the station directory. `retentionDays` is how long raw observations are kept.
    public static func start(database: HubDatabase, retentionDays: Int, clock: HubClock, logger: Logger = Logger(label: "cityhub.telemetry"),
                             departmentExists: @escaping @Sendable (DepartmentID) async throws -> Bool,
                             userExists: @escaping @Sendable (String) async throws -> Bool = { _ in false }) async throws -> TelemetryDesk {
        let directory = StationDirectory()
        let stations = StationStore(database: database, directory: directory, clock: clock)
        try await stations.loadDirectory()
        let retention = Int64(retentionDays) * 86_400_000
        let feed = ObservationFeed()
        let rules = RuleStore(database: database, directory: directory, clock: clock, departmentExists: departmentExists)
        let alarms = AlarmStore(database: database, clock: clock)
        return TelemetryDesk(stations: stations, observations: ObservationStore(database: database, clock: clock, feed: feed),
                             series: SeriesQuery(database: database, retention: retention, clock: clock),
                             retention: RetentionPass(database: database, directory: directory, retention: retention, clock: clock),
                             rules: rules, alarms: alarms,
                             evaluator: AlarmEvaluator(database: database, clock: clock, feed: feed, directory: directory, logger: logger),
                             actions: AlarmActionRunner(database: database, clock: clock, stations: stations, rules: rules, alarms: alarms, logger: logger),
                             clock: clock, departmentExists: departmentExists, userExists: userExists)
    }

    /// Checks and writes a batch: faults of parsing and checking are refused together (400), nothing is written.
    public func accept(_ raws: [RawObservation], parseFaults: [TelemetryFault] = [], correction: Bool, format: String,
                       actor: String) async throws -> IngestResult {
        var checked = ObservationCheck.check(raws, stations: stations.directory.snapshot, now: clock.nowMilliseconds)
        if checked.faults.contains(where: { $0.code == "UNKNOWN_STATION" }), try await stations.reloadAfterMiss() {
            checked = ObservationCheck.check(raws, stations: stations.directory.snapshot, now: clock.nowMilliseconds)
        }
        let faults = parseFaults + checked.faults
        guard faults.isEmpty else { throw TelemetryProblem.badObservations(faults) }
        guard !checked.observations.isEmpty else {
            throw TelemetryProblem.badObservations([TelemetryFault(item: "(body)", code: "EMPTY_BATCH", zh: "没有观测数据", en: "there are no observations")])
        }
        return try await observations.ingest(checked.observations, correction: correction, format: format, actor: actor)
    }
}
