import Logging
import SQLKit

/// Runs a body between BEGIN and COMMIT on one connection, rolling back when it throws. The result is returned
/// only after COMMIT succeeded, so nothing is acknowledged before it is durable.
enum SQLTransaction {
    nonisolated(nonsending) static func run<T: Sendable>(on sql: any SQLDatabase, begin: String, logger: Logger,
                                 _ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await sql.raw(SQLQueryString(begin)).run()
        do {
            let result = try await body(sql)
            try await sql.raw("COMMIT").run()
            return result
        } catch {
            do {
                try await sql.raw("ROLLBACK").run()
            } catch let rollbackError {
                logger.error("rollback failed", metadata: ["error": "\(rollbackError)"])
            }
            throw error
        }
    }
}
