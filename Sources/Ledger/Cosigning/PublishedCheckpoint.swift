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
            guard let note = try await sql.raw("SELECT note FROM ledger_checkpoints WHERE size = \(bind: size)").first()?
                .decode(column: "note", as: String.self) else { throw LedgerProblem.damaged("checkpoint \(size)") }
            let lines = try await sql.raw("""
                SELECT c.line FROM ledger_cosignatures c JOIN ledger_witnesses w ON w.name = c.witness
                WHERE c.size = \(bind: size) ORDER BY c.witness
                """).all().map { try $0.decode(column: "line", as: String.self) }
            return note + lines.joined()
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
        try await sql.raw("SELECT note FROM ledger_checkpoints ORDER BY size DESC LIMIT 1").first()?
            .decode(column: "note", as: String.self)
    }
}
