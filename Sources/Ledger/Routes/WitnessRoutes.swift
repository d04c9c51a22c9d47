import Foundation
import HubKit
import Hummingbird

/// The hub as a witness of other logs: C2SP tlog-witness `add-checkpoint` (submission prefix `/witness`) and the
/// latest cosigned checkpoint per log (monitoring prefix `/witness`), both public as the spec wants — a
/// checkpoint's signature by a trusted key is the only credential — and the administrators' list of trusted
/// logs and of the evidence kept.
public struct WitnessRoutes: Sendable {
    public let witness: LogWitness

    public init(witness: LogWitness) {
        self.witness = witness
    }

    public func register(on hub: HubRouter) {
        var add = Endpoint(.post, "/witness/add-checkpoint", access: .everyone,
                           summary: "C2SP tlog-witness add-checkpoint: `old <size>`, consistency proof lines, a blank line, the signed checkpoint; answers the cosignature line (200), the witness's size as text/x.tlog.size (409), or a problem (400, 403, 404, 413, 422)",
                           tag: "witness", request: "AddCheckpointBody")
        add.requestMediaType = "text/plain"
        add.responseMediaType = "text/plain"
        hub.add(add, addCheckpoint)
        var monitor = Endpoint(.get, "/witness/:originHash/checkpoint", access: .everyone,
                               summary: "The latest checkpoint this witness cosigned for the log whose origin has this SHA-256 (lower-case hex), with the log's signature and the cosignature",
                               tag: "witness")
        monitor.responseMediaType = "text/plain"
        hub.add(monitor, cosignedCheckpoint)

        let readers = Access.roles(.admin, .dispatcher)
        hub.add(Endpoint(.get, "/api/v1/witness/logs", access: readers,
                         summary: "The logs this hub witnesses, with the latest size cosigned for each, and this hub's witness key",
                         tag: "witness", response: "TrustedLogList"), listLogs)
        hub.add(Endpoint(.post, "/api/v1/witness/logs", access: .roles(.admin),
                         summary: "Witness a log: its origin and the verifier keys (type 0x01) its checkpoints are signed with",
                         tag: "witness", request: "TrustedLogInput", response: "TrustedLog", status: 201), addLog)
        hub.add(Endpoint(.put, "/api/v1/witness/logs/:id", access: .roles(.admin),
                         summary: "Replace a witnessed log's verifier keys (key rotation); id is the SHA-256 of its origin",
                         tag: "witness", request: "TrustedLogKeys", response: "TrustedLog"), changeKeys)
        hub.add(Endpoint(.delete, "/api/v1/witness/logs/:id", access: .roles(.admin),
                         summary: "Stop witnessing a log (its latest cosigned checkpoint is kept)", tag: "witness", status: 204), removeLog)
        hub.add(Endpoint(.get, "/api/v1/witness/evidence", access: readers,
                         summary: "Validly signed checkpoints the witness refused as inconsistent: possible proof that a log showed two histories",
                         tag: "witness", response: "WitnessEvidenceList"), listEvidence)
    }

    @Sendable func addCheckpoint(_ request: Request, context: HubRequestContext) async throws -> Response {
        let body = try await request.collectBody(upTo: LogWitness.maximumBody)
        switch try await witness.addCheckpoint(Array(buffer: body)) {
        case .cosigned(let signature):
            return Response.text(signature.line)
        case .conflict(let size):
            return Response.text("\(size)\n", type: "text/x.tlog.size", status: .conflict)
        case .refused(let problem):
            throw problem
        }
    }

    @Sendable func cosignedCheckpoint(_ request: Request, context: HubRequestContext) async throws -> Response {
        let hash = try context.parameters.require("originHash")
        guard let note = try await witness.store.cosignedCheckpoint(originHash: hash) else { throw WitnessProblem.notCosigned }
        return Response.text(note, headers: [.cacheControl: "max-age=1"])
    }

    @Sendable func listLogs(_ request: Request, context: HubRequestContext) async throws -> TrustedLogList {
        TrustedLogList(witnessKey: witness.cosigner.verifierKey.text, items: try await witness.store.logs())
    }

    @Sendable func addLog(_ request: Request, context: HubRequestContext) async throws -> JSONResponse<TrustedLogView> {
        let principal = try context.requirePrincipal()
        let log = try await request.decodeJSON(as: TrustedLogInput.self, context: context).checked()
        return JSONResponse(try await witness.store.add(log, by: principal), status: .created)
    }

    @Sendable func changeKeys(_ request: Request, context: HubRequestContext) async throws -> TrustedLogView {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let keys = try TrustedLog.checkedKeys(try await request.decodeJSON(as: TrustedLogKeys.self, context: context).keys)
        guard let view = try await witness.store.changeKeys(id: id, to: keys, by: principal) else {
            throw InputProblem.notFound(what: "witnessed log \(id)")
        }
        return view
    }

    @Sendable func removeLog(_ request: Request, context: HubRequestContext) async throws -> HTTPResponse.Status {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        guard try await witness.store.remove(id: id, by: principal) else { throw InputProblem.notFound(what: "witnessed log \(id)") }
        return .noContent
    }

    @Sendable func listEvidence(_ request: Request, context: HubRequestContext) async throws -> WitnessEvidenceList {
        WitnessEvidenceList(items: try await witness.store.evidence())
    }
}

extension TrustedLogView: ResponseEncodable {}
extension TrustedLogList: ResponseEncodable {}
extension WitnessEvidenceList: ResponseEncodable {}
