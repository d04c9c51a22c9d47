import Crypto
import Foundation
import HubKit

/// A witness of this hub's ledger: its cosigner key (type 0x04; its name is the witness's name) and its
/// submission prefix (`<prefix>/add-checkpoint`), with what the hub knows of its view of the ledger.
public struct LedgerWitness: Sendable, Hashable {
    public let key: VerifierKey
    /// The submission prefix, without a final slash, e.g. `https://hub.other-district.example/witness`.
    public let url: String
    /// The size of the latest checkpoint of ours the witness cosigned, as far as we know: where the next
    /// consistency proof starts (0 before the first).
    public var knownSize: UInt64
    /// The size of the latest checkpoint whose cosignature by this witness we hold.
    public var cosignedSize: UInt64?
    public var lastError: String?

    public var name: String { key.name }
    public var id: String { Self.id(name) }

    /// The lower-case hex SHA-256 of a witness's name: its path segment in `/api/v1/ledger/witnesses/{id}`.
    public static func id(_ name: String) -> String { SHA256.hash(data: Data(name.utf8)).hexString }
}

/// What an administrator sends to add (or change) a witness: `{"key": "name+id+base64", "url": "https://…/witness"}`.
public struct LedgerWitnessInput: Sendable, Codable {
    public var key: String
    public var url: String

    /// The cosigner key (type 0x04) and the URL prefix (http or https, with a host, no query; final slash dropped).
    public func checked() throws(InputProblem) -> (key: VerifierKey, url: String) {
        let key: VerifierKey
        do {
            key = try VerifierKey(parsing: self.key.trimmingCharacters(in: .whitespaces))
        } catch {
            throw .invalidField(field: "key", reason: "\(error.zh) / \(error.en)")
        }
        guard key.type == .cosignatureV1 else {
            throw .invalidField(field: "key", reason: "见证人密钥应为联署密钥（类型 0x04，由 cityhub ledger witness-key 打印） / a witness key is a cosigner key (type 0x04, as `cityhub ledger witness-key` prints it)")
        }
        var url = self.url.trimmingCharacters(in: .whitespaces)
        while url.hasSuffix("/") { url.removeLast() }
        guard url.utf8.count <= 2048, let parts = URLComponents(string: url), let scheme = parts.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = parts.host, !host.isEmpty,
              parts.query == nil, parts.fragment == nil, parts.user == nil, parts.password == nil
        else {
            throw .invalidField(field: "url", reason: "应为 http(s)://主机[:端口]/前缀，不含查询参数 / an http(s)://host[:port]/prefix URL without a query")
        }
        return (key, url)
    }
}

/// A witness as the admin API shows it.
public struct LedgerWitnessView: Sendable, Codable, Hashable {
    /// SHA-256 (hex) of the name: its path segment in `/api/v1/ledger/witnesses/{id}`.
    public var id: String
    public var name: String
    public var key: String
    public var url: String
    public var knownSize: UInt64
    public var cosignedSize: UInt64?
    /// Why the last submission failed, if it did (cleared by the next success).
    public var lastError: String?
    public var lastAttemptAt: Date?
    public var addedAt: Date
    public var updatedAt: Date
}

/// This ledger's witnesses, with the ledger's own name and key for their operators.
public struct LedgerWitnessList: Sendable, Codable {
    public var origin: String
    /// The ledger's verifier key (type 0x01), which a witness needs to trust this log.
    public var logKey: String
    public var items: [LedgerWitnessView]
}
