import PostgresKit
import SQLiteKit

/// Classifies driver errors into the few cases the hub reacts to; everything else is a server error.
public enum DatabaseFailure {
    /// True when `error` is a UNIQUE or PRIMARY KEY violation on either engine.
    public static func isUniqueViolation(_ error: any Error) -> Bool {
        if let sqlite = error as? SQLiteError {
            return sqlite.reason == .constraintUniqueFailed || sqlite.reason == .constraintPrimaryKeyFailed
                || (sqlite.reason == .constraint && sqlite.message.contains("UNIQUE"))
        }
        if let postgres = error as? PSQLError {
            return postgres.serverInfo?[.sqlState] == "23505"
        }
        return false
    }

    /// True when `error` is a FOREIGN KEY violation on either engine.
    public static func isForeignKeyViolation(_ error: any Error) -> Bool {
        if let sqlite = error as? SQLiteError {
            return sqlite.reason == .constraintForeignKeyFailed
                || (sqlite.reason == .constraint && sqlite.message.contains("FOREIGN KEY"))
        }
        if let postgres = error as? PSQLError {
            return postgres.serverInfo?[.sqlState] == "23503"
        }
        return false
    }
}
