import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit

/// SQLKit on one `SQLiteHandle`: queries are serialised in SQLite's dialect and run synchronously, on the thread
/// of whoever calls (the connection's own thread, as the backend arranges).
struct SQLiteSession: SQLDatabase {
    let handle: SQLiteHandle
    let logger: Logger

    var eventLoop: any EventLoop { MultiThreadedEventLoopGroup.singleton.any() }
    var dialect: any SQLDialect { SQLiteDialect() }
    var queryLogLevel: Logger.Level? { nil }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        do {
            try run(query, onRow)
            return eventLoop.makeSucceededVoidFuture()
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        try run(query, onRow)
    }

    private func run(_ query: any SQLExpression, _ onRow: (any SQLRow) -> ()) throws {
        let (sql, values) = try prepare(query)
        try handle.run(sql, values) { onRow($0) }
    }

    func scan(_ query: any SQLExpression, _ body: (SQLiteCursor) throws -> Void) throws {
        let (sql, values) = try prepare(query)
        try handle.scan(sql, values, body)
    }

    private func prepare(_ query: any SQLExpression) throws -> (String, [SQLiteData]) {
        let (sql, binds) = if let fixed = query as? BoundSQL { (fixed.statement.text, fixed.values) } else { serialize(query) }
        let encoder = SQLiteDataEncoder()
        return (sql, try binds.map { value -> SQLiteData in
            switch value {
            case let text as String: .text(text)
            case let number as Int: .integer(SQLiteInt64(number))
            case let number as Int64: .integer(SQLiteInt64(number))
            case let number as Double: .float(number)
            case let flag as Bool: .integer(flag ? 1 : 0)
            case let optional as any OptionalValue where optional.isNone: .null
            default: try encoder.encode(value)
            }
        })
    }
}

/// One result row; columns decode the way SQLiteKit decodes them.
struct SQLiteResultRow: SQLRow, Sendable {
    let columns: SQLiteColumns
    let values: [SQLiteData]

    var allColumns: [String] { columns.names }

    func contains(column: String) -> Bool { columns.positions[column] != nil }

    func decodeNil(column: String) throws -> Bool {
        value(column) == .null
    }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let position = columns.positions[column] else {
            throw DecodingError.keyNotFound(SQLColumnKey(column), .init(codingPath: [], debugDescription: "no column \(column)"))
        }
        let data = values[position]
        // The common column types without the general decoder or a dynamic cast (each bit cast is guarded by
        // the type check before it).
        switch data {
        case .text(let text) where type == String.self: return unsafeBitCast(text, to: D.self)
        case .integer(let number) where type == Int64.self: return unsafeBitCast(Int64(number), to: D.self)
        case .integer(let number) where type == Int.self: return unsafeBitCast(Int(number), to: D.self)
        case .float(let number) where type == Double.self: return unsafeBitCast(number, to: D.self)
        default: return try SQLiteDataDecoder().decode(D.self, from: data)
        }
    }

    private func value(_ column: String) -> SQLiteData {
        columns.positions[column].map { values[$0] } ?? .null
    }
}

private struct SQLColumnKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// Lets a bound `nil` (an `Optional` inside `any Encodable`) be recognised without the general encoder.
private protocol OptionalValue { var isNone: Bool { get } }
extension Optional: OptionalValue { var isNone: Bool { self == nil } }
