import Crypto
import Foundation

/// C2SP tlog-cosignature, Ed25519 type `cosignature/v1` (signature type 0x04): a witness's statement that, at
/// `timestamp` (POSIX seconds), the checkpoint is the largest consistent tree it has seen of the log.
///
/// The line is `— <name> base64(key ID ‖ timestamp ‖ signature)`: key ID = SHA-256(name ‖ 0x0A ‖ 0x04 ‖ key)[:4],
/// the timestamp a big-endian u64 (never 0, at most 2^63 − 1), the signature Ed25519 over
/// `cosignature/v1\ntime <timestamp>\n` followed by the checkpoint's whole note text. Pure: no clock, no I/O.
public enum Cosignature {
    /// The domain-separation line that starts every signed message.
    public static let header = "cosignature/v1"
    /// Bytes after the key ID: 8 of timestamp, 64 of Ed25519 signature.
    public static let length = 72

    /// The message a cosigner signs for note text `text` at `timestamp`.
    public static func message(text: Data, timestamp: UInt64) -> Data {
        var message = Data("\(header)\ntime \(timestamp)\n".utf8)
        message.append(text)
        return message
    }

    /// The timestamp and the Ed25519 signature inside a cosignature's bytes (those after the key ID); nil when
    /// the length is wrong or the timestamp is 0 or above 2^63 − 1.
    public static func split(_ bytes: Data) -> (timestamp: UInt64, signature: Data)? {
        guard bytes.count == length else { return nil }
        let timestamp = bytes.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard timestamp > 0, timestamp <= UInt64(Int64.max) else { return nil }
        return (timestamp, Data(bytes.dropFirst(8)))
    }

    /// The timestamp of a cosignature line's signature, if it has the cosignature's shape.
    public static func timestamp(of signature: NoteSignature) -> UInt64? {
        split(signature.signature)?.timestamp
    }

    /// One signature line (`— name base64`, with or without its final newline), as a witness returns it.
    public static func parseLine(_ line: Substring) throws(NoteFault) -> NoteSignature {
        try SignedNote.signatureLine(line.hasSuffix("\n") ? line.dropLast() : line)
    }

    /// Every signature line of a witness's `add-checkpoint` answer: one or more lines, each ending in a newline.
    public static func parseLines(_ text: String) throws(NoteFault) -> [NoteSignature] {
        guard text.hasSuffix("\n") else {
            throw NoteFault.malformed("见证人的答复应以换行结尾", "A witness's answer ends with a newline")
        }
        let lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false)
        guard !lines.isEmpty, lines.count <= SignedNote.maximumSignatures else {
            throw NoteFault.malformed("见证人的答复应含 1 至 \(SignedNote.maximumSignatures) 行签名",
                                      "A witness's answer has 1 to \(SignedNote.maximumSignatures) signature lines")
        }
        return try lines.map { line throws(NoteFault) in try parseLine(line) }
    }
}

/// Makes `cosignature/v1` cosignatures with an Ed25519 key: the hub's witness key. The same private key and name
/// as a `NoteSigner` (the key file has the same format as the log's), with the cosignature's key ID.
public struct Cosigner: Sendable {
    /// The witness's verifier key, type 0x04, as `cityhub ledger witness-key` prints it.
    public let verifierKey: VerifierKey
    /// The 32-byte private seed (swift-crypto's key type is not `Sendable`; it is rebuilt from this to sign).
    let seed: Data

    public init(name: String, privateKey: Curve25519.Signing.PrivateKey) throws(NoteFault) {
        seed = privateKey.rawRepresentation
        verifierKey = try VerifierKey(name: name, publicKey: privateKey.publicKey.rawRepresentation, type: .cosignatureV1)
    }

    /// The cosigner with the key and name of `signer` (a witness key loaded from its file).
    public init(signer: NoteSigner) throws {
        try self.init(name: signer.name, privateKey: try Curve25519.Signing.PrivateKey(rawRepresentation: signer.seed))
    }

    public var name: String { verifierKey.name }

    /// The cosignature of note text `text` at `timestamp` (POSIX seconds, 1 … 2^63 − 1).
    public func cosign(_ text: String, at timestamp: UInt64) throws -> NoteSignature {
        guard timestamp > 0, timestamp <= UInt64(Int64.max) else {
            throw NoteFault(code: "INVALID_TIMESTAMP", zh: "联署时间戳必须在 1 到 2^63−1 之间",
                            en: "A cosignature's timestamp is between 1 and 2^63 − 1")
        }
        let key = try Curve25519.Signing.PrivateKey(rawRepresentation: seed)
        let signature = try key.signature(for: Cosignature.message(text: Data(text.utf8), timestamp: timestamp))
        let time = Data((0..<8).map { UInt8(truncatingIfNeeded: timestamp >> (56 - 8 * UInt64($0))) })
        return NoteSignature(name: name, keyID: verifierKey.keyID, signature: time + signature)
    }
}
