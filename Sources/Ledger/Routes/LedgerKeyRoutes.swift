import Foundation
import HubKit
import Hummingbird

/// `/ledger/key`: the keys a client needs to check this ledger's checkpoints — the log's verifier key and the
/// cosigner keys of its configured witnesses. Public and read-only, like the rest of `/ledger/`.
///
/// A key fetched from the server it vouches for proves only that the server is consistent with itself; whoever
/// must not trust the operator compares it with the key published elsewhere (`cityhub ledger key` prints it).
public struct LedgerKeyRoutes: Sendable {
    /// The log's verifier key (type 0x01).
    public let logKey: VerifierKey
    /// Where the configured witnesses are read from (only their keys are served, never their URLs or state).
    public let witnesses: CosigningStore

    public init(logKey: VerifierKey, witnesses: CosigningStore) {
        self.logKey = logKey
        self.witnesses = witnesses
    }

    public func register(on hub: HubRouter) {
        hub.add(Endpoint(.get, "/ledger/key", access: .everyone,
                         summary: "The ledger's verifier key and its witnesses' cosigner keys (C2SP vkeys), to check checkpoints and tlog-proofs",
                         tag: "ledger", response: "LedgerKeys"), keys)
    }

    @Sendable func keys(_ request: Request, context: HubRequestContext) async throws -> LedgerKeys {
        LedgerKeys(origin: logKey.name, key: logKey.text, witnesses: try await witnesses.witnesses().map(\.key.text))
    }
}

/// The answer of `/ledger/key`: the log's origin, its verifier key (type 0x01) and its witnesses' cosigner keys
/// (type 0x04, sorted by name; empty when none is configured).
public struct LedgerKeys: Sendable, Codable, Hashable, ResponseEncodable {
    public var origin: String
    public var key: String
    public var witnesses: [String]
}
