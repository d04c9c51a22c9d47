import Foundation
import HubKit
import SQLKit

/// SQL for the ledger. Tiles never change once written (a partial tile is a different row at each width), so
/// they are inserted and never updated. Entries are not stored: entry `i` is journal event `i + 1` in its
/// canonical encoding (`LedgerEntry`), made again when served — the hash tiles commit to every one of them, so
/// an edited event row no longer matches its leaf.
public struct LedgerStore: Sendable {
    public let database: HubDatabase
    /// The key personal fields are hashed under (see `LedgerEntry`).
    let salt: [UInt8]
    let cache = ProofCache()

    public init(database: HubDatabase, salt: [UInt8]) {
        self.database = database
        self.salt = salt
    }

    public struct State: Sendable {
        public var size: UInt64
        public var edge: LogEdge
        /// The newest signed checkpoint (empty before the first), as served.
        public var checkpoint: String
        /// When a checkpoint was last kept in the history (`ledger_checkpoints`).
        public var keptAtMilliseconds: Int64
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
        guard let row = try await sql.raw("SELECT size, edge, checkpoint, kept_at_ms FROM ledger_state WHERE id = 1").first(),
              let edge = LogEdge(text: try row.decode(column: "edge", as: String.self))
        else { throw LedgerProblem.damaged("ledger_state") }
        let size = UInt64(try row.decode(column: "size", as: Int64.self))
        guard edge.size == size else { throw LedgerProblem.damaged("ledger_state") }
        cache.keep(edge)
        return State(size: size, edge: edge, checkpoint: try row.decode(column: "checkpoint", as: String.self),
                     keptAtMilliseconds: try row.decode(column: "kept_at_ms", as: Int64.self))
    }

    func save(_ state: State, at now: Int64, in tx: Transaction) async throws {
        try await tx.sql.raw("""
            UPDATE ledger_state SET size = \(bind: Int64(state.size)), edge = \(bind: state.edge.text),
              checkpoint = \(bind: state.checkpoint), kept_at_ms = \(bind: state.keptAtMilliseconds), updated_at_ms = \(bind: now)
            WHERE id = 1
            """).run()
    }

    /// The bytes of one tile, or nil; an entry bundle is assembled from its entries, when all are there.
    public func tile(_ address: TileAddress, on sql: (any SQLDatabase)? = nil) async throws -> [UInt8]? {
        let query: @Sendable (any SQLDatabase) async throws -> [UInt8]? = { sql in
            guard let level = address.level else {
                let entries = try await entries(from: address.index * UInt64(TileAddress.width), count: address.width, on: sql)
                return try entries.map(EntryBundle.encode)
            }
            return try await sql.raw("""
                SELECT data FROM ledger_tiles WHERE level = \(bind: level)
                  AND idx = \(bind: Int64(address.index)) AND width = \(bind: address.width)
                """).first().map { Array(try $0.decode(column: "data", as: Data.self)) }
        }
        if let sql { return try await query(sql) }
        return try await database.read(query)
    }

    /// Hash tile (`level`, `index`) in its narrowest stored version holding at least `count` hashes.
    public func tileHashes(level: Int, index: UInt64, atLeast count: Int, on sql: any SQLDatabase) async throws -> TileHashes? {
        guard let row = try await sql.first(Self.selectTile([level, Int64(index), count])) else { return nil }
        let bytes = Array(try row.decode(column: "data", as: Data.self))
        return TileHashes(bytes: Array(bytes.prefix(bytes.count - bytes.count % 32)),
                          interior: try row.decode(column: "interior", as: Data?.self).map(Array.init))
    }

    static let selectTile = FixedSQL("""
        SELECT data, interior FROM ledger_tiles WHERE level = ? AND idx = ? AND width >= ? ORDER BY width LIMIT 1
        """)

    /// The hashes of hash tile (`level`, `index`) in its narrowest stored version holding at least `count`.
    public func hashes(level: Int, index: UInt64, atLeast count: Int, on sql: any SQLDatabase) async throws -> [TreeHash]? {
        try await tileHashes(level: level, index: index, atLeast: count, on: sql)?.hashes
    }

    /// Stores a tile; a full one replaces the partial versions of itself (tlog-tiles allows dropping them once
    /// the full tile exists), so the right edge never keeps more than one tile's worth of old widths per level.
    public func insert(_ tile: TileBuilder.Tile, in tx: Transaction) async throws {
        guard let level = tile.address.level else { throw LedgerProblem.damaged("entry bundles are assembled, not stored") }
        try await tx.sql.raw("""
            INSERT INTO ledger_tiles (level, idx, width, data, interior)
            VALUES (\(bind: level), \(bind: Int64(tile.address.index)), \(bind: tile.address.width), \(bind: Data(tile.hashes.flatMap { $0 })),
                    \(bind: tile.interior.map { Data($0) }))
            ON CONFLICT (level, idx, width) DO NOTHING
            """).run()
        if !tile.address.isPartial {
            try await tx.sql.raw("""
                DELETE FROM ledger_tiles WHERE level = \(bind: level) AND idx = \(bind: Int64(tile.address.index)) AND width < \(bind: tile.address.width)
                """).run()
        }
    }

    /// Entries `first ..< first + count`, encoded from their journal events; nil unless the journal holds all.
    /// (Whether they are integrated yet is for the caller to know.)
    func entries(from first: UInt64, count: Int, on sql: any SQLDatabase) async throws -> [[UInt8]]? {
        let events = try await Journal.events(after: Int64(first), limit: count, on: sql)
        guard events.count == count, events.first.map({ $0.seq == Int64(first) + 1 }) ?? true else { return nil }
        return try events.map { try LedgerEntry.encode($0, salt: salt) }
    }

    func insertCheckpoint(size: UInt64, note: String, at now: Int64, in tx: Transaction) async throws {
        try await tx.sql.raw("""
            INSERT INTO ledger_checkpoints (size, note, signed_at_ms) VALUES (\(bind: Int64(size)), \(bind: note), \(bind: now))
            ON CONFLICT (size) DO NOTHING
            """).run()
    }

    /// The newest signed checkpoint, without cosignatures (`publishedCheckpoint` is what `/ledger/checkpoint`
    /// serves); nil before the first.
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
