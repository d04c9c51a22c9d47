import Crypto
import Foundation

/// A C2SP signed-note verifier key, `<name>+<hex key ID>+<base64(type ‖ public key)>`; Ed25519 (type 0x01) only.
public struct VerifierKey: Sendable, Hashable {
    public static let ed25519: UInt8 = 0x01

    public let name: String
    public let keyID: UInt32
    /// The 32-byte Ed25519 public key (RFC 8032 encoding).
    public let publicKey: Data

    public init(name: String, publicKey: Data) throws(NoteFault) {
        guard Self.isValidName(name) else { throw .badKey("密钥名称为空或含空格、加号", "The key name is empty or contains a space or a plus sign") }
        guard publicKey.count == 32 else { throw .badKey("Ed25519 公钥必须为 32 字节", "An Ed25519 public key has 32 bytes") }
        self.name = name
        self.publicKey = publicKey
        keyID = Self.keyID(name: name, type: Self.ed25519, publicKey: publicKey)
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
        guard material[material.startIndex] == Self.ed25519 else {
            throw .badKey("只支持 Ed25519 (类型 0x01) 密钥", "Only Ed25519 keys (type 0x01) are supported")
        }
        try self.init(name: String(parts[0]), publicKey: Data(material.dropFirst()))
        guard keyID == id else { throw .badKey("密钥编号与名称和公钥不符", "The key ID does not match the name and key") }
    }

    /// `<name>+<hex key ID>+<base64(type ‖ key)>`, as `cityhub ledger key` prints it.
    public var text: String {
        "\(name)+\(Self.hex(keyID))+\((Data([Self.ed25519]) + publicKey).base64EncodedString())"
    }

    /// SHA-256(name ‖ 0x0A ‖ type ‖ key)[:4], big-endian.
    public static func keyID(name: String, type: UInt8, publicKey: Data) -> UInt32 {
        var input = Data(name.utf8)
        input.append(0x0A)
        input.append(type)
        input.append(publicKey)
        return Array(SHA256.hash(data: input).prefix(4)).reduce(0) { $0 << 8 | UInt32($1) }
    }

    func isValid(signature: Data, for message: Data) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else { return false }
        return key.isValidSignature(signature, for: message)
    }

    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && !name.unicodeScalars.contains { $0 == "+" || $0.properties.isWhitespace || $0.value < 0x20 }
    }

    static func hex(_ id: UInt32) -> String {
        let digits = String(id, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}
