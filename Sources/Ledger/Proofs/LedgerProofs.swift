import Foundation
import HubKit
import SQLKit

extension LedgerStore {
    /// The data of entry `index`.
    public func entry(_ index: UInt64) async throws -> [UInt8]? {
        try await database.read { sql in
            try await sql.raw("SELECT data FROM ledger_entries WHERE idx = \(bind: Int64(index))").first()
                .map { Array(try $0.decode(column: "data", as: Data.self)) }
        }
    }

    /// The tree of `size` leaves, its hashes read from the stored tiles.
    public func tree(size: UInt64) -> TiledTree {
        TiledTree(size: size) { level, index, count in try await self.hashes(level: level, index: index, atLeast: count) }
    }

    /// A tlog-proof of entry `index`, the entry in its extra line, against the published checkpoint (with its
    /// witnesses' cosignatures) when that holds the entry, else the latest; nil when no checkpoint holds it yet.
    public func tlogProof(index: UInt64) async throws -> TlogProof? {
        guard let served = try await checkpoint(holding: index + 1) else { return nil }
        let note = try SignedNote(parsing: served)
        let checkpoint = try Checkpoint(parsing: note.text)
        guard index < checkpoint.size, let entry = try await entry(index) else { return nil }
        var tree = tree(size: checkpoint.size)
        return TlogProof(extra: entry, index: index, proof: try await tree.inclusionProof(index: index), checkpoint: note)
    }
}
