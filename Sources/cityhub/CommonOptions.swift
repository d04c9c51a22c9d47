import ArgumentParser
import Foundation
import HubKit
import HubServer
import Logging

/// Options every command takes.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: "Data directory (default ./data).")
    var dataDir: String?

    @Option(name: .long, help: "Database URL: sqlite:PATH or postgres://user:pass@host:port/db (default: SQLite in the data directory).")
    var databaseURL: String?

    @Option(name: .long, help: "TOML configuration file (default: <data-dir>/cityhub.toml when present).")
    var config: String?

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String?

    func flags(_ extra: [String: String?] = [:]) -> [String: String] {
        var flags: [String: String] = [:]
        flags["data.dir"] = dataDir
        flags["database.url"] = databaseURL
        flags["log.level"] = logLevel
        for (key, value) in extra { flags[key] = value }
        return flags
    }

    /// Resolves the configuration and sets up logging; configuration errors end the command with a message.
    func resolve(_ extra: [String: String?] = [:]) throws -> (HubConfiguration, Logger) {
        let configuration: HubConfiguration
        do {
            configuration = try HubConfiguration.load(flags: flags(extra), configFile: config)
        } catch let problem as any HubProblem {
            throw ValidationError("\(problem.message.zh)\n\(problem.message.en)")
        }
        LoggingSetup.bootstrap(level: configuration.logLevel)
        var logger = Logger(label: "cityhub")
        logger.logLevel = configuration.logLevel
        return (configuration, logger)
    }
}

/// Starts the hub's services for a one-off command and stops them afterwards.
func withServices<T>(_ options: CommonOptions, _ body: (HubServices, Logger) async throws -> T) async throws -> T {
    let (configuration, logger) = try options.resolve()
    let services = try await HubServices.start(configuration, logger: logger)
    do {
        let result = try await body(services, logger)
        await services.stop()
        return result
    } catch {
        await services.stop()
        throw error
    }
}

/// Prints a problem in both languages and fails the command.
func fail(_ error: any Error) -> any Error {
    if let problem = error as? any HubProblem {
        return ValidationError("[\(problem.code)] \(problem.message.zh)\n[\(problem.code)] \(problem.message.en)")
    }
    return error
}
