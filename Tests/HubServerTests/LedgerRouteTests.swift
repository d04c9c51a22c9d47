import Foundation
import HubKit
@testable import HubServer
import HubTestSupport
import Hummingbird
import HummingbirdTesting
import Ledger
import Testing

/// The ledger as a tlog client sees it over HTTP: a signed checkpoint, tiles at the paths C2SP names, and clear
/// errors for anything else.
@Suite struct LedgerRouteTests {
    @Test(arguments: TestDatabases.engines)
    func checkpointAndTiles_areServed_asTlogTiles(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        try await hub.run { client in
            try await client.execute(uri: "/ledger/checkpoint", method: .get) { response in
                #expect(response.status == .notFound)
            }
            _ = try await hub.signIn("admin1", role: .admin)
            try await hub.services.ledger.catchUp()
            let head = try await hub.journalHead()
            let vkey = try VerifierKey(parsing: hub.services.ledger.signer.verifierKey.text)
            try await client.execute(uri: "/ledger/checkpoint", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/plain; charset=utf-8")
                #expect(response.headers[.cacheControl] == "max-age=1")
                let note = try SignedNote(parsing: String(buffer: response.body))
                #expect(try note.verified(by: [vkey]) == [vkey])
                let checkpoint = try Checkpoint(parsing: note.text)
                #expect(checkpoint.origin == "cityhub.local/ledger" && checkpoint.size == UInt64(head))
            }
            let width = Int(head % 256)
            try await client.execute(uri: "/ledger/tile/0/000.p/\(width)", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.body.readableBytes == width * 32)
                #expect(response.headers[.cacheControl] == "public, max-age=31536000, immutable")
            }
            try await client.execute(uri: "/ledger/tile/entries/000.p/\(width)", method: .get) { response in
                let entries = try EntryBundle.decode(Array(buffer: response.body))
                #expect(entries.count == width)
                #expect(String(decoding: entries[0], as: UTF8.self).contains(#""seq":1"#))
            }
            // An inclusion proof and a consistency proof, checked as a client would, against the signed roots.
            let size = Int(head)
            let store = hub.services.ledger.store
            let all = try await store.database.read { try await store.hashes(level: 0, index: 0, atLeast: size, on: $0) } ?? []
            try await client.execute(uri: "/ledger/proof/inclusion?index=\(size / 2)&size=\(size)", method: .get) { response in
                struct Proof: Decodable { var index: Int; var size: Int; var leafHash: String; var rootHash: String; var proof: [String] }
                let proof = try JSONDecoder().decode(Proof.self, from: Data(buffer: response.body))
                let path = proof.proof.compactMap { Data(base64Encoded: $0).map(Array.init) }
                #expect(Array(Data(base64Encoded: proof.leafHash) ?? Data()) == all[size / 2])
                #expect(MerkleProof.verifyInclusion(leafHash: all[size / 2], index: size / 2, size: size, proof: path,
                                                    root: MerkleTree.root(all[0..<size])))
            }
            try await client.execute(uri: "/ledger/proof/consistency?from=2&to=\(size)", method: .get) { response in
                struct Proof: Decodable { var from: Int; var to: Int; var fromRoot: String; var toRoot: String; var proof: [String] }
                let proof = try JSONDecoder().decode(Proof.self, from: Data(buffer: response.body))
                let path = proof.proof.compactMap { Data(base64Encoded: $0).map(Array.init) }
                #expect(MerkleProof.verifyConsistency(oldSize: 2, newSize: size, oldRoot: MerkleTree.root(all[0..<2]),
                                                      newRoot: MerkleTree.root(all[0..<size]), proof: path))
            }
            // A tlog-proof of the first entry verifies offline with the log's key alone.
            try await client.execute(uri: "/ledger/entries/0/proof", method: .get) { response in
                #expect(response.status == .ok)
                let proof = try TlogProof(parsing: String(buffer: response.body))
                let verified = try proof.verify(keys: [vkey])
                #expect(String(decoding: verified.entry, as: UTF8.self).contains(#""seq":1"#))
            }
            for (path, status, code) in [("/ledger/entries/\(size)/proof", 404, "NOT_FOUND"), ("/ledger/entries/x/proof", 400, "INVALID_PROOF_REQUEST"),
                                         ("/ledger/tile/0/001", 404, "NOT_FOUND"), ("/ledger/tile/0/1", 400, "INVALID_TILE_PATH"),
                                         ("/ledger/tile/0/000.p/0", 400, "INVALID_TILE_PATH"),
                                         ("/ledger/proof/inclusion?size=1", 422, "MISSING_FIELD"),
                                         ("/ledger/proof/inclusion?index=\(size)&size=\(size)", 400, "INVALID_PROOF_REQUEST"),
                                         ("/ledger/proof/inclusion?index=0&size=\(size + 1)", 400, "INVALID_PROOF_REQUEST"),
                                         ("/ledger/proof/inclusion?index=x", 422, "INVALID_FIELD"),
                                         ("/ledger/proof/consistency?from=5&to=4", 400, "INVALID_PROOF_REQUEST"),
                                         ("/ledger/proof/consistency?to=4", 422, "MISSING_FIELD")] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status.code == status, "\(path)")
                    #expect(String(buffer: response.body).contains(code), "\(path)")
                }
            }
        }
    }
}

extension LedgerRouteTests {
    /// A subject's trail: one file, one checkpoint, every entry proved; only for those who may see the subject.
    @Test(arguments: TestDatabases.engines)
    func trail_isProvable_andOnlyForThoseWhoMaySeeIt(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        try await hub.run { client in
            let admin = try await hub.signIn("admin1", role: .admin)
            let roads = try await hub.signIn("roads1", role: .departmentOperator, department: DepartmentID(rawValue: "roads"))
            let parks = try await hub.signIn("parks1", role: .departmentOperator, department: DepartmentID(rawValue: "parks"))
            let viewer = try await hub.signIn("viewer1", role: .viewer)
            for kind in ["case.reported", "case.dispatched", "case.closed"] {
                try await hub.services.database.write { tx in
                    try await Journal.append(try NewEvent(kind: kind, subject: "case:20261126-000001", actor: "user:x",
                                                          department: kind == "case.reported" ? nil : "roads",
                                                          payload: ["note": kind]), in: tx, clock: .system)
                }
            }
            try await hub.services.ledger.catchUp()
            let vkey = hub.services.ledger.signer.verifierKey
            try await client.execute(uri: "/api/v1/ledger/trail?subject=case:20261126-000001", method: .get,
                                     headers: .bearer(admin)) { response in
                #expect(response.status == .ok)
                let trail = try JSONDecoder().decode(Trail.self, from: Data(buffer: response.body))
                let verified = try trail.verify(keys: [vkey])
                #expect(verified.entries.count == 3)
                // One altered entry is named.
                var altered = trail
                altered.items[1].entry = Data(#"{"subject":"case:20261126-000001"}"#.utf8).base64EncodedString()
                #expect { try altered.verify(keys: [vkey]) } throws: { ($0 as? NoteFault)?.code == "INCLUSION_FAILED" }
            }
            for (token, status) in [(roads, 200), (parks, 403), (viewer, 403)] {
                try await client.execute(uri: "/api/v1/ledger/trail?subject=case:20261126-000001", method: .get,
                                         headers: .bearer(token)) { response in
                    #expect(response.status.code == status)
                }
            }
            try await client.execute(uri: "/api/v1/ledger/trail?subject=case:20991231-000009", method: .get,
                                     headers: .bearer(admin)) { response in #expect(response.status == .notFound) }
            try await client.execute(uri: "/api/v1/ledger/trail", method: .get, headers: .bearer(admin)) { response in
                #expect(response.status.code == 422)
            }
            try await client.execute(uri: "/api/v1/ledger/trail?subject=case:20261126-000001", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }
}
