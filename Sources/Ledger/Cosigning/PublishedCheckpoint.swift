import Foundation
import HubKit
import SQLKit

extension LedgerStore {
    /// The checkpoint the ledger publishes at `/ledger/checkpoint`: once a configured witness has cosigned, the
    /// newest checkpoint with cosignatures, those lines appended to the log's signature (publication waits for
    /// the witnesses, so clients see a view the witnesses vouch for); with no witness configured, or before the
    /// first cosignature, the newest signed checkpoint.
    public func publishedCheckpoint() async throws -> String? {
        try await database.read { sql in
            guard let row = try await sql.raw("""
                SELECT c.size FROM ledger_cosignatures c JOIN ledger_witnesses w ON w.name = c.witness ORDER BY c.size DESC LIMIT 1
                """).first() else { return try await Self.latestCheckpoint(on: sql) }
            let size = try row.decode(column: "size", as: Int64.self)
            let rows = try await sql.raw("""
                SELECT c.note, c.line FROM ledger_cosignatures c JOIN ledger_witnesses w ON w.name = c.witness
                WHERE c.size = \(bind: size) ORDER BY c.witness
                """).all()
            guard let note = try rows.first?.decode(column: "note", as: String.self) else { throw LedgerProblem.damaged("cosignatures \(size)") }
            return note + (try rows.map { try $0.decode(column: "line", as: String.self) }).joined()
        }
    }

    /// The checkpoint to prove `count` leaves against: the published one (with its cosignatures) when it holds
    /// them, else the newest signed checkpoint, which may not carry cosignatures yet.
    func checkpoint(holding count: UInt64) async throws -> String? {
        guard let published = try await publishedCheckpoint() else { return nil }
        let size = try Checkpoint(parsing: try SignedNote(parsing: published).text).size
        return size >= count ? published : try await latestCheckpoint()
    }

    static func latestCheckpoint(on sql: any SQLDatabase) async throws -> String? {
        let note = try await sql.raw("SELECT checkpoint FROM ledger_state WHERE id = 1").first()?.decode(column: "checkpoint", as: String.self)
        return note?.isEmpty == false ? note : nil
    }
}
