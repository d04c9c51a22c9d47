import Foundation
import HubKit
import SQLKit

/// SQL for the ledger. Tiles never change once written (a partial tile is a different row at each width), so
/// they are inserted and never updated.
public struct LedgerStore: Sendable {
    public let database: HubDatabase

    public init(database: HubDatabase) {
        self.database = database
    }

    public struct State: Sendable {
        public var size: UInt64
        public var edge: LogEdge
    }

    /// The size, locked for the rest of `tx` on PostgreSQL (one sequencer at a time across hub instances).
    func size(lockedIn tx: Transaction) async throws -> UInt64 {
        let lock = tx.engine == .postgres ? " FOR UPDATE" : ""
        guard let row = try await tx.sql.raw("SELECT size FROM ledger_state WHERE id = 1\(unsafeRaw: lock)").first() else {
            throw LedgerProblem.damaged("ledger_state")
        }
        return UInt64(try row.decode(column: "size", as: Int64.self))
    }

    public func state() async throws -> State {
        try await database.read { sql in try await state(on: sql) }
    }

    func state(on sql: any SQLDatabase) async throws -> State {
        guard let row = try await sql.raw("SELECT size, edge FROM ledger_state WHERE id = 1").first(),
              let edge = LogEdge(text: try row.decode(column: "edge", as: String.self))
        else { throw LedgerProblem.damaged("ledger_state") }
        let size = UInt64(try row.decode(column: "size", as: Int64.self))
        guard edge.size == size else { throw LedgerProblem.damaged("ledger_state") }
        return State(size: size, edge: edge)
    }

    func save(_ state: State, at now: Int64, in tx: Transaction) async throws {
        try await tx.sql.raw("""
            UPDATE ledger_state SET size = \(bind: Int64(state.size)), edge = \(bind: state.edge.text), updated_at_ms = \(bind: now)
            WHERE id = 1
            """).run()
    }

    /// The bytes of one tile, or nil; an entry bundle is assembled from its entries, when all are there.
    public func tile(_ address: TileAddress, on sql: (any SQLDatabase)? = nil) async throws -> [UInt8]? {
        let query: @Sendable (any SQLDatabase) async throws -> [UInt8]? = { sql in
            guard let level = address.level else {
                let first = Int64(address.index * UInt64(TileAddress.width))
                let entries = try await sql.raw("""
                    SELECT data FROM ledger_entries WHERE idx >= \(bind: first) AND idx < \(bind: first + Int64(address.width)) ORDER BY idx
                    """).all().map { Array(try $0.decode(column: "data", as: Data.self)) }
                return entries.count == address.width ? try EntryBundle.encode(entries) : nil
            }
            return try await sql.raw("""
                SELECT data FROM ledger_tiles WHERE level = \(bind: level)
                  AND idx = \(bind: Int64(address.index)) AND width = \(bind: address.width)
                """).first().map { Array(try $0.decode(column: "data", as: Data.self)) }
        }
        if let sql { return try await query(sql) }
        return try await database.read(query)
    }

    /// The hashes of hash tile (`level`, `index`) in its narrowest stored version holding at least `count`.
    public func hashes(level: Int, index: UInt64, atLeast count: Int, on sql: (any SQLDatabase)? = nil) async throws -> [TreeHash]? {
        let query: @Sendable (any SQLDatabase) async throws -> [TreeHash]? = { sql in
            guard let row = try await sql.raw("""
                SELECT data FROM ledger_tiles WHERE level = \(bind: level) AND idx = \(bind: Int64(index)) AND width >= \(bind: count)
                ORDER BY width LIMIT 1
                """).first() else { return nil }
            let bytes = Array(try row.decode(column: "data", as: Data.self))
            return stride(from: 0, to: bytes.count - bytes.count % 32, by: 32).map { Array(bytes[$0..<($0 + 32)]) }
        }
        if let sql { return try await query(sql) }
        return try await database.read(query)
    }

    /// Stores a tile; a full one replaces the partial versions of itself (tlog-tiles allows dropping them once
    /// the full tile exists), so the right edge never keeps more than one tile's worth of old widths per level.
    func insert(_ address: TileAddress, data: [UInt8], in tx: Transaction) async throws {
        guard let level = address.level else { throw LedgerProblem.damaged("entry bundles are assembled, not stored") }
        try await tx.sql.raw("""
            INSERT INTO ledger_tiles (level, idx, width, data)
            VALUES (\(bind: level), \(bind: Int64(address.index)), \(bind: address.width), \(bind: Data(data)))
            ON CONFLICT (level, idx, width) DO NOTHING
            """).run()
        if !address.isPartial {
            try await tx.sql.raw("""
                DELETE FROM ledger_tiles WHERE level = \(bind: level) AND idx = \(bind: Int64(address.index)) AND width < \(bind: address.width)
                """).run()
        }
    }

    static let insertEntryRow = FixedSQL("INSERT INTO ledger_entries (idx, data) VALUES (?, ?)")

    func insertEntry(index: UInt64, data: [UInt8], in tx: Transaction) async throws {
        try await tx.sql.run(Self.insertEntryRow([Int64(index), Data(data)]))
    }

    func insertCheckpoint(size: UInt64, note: String, at now: Int64, in tx: Transaction) async throws {
        try await tx.sql.raw("""
            INSERT INTO ledger_checkpoints (size, note, signed_at_ms) VALUES (\(bind: Int64(size)), \(bind: note), \(bind: now))
            ON CONFLICT (size) DO NOTHING
            """).run()
    }

    /// The newest signed checkpoint (without cosignatures; `publishedCheckpoint` is what `/ledger/checkpoint` serves).
    public func latestCheckpoint() async throws -> String? {
        try await database.read { sql in try await Self.latestCheckpoint(on: sql) }
    }
}

/// The ledger's own tables do not add up: something edited them outside the hub.
public enum LedgerProblem: HubProblem {
    case damaged(String)

    public var code: String { "LEDGER_DAMAGED" }
    public var status: Int { 500 }
    public var message: LocalizedText {
        switch self {
        case .damaged(let table): LocalizedText(zh: "账本数据不一致：\(table)", en: "The ledger's data is inconsistent: \(table)")
        }
    }
}
