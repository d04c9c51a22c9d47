import Logging
import NIOSSL
import PostgresKit
import SQLKit

/// PostgreSQL through postgres-nio's connection pool. Each write runs on one pooled connection between
/// BEGIN and COMMIT.
final class PostgresBackend: DatabaseBackend {
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    private let logger: Logger

    private init(client: PostgresClient, runner: Task<Void, Never>, logger: Logger) {
        self.client = client
        self.runner = runner
        self.logger = logger
    }

    static func open(_ target: PostgresLocation, logger: Logger) async throws -> PostgresBackend {
        let tls: PostgresClient.Configuration.TLS = switch target.tls {
        case .disable: .disable
        case .prefer: .prefer(.makeClientConfiguration())
        case .require: .require(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(
            host: target.host, port: target.port, username: target.username, password: target.password,
            database: target.database, tls: tls)
        configuration.options.maximumConnections = 16
        // The pool warns when a connection is leased before `run()` is entered, which the first query right
        // after start always races with; its background log is kept to errors.
        var backgroundLogger = logger
        backgroundLogger.logLevel = max(logger.logLevel, .error)
        let client = PostgresClient(configuration: configuration, backgroundLogger: backgroundLogger)
        let runner = Task { await client.run() }
        let backend = PostgresBackend(client: client, runner: runner, logger: logger)
        do {
            try await backend.read { sql in try await sql.raw("SELECT 1").run() }
        } catch {
            await backend.close()
            throw error
        }
        return backend
    }

    func read<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            try await body(connection.sql(queryLogLevel: .trace))
        }
    }

    func write<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            try await SQLTransaction.run(on: connection.sql(queryLogLevel: .trace), begin: "BEGIN", logger: logger, body)
        }
    }

    func close() async {
        runner.cancel()
        await runner.value
    }
}
