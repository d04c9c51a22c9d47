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
            try await db.write { tx in
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
        let store = LedgerStore(database: db)
        let sequencer = LedgerSequencer(store: store, signer: signer, salt: salt, batchLimit: 100)

        try await Self.appendEvents(300, from: 0, to: db)
        #expect(try await sequencer.catchUp() == 300)
        // A second sequencer over the same tables (a restart) goes on where the first stopped.
        try await Self.appendEvents(70, from: 300, to: db)
        let restarted = LedgerSequencer(store: store, signer: signer, salt: salt, batchLimit: 64)
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
