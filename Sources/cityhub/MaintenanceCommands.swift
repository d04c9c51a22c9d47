import ArgumentParser
import HubKit
import HubServer

/// `cityhub migrate`: applies pending migrations and lists what the database holds.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Apply database migrations.")

    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await withServices(common) { services, _ in
            let applied = try await Migrator.appliedIDs(on: services.database)
            print("数据库 / database: \(services.configuration.database.redacted)")
            print("已应用迁移 / applied migrations (\(applied.count)):")
            for id in applied { print("  \(id)") }
        }
    }
}

/// `cityhub demo`: loads the demo district into the data directory (idempotent).
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo", abstract: "Load the demo district (idempotent).")

    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await withServices(common) { services, logger in
            let loaded = try await DemoSeeder(services: services).load(logger: logger)
            let counts = try await services.geography.store.counts()
            print(loaded ? "演示辖区已载入 / demo district loaded" : "演示辖区已存在，未作改动 / demo district already present; nothing changed")
            print("街道 streets \(counts.streets)  社区 communities \(counts.communities)  网格 grids \(counts.grids)  要素 features \(counts.features)")
        }
    }
}
