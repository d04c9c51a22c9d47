import Crypto
import Foundation
import HubKit
@testable import HubServer
import HubTestSupport
import Hummingbird
import HummingbirdTesting
import Ledger
import Testing

/// Two regions' hubs witness each other over real loopback HTTP, set up only through the admin API: each
/// publishes checkpoints cosigned by the other, which the offline verifier accepts with the other's witness
/// key; a forged checkpoint signed with a hub's real key is refused by its witness and kept as evidence.
@Suite struct WitnessingTests {
    static func json(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

    /// Polls `check` until it holds or `timeout` passes.
    static func eventually(_ timeout: Duration = .seconds(40), _ check: () async throws -> Bool) async throws -> Bool {
        let end = ContinuousClock.now + timeout
        while ContinuousClock.now < end {
            if try await check() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try await check()
    }

    @Test(arguments: TestDatabases.engines)
    func twoHubs_witnessEachOther_andRefuseAForgery(engine: DatabaseEngine) async throws {
        let a = try await TestHub.start(engine) {
            $0.ledgerOrigin = "north.example/ledger"
            $0.witnessName = "north.example/witness"
        }
        let b = try await TestHub.start(engine) {
            $0.ledgerOrigin = "south.example/ledger"
            $0.witnessName = "south.example/witness"
        }
        let adminA = try await a.signIn("admin1", role: .admin)
        let adminB = try await b.signIn("admin1", role: .admin)
        let logA = a.services.ledger.signer.verifierKey, logB = b.services.ledger.signer.verifierKey
        let witnessA = a.services.witness.cosigner.verifierKey, witnessB = b.services.witness.cosigner.verifierKey
        try await a.runLive { clientA in
            try await b.runLive { clientB in
                let portA = try #require(clientA.port), portB = try #require(clientB.port)
                // Each trusts the other's log and names the other as its witness.
                for (client, admin, log, witness, port) in [(clientA, adminA, logB, witnessB, portB), (clientB, adminB, logA, witnessA, portA)] {
                    try await client.execute(uri: "/api/v1/witness/logs", method: .post, headers: .json(admin),
                                             body: Self.json(#"{"origin":"\#(log.name)","keys":["\#(log.text)"]}"#)) { response in
                        #expect(response.status == .created)
                    }
                    try await client.execute(uri: "/api/v1/ledger/witnesses", method: .post, headers: .json(admin),
                                             body: Self.json(#"{"key":"\#(witness.text)","url":"http://127.0.0.1:\#(port)/witness"}"#)) { response in
                        #expect(response.status == .created)
                    }
                    // Some ordinary work on each side.
                    let hash = SHA256.hash(data: Data(log.name.utf8)).hexString
                    try await client.execute(uri: "/api/v1/notary", method: .post, headers: .json(admin),
                                             body: Self.json(#"{"sha256":"\#(hash)","title":"会议纪要"}"#)) { response in
                        #expect(response.status == .created)
                    }
                }
                let logger = TestDatabases.logger
                let workers = [
                    Task { await a.services.ledger.run(logger: logger) }, Task { await b.services.ledger.run(logger: logger) },
                    Task { await a.services.cosigning.run(every: .milliseconds(200), logger: logger) },
                    Task { await b.services.cosigning.run(every: .milliseconds(200), logger: logger) },
                ]
                // Each hub's published checkpoint, once it covers every event, carries the other's cosignature.
                for (client, hub, log, witness) in [(clientA, a, logA, witnessB), (clientB, b, logB, witnessA)] {
                    let head = UInt64(try await hub.journalHead())
                    let policy = try WitnessPolicy(witnesses: [witness])
                    let cosigned = try await Self.eventually {
                        let response = try await client.executeRequest(uri: "/ledger/checkpoint", method: .get, headers: [:], body: nil)
                        guard response.status == .ok, let note = try? SignedNote(parsing: String(buffer: response.body)),
                              let checkpoint = try? Checkpoint(parsing: note.text), checkpoint.size == head else { return false }
                        return (try? policy.check(note)) != nil
                    }
                    #expect(cosigned, "\(log.name) was not cosigned by \(witness.name)")
                    let file = try await client.executeRequest(uri: "/ledger/checkpoint", method: .get, headers: [:], body: nil)
                    let lines = try OfflineVerification.verify(Data(buffer: file.body), keys: [log], witnesses: policy)
                    #expect(lines.contains { $0.hasPrefix("见证 / cosigned by: \(witness.name) at ") })
                    // An entry's tlog-proof is made against that checkpoint and so carries the cosignature too.
                    let proof = try await client.executeRequest(uri: "/ledger/entries/0/proof", method: .get, headers: [:], body: nil)
                    #expect(try OfflineVerification.verify(Data(buffer: proof.body), keys: [log], witnesses: policy).count > 1)
                    // Without the witness the policy names it.
                    let stranger = try Cosigner(name: "stranger.example/witness", privateKey: .init()).verifierKey
                    #expect {
                        try OfflineVerification.verify(Data(buffer: file.body), keys: [log], witnesses: try WitnessPolicy(witnesses: [stranger]))
                    } throws: { ($0 as? NoteFault)?.en.contains("stranger.example/witness") == true }
                }
                for worker in workers { worker.cancel() }
                for worker in workers { await worker.value }

                // B holds A's checkpoint of size `held`, signed by A and cosigned by B.
                let monitoring = "/witness/\(TrustedLog.originHash(logA.name))/checkpoint"
                let heldNote = try await clientB.executeRequest(uri: monitoring, method: .get, headers: [:], body: nil)
                let held = try SignedNote(parsing: String(buffer: heldNote.body))
                #expect(try held.verified(by: [logA, witnessB]).count == 2)
                let size = try Checkpoint(parsing: held.text).size
                #expect(size > 0)

                // Forgeries signed with A's real key: another root at the held size, and a larger tree that does not
                // extend it; and, with a stale old size, another root at the held size again.
                let signerA = a.services.ledger.signer
                func forged(_ size: UInt64) throws -> SignedNote {
                    try signerA.sign(Checkpoint(origin: logA.name, size: size, rootHash: Data(repeating: 0xAB, count: 32)).text)
                }
                let junk = (0..<6).map { Data(repeating: UInt8($0), count: 32).base64EncodedString() + "\n" }.joined()
                let attempts: [(String, Int, String)] = [
                    ("old \(size)\n\n" + (try forged(size).serialized), 422, "ROOT_MISMATCH"),
                    ("old \(size)\n" + junk + "\n" + (try forged(size + 10).serialized), 422, "INCONSISTENT_CHECKPOINT"),
                    ("old 0\n\n" + (try forged(size).serialized), 409, "\(size)\n"),
                ]
                for (body, status, expected) in attempts {
                    let response = try await clientB.executeRequest(uri: "/witness/add-checkpoint", method: .post, headers: [:],
                                                                    body: ByteBuffer(string: body))
                    #expect(Int(response.status.code) == status)
                    #expect(status == 409 ? String(buffer: response.body) == expected : response.problem?.code == expected)
                }
                try await clientB.execute(uri: "/api/v1/witness/evidence", method: .get, headers: .bearer(adminB)) { response in
                    let evidence = try response.json(WitnessEvidenceList.self).items
                    #expect(Set(evidence.map(\.reason)) == ["ROOT_MISMATCH", "INCONSISTENT_CHECKPOINT", "CONFLICTING_SIZE"])
                    // Each piece holds two checkpoints A signed that cannot both be true.
                    for piece in evidence {
                        #expect(try SignedNote(parsing: piece.checkpoint).verified(by: [logA]) == [logA])
                        #expect(try SignedNote(parsing: try #require(piece.cosigned)).verified(by: [logA]) == [logA])
                    }
                }
                // The witness did not move.
                let after = try await clientB.executeRequest(uri: monitoring, method: .get, headers: [:], body: nil)
                #expect(String(buffer: after.body) == held.serialized)
            }
        }
    }
}
