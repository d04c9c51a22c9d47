import Foundation
import HubKit
import Hummingbird

/// Administrators name the witnesses this ledger's checkpoints are submitted to (the log side of C2SP
/// tlog-witness); the collector does the submitting. Dispatchers may read the list and its health.
public struct LedgerWitnessRoutes: Sendable {
    public let store: CosigningStore
    /// The ledger's own verifier key (type 0x01), shown beside its witnesses for their operators.
    public let logKey: VerifierKey

    public init(store: CosigningStore, logKey: VerifierKey) {
        self.store = store
        self.logKey = logKey
    }

    public func register(on hub: HubRouter) {
        hub.add(Endpoint(.get, "/api/v1/ledger/witnesses", access: .roles(.admin, .dispatcher),
                         summary: "The witnesses this ledger's checkpoints are submitted to, with the size each last cosigned and its last error, and the ledger's own verifier key",
                         tag: "ledger", response: "LedgerWitnessList"), list)
        hub.add(Endpoint(.post, "/api/v1/ledger/witnesses", access: .roles(.admin),
                         summary: "Submit this ledger's checkpoints to a witness: its cosigner key (type 0x04) and submission URL prefix",
                         tag: "ledger", request: "LedgerWitnessInput", response: "LedgerWitness", status: 201), add)
        hub.add(Endpoint(.put, "/api/v1/ledger/witnesses/:id", access: .roles(.admin),
                         summary: "Change a witness's key (same name) or URL; id is the SHA-256 of its name",
                         tag: "ledger", request: "LedgerWitnessInput", response: "LedgerWitness"), change)
        hub.add(Endpoint(.delete, "/api/v1/ledger/witnesses/:id", access: .roles(.admin),
                         summary: "Stop submitting to a witness (its cosignatures are no longer served)", tag: "ledger", status: 204), remove)
    }

    @Sendable func list(_ request: Request, context: HubRequestContext) async throws -> LedgerWitnessList {
        LedgerWitnessList(origin: logKey.name, logKey: logKey.text, items: try await store.views())
    }

    @Sendable func add(_ request: Request, context: HubRequestContext) async throws -> JSONResponse<LedgerWitnessView> {
        let principal = try context.requirePrincipal()
        let input = try await request.decodeJSON(as: LedgerWitnessInput.self, context: context).checked()
        return JSONResponse(try await store.add(key: input.key, url: input.url, by: principal), status: .created)
    }

    @Sendable func change(_ request: Request, context: HubRequestContext) async throws -> LedgerWitnessView {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let input = try await request.decodeJSON(as: LedgerWitnessInput.self, context: context).checked()
        guard let view = try await store.change(id: id, key: input.key, url: input.url, by: principal) else {
            throw InputProblem.notFound(what: "witness \(id)")
        }
        return view
    }

    @Sendable func remove(_ request: Request, context: HubRequestContext) async throws -> HTTPResponse.Status {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        guard try await store.remove(id: id, by: principal) else { throw InputProblem.notFound(what: "witness \(id)") }
        return .noContent
    }
}

extension LedgerWitnessView: ResponseEncodable {}
extension LedgerWitnessList: ResponseEncodable {}
