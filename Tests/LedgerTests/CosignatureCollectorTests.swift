import Foundation
import HubKit
import HubTestSupport
import Logging
import Testing
@testable import Ledger

/// The log side of witnessing, on every engine: the collector submits the newest checkpoint with the right
/// consistency proof, recovers from a 409, keeps only cosignatures by the configured key, and the published
/// checkpoint (and the proofs built on it) carry them.
@Suite struct CosignatureCollectorTests {
    static let migrations = [Journal.migration, HubMeta.migration] + LedgerMigrations.all
    static let admin = Principal(kind: .user, id: "admin", name: "admin", role: .admin, departmentID: nil)

    struct Unreachable: Error {}

    /// Calls witnesses in-process by URL, answering as the HTTP route would; an unknown URL is a dead host.
    struct InProcessTransport: WitnessTransport {
        let witnesses: [String: LogWitness]

        func post(_ body: String, to url: String, timeout: Duration) async throws -> WitnessReply {
            guard let witness = witnesses[url] else { throw Unreachable() }
            do {
                switch try await witness.addCheckpoint(Array(body.utf8)) {
                case .cosigned(let line): return WitnessReply(status: 200, contentType: "text/plain; charset=utf-8", body: line.line)
                case .conflict(let size): return WitnessReply(status: 409, contentType: "text/x.tlog.size", body: "\(size)\n")
                case .refused(let problem): return WitnessReply(status: problem.status, contentType: "application/problem+json", body: problem.code)
                }
            } catch let problem as WitnessProblem {
                return WitnessReply(status: problem.status, contentType: "application/problem+json", body: problem.code)
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func collector_gathersCosignatures_recoversFrom409_andPublishesThem(engine: DatabaseEngine) async throws {
        let logDB = try await TestDatabases.open(engine, migrations: Self.migrations)
        let witnessDB = try await TestDatabases.open(engine, migrations: Self.migrations)
        defer { Task { await logDB.close(); await witnessDB.close() } }
        let signer = try NoteSigner(name: "test.example/ledger", privateKey: .init())
        let sequencer = LedgerSequencer(store: LedgerStore(database: logDB, salt: Array(repeating: 2, count: 32)), signer: signer)
        let cosigner = try Cosigner(name: "other.example/witness", privateKey: .init())
        let witness = LogWitness(store: WitnessStore(database: witnessDB), cosigner: cosigner)
        _ = try await witness.store.add(TrustedLog(origin: signer.name, keys: [signer.verifierKey]), by: Self.admin)
        let cosigning = CosigningStore(database: logDB)
        let collector = CosignatureCollector(ledger: sequencer.store, store: cosigning,
                                             transport: InProcessTransport(witnesses: ["http://other.test/witness/add-checkpoint": witness]))
        let logger = TestDatabases.logger
        #expect(try await collector.collectOnce(logger: logger).isEmpty)       // no witness yet
        _ = try await cosigning.add(key: cosigner.verifierKey, url: "http://other.test/witness", by: Self.admin)
        #expect(try await collector.collectOnce(logger: logger).isEmpty)       // no checkpoint yet

        try await LedgerSequencerTests.appendEvents(5, from: 0, to: logDB)
        try await sequencer.catchUp()
        let size = try await sequencer.store.state().size
        #expect(size == 6)                                                     // the witness's own event and five more
        #expect(try await collector.collectOnce(logger: logger) == ["other.example/witness": .cosigned(size: 6)])
        let policy = try WitnessPolicy(witnesses: [cosigner.verifierKey])
        let published = try SignedNote(parsing: try #require(try await sequencer.store.publishedCheckpoint()))
        #expect(try published.verified(by: [signer.verifierKey, cosigner.verifierKey]).count == 2)
        #expect(try policy.check(published).count == 1)
        #expect(try await collector.collectOnce(logger: logger) == ["other.example/witness": .upToDate])

        // More entries: the next submission proves consistency from 6, and the witness follows.
        try await LedgerSequencerTests.appendEvents(7, from: 5, to: logDB)
        try await sequencer.catchUp()
        #expect(try await collector.collectOnce(logger: logger) == ["other.example/witness": .cosigned(size: 13)])
        let held = try #require(try await witness.store.cosignedCheckpoint(originHash: TrustedLog.originHash(signer.name)))
        #expect(try Checkpoint(parsing: try SignedNote(parsing: held).text).size == 13)

        // The log forgets what the witness has (a restored backup): the witness's 409 names 13 and the retry works.
        try await logDB.write { tx in
            try await tx.sql.raw("UPDATE ledger_witnesses SET known_size = 2, cosigned_size = NULL").run()
        }
        try await LedgerSequencerTests.appendEvents(2, from: 12, to: logDB)
        try await sequencer.catchUp()
        #expect(try await collector.collectOnce(logger: logger) == ["other.example/witness": .cosigned(size: 15)])
        #expect(try await cosigning.views().first?.knownSize == 15)

        // Proofs are made against the published checkpoint, cosignature included.
        let proof = try #require(try await sequencer.store.tlogProof(index: 3))
        #expect(proof.checkpoint.signatures.count == 2)
        #expect(try proof.verify(keys: [signer.verifierKey]).signers == [signer.verifierKey])
        #expect(try policy.check(proof.checkpoint).count == 1)

        // A witness that answers with someone else's key, and one that cannot be reached: both fail, are recorded,
        // and the published checkpoint keeps the valid cosignature.
        let impostor = try Cosigner(name: "impostor.example/witness", privateKey: .init())
        _ = try await cosigning.add(key: impostor.verifierKey, url: "http://other.test/witness", by: Self.admin)
        let stranger = try Cosigner(name: "dead.example/witness", privateKey: .init())
        _ = try await cosigning.add(key: stranger.verifierKey, url: "http://dead.test/witness", by: Self.admin)
        try await sequencer.catchUp()
        let first = try await collector.collectOnce(logger: logger)
        #expect(first["other.example/witness"] == .cosigned(size: 17))
        // (In the first round the impostor's submission races the real one at the same witness; by the second it
        // knows the witness's size and gets an answer, with the wrong key's line.)
        let results = try await collector.collectOnce(logger: logger)
        #expect(results["other.example/witness"] == .upToDate)
        guard case .failed(let why) = results["impostor.example/witness"] else { Issue.record("impostor accepted"); return }
        #expect(why.contains("impostor.example/witness"))
        guard case .failed = results["dead.example/witness"] else { Issue.record("dead witness answered"); return }
        let views = try await cosigning.views()
        #expect(views.first { $0.name == "impostor.example/witness" }?.lastError != nil)
        #expect(views.first { $0.name == "dead.example/witness" }?.lastError != nil)
        #expect(views.first { $0.name == "other.example/witness" }?.lastError == nil)
        let now = try SignedNote(parsing: try #require(try await sequencer.store.publishedCheckpoint()))
        #expect(try Checkpoint(parsing: now.text).size == 17)
        #expect(now.signatures.map(\.name) == [signer.name, "other.example/witness"])

        // Without witnesses the newest signed checkpoint is published again.
        for view in views { #expect(try await cosigning.remove(id: view.id, by: Self.admin)) }
        try await sequencer.catchUp()
        let plain = try SignedNote(parsing: try #require(try await sequencer.store.publishedCheckpoint()))
        let latest = try await sequencer.store.latestCheckpoint()
        #expect(plain.signatures.count == 1 && plain.serialized == latest)
    }
}
