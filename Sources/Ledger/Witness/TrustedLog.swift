import Crypto
import Foundation
import HubKit

/// A log this hub witnesses: its origin (the checkpoints' first line) and the Ed25519 note keys (type 0x01) its
/// checkpoints may be signed with; signatures by any other key are ignored.
///
/// Invariant: the origin is 1–255 bytes without control characters; there are 1–16 keys, all type 0x01.
public struct TrustedLog: Sendable, Hashable {
    public static let maximumKeys = 16

    public let origin: String
    public let keys: [VerifierKey]

    public init(origin: String, keys: [VerifierKey]) {
        self.origin = origin
        self.keys = keys
    }

    /// The lower-case hex SHA-256 of the origin: the log's name in monitoring URLs and admin routes.
    public var originHash: String { Self.originHash(origin) }

    public static func originHash(_ origin: String) -> String { SHA256.hash(data: Data(origin.utf8)).hexString }

    /// Checks an origin as an administrator typed it; returns it unchanged or names the fault.
    static func checkedOrigin(_ origin: String) throws(InputProblem) -> String {
        guard !origin.isEmpty, origin.utf8.count <= 255, !origin.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) else {
            throw .invalidField(field: "origin", reason: "1–255 字节，不含控制字符 / 1–255 bytes without control characters")
        }
        return origin
    }

    /// Parses the keys of a log; each must be an Ed25519 note key (type 0x01), duplicates dropped.
    static func checkedKeys(_ texts: [String]) throws(InputProblem) -> [VerifierKey] {
        guard (1...maximumKeys).contains(texts.count) else {
            throw .invalidField(field: "keys", reason: "1–\(maximumKeys) 个验证密钥 / 1–\(maximumKeys) verifier keys")
        }
        var keys: [VerifierKey] = []
        for (index, text) in texts.enumerated() {
            let key: VerifierKey
            do {
                key = try VerifierKey(parsing: text.trimmingCharacters(in: .whitespaces))
            } catch {
                throw .invalidField(field: "keys[\(index)]", reason: "\(error.zh) / \(error.en)")
            }
            guard key.type == .ed25519 else {
                throw .invalidField(field: "keys[\(index)]", reason: "日志密钥应为 Ed25519 签名密钥（类型 0x01），不是联署密钥 / a log key is an Ed25519 note key (type 0x01), not a cosigner key")
            }
            if !keys.contains(key) { keys.append(key) }
        }
        return keys
    }

    /// Keys as stored: their verifier-key texts, one per line.
    var keysText: String { keys.map(\.text).joined(separator: "\n") }

    static func keys(fromText text: String) throws -> [VerifierKey] {
        try text.split(separator: "\n").map { try VerifierKey(parsing: String($0)) }
    }
}

/// What an administrator sends to trust a new log: `{"origin": …, "keys": ["name+id+key", …]}`.
public struct TrustedLogInput: Sendable, Codable {
    public var origin: String
    public var keys: [String]

    public func checked() throws(InputProblem) -> TrustedLog {
        TrustedLog(origin: try TrustedLog.checkedOrigin(origin), keys: try TrustedLog.checkedKeys(keys))
    }
}

/// New keys for a trusted log (a key rotation): `{"keys": [...]}`.
public struct TrustedLogKeys: Sendable, Codable {
    public var keys: [String]
}

/// A trusted log as the admin API shows it, with the latest checkpoint the hub cosigned for it.
public struct TrustedLogView: Sendable, Codable, Hashable {
    /// The origin's SHA-256 (hex): its path segment in `/api/v1/witness/logs/{id}` and `/witness/{id}/checkpoint`.
    public var id: String
    public var origin: String
    public var keys: [String]
    public var cosignedSize: UInt64?
    public var cosignedAt: Date?
    public var addedAt: Date
    public var updatedAt: Date
}

/// The trusted logs and the key they can check this hub's cosignatures with.
public struct TrustedLogList: Sendable, Codable {
    /// This hub's witness verifier key (type 0x04), for the logs' operators.
    public var witnessKey: String
    public var items: [TrustedLogView]
}

/// A validly signed checkpoint the witness refused as inconsistent with what it had cosigned: possible proof
/// that the log showed two histories. Kept with the checkpoint the witness held at the time.
public struct WitnessEvidence: Sendable, Codable, Hashable {
    /// SHA-256 (hex) of the refused request body.
    public var id: String
    public var origin: String
    /// The problem code the request was refused with (`ROOT_MISMATCH`, `INCONSISTENT_CHECKPOINT`, …, or
    /// `CONFLICTING_SIZE` for a 409 naming another root at the size the witness holds).
    public var reason: String
    public var size: UInt64
    public var oldSize: UInt64
    /// The refused checkpoint as submitted (a signed note).
    public var checkpoint: String
    /// The consistency proof sent with it, base64 hashes.
    public var proof: [String]
    /// The checkpoint the witness had cosigned when it refused (signed by the log and by this witness), if any.
    public var cosigned: String?
    public var receivedAt: Date
}

/// The evidence the witness kept, newest first.
public struct WitnessEvidenceList: Sendable, Codable {
    public var items: [WitnessEvidence]
}
