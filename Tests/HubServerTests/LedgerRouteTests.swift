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
            for (path, status, code) in [("/ledger/tile/0/001", 404, "NOT_FOUND"), ("/ledger/tile/0/1", 400, "INVALID_TILE_PATH"),
                                         ("/ledger/tile/0/000.p/0", 400, "INVALID_TILE_PATH")] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status.code == status, "\(path)")
                    #expect(String(buffer: response.body).contains(code), "\(path)")
                }
            }
        }
    }
}
