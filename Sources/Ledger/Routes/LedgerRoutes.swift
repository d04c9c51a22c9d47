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
                                  summary: "The ledger's latest signed checkpoint (C2SP tlog-checkpoint)", tag: "ledger")
        checkpoint.responseMediaType = "text/plain"
        hub.add(checkpoint) { _, _ in
            guard let note = try await store.latestCheckpoint() else { throw LedgerRouteProblem.empty }
            return Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "max-age=1"],
                            body: .init(byteBuffer: ByteBuffer(string: note)))
        }
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

enum LedgerRouteProblem: HubProblem {
    case empty
    case badTilePath(String)

    var code: String {
        switch self {
        case .empty: "LEDGER_EMPTY"
        case .badTilePath: "INVALID_TILE_PATH"
        }
    }
    var status: Int {
        switch self {
        case .empty: 404
        case .badTilePath: 400
        }
    }
    var message: LocalizedText {
        switch self {
        case .empty: LocalizedText(zh: "账本尚无检查点", en: "The ledger has no checkpoint yet")
        case .badTilePath(let path): LocalizedText(zh: "不是有效的瓦片路径：\(path)", en: "Not a valid tile path: \(path)")
        }
    }
}
