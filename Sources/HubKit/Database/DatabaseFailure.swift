import PostgresKit

/// Classifies driver errors into the few cases the hub reacts to; everything else is a server error.
public enum DatabaseFailure {
    /// True when `error` is a UNIQUE or PRIMARY KEY violation on either engine.
    public static func isUniqueViolation(_ error: any Error) -> Bool {
        if let sqlite = error as? SQLiteFailure { return sqlite.isUniqueViolation }
        if let postgres = error as? PSQLError {
            return postgres.serverInfo?[.sqlState] == "23505"
        }
        return false
    }

    /// True when `error` is a FOREIGN KEY violation on either engine.
    public static func isForeignKeyViolation(_ error: any Error) -> Bool {
        if let sqlite = error as? SQLiteFailure { return sqlite.isForeignKeyViolation }
        if let postgres = error as? PSQLError {
            return postgres.serverInfo?[.sqlState] == "23503"
        }
        return false
    }
}
