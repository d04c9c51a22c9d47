import Foundation
import HubKit
@testable import HubServer
import HubTestSupport
import Hummingbird
import HummingbirdTesting
import Ledger
import Testing

/// The hub as a C2SP tlog-witness over HTTP, on both engines: every status code `add-checkpoint` can answer,
/// the monitoring read, state that survives a restart, and the race the specification warns about.
@Suite struct WitnessRouteTests {
    static let admin = Principal(kind: .user, id: "admin", name: "admin", role: .admin, departmentID: nil)

    /// A hub that witnesses `log`.
    static func hub(witnessing log: TestLog, _ engine: DatabaseEngine,
                    configure: (inout HubConfiguration) -> Void = { _ in }) async throws -> TestHub {
        let hub = try await TestHub.start(engine, configure: configure)
        if try await hub.services.witness.store.trustedLog(origin: log.origin) == nil {
            _ = try await hub.services.witness.store.add(TrustedLog(origin: log.origin, keys: [log.key]), by: admin)
        }
        return hub
    }

    static func submit(_ body: String, to client: any TestClientProtocol) async throws -> TestResponse {
        try await client.executeRequest(uri: "/witness/add-checkpoint", method: .post, headers: [:], body: ByteBuffer(string: body))
    }

    static func monitoring(_ log: TestLog) -> String { "/witness/\(TrustedLog.originHash(log.origin))/checkpoint" }

    @Test(arguments: TestDatabases.engines)
    func addCheckpoint_cosigns_persists_andSurvivesReopening(engine: DatabaseEngine) async throws {
        var log = try TestLog(origin: "other.example/log", leaves: 12)
        let hub = try await Self.hub(witnessing: log, engine)
        let database = hub.services.configuration.database, dataDirectory = hub.services.configuration.dataDirectory
        let witnessKey = hub.services.witness.cosigner.verifierKey
        let before = try await hub.journalHead()
        let first = log
        try await hub.run { client in
            try await client.execute(uri: Self.monitoring(first), method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.problem?.code == "NOT_COSIGNED")
            }
            let response = try await Self.submit(try first.body(old: 0, size: 5), to: client)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/plain; charset=utf-8")
            let line = String(buffer: response.body)
            // The answer appended to the checkpoint is a note the witness's key verifies.
            let cosigned = try SignedNote(parsing: try first.note(size: 5).text + "\n" + line)
            #expect(try cosigned.verified(by: [witnessKey]) == [witnessKey])
            #expect(try Cosignature.parseLines(line).count == 1)
            #expect(try await Self.submit(try first.body(old: 5, size: 12), to: client).status == .ok)
            try await client.execute(uri: Self.monitoring(first), method: .get) { response in
                #expect(response.status == .ok)
                let note = try SignedNote(parsing: String(buffer: response.body))
                #expect(try note.verified(by: [first.key, witnessKey]).count == 2)
                #expect(try Checkpoint(parsing: note.text).size == 12)
            }
        }
        // Cosigning is not a journal event (it happens every second per log); nothing was journaled.
        let reopened = try await TestHub.start(engine) {
            $0.database = database
            $0.dataDirectory = dataDirectory
        }
        #expect(try await reopened.journalHead() == before)
        #expect(reopened.services.witness.cosigner.verifierKey == witnessKey)
        log.grow(to: 20)
        let grown = log
        try await reopened.run { client in
            try await client.execute(uri: Self.monitoring(grown), method: .get) { response in
                let checkpoint = try Checkpoint(parsing: try SignedNote(parsing: String(buffer: response.body)).text)
                #expect(checkpoint.size == 12)
            }
            let stale = try await Self.submit(try grown.body(old: 5, size: 20), to: client)
            #expect(stale.status == .conflict)
            #expect(String(buffer: stale.body) == "12\n")
            let response = try await Self.submit(try grown.body(old: 12, size: 20), to: client)
            #expect(response.status == .ok)
            let note = try SignedNote(parsing: try grown.note(size: 20).text + "\n" + String(buffer: response.body))
            #expect(try note.verified(by: [witnessKey]) == [witnessKey])
        }
    }

    @Test(arguments: TestDatabases.engines)
    func everyRefusal_hasTheSpecifiedStatus_andInconsistencyIsKeptAsEvidence(engine: DatabaseEngine) async throws {
        let log = try TestLog(origin: "other.example/log", leaves: 12)
        let hub = try await Self.hub(witnessing: log, engine)
        let admin = try await hub.signIn("admin1", role: .admin)
        let other = Data(repeating: 7, count: 32)
        let stranger = try TestLog(origin: log.origin)                 // the same origin, an untrusted key
        let unknown = try TestLog(origin: "unknown.example/log", leaves: 3)
        let twelve = try log.note(size: 12), eight = try log.note(size: 8)
        let badSignature = try SignedNote(text: twelve.text, signatures: [
            NoteSignature(name: log.key.name, keyID: log.key.keyID,
                          signature: try log.signer.signature(for: "another text\n").signature)])
        let unknownAndGood = try SignedNote(text: eight.text,
                                            signatures: [try stranger.signer.signature(for: eight.text)] + eight.signatures)
        let head = try await hub.journalHead()
        try await hub.run { client in
            #expect(try await Self.submit(try log.body(old: 0, size: 8), to: client).status == .ok)
            let cases: [(String, String, Int, String?)] = [
                ("old 01", "old 01\n\n" + (try log.note(size: 8).serialized), 400, "INVALID_OLD_SIZE"),
                ("missing blank line", "old 8\n" + (try log.note(size: 8).serialized), 400, "MISSING_BLANK_LINE"),
                ("old beyond size", try log.body(old: 9, size: 8, proof: []), 400, "OLD_SIZE_TOO_LARGE"),
                ("signed by an unknown key only", try log.body(old: 8, size: 12, note: try stranger.note(size: 12, root: log.root(size: 12))),
                 403, "CHECKPOINT_NOT_TRUSTED"),
                ("a trusted key's bad signature", try log.body(old: 8, size: 12, note: badSignature), 403, "BAD_LOG_SIGNATURE"),
                ("unknown origin", try unknown.body(old: 0, size: 3), 404, "UNKNOWN_LOG"),
                ("stale old size", try log.body(old: 5, size: 12), 409, nil),
                ("size 0, wrong root", try log.body(old: 0, size: 0, note: try log.note(size: 0, root: other)), 422, "EMPTY_TREE_ROOT_MISMATCH"),
                ("a proof with old 0", try log.body(old: 0, size: 12, proof: log.proof(from: 3, to: 12)), 422, "UNEXPECTED_PROOF"),
                ("a proof that fails", try log.body(old: 8, size: 12, proof: log.proof(from: 7, to: 12)), 422, "INCONSISTENT_CHECKPOINT"),
                ("same size, another root", try log.body(old: 8, size: 8, note: try log.note(size: 8, root: other)), 422, "ROOT_MISMATCH"),
                ("unknown signatures are ignored", try log.body(old: 8, size: 8, note: unknownAndGood), 200, nil),
            ]
            for (what, body, status, code) in cases {
                let response = try await Self.submit(body, to: client)
                #expect(Int(response.status.code) == status, "\(what): \(String(buffer: response.body))")
                if let code {
                    #expect(response.problem?.code == code, "\(what)")
                } else if status == 409 {
                    #expect(response.headers[.contentType] == "text/x.tlog.size")
                    #expect(String(buffer: response.body) == "8\n")
                }
            }
            let huge = "old 0\n" + String(repeating: "A", count: LogWitness.maximumBody)
            let tooLarge = try await Self.submit(huge, to: client)
            #expect(tooLarge.status.code == 413 && tooLarge.problem?.code == "PAYLOAD_TOO_LARGE")
            // Nothing moved the witness.
            try await client.execute(uri: Self.monitoring(log), method: .get) { response in
                let checkpoint = try Checkpoint(parsing: try SignedNote(parsing: String(buffer: response.body)).text)
                #expect(checkpoint.size == 8)
            }
            try await client.execute(uri: "/witness/\(String(repeating: "0", count: 64))/checkpoint", method: .get) { response in
                #expect(response.status == .notFound)
            }
            // The three refusals that may prove misbehaviour are kept, each once, with what the witness held.
            try await client.execute(uri: "/api/v1/witness/evidence", method: .get, headers: .bearer(admin)) { response in
                let list = try response.json(WitnessEvidenceList.self)
                #expect(Set(list.items.map(\.reason)) == ["EMPTY_TREE_ROOT_MISMATCH", "INCONSISTENT_CHECKPOINT", "ROOT_MISMATCH"])
                #expect(list.items.allSatisfy { $0.origin == log.origin && $0.cosigned?.contains(log.origin) == true })
                let mismatch = list.items.first { $0.reason == "ROOT_MISMATCH" }
                #expect(try mismatch.map { try SignedNote(parsing: $0.checkpoint).verified(by: [log.key]).count } == 1)
            }
            let again = try await Self.submit(try log.body(old: 8, size: 8, note: try log.note(size: 8, root: other)), to: client)
            #expect(again.status.code == 422)
        }
        let reopened = try await TestHub.start(engine) {
            $0.database = hub.services.configuration.database
            $0.dataDirectory = hub.services.configuration.dataDirectory
        }
        let events = try await reopened.services.database.read { sql in try await Journal.events(after: head, limit: 100, on: sql) }
        #expect(events.filter { $0.kind == "witness.evidence_recorded" }.count == 3)
        #expect(try await reopened.services.witness.store.evidence().count == 3)
        await reopened.services.stop()
    }

    @Test(arguments: TestDatabases.engines)
    func twoSubmissions_withTheSameOldSize_onlyOneIsCosigned(engine: DatabaseEngine) async throws {
        let log = try TestLog(origin: "racing.example/log", leaves: 60)
        let hub = try await Self.hub(witnessing: log, engine)
        try await hub.run { client in
            var old = 0
            // The first round also races the witness's first record of the origin (insert-if-absent).
            for round in 0..<5 {
                let from = old, small = old + 3 + round, large = old + 7 + round
                async let a = Self.submit(try log.body(old: from, size: small), to: client)
                async let b = Self.submit(try log.body(old: from, size: large), to: client)
                let (ra, rb) = try await (a, b)
                let statuses = [ra.status.code, rb.status.code].sorted()
                #expect(statuses == [200, 409], "round \(round)")
                let winner = ra.status == .ok ? small : large
                let loser = ra.status == .ok ? rb : ra
                #expect(String(buffer: loser.body) == "\(winner)\n")
                try await client.execute(uri: Self.monitoring(log), method: .get) { response in
                    let checkpoint = try Checkpoint(parsing: try SignedNote(parsing: String(buffer: response.body)).text)
                    #expect(checkpoint.size == UInt64(winner))
                }
                old = winner
            }
        }
    }
}
