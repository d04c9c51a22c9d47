import Foundation
import HubKit
import HubTestSupport
import Testing
@testable import Ledger

/// The sequencer against a real journal, on every engine: what it integrates is exactly the journal, in order,
/// provable from the stored tiles, signed, and resumed after a restart.
@Suite struct LedgerSequencerTests {
    static let migrations = [Journal.migration, HubMeta.migration] + LedgerMigrations.all

    static func appendEvents(_ count: Int, from start: Int, to db: HubDatabase) async throws {
        for n in start..<(start + count) {
            _ = try await db.write { tx in
                try await Journal.append(try NewEvent(kind: "test.happened", subject: "t:\(n)", actor: "system",
                                                      payload: ["n": String(n), "phone": "1380013\(n)"]), in: tx, clock: .system)
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func theLedger_holdsTheJournal_provably_andResumes(engine: DatabaseEngine) async throws {
        let db = try await TestDatabases.open(engine, migrations: Self.migrations)
        defer { Task { await db.close() } }
        let signer = try NoteSigner(name: "test.example/ledger", privateKey: .init())
        let salt = Array(repeating: UInt8(1), count: 32)
        let store = LedgerStore(database: db, salt: salt)
        let sequencer = LedgerSequencer(store: store, signer: signer, batchLimit: 100)

        try await Self.appendEvents(300, from: 0, to: db)
        #expect(try await sequencer.catchUp() == 300)
        // A second sequencer over the same tables (a restart) goes on where the first stopped.
        try await Self.appendEvents(70, from: 300, to: db)
        let restarted = LedgerSequencer(store: store, signer: signer, batchLimit: 64)
        #expect(try await restarted.catchUp() == 70)
        #expect(try await restarted.catchUp() == 0)

        let events = try await db.read { try await Journal.events(after: 0, limit: 1000, on: $0) }
        let entries = try events.map { try LedgerEntry.encode($0, salt: salt) }
        let leaves = entries.map(MerkleTree.leafHash)
        let state = try await store.state()
        #expect(state.size == UInt64(events.count))
        #expect(state.edge.root == MerkleTree.root(leaves[...]))

        // The checkpoint is signed, verifies with the printed key and names that root.
        let served = try #require(try await store.latestCheckpoint())
        let note = try SignedNote(parsing: served)
        #expect(try note.verified(by: [VerifierKey(parsing: signer.verifierKey.text)]).count == 1)
        let checkpoint = try Checkpoint(parsing: note.text)
        #expect(checkpoint.size == UInt64(events.count) && checkpoint.rootHash == Data(MerkleTree.root(leaves[...])))

        // Tiles and bundles as tlog-tiles serves them: full, partial at the current size, and the level above.
        let size = events.count
        #expect(try await store.tile(TileAddress(level: 0, index: 0)) == leaves[0..<256].flatMap { $0 })
        #expect(try await store.tile(TileAddress(level: 0, index: 1, width: size - 256)) == leaves[256...].flatMap { $0 })
        #expect(try await store.tile(TileAddress(level: 1, index: 0, width: 1)) == MerkleTree.root(leaves[0..<256]))
        #expect(try EntryBundle.decode(try #require(try await store.tile(TileAddress(level: nil, index: 0)))) == Array(entries[0..<256]))
        #expect(try EntryBundle.decode(try #require(try await store.tile(TileAddress(level: nil, index: 1, width: size - 256))))
                == Array(entries[256...]))
        // Personal fields are not in the log.
        #expect(!entries.contains { String(decoding: $0, as: UTF8.self).contains("1380013") })
    }
}

extension LedgerSequencerTests {
    /// An intact ledger audits clean; editing one event row, one tile or one checkpoint is named with where.
    @Test(arguments: TestDatabases.engines)
    func audit_namesEveryEdit(engine: DatabaseEngine) async throws {
        let db = try await TestDatabases.open(engine, migrations: Self.migrations)
        defer { Task { await db.close() } }
        let signer = try NoteSigner(name: "test.example/ledger", privateKey: .init())
        let sequencer = LedgerSequencer(store: LedgerStore(database: db, salt: Array(repeating: 2, count: 32)), signer: signer,
                                        batchLimit: 120, historyInterval: .zero)
        try await Self.appendEvents(300, from: 0, to: db)
        try await sequencer.catchUp()
        let clean = try await sequencer.audit.run()
        // Three kept in the history (120, 240, 300) and the newest in the state row.
        #expect(clean.findings.isEmpty && clean.entries == 300 && clean.checkpoints == 4)

        // One journal row edited: its leaf and every later checkpoint no longer match; the tiles still hash up, so
        // the event is named.
        try await db.write { tx in try await tx.sql.raw("UPDATE journal SET payload = '{\"n\":\"x\"}' WHERE seq = 42").run() }
        let edited = try await sequencer.audit.run()
        #expect(edited.findings.contains { $0.code == "EVENT_DIFFERS" && $0.location.hasPrefix("tile/0/000, leaf 41 (journal seq 42)") })
        #expect(!edited.findings.contains { $0.code == "TILE_DIFFERS" && $0.location.hasPrefix("tile/0/") })
        #expect(edited.findings.contains { $0.code == "CHECKPOINT_ROOT" && $0.location == "checkpoint 120" })
        try await db.write { tx in
            try await tx.sql.raw("UPDATE journal SET payload = \(bind: #"{"n":"41","phone":"138001341"}"#) WHERE seq = 42").run()
        }
        #expect(try await sequencer.audit.run().findings.isEmpty)

        // One tile edited.
        let tile = try #require(try await sequencer.store.tile(TileAddress(level: 0, index: 1, width: 44)))
        var bent = tile
        bent[40] ^= 1
        try await db.write { tx in
            try await tx.sql.raw("UPDATE ledger_tiles SET data = \(bind: Data(bent)) WHERE level = 0 AND idx = 1 AND width = 44").run()
        }
        let tiled = try await sequencer.audit.run()
        #expect(tiled.findings.map(\.code) == ["TILE_DIFFERS"])
        #expect(tiled.findings.first?.location.hasPrefix("tile/0/001.p/44, leaf 257") == true)
        try await db.write { tx in
            try await tx.sql.raw("UPDATE ledger_tiles SET data = \(bind: Data(tile)) WHERE level = 0 AND idx = 1 AND width = 44").run()
        }

        // A full tile's interior edited: proofs read from it would be wrong.
        try await db.write { tx in
            try await tx.sql.raw("UPDATE ledger_tiles SET interior = \(bind: Data(repeating: 7, count: 255 * 32)) WHERE level = 0 AND idx = 0 AND width = 256").run()
        }
        let interior = try await sequencer.audit.run()
        #expect(interior.findings.map { "\($0.code) \($0.location)" } == ["TILE_INTERIOR_DIFFERS tile/0/000"])
        let leaves = try await db.read { sql in try await sequencer.store.hashes(level: 0, index: 0, atLeast: 256, on: sql) } ?? []
        try await db.write { tx in
            try await tx.sql.raw("UPDATE ledger_tiles SET interior = \(bind: Data(TileHashes.interior(of: leaves))) WHERE level = 0 AND idx = 0 AND width = 256").run()
        }

        // One checkpoint edited (a bigger size claimed): its signature no longer verifies.
        try await db.write { tx in
            try await tx.sql.raw("UPDATE ledger_checkpoints SET note = replace(note, '\n240\n', '\n241\n') WHERE size = 240").run()
        }
        let signed = try await sequencer.audit.run()
        #expect(signed.findings.map(\.code) == ["CHECKPOINT_SIGNATURE"])
        #expect(signed.findings.first?.location == "checkpoint 240")
        try await db.write { tx in
            try await tx.sql.raw("UPDATE ledger_checkpoints SET note = replace(note, '\n241\n', '\n240\n') WHERE size = 240").run()
        }

        // The newest checkpoint, served from the state row, re-signed with another key.
        let forger = try NoteSigner(name: "test.example/ledger", privateKey: .init())
        let state = try await sequencer.store.state()
        let forged = try forger.sign(try SignedNote(parsing: state.checkpoint).text).serialized
        try await db.write { tx in try await tx.sql.raw("UPDATE ledger_state SET checkpoint = \(bind: forged)").run() }
        let newest = try await sequencer.audit.run()
        #expect(newest.findings.map(\.code) == ["CHECKPOINT_SIGNATURE"])
        #expect(newest.findings.first?.location == "checkpoint 300 (ledger_state)")
    }

    /// A checkpoint is signed for every batch and served at once, but the history keeps one per interval.
    @Test(arguments: TestDatabases.engines)
    func theHistory_keepsOneCheckpointPerInterval(engine: DatabaseEngine) async throws {
        let db = try await TestDatabases.open(engine, migrations: Self.migrations)
        defer { Task { await db.close() } }
        let signer = try NoteSigner(name: "test.example/ledger", privateKey: .init())
        let sequencer = LedgerSequencer(store: LedgerStore(database: db, salt: Array(repeating: 3, count: 32)), signer: signer,
                                        batchLimit: 50, historyInterval: .seconds(3600))
        try await Self.appendEvents(120, from: 0, to: db)
        #expect(try await sequencer.catchUp() == 120)
        let kept = try await db.read { sql in
            try await sql.raw("SELECT size FROM ledger_checkpoints").all().map { try $0.decode(column: "size", as: Int64.self) }
        }
        #expect(kept == [50])
        let served = try Checkpoint(parsing: try SignedNote(parsing: try #require(try await sequencer.store.latestCheckpoint())).text)
        #expect(served.size == 120)
        #expect(try await sequencer.audit.run().findings.isEmpty)
    }
}
