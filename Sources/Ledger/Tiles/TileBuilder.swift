/// Grows the tlog-tiles of a log as leaf hashes are appended: the rightmost (partial) tile of each level in
/// memory, and every tile that an append fills or changes handed back to be stored. A full tile's Merkle root
/// becomes the next hash of the level above.
public struct TileBuilder: Sendable {
    public struct Tile: Sendable, Hashable {
        public let address: TileAddress
        public let hashes: [TreeHash]
    }

    /// The hashes of the rightmost tile of each level, level 0 first; empty when that tile is full or absent.
    public private(set) var partial: [[TreeHash]]
    public private(set) var size: UInt64

    /// Resumes a log of `size` leaves from its stored partial tiles (level 0 first; a level without one is empty).
    public init(size: UInt64 = 0, partial: [[TreeHash]] = []) {
        self.size = size
        self.partial = partial
    }

    /// Appends leaf hashes; returns the tiles that now differ from before, each at its new width (full tiles
    /// once, partial ones as they now stand).
    public mutating func append(_ leafHashes: some Sequence<TreeHash>) -> [Tile] {
        var changed: [TileAddress: [TreeHash]] = [:]
        for leaf in leafHashes {
            var level = 0
            var hash = leaf
            var position = size    // of `hash` within its level
            while true {
                if partial.count <= level { partial.append([]) }
                partial[level].append(hash)
                let tileIndex = position / UInt64(TileAddress.width)
                if partial[level].count < TileAddress.width {
                    changed[TileAddress(level: level, index: tileIndex, width: partial[level].count)] = partial[level]
                    break
                }
                changed[TileAddress(level: level, index: tileIndex)] = partial[level]
                hash = MerkleTree.root(partial[level][...])
                partial[level] = []
                position = tileIndex
                level += 1
            }
            size += 1
        }
        // Of a partial tile only its last width counts: an earlier, narrower one is superseded by it.
        let newest = Dictionary(grouping: changed.keys) { TileKey(level: $0.level, index: $0.index) }
            .compactMap { $0.value.max { $0.width < $1.width } }
        return newest.map { Tile(address: $0, hashes: changed[$0] ?? []) }
            .sorted { ($0.address.level ?? -1, $0.address.index) < ($1.address.level ?? -1, $1.address.index) }
    }

    private struct TileKey: Hashable {
        let level: Int?
        let index: UInt64
    }
}
