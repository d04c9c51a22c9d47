import Foundation
import HubKit
import SQLKit

extension LedgerStore {
    /// The data of entry `index`.
    public func entry(_ index: UInt64) async throws -> [UInt8]? {
        try await database.read { sql in try await entries(from: index, count: 1, on: sql)?.first }
    }

    /// The tree of `size` leaves, its hashes read from the stored tiles through `sql` (one read transaction:
    /// a proof's few tiles are read without a trip to the database's threads each).
    public func tree(size: UInt64, on sql: any SQLDatabase) -> TiledTree {
        TiledTree(size: size) { level, index, count in try await self.tileHashes(level: level, index: index, atLeast: count, on: sql) }
    }

    /// A tlog-proof of entry `index`, the entry in its extra line, against the published checkpoint (with its
    /// witnesses' cosignatures) when that holds the entry, else the latest; nil when no checkpoint holds it yet.
    public func tlogProof(index: UInt64) async throws -> TlogProof? {
        guard let served = try await checkpoint(holding: index + 1) else { return nil }
        let note = try SignedNote(parsing: served)
        let checkpoint = try Checkpoint(parsing: note.text)
        guard index < checkpoint.size else { return nil }
        return try await database.read { sql in
            guard let entry = try await entries(from: index, count: 1, on: sql)?.first else { return nil }
            var tree = tree(size: checkpoint.size, on: sql)
            return TlogProof(extra: entry, index: index, proof: try await tree.inclusionProof(index: index), checkpoint: note)
        }
    }
}
