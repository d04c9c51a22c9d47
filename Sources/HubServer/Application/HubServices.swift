import Cases
import Duty
import Flood
import Foundation
import HubKit
import Ledger
import Logging
import Telemetry
import Traffic
import Warnings
import Webhooks

/// The long-lived parts of a running hub, built once and passed to the routes as values.
public struct HubServices: Sendable {
    public let configuration: HubConfiguration
    public let database: HubDatabase
    public let accounts: AccountService
    public let geography: GeographyService
    public let cases: CaseDesk
    /// Stations and devices, observations in, time series out.
    public let telemetry: TelemetryDesk
    /// Appends every journal event to the tamper-evident ledger and signs its checkpoints.
    public let ledger: LedgerSequencer
    /// The hub as a witness of other logs, with its own witness key.
    public let witness: LogWitness
    /// Collects the configured witnesses' cosignatures on the ledger's checkpoints.
    public let cosigning: CosignatureCollector
    /// Public warnings (CAP 1.2): the staff workflow and the published messages.
    public let warnings: WarningDesk
    /// Duty rosters (值班) and the calls that escalate up the levels until someone acknowledges.
    public let duty: DutyDesk
    /// Outgoing webhooks: subscriptions, the dispatcher and the dead-letter list.
    public let webhooks: WebhookDesk
    /// The flood what-if: terrains under the data directory, their rivers, places and spill levels.
    public let flood: FloodDesk
    /// Intersections, timings, police overrides and the live state the signal gateways report.
    public let traffic: TrafficDesk
    public let clock: HubClock

    /// How other slices call the people on duty (telemetry alarms, fire cases): the duty desk behind HubKit's protocol.
    public var dutyPaging: any DutyPaging { duty }

    /// Sends the escalation steps that fall due; `cityhub serve` ticks it.
    public var dutyWatcher: EscalationWatcher { EscalationWatcher(desk: duty) }

    /// How other slices draft a warning (telemetry alarms, flood forecasts): the warnings desk behind HubKit's protocol.
    public var warningDrafting: any WarningDrafting { warnings }

    /// Every migration of every slice, in order. New slices append theirs here.
    public static let migrations: [Migration] = [
        Journal.migration,
        GeographyStore.migration,
        AccountStore.migration,
        HubMeta.migration,
        Leases.migration,
    ] + CaseDesk.migrations + LedgerMigrations.all + TelemetryDesk.migrations + WarningDesk.migrations
        + DutyDesk.migrations + WebhookDesk.migrations + TrafficDesk.migrations

    /// Opens the database, applies migrations and loads the grid index.
    /// `witnessTransport` carries the ledger's checkpoints to its witnesses and `webhookTransport` the webhooks (HTTP
    /// unless a test passes another).
    public static func start(_ configuration: HubConfiguration, logger: Logger, clock: HubClock = .system,
                             throttle: LoginThrottle = LoginThrottle(),
                             witnessTransport: any WitnessTransport = HTTPWitnessTransport(),
                             webhookTransport: any WebhookTransport = HTTPWebhookTransport()) async throws -> HubServices {
        let database = try await HubDatabase.open(configuration.database, logger: logger)
        do {
            try await Migrator.run(migrations, on: database, logger: logger, clock: clock)
            let accounts = AccountService(store: AccountStore(database: database),
                                          hasher: PasswordHasher(cost: UInt8(configuration.bcryptCost)),
                                          throttle: throttle, clock: clock,
                                          sessionLifetime: TimeInterval(configuration.sessionHours) * 3600)
            let geography = try await GeographyService.load(store: GeographyStore(database: database), clock: clock)
            let accountStore = accounts.store
            let cases = try await CaseDesk.start(
                database: database, dataDirectory: configuration.dataDirectory, locator: geography, clock: clock,
                departmentExists: { try await accountStore.department($0) != nil },
                cameraLocation: { geography.snapshot.cameras[$0] },
                actorNames: { try await accountStore.names(of: $0) })
            let telemetry = try await TelemetryDesk.start(database: database, retentionDays: configuration.telemetryRawRetentionDays,
                                                          clock: clock, logger: logger,
                                                          departmentExists: { try await accountStore.department($0) != nil },
                                                          userExists: { try await accountStore.user(id: $0) != nil })
            let ledger = try LedgerSequencer.open(database: database,
                                                  dataDirectory: configuration.dataDirectory,
                                                  origin: configuration.ledgerOrigin, clock: clock)
            let witness = try LogWitness.open(database: database, dataDirectory: configuration.dataDirectory,
                                              name: configuration.witnessName, clock: clock)
            let cosigning = CosignatureCollector(ledger: ledger.store, store: CosigningStore(database: database, clock: clock),
                                                 transport: witnessTransport)
            let warnings = WarningDesk(database: database, settings: configuration.cap, clock: clock)
            let duty = DutyDesk(database: database, directory: DutyDirectory(accounts: accountStore),
                                settings: configuration.duty, clock: clock)
            await telemetry.actions.connect(caseOpening: cases, warningDrafting: warnings, dutyPaging: duty)
            let traffic = TrafficDesk(database: database, settings: configuration.traffic, clock: clock)
            traffic.hooks.connect(caseOpening: cases)
            traffic.hooks.connect(alarmRaising: TelemetryAlarmRaising(clock: clock))
            let webhooks = WebhookDesk(database: database, transport: webhookTransport, settings: configuration.webhooks, clock: clock,
                                       departmentExists: { try await accountStore.department($0) != nil })
            return HubServices(configuration: configuration, database: database, accounts: accounts,
                               geography: geography, cases: cases, telemetry: telemetry, ledger: ledger, witness: witness,
                               cosigning: cosigning, warnings: warnings, duty: duty, webhooks: webhooks,
                               flood: FloodDesk(dataDirectory: configuration.dataDirectory, database: database, clock: clock),
                               traffic: traffic,
                               clock: clock)
        } catch {
            await database.close()
            throw error
        }
    }

    public func stop() async {
        await database.close()
    }
}

extension HubServices {
    /// Imports GeoJSON geography (all or nothing), as `POST /api/v1/geo/import` and `cityhub geo import` do.
    public func importGeography(_ data: Data, actor: String) async throws -> (streets: Int, communities: Int, grids: Int,
                                                                              features: Int, sha256: String, event: Int64) {
        let r = try await GeographyImport(service: geography).run(data, actor: actor)
        return (r.streets, r.communities, r.grids, r.features, r.sha256, r.event)
    }

    /// The whole geography as one GeoJSON FeatureCollection, re-importable.
    public func exportGeography() async throws -> Data {
        try GeoFeatureOut.data(try await GeographyExport.features(geography))
    }
}
