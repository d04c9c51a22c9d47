import Foundation
import NIOCore
import SQLiteNIO
import Synchronization
// The C library that SQLiteNIO builds and links. Using the very same copy matters: two SQLite libraries in one
// process would each keep their own POSIX locks on the file and could corrupt it.
import VaporCSQLite

/// One SQLite connection driven directly through the C API, with its prepared statements cached by SQL text.
///
/// Every call runs synchronously on the calling thread. The backend arranges for that thread to be the
/// connection's own (`ConnectionThread`), so no statement costs a thread hop; the lock only guards against a
/// caller that reaches the connection from elsewhere (for example from inside an actor).
final class SQLiteHandle: Sendable {
    private let state: Mutex<State>
    let path: String

    private struct State: ~Copyable {
        var db: OpaquePointer?
        var statements: [String: Statement] = [:]
    }

    /// A prepared statement with its column names, kept for reuse.
    private final class Statement: @unchecked Sendable {
        let pointer: OpaquePointer
        let columns: SQLiteColumns
        init(pointer: OpaquePointer) {
            self.pointer = pointer
            let count = Int(sqlite_nio_sqlite3_column_count(pointer))
            columns = SQLiteColumns(names: (0..<count).map { String(cString: sqlite_nio_sqlite3_column_name(pointer, Int32($0))) })
        }
        deinit { sqlite_nio_sqlite3_finalize(pointer) }
    }

    /// More distinct statements than this (queries with variable-length IN lists) empty the cache.
    private static let cacheLimit = 256

    init(path: String) throws {
        self.path = path
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let opened = sqlite_nio_sqlite3_open_v2(path, &db, flags, nil)
        guard opened == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite_nio_sqlite3_close_v2(db)
            throw SQLiteFailure(code: opened, message: "cannot open \(path): \(message)")
        }
        sqlite_nio_sqlite3_extended_result_codes(db, 1)
        // The file grows 64 MiB at a time: every connection re-maps its memory map when the file's size changes,
        // and growing page by page made that (and the page faults after it) about a quarter of the intake's time.
        var chunk: Int32 = 64 << 20
        sqlite_nio_sqlite3_file_control(db, "main", SQLITE_FCNTL_CHUNK_SIZE, &chunk)
        state = Mutex(State(db: db))
    }

    /// Runs `sql` with `binds`, handing each result row to `onRow`; the statement is reset before returning, so
    /// no read snapshot outlives the call.
    func run(_ sql: String, _ binds: [SQLiteData], onRow: (SQLiteResultRow) throws -> Void) throws {
        try state.withLock { state in
            guard let db = state.db else { throw SQLiteFailure(code: SQLITE_MISUSE, message: "the connection is closed") }
            let statement = try Self.prepared(sql, db: db, cache: &state.statements)
            let pointer = statement.pointer
            defer {
                sqlite_nio_sqlite3_reset(pointer)
                sqlite_nio_sqlite3_clear_bindings(pointer)
            }
            for (index, value) in binds.enumerated() {
                let code = Self.bind(value, at: Int32(index + 1), to: pointer)
                guard code == SQLITE_OK else { throw SQLiteFailure(db: db, code: code) }
            }
            while true {
                let code = sqlite_nio_sqlite3_step(pointer)
                if code == SQLITE_DONE { return }
                guard code == SQLITE_ROW else { throw SQLiteFailure(db: db, code: code) }
                var values: [SQLiteData] = []
                values.reserveCapacity(statement.columns.names.count)
                for column in 0..<Int32(statement.columns.names.count) {
                    values.append(Self.value(of: pointer, at: column))
                }
                try onRow(SQLiteResultRow(columns: statement.columns, values: values))
            }
        }
    }

    /// Runs `sql` and hands each row to `body` as a cursor on the statement itself: no values are copied out
    /// except those `body` reads. For scans over very many rows.
    func scan(_ sql: String, _ binds: [SQLiteData], _ body: (SQLiteCursor) throws -> Void) throws {
        try state.withLock { state in
            guard let db = state.db else { throw SQLiteFailure(code: SQLITE_MISUSE, message: "the connection is closed") }
            let pointer = try Self.prepared(sql, db: db, cache: &state.statements).pointer
            defer {
                sqlite_nio_sqlite3_reset(pointer)
                sqlite_nio_sqlite3_clear_bindings(pointer)
            }
            for (index, value) in binds.enumerated() {
                let code = Self.bind(value, at: Int32(index + 1), to: pointer)
                guard code == SQLITE_OK else { throw SQLiteFailure(db: db, code: code) }
            }
            let cursor = SQLiteCursor(statement: pointer)
            while true {
                let code = sqlite_nio_sqlite3_step(pointer)
                if code == SQLITE_DONE { return }
                guard code == SQLITE_ROW else { throw SQLiteFailure(db: db, code: code) }
                try body(cursor)
            }
        }
    }

    /// Runs statements that take no parameters and return nothing (pragmas, transaction control).
    func execute(_ sql: String) throws {
        try run(sql, []) { _ in }
    }

    /// Copies committed WAL frames into the database file without waiting for anyone; returns the WAL's length
    /// and how much of it is now in the database file, in frames.
    func checkpointPassively() throws -> (walFrames: Int, copied: Int) {
        var frames = (walFrames: 0, copied: 0)
        try run("PRAGMA wal_checkpoint(PASSIVE)", []) { row in
            if row.values.count == 3, case .integer(let length) = row.values[1], case .integer(let copied) = row.values[2] {
                frames = (Int(length), Int(copied))
            }
        }
        return frames
    }

    func close() {
        state.withLock { state in
            state.statements = [:]
            sqlite_nio_sqlite3_close_v2(state.db)
            state.db = nil
        }
    }

    deinit { close() }

    private static func prepared(_ sql: String, db: OpaquePointer, cache: inout [String: Statement]) throws -> Statement {
        if let statement = cache[sql] { return statement }
        var pointer: OpaquePointer?
        let code = sqlite_nio_sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &pointer, nil)
        guard code == SQLITE_OK, let pointer else { throw SQLiteFailure(db: db, code: code) }
        if cache.count >= cacheLimit { cache.removeAll(keepingCapacity: true) }
        let statement = Statement(pointer: pointer)
        cache[sql] = statement
        return statement
    }

    private static func bind(_ value: SQLiteData, at index: Int32, to statement: OpaquePointer) -> Int32 {
        let transient = transient
        switch value {
        case .integer(let number):
            return sqlite_nio_sqlite3_bind_int64(statement, index, Int64(number))
        case .float(let number):
            return sqlite_nio_sqlite3_bind_double(statement, index, number)
        case .null:
            return sqlite_nio_sqlite3_bind_null(statement, index)
        case .text(var text):
            return text.withUTF8 { bytes in
                guard let base = bytes.baseAddress else {
                    return sqlite_nio_sqlite3_bind_text64(statement, index, "", 0, transient, UInt8(SQLITE_UTF8))
                }
                return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                    sqlite_nio_sqlite3_bind_text64(statement, index, $0, UInt64(bytes.count), transient, UInt8(SQLITE_UTF8))
                }
            }
        case .blob(let buffer):
            return buffer.withUnsafeReadableBytes { bytes in
                sqlite_nio_sqlite3_bind_blob64(statement, index, bytes.baseAddress, UInt64(bytes.count), transient)
            }
        }
    }

    /// SQLite copies the bound bytes before the call returns.
    private static var transient: sqlite3_destructor_type { unsafeBitCast(-1, to: sqlite3_destructor_type.self) }

    private static func value(of statement: OpaquePointer, at column: Int32) -> SQLiteData {
        switch sqlite_nio_sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER:
            return .integer(SQLiteInt64(sqlite_nio_sqlite3_column_int64(statement, column)))
        case SQLITE_FLOAT:
            return .float(sqlite_nio_sqlite3_column_double(statement, column))
        case SQLITE_TEXT:
            guard let text = sqlite_nio_sqlite3_column_text(statement, column) else { return .text("") }
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
            var buffer = ByteBufferAllocator().buffer(capacity: count)
            if let bytes = sqlite_nio_sqlite3_column_blob(statement, column), count > 0 {
                buffer.writeBytes(UnsafeRawBufferPointer(start: bytes, count: count))
            }
            return .blob(buffer)
        default:
            return .null
        }
    }
}

/// The current row of a scan (`HubDatabase.scan`); valid only inside the scan's body.
public struct SQLiteCursor {
    fileprivate let statement: OpaquePointer

    /// The integer in column `index` (0-based), nil for NULL.
    public func int64(_ index: Int) -> Int64? {
        sqlite_nio_sqlite3_column_type(statement, Int32(index)) == SQLITE_NULL
            ? nil : sqlite_nio_sqlite3_column_int64(statement, Int32(index))
    }

    /// The text in column `index` (0-based), nil for NULL.
    public func string(_ index: Int) -> String? {
        guard let text = sqlite_nio_sqlite3_column_text(statement, Int32(index)) else { return nil }
        let count = Int(sqlite_nio_sqlite3_column_bytes(statement, Int32(index)))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }
}

/// The column names of a statement's result, shared by all of its rows.
final class SQLiteColumns: Sendable {
    let names: [String]
    let positions: [String: Int]

    init(names: [String]) {
        self.names = names
        var positions: [String: Int] = [:]
        for (index, name) in names.enumerated() where positions[name] == nil { positions[name] = index }
        self.positions = positions
    }
}

/// An SQLite error with its extended result code, as the hub classifies it (`DatabaseFailure`).
public struct SQLiteFailure: Error, CustomStringConvertible, Sendable {
    public let code: Int32
    public let message: String

    init(code: Int32, message: String) {
        self.code = code
        self.message = message
    }

    init(db: OpaquePointer, code: Int32) {
        self.init(code: sqlite_nio_sqlite3_extended_errcode(db), message: String(cString: sqlite_nio_sqlite3_errmsg(db)))
    }

    public var isUniqueViolation: Bool { code == 2067 || code == 1555 } // SQLITE_CONSTRAINT_UNIQUE, _PRIMARYKEY
    public var isForeignKeyViolation: Bool { code == 787 }             // SQLITE_CONSTRAINT_FOREIGNKEY
    public var isBusy: Bool { code & 0xff == 5 || code & 0xff == 6 }     // SQLITE_BUSY, SQLITE_LOCKED

    public var description: String { "SQLite error \(code): \(message)" }
}
