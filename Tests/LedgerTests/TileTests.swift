import Foundation
import HubKit
import Testing
@testable import Ledger

/// C2SP tlog-tiles paths, the tiles at a tree's right edge, and entry bundles.
@Suite struct TileTests {
    @Test(arguments: [
        (TileAddress(level: 0, index: 1_234_067), "tile/0/x001/x234/067"),
        (TileAddress(level: 0, index: 0, width: 1), "tile/0/000.p/1"),
        (TileAddress(level: 2, index: 999), "tile/2/999"),
        (TileAddress(level: 1, index: 1000, width: 17), "tile/1/x001/000.p/17"),
        (TileAddress(level: nil, index: 273, width: 112), "tile/entries/273.p/112"),
        (TileAddress(level: 63, index: 1_000_000_000), "tile/63/x001/x000/x000/000"),
    ])
    func paths_areWrittenAndReadBack(address: TileAddress, path: String) {
        #expect(address.path == path)
        #expect(TileAddress(path: path) == address)
    }

    @Test(arguments: [
        "tile/0/1", "tile/0/01", "tile/0/0001", "tile/00/000", "tile/64/000", "tile/-1/000", "tile/0/001/234",
        "tile/0/x000/001", "tile/0/000.p/0", "tile/0/000.p/256", "tile/0/000.p/01", "tile/0/000.p", "tile/0/x001",
        "tiles/0/000", "tile/entries/x1/000", "tile/0/00a", "tile/0/000.p/1/2", "tile", "tile/0/",
    ])
    func malformedPaths_areRefused(path: String) {
        #expect(TileAddress(path: path) == nil)
    }

    @Test func rightEdge_followsTheSpecificationsExamples() {
        #expect(TileAddress.rightEdge(ofTreeOfSize: 70_000) == [
            TileAddress(level: 0, index: 273, width: 112), TileAddress(level: nil, index: 273, width: 112),
            TileAddress(level: 1, index: 1, width: 17), TileAddress(level: 2, index: 0, width: 1),
        ])
        #expect(TileAddress.rightEdge(ofTreeOfSize: 256) == [
            TileAddress(level: 0, index: 0), TileAddress(level: nil, index: 0), TileAddress(level: 1, index: 0, width: 1),
        ])
        #expect(TileAddress.rightEdge(ofTreeOfSize: 0).isEmpty)
    }

    /// A full tile's hashes, hashed as a tree, are the next level's hash of the same range (tiles are subtrees).
    @Test func aFullTilesRoot_isTheMerkleHashOfItsRange() {
        let leaves = (0..<512).map { MerkleTree.leafHash([UInt8(truncatingIfNeeded: $0), UInt8($0 >> 8)]) }
        let levelOne = [MerkleTree.root(leaves[0..<256]), MerkleTree.root(leaves[256..<512])]
        #expect(MerkleTree.root(levelOne[...]) == MerkleTree.root(leaves[...]))
    }

    @Test func entryBundles_roundTrip_andTruncationIsNamed() throws {
        let entries: [[UInt8]] = [[], [1, 2, 3], Array(repeating: 9, count: 300)]
        let bundle = try EntryBundle.encode(entries)
        #expect(bundle.count == 2 + 5 + 302)
        #expect(try EntryBundle.decode(bundle) == entries)
        #expect(throws: EntryBundle.truncated) { try EntryBundle.decode(Array(bundle.dropLast())) }
        #expect(throws: EntryBundle.truncated) { try EntryBundle.decode([0]) }
        #expect { try EntryBundle.encode([Array(repeating: 0, count: 65_536)]) } throws: { ($0 as? NoteFault)?.code == "ENTRY_TOO_LARGE" }
    }
}

/// The log's edge and tiles, grown leaf by leaf, agree with the Merkle tree computed from all leaves at once.
@Suite struct LogGrowthTests {
    static func leaves(_ count: Int) -> [TreeHash] {
        (0..<count).map { MerkleTree.leafHash([UInt8(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: $0 >> 8), UInt8($0 >> 16)]) }
    }

    @Test func edgeRoot_matchesTheTreeRoot_atEverySize() {
        let leaves = Self.leaves(600)
        var edge = LogEdge()
        #expect(edge.root == MerkleTree.root([]))
        for (count, leaf) in leaves.enumerated() {
            edge.append(leaf)
            #expect(edge.size == UInt64(count + 1))
            #expect(edge.root == MerkleTree.root(leaves[0...count]), "size \(count + 1)")
        }
        #expect(LogEdge(text: edge.text) == edge)
        #expect(LogEdge(text: "0:AAAA") == nil)
        #expect(LogEdge(text: "1:\(Data(repeating: 0, count: 32).base64EncodedString()) 3:\(Data(repeating: 0, count: 32).base64EncodedString())") == nil)
    }

    /// 65,793 leaves: full tiles on levels 0 and 1, and a partial one on level 2.
    @Test func tiles_holdTheTreesHashes_andResumeFromTheirPartialTiles() {
        let leaves = Self.leaves(65_793)
        var builder = TileBuilder()
        var stored: [TileAddress: [TreeHash]] = [:]
        // In uneven batches, and once restarted from what was stored.
        var start = 0
        for (round, batch) in [1, 255, 300, 20_000, 45_237].enumerated() {
            if round == 3 {
                let size = builder.size
                let partial = (0..<3).map { level -> [TreeHash] in
                    let address = TileAddress(level: level, index: size >> (8 * UInt64(level + 1)),
                                              width: Int(size >> (8 * UInt64(level)) % 256))
                    return address.width == 0 ? [] : stored[address] ?? []
                }
                builder = TileBuilder(size: builder.size, partial: partial)
            }
            for tile in builder.append(leaves[start..<(start + batch)]) { stored[tile.address] = tile.hashes }
            start += batch
        }
        #expect(builder.size == 65_793)
        #expect(stored[TileAddress(level: 0, index: 0)] == Array(leaves[0..<256]))
        #expect(stored[TileAddress(level: 0, index: 257, width: 1)] == [leaves[65_792]])
        #expect(stored[TileAddress(level: 1, index: 0)]?[3] == MerkleTree.root(leaves[768..<1024]))
        #expect(stored[TileAddress(level: 2, index: 0, width: 1)] == [MerkleTree.root(leaves[0..<65_536])])
        #expect(stored[TileAddress(level: 1, index: 1, width: 1)] == [MerkleTree.root(leaves[65_536..<65_792])])
        // Every full level-0 tile is stored once, with exactly its leaves.
        for index in 0..<257 { #expect(stored[TileAddress(level: 0, index: UInt64(index))] == Array(leaves[(index * 256)..<(index * 256 + 256)])) }
    }
}

/// A full tile's interior holds the root of every aligned run of its hashes.
@Suite struct TileInteriorTests {
    @Test func everyInteriorNode_isTheRootOfItsRun() {
        let leaves = LogGrowthTests.leaves(256)
        let tile = TileHashes(bytes: leaves.flatMap { $0 }, interior: TileHashes.interior(of: leaves))
        #expect(tile.interior?.count == 255 * 32)
        for height in 1...8 {
            let span = 1 << height
            for offset in stride(from: 0, to: 256, by: span) {
                #expect(tile.root(offset: offset, span: span) == MerkleTree.root(leaves[offset..<(offset + span)]), "height \(height) at \(offset)")
            }
        }
        // A damaged interior (wrong length) is not used.
        #expect(TileHashes(bytes: tile.bytes, interior: Array(tile.interior?.dropLast() ?? [])).interior == nil)
    }
}

/// Proofs computed from tiles are exactly the proofs computed from all leaves, for the current size and for any
/// earlier one (whose right-edge tiles are served by the wider tiles stored since).
@Suite struct TiledProofTests {
    @Test func proofsFromTiles_equalProofsFromLeaves() async throws {
        let leaves = LogGrowthTests.leaves(66_000)
        var builder = TileBuilder()
        var stored: [TileAddress: TileHashes] = [:]
        for tile in builder.append(leaves) { stored[tile.address] = TileHashes(bytes: tile.hashes.flatMap { $0 }, interior: tile.interior) }
        #expect(stored.values.allSatisfy { ($0.interior != nil) == ($0.count == 256) })
        // Proofs read from interiors, and hashed up without them, are the same.
        let tiles = stored, bare = stored.mapValues { TileHashes(bytes: $0.bytes) }
        let source: TiledTree.TileSource = { level, index, count in
            tiles.filter { $0.key.level == level && $0.key.index == index && $0.key.width >= count }
                .min { $0.key.width < $1.key.width }?.value
        }
        let bareSource: TiledTree.TileSource = { level, index, count in
            bare.filter { $0.key.level == level && $0.key.index == index && $0.key.width >= count }
                .min { $0.key.width < $1.key.width }?.value
        }
        var random = SplitMix64(seed: 11)
        // The reference proofs hash every leaf again, so large trees get fewer of them.
        for size in [1, 2, 3, 255, 256, 257, 1000, 65_536, 65_537, 66_000, Int(random.next() % 66_000) + 1] {
            var tree = TiledTree(size: UInt64(size), source: source)
            var hashedUp = TiledTree(size: UInt64(size), source: bareSource)
            #expect(try await tree.root() == MerkleTree.root(leaves[0..<size]), "size \(size)")
            #expect(try await hashedUp.inclusionProof(index: UInt64(size / 2)) == (try await tree.inclusionProof(index: UInt64(size / 2))))
            for index in size <= 1000 ? [0, size / 3, size - 1] : [size - 1] {
                #expect(try await tree.inclusionProof(index: UInt64(index)) == MerkleTree.inclusionProof(index: index, leaves[0..<size]),
                        "inclusion \(index) of \(size)")
            }
            for old in [size / 2, size - 1] where old > 0 && old < size && (size <= 1000 || old == size / 2) {
                #expect(try await tree.consistencyProof(oldSize: UInt64(old)) == MerkleTree.consistencyProof(oldSize: old, leaves[0..<size]),
                        "consistency \(old) → \(size)")
            }
        }
    }
}
