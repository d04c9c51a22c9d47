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
        TiledTree(size: size, folds: cache.folds(size: size)) { level, index, count in
            if let kept = cache.tile(level: level, index: index, atLeast: count) { return kept }
            let tile = try await database.readMapped { sql in try await tileHashes(level: level, index: index, atLeast: count, on: sql) }
            if let tile { cache.keep(tile, level: level, index: index) }
            return tile
        }
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
