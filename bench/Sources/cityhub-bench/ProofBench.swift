import Foundation
import HubKit
import Ledger
import Logging

/// Inclusion proofs at scale: a tree of `leaves` synthetic leaves (leaf i is the leaf hash of i as 8 bytes) is
/// grown with the sequencer's `TileBuilder` and stored as the sequencer stores it — full tiles with their
/// interiors, the right edge's partial tiles — in a SQLite file; then `count` proofs of random leaves are
/// generated from the stored tiles, one read transaction each as the routes do, and verified as a client does.
func proofBench(directory: String, leaves: UInt64, count: Int) async throws {
    var logger = Logger(label: "proof-bench")
    logger.logLevel = .warning
    let path = directory + "/proofs-\(leaves).sqlite"
    let existed = FileManager.default.fileExists(atPath: path)
    let database = try await HubDatabase.open(.sqlite(path: path), logger: logger)
    try await Migrator.run([Journal.migration] + LedgerMigrations.all, on: database, logger: logger)
    let store = LedgerStore(database: database, salt: Array(repeating: 0, count: 32))
    func leaf(_ i: UInt64) -> TreeHash { MerkleTree.leafHash(withUnsafeBytes(of: i.bigEndian) { Array($0) }) }

    // (1) The tree, unless an earlier run left it (10^8 leaves take minutes to hash and store).
    var edge = LogEdge()
    if !existed {
        let started = ContinuousClock.now
        var builder = TileBuilder()
        let chunk: UInt64 = 65_536
        var next: UInt64 = 0
        while next < leaves {
            let end = min(next + chunk, leaves)
            let hashes = (next..<end).map(leaf)
            for hash in hashes { edge.append(hash) }
            let tiles = builder.append(hashes)
            try await database.write { tx in
                for tile in tiles { try await store.insert(tile, in: tx) }
            }
            next = end
            if next % (chunk * 160) == 0 { print("  stored \(next) leaves…") }
        }
        try await database.write { tx in
            try await tx.sql.raw("UPDATE ledger_state SET size = \(bind: Int64(leaves)), edge = \(bind: edge.text)").run()
        }
        print(String(format: "tree: %d leaves hashed and stored as tiles in %.0f s", leaves, seconds(ContinuousClock.now - started)))
    }
    // The hub reads its state (and so the edge) before a proof; so does this.
    _ = try await store.state()
    var rooted = store.tree(size: leaves)
    let root = try await rooted.root()

    // (2) Proofs of random leaves, after as many again on other leaves have brought the tiles above the leaves
    // into memory, as a running hub's would be (leaf tiles are too many: almost every proof reads its own).
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<count {
        var tree = store.tree(size: leaves)
        _ = try await tree.inclusionProof(index: UInt64.random(in: 0..<leaves, using: &generator))
    }
    let indices = (0..<count).map { _ in UInt64.random(in: 0..<leaves, using: &generator) }
    var generate: [Double] = [], verify: [Double] = []
    var failures = 0
    for index in indices {
        let started = ContinuousClock.now
        var tree = store.tree(size: leaves)
        let proof = try await tree.inclusionProof(index: index)
        let generated = ContinuousClock.now
        let leafHash = leaf(index)
        let verifyStarted = ContinuousClock.now
        let valid = MerkleProof.verifyInclusion(leafHash: leafHash, index: Int(index), size: Int(leaves), proof: proof, root: root)
        let verified = ContinuousClock.now
        if !valid { failures += 1 }
        generate.append(seconds(generated - started) * 1e6)
        verify.append(seconds(verified - verifyStarted) * 1e6)
    }
    func summary(_ values: [Double]) -> String {
        let sorted = values.sorted()
        func at(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
        return String(format: "mean %.1f µs, p50 %.1f µs, p99 %.1f µs", values.reduce(0, +) / Double(values.count), at(0.5), at(0.99))
    }
    // For scale: a read that does nothing, there and back to a reader's thread (tiles are read without the trip).
    var trips: [Double] = []
    for _ in 0..<count {
        let started = ContinuousClock.now
        _ = try await database.read { _ in 0 }
        trips.append(seconds(ContinuousClock.now - started) * 1e6)
    }
    var tileTrips: [Double] = [], tileQueries: [Double] = []
    for index in indices.prefix(count) {
        let started = ContinuousClock.now
        let inner = try await database.readMapped { sql in
            let begun = ContinuousClock.now
            _ = try await store.tileHashes(level: 0, index: index / 256, atLeast: 1, on: sql)
            return seconds(ContinuousClock.now - begun) * 1e6
        }
        tileTrips.append(seconds(ContinuousClock.now - started) * 1e6)
        tileQueries.append(inner)
    }
    print("  (a leaf tile read: \(summary(tileTrips)); of which the query \(summary(tileQueries)))")
    print("inclusion proofs at \(leaves) leaves, \(count) random leaves (\(failures) failed to verify):")
    print("  generated from stored tiles: \(summary(generate))")
    print("  verified:                    \(summary(verify))")
    print("  (for scale, an empty read on a reader's thread: \(summary(trips)))")
    await database.close()
    if failures > 0 { exit(1) }
}

private func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}
