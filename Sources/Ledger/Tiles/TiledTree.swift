/// Any subtree hash, inclusion proof or consistency proof of a log of `size` leaves, computed from its tiles
/// (RFC 9162 §2.1.3 and §2.1.4 over ranges of leaves), fetching each tile once. A tile is asked for by level,
/// index and the number of hashes needed from its start; a wider version of it serves as well, the log being
/// append-only. With the log's right edge at this size (`LogEdge`), subtrees that end at the right edge are
/// folded from it instead of hashed up from the partial tiles.
public struct TiledTree {
    public typealias TileSource = (_ level: Int, _ index: UInt64, _ atLeast: Int) async throws -> TileHashes?

    public let size: UInt64
    private let source: TileSource
    private var tiles: [TileKey: TileHashes] = [:]
    private let folds: EdgeFolds?

    public init(size: UInt64, folds: EdgeFolds? = nil, source: @escaping TileSource) {
        self.size = size
        self.source = source
        self.folds = folds?.size == size ? folds : nil
    }

    public init(size: UInt64, edge: LogEdge, source: @escaping TileSource) {
        self.init(size: size, folds: EdgeFolds(edge), source: source)
    }

    /// The audit path of leaf `index` (nearest sibling first), as `MerkleTree.inclusionProof` gives it.
    public mutating func inclusionProof(index: UInt64) async throws -> [TreeHash] {
        guard index < size else { return [] }
        return try await path(index, 0, size)
    }

    /// The proof that the tree of `oldSize` leaves is a prefix of this one.
    public mutating func consistencyProof(oldSize: UInt64) async throws -> [TreeHash] {
        guard oldSize > 0, oldSize < size else { return [] }
        return try await subproof(oldSize, 0, size, complete: true)
    }

    public mutating func leafHash(_ index: UInt64) async throws -> TreeHash { try await hash(index, index + 1) }

    public mutating func root() async throws -> TreeHash {
        size == 0 ? MerkleTree.root([]) : try await hash(0, size)
    }

    private mutating func path(_ m: UInt64, _ lo: UInt64, _ hi: UInt64) async throws -> [TreeHash] {
        guard hi - lo > 1 else { return [] }
        let k = Self.largestPowerOfTwo(below: hi - lo)
        if m < lo + k { return try await path(m, lo, lo + k) + [try await hash(lo + k, hi)] }
        return try await path(m, lo + k, hi) + [try await hash(lo, lo + k)]
    }

    private mutating func subproof(_ m: UInt64, _ lo: UInt64, _ hi: UInt64, complete: Bool) async throws -> [TreeHash] {
        if lo + m == hi { return complete ? [] : [try await hash(lo, hi)] }
        let k = Self.largestPowerOfTwo(below: hi - lo)
        if m <= k { return try await subproof(m, lo, lo + k, complete: complete) + [try await hash(lo + k, hi)] }
        return try await subproof(m - k, lo + k, hi, complete: false) + [try await hash(lo, lo + k)]
    }

    /// MTH(D[lo..<hi]).
    mutating func hash(_ lo: UInt64, _ hi: UInt64) async throws -> TreeHash {
        if hi == size, let folded = folds?[lo] { return folded }
        let n = hi - lo
        if n & (n - 1) == 0, lo % n == 0 { return try await perfect(height: n.trailingZeroBitCount, index: lo / n) }
        let k = Self.largestPowerOfTwo(below: n)
        return MerkleTree.nodeHash(try await hash(lo, lo + k), try await hash(lo + k, hi))
    }

    /// The root of the perfect subtree of `height` that is the `index`-th of its height: 2^(height mod 8)
    /// consecutive hashes of tile level height / 8, hashed up.
    private mutating func perfect(height: Int, index: UInt64) async throws -> TreeHash {
        let level = height / 8, span = 1 << (height % 8)
        let first = index << UInt64(height % 8)
        let tileIndex = first / 256, offset = Int(first % 256)
        let tile = try await self.tile(level: level, index: tileIndex, atLeast: offset + span)
        return tile.root(offset: offset, span: span)
    }

    private mutating func tile(level: Int, index: UInt64, atLeast count: Int) async throws -> TileHashes {
        let key = TileKey(level: level, index: index)
        if let known = tiles[key], known.count >= count { return known }
        guard let hashes = try await source(level, index, count), hashes.count >= count else {
            throw LedgerProblem.damaged(TileAddress(level: level, index: index, width: count).path)
        }
        tiles[key] = hashes
        return hashes
    }

    static func largestPowerOfTwo(below n: UInt64) -> UInt64 {
        var k: UInt64 = 1
        while k << 1 < n { k <<= 1 }
        return k
    }

    private struct TileKey: Hashable {
        let level: Int
        let index: UInt64
    }
}

/// MTH(D[lo..<size]) of a log for each `lo` where one of the perfect subtrees of its right edge starts: every
/// subtree a proof needs that ends at the edge. Made once per size, from the edge alone.
public struct EdgeFolds: Sendable {
    public let size: UInt64
    private let folds: [UInt64: TreeHash]

    public init(_ edge: LogEdge) {
        size = edge.size
        var folds: [UInt64: TreeHash] = [:]
        var end = edge.size
        var suffix: TreeHash?
        for node in edge.nodes.reversed() {
            end -= 1 << UInt64(node.height)
            let folded = suffix.map { MerkleTree.nodeHash(node.hash, $0) } ?? node.hash
            folds[end] = folded
            suffix = folded
        }
        self.folds = folds
    }

    subscript(lo: UInt64) -> TreeHash? { folds[lo] }
}
