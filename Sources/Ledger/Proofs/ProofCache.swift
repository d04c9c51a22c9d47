import Synchronization

/// What proofs read again and again, kept in memory: tiles — the widest version seen of each, which serves any
/// narrower request, the log being append-only — and the right edge of the newest size seen (an edge belongs to
/// one size forever). Tiles above level 0 are few and serve every proof; leaf tiles are many, so only the most
/// recently used are kept.
final class ProofCache: Sendable {
    private struct Key: Hashable {
        let level: Int
        let index: UInt64
    }

    private struct Contents {
        var upper: [Key: TileHashes] = [:]
        var leaves: [Key: TileHashes] = [:]
        /// Leaf tiles in the order they were kept, oldest first, for eviction.
        var order: [Key] = []
        var folds: EdgeFolds?
    }

    private let contents = Mutex(Contents())
    let leafTileLimit: Int
    let upperTileLimit: Int

    init(leafTileLimit: Int = 1024, upperTileLimit: Int = 4096) {
        self.leafTileLimit = leafTileLimit
        self.upperTileLimit = upperTileLimit
    }

    /// A kept version of the tile holding at least `count` hashes.
    func tile(level: Int, index: UInt64, atLeast count: Int) -> TileHashes? {
        let key = Key(level: level, index: index)
        let kept = contents.withLock { level == 0 ? $0.leaves[key] : $0.upper[key] }
        return kept.flatMap { $0.count >= count ? $0 : nil }
    }

    func keep(_ tile: TileHashes, level: Int, index: UInt64) {
        let key = Key(level: level, index: index)
        contents.withLock { kept in
            if level > 0 {
                if kept.upper.count >= upperTileLimit { kept.upper.removeAll() }
                if (kept.upper[key]?.count ?? 0) < tile.count { kept.upper[key] = tile }
                return
            }
            if let known = kept.leaves[key] {
                if known.count < tile.count { kept.leaves[key] = tile }
                return
            }
            kept.leaves[key] = tile
            kept.order.append(key)
            if kept.order.count > leafTileLimit {
                let evicted = kept.order.prefix(kept.order.count - leafTileLimit)
                for old in evicted { kept.leaves[old] = nil }
                kept.order.removeFirst(evicted.count)
            }
        }
    }

    /// The folds of the right edge at `size`, when that is the newest size seen.
    func folds(size: UInt64) -> EdgeFolds? {
        contents.withLock { $0.folds?.size == size ? $0.folds : nil }
    }

    func keep(_ edge: LogEdge) {
        guard contents.withLock({ ($0.folds?.size ?? 0) < edge.size }) else { return }
        let folds = EdgeFolds(edge)
        contents.withLock { kept in
            if (kept.folds?.size ?? 0) < folds.size { kept.folds = folds }
        }
    }
}
