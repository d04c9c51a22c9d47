import Foundation
import HubKit
import SQLKit

extension LedgerStore {
    /// The data of entry `index`.
    public func entry(_ index: UInt64) async throws -> [UInt8]? {
        try await database.read { sql in try await entries(from: index, count: 1, on: sql)?.first }
    }

    /// The tree of `size` leaves, its hashes from the stored tiles — full ones kept in memory once read — and,
    /// when it is the newest size this instance has seen, subtrees at the right edge folded from the edge.
    public func tree(size: UInt64) -> TiledTree {
        TiledTree(size: size, edge: cache.edge(size: size)) { level, index, count in
            if let kept = cache.tile(level: level, index: index, atLeast: count) { return kept }
            let tile = try await database.readMapped { sql in try await tileHashes(level: level, index: index, atLeast: count, on: sql) }
            if let tile { cache.keep(tile, level: level, index: index) }
            return tile
        }
    }

    /// A tlog-proof of entry `index` against the latest checkpoint, the entry in its extra line; nil when the
    /// latest checkpoint does not hold that entry yet.
    public func tlogProof(index: UInt64) async throws -> TlogProof? {
        guard let served = try await latestCheckpoint() else { return nil }
        let note = try SignedNote(parsing: served)
        let checkpoint = try Checkpoint(parsing: note.text)
        guard index < checkpoint.size, let entry = try await entry(index) else { return nil }
        var tree = tree(size: checkpoint.size)
        return TlogProof(extra: entry, index: index, proof: try await tree.inclusionProof(index: index), checkpoint: note)
    }
}
