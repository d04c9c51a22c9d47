import Foundation
import HubKit
import Hummingbird

/// The ledger served as C2SP tlog-tiles under `/ledger/`: the checkpoint (mutable, cached a second) and tiles
/// and entry bundles (immutable, cached a year). Public on purpose: anyone may check the log without trusting
/// the operator, and personal fields are in it only as keyed hashes.
public struct LedgerRoutes: Sendable {
    public let store: LedgerStore

    public init(store: LedgerStore) {
        self.store = store
    }

    public func register(on hub: HubRouter) {
        var checkpoint = Endpoint(.get, "/ledger/checkpoint", access: .everyone,
                                  summary: "The ledger's published checkpoint (C2SP tlog-checkpoint): the newest its witnesses cosigned, with their cosignatures, or the newest signed one while there are none",
                                  tag: "ledger")
        checkpoint.responseMediaType = "text/plain"
        hub.add(checkpoint) { _, _ in
            guard let note = try await store.publishedCheckpoint() else { throw LedgerRouteProblem.empty }
            return Response.text(note, headers: [.cacheControl: "max-age=1"])
        }
        hub.add(Endpoint(.get, "/ledger/proof/inclusion", access: .everyone,
                         summary: "Inclusion proof of one entry in the tree of a given size (RFC 9162, base64 hashes)",
                         tag: "ledger", response: "InclusionProof",
                         query: [QueryParameter("index", "integer", "Leaf index (journal seq − 1)"),
                                 QueryParameter("size", "integer", "Tree size, as in a checkpoint (default: the latest)")]),
                inclusion)
        hub.add(Endpoint(.get, "/ledger/proof/consistency", access: .everyone,
                         summary: "Consistency proof between two tree sizes (RFC 9162, base64 hashes)",
                         tag: "ledger", response: "ConsistencyProof",
                         query: [QueryParameter("from", "integer", "The older tree size"),
                                 QueryParameter("to", "integer", "The newer tree size (default: the latest)")]),
                consistency)
        var bundle = Endpoint(.get, "/ledger/entries/:index/proof", access: .everyone,
                              summary: "A C2SP tlog-proof of one entry (leaf index = journal seq − 1) against the latest checkpoint, the entry in its extra line",
                              tag: "ledger")
        bundle.responseMediaType = "text/plain"
        hub.add(bundle) { _, context in
            let text = try context.parameters.require("index")
            guard let index = UInt64(text), String(index) == text else { throw LedgerRouteProblem.badProofRequest("index \(text)") }
            guard let proof = try await store.tlogProof(index: index) else {
                throw InputProblem.notFound(what: "ledger entry \(index)")
            }
            return Response.text(proof.text, headers: [.contentDisposition: "attachment; filename=\"entry-\(index).tlog-proof\""])
        }
        hub.add(Endpoint(.get, "/api/v1/ledger/trail",
                         access: .roles(.admin, .auditor, .dispatcher, .departmentHead, .departmentOperator, .inspector,
                                        apiKeyScope: "ledger:read"),
                         summary: "Every ledger entry about one subject (e.g. case:20261125-000001) with its inclusion proof against one checkpoint",
                         tag: "ledger", response: "Trail",
                         query: [QueryParameter("subject", "string", "The subject, e.g. case:20261125-000001")]),
                trail)
        var tile = Endpoint(.get, "/ledger/tile/**", access: .everyone,
                            summary: "A Merkle tree tile or entry bundle (C2SP tlog-tiles: tile/<L>/<N>[.p/<W>], tile/entries/<N>[.p/<W>])",
                            tag: "ledger")
        tile.responseMediaType = "application/octet-stream"
        hub.add(tile) { _, context in
            let path = "tile/" + context.parameters.getCatchAll().joined(separator: "/")
            guard let address = TileAddress(path: path) else { throw LedgerRouteProblem.badTilePath(path) }
            guard let bytes = try await store.tile(address) else { throw InputProblem.notFound(what: path) }
            return Response(status: .ok,
                            headers: [.contentType: "application/octet-stream", .cacheControl: "public, max-age=31536000, immutable"],
                            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }
}

extension LedgerRoutes {
    struct InclusionProof: ResponseEncodable, Sendable {
        var index: UInt64
        var size: UInt64
        var leafHash: String
        var rootHash: String
        var proof: [String]
    }

    struct ConsistencyProof: ResponseEncodable, Sendable {
        var from: UInt64
        var to: UInt64
        var fromRoot: String
        var toRoot: String
        var proof: [String]
    }

    @Sendable func inclusion(_ request: Request, context: HubRequestContext) async throws -> InclusionProof {
        let current = try await store.state().size
        let size = UInt64(try QueryInput.int64(request, "size", default: Int64(current), range: 1...Int64.max))
        guard request.uri.queryParameters["index"] != nil else { throw InputProblem.missingField("index") }
        let index = UInt64(try QueryInput.int64(request, "index", default: 0, range: 0...Int64.max))
        guard size <= current else { throw LedgerRouteProblem.beyondTheLog(size: size, current: current) }
        guard index < size else { throw LedgerRouteProblem.badProofRequest("index \(index) ≥ size \(size)") }
        var tree = store.tree(size: size)
        return InclusionProof(index: index, size: size, leafHash: Self.base64(try await tree.leafHash(index)),
                              rootHash: Self.base64(try await tree.root()),
                              proof: try await tree.inclusionProof(index: index).map(Self.base64))
    }

    @Sendable func consistency(_ request: Request, context: HubRequestContext) async throws -> ConsistencyProof {
        let current = try await store.state().size
        let to = UInt64(try QueryInput.int64(request, "to", default: Int64(current), range: 0...Int64.max))
        guard request.uri.queryParameters["from"] != nil else { throw InputProblem.missingField("from") }
        let from = UInt64(try QueryInput.int64(request, "from", default: 0, range: 0...Int64.max))
        guard to <= current else { throw LedgerRouteProblem.beyondTheLog(size: to, current: current) }
        guard from <= to else { throw LedgerRouteProblem.badProofRequest("from \(from) > to \(to)") }
        var older = store.tree(size: from), newer = store.tree(size: to)
        return ConsistencyProof(from: from, to: to, fromRoot: Self.base64(try await older.root()),
                                toRoot: Self.base64(try await newer.root()),
                                proof: try await newer.consistencyProof(oldSize: from).map(Self.base64))
    }

    @Sendable func trail(_ request: Request, context: HubRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        guard let subject = request.uri.queryParameters["subject"].map(String.init), !subject.isEmpty else {
            throw InputProblem.missingField("subject")
        }
        let events = try await store.database.read { sql in try await Journal.events(subject: subject, limit: 10_000, on: sql) }
        guard !events.isEmpty else { throw InputProblem.notFound(what: "trail of \(subject)") }
        guard TrailAccess.mayRead(principal, events: events) else { throw AccessProblem.notYourDepartment }
        guard let trail = try await store.trail(of: events, subject: subject) else {
            throw InputProblem.notFound(what: "trail of \(subject) (not yet in a checkpoint)")
        }
        let name = subject.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" }
        return Response.text(try CanonicalJSON.encode(trail), type: "application/json",
                     headers: [.contentDisposition: "attachment; filename=\"\(String(name)).trail.json\""])
    }

    static func base64(_ hash: TreeHash) -> String { Data(hash).base64EncodedString() }
}

enum LedgerRouteProblem: HubProblem {
    case empty
    case badTilePath(String)
    case badProofRequest(String)
    case beyondTheLog(size: UInt64, current: UInt64)

    var code: String {
        switch self {
        case .empty: "LEDGER_EMPTY"
        case .badTilePath: "INVALID_TILE_PATH"
        case .badProofRequest, .beyondTheLog: "INVALID_PROOF_REQUEST"
        }
    }
    var status: Int {
        switch self {
        case .empty: 404
        case .badTilePath, .badProofRequest, .beyondTheLog: 400
        }
    }
    var message: LocalizedText {
        switch self {
        case .empty: LocalizedText(zh: "账本尚无检查点", en: "The ledger has no checkpoint yet")
        case .badTilePath(let path): LocalizedText(zh: "不是有效的瓦片路径：\(path)", en: "Not a valid tile path: \(path)")
        case .badProofRequest(let why): LocalizedText(zh: "无法给出此证明：\(why)", en: "No such proof: \(why)")
        case .beyondTheLog(let size, let current):
            LocalizedText(zh: "账本目前只有 \(current) 条，没有大小为 \(size) 的树", en: "The ledger holds \(current) entries; there is no tree of size \(size)")
        }
    }
}
