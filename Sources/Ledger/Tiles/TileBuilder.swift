/// Grows the tlog-tiles of a log as leaf hashes are appended: the rightmost (partial) tile of each level in
/// memory, and every tile that an append fills or changes handed back to be stored. A full tile's Merkle root
/// becomes the next hash of the level above.
public struct TileBuilder: Sendable {
    public struct Tile: Sendable, Hashable {
        public let address: TileAddress
        public let hashes: [TreeHash]
        /// A full tile's interior (see `TileHashes`), made as it fills; nil for a partial one.
        public var interior: [UInt8]? = nil
    }

    /// The hashes of the rightmost tile of each level, level 0 first; empty when that tile is full or absent.
    public private(set) var partial: [[TreeHash]]
    public private(set) var size: UInt64

    /// Resumes a log of `size` leaves from its stored partial tiles (level 0 first; a level without one is empty).
    public init(size: UInt64 = 0, partial: [[TreeHash]] = []) {
        self.size = size
        self.partial = partial
    }

    /// Appends leaf hashes; returns the tiles that now differ from before: each tile filled on the way (once),
    /// and the rightmost tile of every level that grew, as it now stands.
    public mutating func append(_ leafHashes: some Sequence<TreeHash>) -> [Tile] {
        var tiles: [Tile] = []
        var grown = Set<Int>()
        for leaf in leafHashes {
            var level = 0
            var hash = leaf
            var position = size    // of `hash` within its level
            while true {
                if partial.count <= level { partial.append([]) }
                partial[level].append(hash)
                grown.insert(level)
                let tileIndex = position / UInt64(TileAddress.width)
                guard partial[level].count == TileAddress.width else { break }
                let interior = TileHashes.interior(of: partial[level])
                tiles.append(Tile(address: TileAddress(level: level, index: tileIndex), hashes: partial[level], interior: interior))
                hash = Array(interior.suffix(32))
                partial[level] = []
                position = tileIndex
                level += 1
            }
            size += 1
        }
        for level in grown.sorted() where !partial[level].isEmpty {
            let index = (size >> (8 * UInt64(level))) / UInt64(TileAddress.width)
            tiles.append(Tile(address: TileAddress(level: level, index: index, width: partial[level].count), hashes: partial[level]))
        }
        return tiles.sorted { ($0.address.level ?? -1, $0.address.index) < ($1.address.level ?? -1, $1.address.index) }
    }
}
