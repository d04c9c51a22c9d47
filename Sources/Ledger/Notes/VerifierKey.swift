import Crypto
import Foundation

/// A C2SP signed-note verifier key, `<name>+<hex key ID>+<base64(type ‖ public key)>`, for one of the two
/// Ed25519 signature types the hub speaks: note signatures (type 0x01, what a log signs its checkpoints with)
/// and timestamped checkpoint cosignatures (type 0x04, c2sp.org/tlog-cosignature `cosignature/v1`, what a
/// witness signs with). The type is part of the key ID, so one public key gives a different ID for each.
public struct VerifierKey: Sendable, Hashable {
    public static let ed25519: UInt8 = SignatureType.ed25519.rawValue
    public static let cosignatureV1: UInt8 = SignatureType.cosignatureV1.rawValue

    /// The signature types of signed-note §Signature types that the hub verifies.
    public enum SignatureType: UInt8, Sendable, Hashable {
        /// Ed25519 over the note text.
        case ed25519 = 0x01
        /// Ed25519 over `cosignature/v1\ntime <t>\n` and the note text, with the 8-byte time before the signature.
        case cosignatureV1 = 0x04
    }

    public let name: String
    public let type: SignatureType
    public let keyID: UInt32
    /// The 32-byte Ed25519 public key (RFC 8032 encoding).
    public let publicKey: Data

    public init(name: String, publicKey: Data, type: SignatureType = .ed25519) throws(NoteFault) {
        guard Self.isValidName(name) else { throw .badKey("密钥名称为空或含空格、加号", "The key name is empty or contains a space or a plus sign") }
        guard publicKey.count == 32 else { throw .badKey("Ed25519 公钥必须为 32 字节", "An Ed25519 public key has 32 bytes") }
        self.name = name
        self.type = type
        self.publicKey = publicKey
        keyID = Self.keyID(name: name, type: type.rawValue, publicKey: publicKey)
    }

    public init(parsing text: String) throws(NoteFault) {
        // The key part is base64 and may itself contain "+": only the first two separate.
        let parts = text.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .badKey("格式应为 名称+密钥编号+公钥", "Expected name+keyID+key") }
        guard parts[1].utf8.count == 8, let id = UInt32(parts[1], radix: 16), parts[1] == parts[1].lowercased() else {
            throw .badKey("密钥编号应为 8 位小写十六进制", "The key ID must be 8 lower-case hex digits")
        }
        guard let material = Data(base64Encoded: String(parts[2])), material.count == 33 else {
            throw .badKey("公钥部分不是有效的 base64 或长度不对", "The key part is not base64 of 33 bytes")
        }
        guard let type = SignatureType(rawValue: material[material.startIndex]) else {
            throw .badKey("只支持 Ed25519 签名密钥（类型 0x01）和 Ed25519 联署密钥（类型 0x04）",
                          "Only Ed25519 note keys (type 0x01) and Ed25519 cosigner keys (type 0x04) are supported")
        }
        try self.init(name: String(parts[0]), publicKey: Data(material.dropFirst()), type: type)
        guard keyID == id else { throw .badKey("密钥编号与名称和公钥不符", "The key ID does not match the name and key") }
    }

    /// `<name>+<hex key ID>+<base64(type ‖ key)>`, as `cityhub ledger key` prints it.
    public var text: String {
        "\(name)+\(Self.hex(keyID))+\((Data([type.rawValue]) + publicKey).base64EncodedString())"
    }

    /// SHA-256(name ‖ 0x0A ‖ type ‖ key)[:4], big-endian.
    public static func keyID(name: String, type: UInt8, publicKey: Data) -> UInt32 {
        var input = Data(name.utf8)
        input.append(0x0A)
        input.append(type)
        input.append(publicKey)
        return Array(SHA256.hash(data: input).prefix(4)).reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// Whether `signature` (the bytes after the key ID) is this key's signature of the note text `text`.
    func isValid(signature: Data, for text: Data) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else { return false }
        switch type {
        case .ed25519:
            return key.isValidSignature(signature, for: text)
        case .cosignatureV1:
            guard let (timestamp, ed25519) = Cosignature.split(signature) else { return false }
            return key.isValidSignature(ed25519, for: Cosignature.message(text: text, timestamp: timestamp))
        }
    }

    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && !name.unicodeScalars.contains { $0 == "+" || $0.properties.isWhitespace || $0.value < 0x20 }
    }

    static func hex(_ id: UInt32) -> String {
        let digits = String(id, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}
