import Foundation
import HubKit
@testable import HubServer
import HubTestSupport
import Hummingbird
import HummingbirdTesting
import Ledger
import Testing

/// Notarisation end to end: a department records a document's hash, anyone looks it up, and the receipt
/// verifies offline once the ledger holds it; refusals for bad input, repeats and people who may not submit.
@Suite struct NotaryRouteTests {
    static let hash = String(repeating: "ab", count: 32)

    @Test(arguments: TestDatabases.engines)
    func aDocument_isNotarised_lookedUp_andItsReceiptVerifies(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        try await hub.run { client in
            let head = try await hub.signIn("head1", role: .departmentHead, department: DepartmentID(rawValue: "housing"))
            let viewer = try await hub.signIn("viewer1", role: .viewer)
            let body = #"{"sha256":"\#(Self.hash.uppercased())","title":" 2026 年第 3 号拆迁补偿协议 ","metadata":{"contactPhone":"13800138000","kind":"agreement"}}"#
            try await client.execute(uri: "/api/v1/notary", method: .post, headers: .json(head), body: ByteBuffer(string: body)) { response in
                #expect(response.status == .created)
                let record = try response.json(NotaryRecord.self)
                #expect(record.sha256 == Self.hash && record.title == "2026 年第 3 号拆迁补偿协议" && record.department == "housing")
                #expect(record.departmentName == "测试部门 housing" && record.departmentNameEn == "Test housing")
                #expect(!record.integrated)
            }
            try await client.execute(uri: "/api/v1/notary/\(Self.hash)/receipt", method: .get) { response in
                #expect(response.status == .conflict)
                #expect(String(buffer: response.body).contains("NOT_YET_INTEGRATED"))
            }
            try await hub.services.ledger.catchUp()
            try await client.execute(uri: "/api/v1/notary/\(Self.hash)", method: .get) { response in
                #expect(response.status == .ok)
                let record = try response.json(NotaryRecord.self)
                #expect(record.integrated)
                #expect(record.departmentName == "测试部门 housing")
                // The public sees the document, not the contact's phone number.
                #expect(record.metadata == ["kind": "agreement"])
            }
            for (token, sees) in [(head, true), (viewer, false)] {
                try await client.execute(uri: "/api/v1/notary/\(Self.hash)", method: .get, headers: .json(token)) { response in
                    let metadata = try response.json(NotaryRecord.self).metadata
                    #expect(metadata["contactPhone"] == (sees ? "13800138000" : nil))
                }
            }
            try await client.execute(uri: "/api/v1/notary/\(Self.hash)/receipt", method: .get) { response in
                #expect(response.status == .ok)
                let verified = try TlogProof(parsing: String(buffer: response.body)).verify(keys: [hub.services.ledger.signer.verifierKey])
                let entry = String(decoding: verified.entry, as: UTF8.self)
                #expect(entry.contains(#""kind":"notary.recorded""#) && entry.contains(Self.hash))
                #expect(!entry.contains("13800138000"))   // the phone number is only a keyed hash in the ledger
            }
            let refusals: [(String, String?, Int, String)] = [
                (body, head, 409, "CONFLICT"),
                (#"{"sha256":"xyz","title":"t"}"#, head, 422, "INVALID_FIELD"),
                (#"{"sha256":"\#(String(repeating: "c", count: 64))","title":"   "}"#, head, 422, "INVALID_FIELD"),
                (#"{"sha256":"\#(String(repeating: "c", count: 64))""#, head, 400, "MALFORMED_JSON"),
                (#"{"sha256":"\#(String(repeating: "c", count: 64))","title":"t"}"#, viewer, 403, "FORBIDDEN_ROLE"),
                (#"{"sha256":"\#(String(repeating: "c", count: 64))","title":"t"}"#, nil, 401, "UNAUTHENTICATED"),
            ]
            for (input, token, status, code) in refusals {
                try await client.execute(uri: "/api/v1/notary", method: .post, headers: token.map { .json($0) } ?? [.contentType: "application/json"],
                                         body: ByteBuffer(string: input)) { response in
                    #expect(response.status.code == status, "\(input)")
                    #expect(String(buffer: response.body).contains(code))
                }
            }
            try await client.execute(uri: "/api/v1/notary/\(String(repeating: "d", count: 64))", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}
