import Foundation
import HubKit

/// Everything the case loop needs, built once at start and passed to its routes and its deadline watcher.
public struct CaseDesk: Sendable {
    public let clock: HubClock
    public let catalogue: CaseCatalogue
    public let store: CaseStore
    public let transactions: CaseTransactions
    public let photos: PhotoStore
    public let intake: CaseIntake
    public let watcher: DeadlineWatcher
    public let reopenWindowDays: Int
    /// Whether a department exists (accounts live in another slice).
    public let departmentExists: @Sendable (DepartmentID) async throws -> Bool
    /// Where a camera stands, from the district's map features.
    public let cameraLocation: @Sendable (String) -> GeoPoint?
    /// People's and API keys' names for journal actors (`user:<id>`, `apikey:<id>`), from the accounts slice.
    public let actorNames: @Sendable (Set<String>) async throws -> [String: String]

    public static let migrations = CaseMigrations.all

    /// The working calendar in force (editable through the API).
    public var calendar: WorkingCalendar { catalogue.calendar }

    /// Seeds the standard categories and the default calendar on first start and loads the catalogue.
    public static func start(database: HubDatabase, dataDirectory: String, locator: any GridLocating, clock: HubClock,
                             calendar: WorkingCalendar = .chinaDefault, reopenWindowDays: Int = 7,
                             departmentExists: @escaping @Sendable (DepartmentID) async throws -> Bool,
                             cameraLocation: @escaping @Sendable (String) -> GeoPoint?,
                             actorNames: @escaping @Sendable (Set<String>) async throws -> [String: String] = { _ in [:] }) async throws -> CaseDesk {
        let catalogue = CaseCatalogue(database: database)
        try await database.write { tx in
            try await catalogue.seed(calendar, at: clock.now(), in: tx)
            let added = try await catalogue.seed(CategoryCatalogue.standard, at: clock.now(), in: tx)
            if added > 0 {
                try await Journal.append(try NewEvent(kind: "categories.seeded", subject: "categories", actor: "system",
                                                      payload: ["added": String(added)]), in: tx, clock: clock)
            }
        }
        try await catalogue.reload()
        let store = CaseStore(database: database)
        let transactions = CaseTransactions(store: store, clock: clock)
        let photos = PhotoStore(database: database, dataDirectory: dataDirectory)
        return CaseDesk(clock: clock, catalogue: catalogue, store: store, transactions: transactions, photos: photos,
                        intake: CaseIntake(transactions: transactions, catalogue: catalogue, photos: photos, locator: locator),
                        watcher: DeadlineWatcher(transactions: transactions),
                        reopenWindowDays: reopenWindowDays, departmentExists: departmentExists, cameraLocation: cameraLocation,
                        actorNames: actorNames)
    }

    /// The workflow's view of categories, responsibility and policy.
    public var context: WorkflowContext {
        let catalogue = self.catalogue
        return WorkflowContext(category: { catalogue.category($0) },
                               responsible: { catalogue.responsible(grid: $0, category: $1) },
                               calendar: calendar, reopenWindowDays: reopenWindowDays)
    }
}
