import Foundation
import HubKit
@testable import HubServer
import HubTestSupport
import Hummingbird
import HummingbirdTesting
import Ledger
import Testing

/// `/ledger/key` gives anyone, without signing in, the log's verifier key and its witnesses' cosigner keys —
/// what the check page needs to verify a receipt in the browser — and never a witness's URL or state.
@Suite struct LedgerKeyRouteTests {
    @Test(arguments: TestDatabases.engines)
    func theKeys_arePublic_andVerifyTheCheckpoint(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        let admin = try await hub.signIn("admin1", role: .admin)
        let witness = try Cosigner(name: "south.example/witness", privateKey: .init())
        try await hub.run { client in
            try await hub.services.ledger.catchUp()
            let published = try #require(try await hub.services.ledger.store.publishedCheckpoint())
            try await client.execute(uri: "/ledger/key", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                let keys = try response.json(LedgerKeys.self)
                #expect(keys.origin == "cityhub.local/ledger")
                #expect(keys.key == hub.services.ledger.signer.verifierKey.text)
                #expect(keys.witnesses.isEmpty)
                // The served key is the one that signs the published checkpoint.
                let note = try SignedNote(parsing: published)
                let key = try VerifierKey(parsing: keys.key)
                #expect(try note.verified(by: [key]) == [key])
            }
            let input = #"{"key":"\#(witness.verifierKey.text)","url":"https://hub.south.example/witness"}"#
            try await client.execute(uri: "/api/v1/ledger/witnesses", method: .post, headers: .json(admin),
                                     body: ByteBuffer(string: input)) { response in
                #expect(response.status == .created)
            }
            try await client.execute(uri: "/ledger/key", method: .get) { response in
                #expect(response.status == .ok)
                let keys = try response.json(LedgerKeys.self)
                #expect(keys.witnesses == [witness.verifierKey.text])
                #expect(!String(buffer: response.body).contains("hub.south.example"), "a witness's URL is not public")
            }
        }
    }

    @Test func theRoute_isDocumented_asOpenToEveryone() async throws {
        let hub = try await TestHub.start(.sqlite)
        try await hub.run { client in
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                let document = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                let paths = document?["paths"] as? [String: [String: Any]] ?? [:]
                let operation = try #require(paths["/ledger/key"]?["get"] as? [String: Any])
                #expect(operation["x-cityhub-access"] as? String == "everyone")
                #expect(String(buffer: response.body).contains("#/components/schemas/LedgerKeys"))
                let schemas = (document?["components"] as? [String: Any])?["schemas"] as? [String: Any]
                #expect(schemas?["LedgerKeys"] != nil)
            }
        }
    }
}
