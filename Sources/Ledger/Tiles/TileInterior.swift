/// The hashes of a tile as stored: its `count` hashes, and for a full tile its interior — the 255 nodes above
/// them, height by height (128 at height 1, 64 at height 2, … the tile's own root at height 8). With the
/// interior, the root of any aligned run of a tile's hashes is read, not hashed: an inclusion proof at 10^8
/// leaves would otherwise hash up to 255 nodes in each of its four tiles.
public struct TileHashes: Sendable, Hashable {
    /// `count` hashes of 32 bytes, back to back (a tile's served form).
    public let bytes: [UInt8]
    /// 255 hashes of 32 bytes, or nil (a partial tile; a full one stored before interiors were kept).
    public let interior: [UInt8]?

    public init(bytes: [UInt8], interior: [UInt8]? = nil) {
        self.bytes = bytes
        self.interior = interior?.count == Self.interiorSize ? interior : nil
    }

    public init(_ hashes: [TreeHash]) {
        self.init(bytes: hashes.flatMap { $0 })
    }

    static let interiorSize = 255 * 32

    public var count: Int { bytes.count / 32 }

    public subscript(position: Int) -> TreeHash { Array(bytes[(position * 32)..<(position * 32 + 32)]) }

    public var hashes: [TreeHash] { (0..<count).map { self[$0] } }

    /// MTH of the `span` hashes from `offset` (`span` a power of two, `offset` a multiple of it).
    public func root(offset: Int, span: Int) -> TreeHash {
        if span == 1 { return self[offset] }
        if let interior {
            let height = span.trailingZeroBitCount
            let node = Self.interiorStart(height: height) + offset >> height
            return Array(interior[(node * 32)..<(node * 32 + 32)])
        }
        return MerkleTree.root((offset..<(offset + span)).map { self[$0] }[...])
    }

    /// Where height `height` (1…8) begins in the interior, in hashes.
    static func interiorStart(height: Int) -> Int { TileAddress.width - (TileAddress.width >> (height - 1)) }

    /// The interior of a full tile (255 hashes, the last its root).
    public static func interior(of hashes: [TreeHash]) -> [UInt8] {
        precondition(hashes.count == TileAddress.width, "only a full tile has an interior")
        var nodes: [UInt8] = []
        nodes.reserveCapacity(interiorSize)
        var row = hashes
        while row.count > 1 {
            row = stride(from: 0, to: row.count, by: 2).map { MerkleTree.nodeHash(row[$0], row[$0 + 1]) }
            for node in row { nodes += node }
        }
        return nodes
    }
}
