import Foundation
import HubKit
import Hummingbird

/// Notarisation over HTTP: departments submit a document's hash; anyone looks it up and downloads its receipt
/// (a C2SP tlog-proof) to check offline.
public struct NotaryRoutes: Sendable {
    public let store: NotaryStore
    /// The department of an id, to name it in records (a page shows people a name, not `street-001`).
    public let department: @Sendable (DepartmentID) async throws -> Department?

    public init(store: NotaryStore, department: @escaping @Sendable (DepartmentID) async throws -> Department? = { _ in nil }) {
        self.store = store
        self.department = department
    }

    public func register(on hub: HubRouter) {
        hub.add(Endpoint(.post, "/api/v1/notary",
                         access: .roles(.admin, .dispatcher, .departmentHead, .departmentOperator, apiKeyScope: "notary:write"),
                         summary: "Notarise a document by its SHA-256 (存证): recorded in the ledger; the receipt follows once integrated",
                         tag: "ledger", request: "NotaryInput", response: "NotaryRecord"), submit)
        hub.add(Endpoint(.get, "/api/v1/notary/:sha256", access: .everyone,
                         summary: "Look a notarised document up by its SHA-256", tag: "ledger", response: "NotaryRecord"), lookup)
        var receipt = Endpoint(.get, "/api/v1/notary/:sha256/receipt", access: .everyone,
                               summary: "The notarisation's receipt: a C2SP tlog-proof of its ledger entry against the latest checkpoint",
                               tag: "ledger")
        receipt.responseMediaType = "text/plain"
        hub.add(receipt, self.receipt)
    }

    @Sendable func submit(_ request: Request, context: HubRequestContext) async throws -> JSONResponse<NotaryRecord> {
        let principal = try context.requirePrincipal()
        let input = try await request.decodeJSON(as: NotaryInput.self, context: context)
        return JSONResponse(try await named(try await store.record(input, by: principal)), status: .created)
    }

    @Sendable func lookup(_ request: Request, context: HubRequestContext) async throws -> NotaryRecord {
        let hash = try context.parameters.require("sha256")
        guard let record = try await store.lookup(hash) else { throw InputProblem.notFound(what: "notarised document \(hash)") }
        return try await named(record).shown(to: context.principal)
    }

    /// `record` with its department's names, when the department is known.
    func named(_ record: NotaryRecord) async throws -> NotaryRecord {
        guard let id = record.department.flatMap(DepartmentID.init(rawValue:)), let found = try await department(id) else { return record }
        var named = record
        named.departmentName = found.name
        named.departmentNameEn = found.nameEn
        return named
    }

    @Sendable func receipt(_ request: Request, context: HubRequestContext) async throws -> Response {
        let hash = try context.parameters.require("sha256")
        guard let record = try await store.lookup(hash) else { throw InputProblem.notFound(what: "notarised document \(hash)") }
        guard record.integrated, let proof = try await store.ledger.tlogProof(index: record.leafIndex) else {
            throw NotaryProblem.notYetIntegrated
        }
        return Response.text(proof.text, headers: [.contentDisposition: "attachment; filename=\"\(record.sha256).tlog-proof\""])
    }
}

extension NotaryRecord: ResponseEncodable {}

enum NotaryProblem: HubProblem {
    case notYetIntegrated

    var code: String { "NOT_YET_INTEGRATED" }
    var status: Int { 409 }
    var message: LocalizedText {
        LocalizedText(zh: "已记录，尚未进入签名检查点；请稍后再取回执", en: "Recorded, not yet in a signed checkpoint; fetch the receipt again in a moment")
    }
}
