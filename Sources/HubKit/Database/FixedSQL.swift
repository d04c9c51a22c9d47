import SQLKit

/// A whole statement whose text never changes, written once with `?` where each value goes (never inside a
/// string literal). Hot statements use it instead of an interpolated `SQLQueryString`: nothing is built or
/// serialised per call on SQLite, and on PostgreSQL the `?` become `$1…$n` as usual.
public struct FixedSQL: Sendable {
    /// The text as written: SQLite's own placeholders.
    let text: String
    /// The text between placeholders (one more than there are values).
    let segments: [String]

    public init(_ text: String) {
        self.text = text
        segments = text.split(separator: "?", omittingEmptySubsequences: false).map(String.init)
    }

    public var valueCount: Int { segments.count - 1 }

    /// The statement with its values, in placeholder order.
    public func callAsFunction(_ values: [any Encodable & Sendable]) -> BoundSQL {
        assert(values.count == valueCount, "\(values.count) values for \(valueCount) placeholders in: \(text)")
        return BoundSQL(statement: self, values: values)
    }
}

/// A `FixedSQL` with its values, ready to run.
public struct BoundSQL: SQLExpression {
    public let statement: FixedSQL
    public let values: [any Encodable & Sendable]

    public func serialize(to serializer: inout SQLSerializer) {
        for (index, segment) in statement.segments.enumerated() {
            serializer.write(segment)
            if index < values.count { serializer.write(bind: values[index]) }
        }
    }
}

extension SQLDatabase {
    public func run(_ statement: BoundSQL) async throws {
        try await execute(sql: statement) { _ in }
    }

    public func first(_ statement: BoundSQL) async throws -> (any SQLRow)? {
        try await all(statement).first
    }

    public func all(_ statement: BoundSQL) async throws -> [any SQLRow] {
        // The rows arrive one after another before `execute` returns, as SQLKit's own `all()` relies on.
        nonisolated(unsafe) var rows: [any SQLRow] = []
        try await execute(sql: statement) { rows.append($0) }
        return rows
    }
}
