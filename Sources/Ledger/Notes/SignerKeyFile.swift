import Crypto
import Foundation

/// The ledger's signing key on disk: `PRIVATE+KEY+<name>+<hex key ID>+<base64(0x01 ‖ 32-byte seed)>`, the signer
/// key format of Go's note package, in a file only its owner may read (mode 0600). Created on first use; never
/// replaced, since every checkpoint the log ever signed is verified with it.
public enum SignerKeyFile {
    static let prefix = "PRIVATE+KEY+"

    /// The signer in `path`, creating the file (and its folder) with a new key named `name` when there is none.
    /// A key already on disk under another name is refused: the log's name is part of what it signed.
    public static func loadOrCreate(at path: String, name: String) throws -> NoteSigner {
        if FileManager.default.fileExists(atPath: path) {
            let signer = try load(at: path)
            guard signer.name == name else {
                throw NoteFault.badKey("密钥文件属于 \(signer.name)，而配置的名称是 \(name)",
                                       "The key file belongs to \(signer.name) but the configured name is \(name)")
            }
            return signer
        }
        let signer = try NoteSigner(name: name, privateKey: Curve25519.Signing.PrivateKey())
        try write(signer, to: path)
        return signer
    }

    public static func load(at path: String) throws -> NoteSigner {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw NoteFault.badKey("无法读取密钥文件 \(path)", "Cannot read the key file \(path)")
        }
        return try parse(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    static func parse(_ text: String) throws(NoteFault) -> NoteSigner {
        guard text.hasPrefix(prefix) else { throw .badKey("不是签名密钥（应以 PRIVATE+KEY+ 开头）", "Not a signer key (PRIVATE+KEY+…)") }
        let parts = text.dropFirst(prefix.count).split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let id = UInt32(parts[1], radix: 16),
              let material = Data(base64Encoded: String(parts[2])), material.count == 33, material.first == VerifierKey.ed25519,
              let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: material.dropFirst())
        else { throw .badKey("签名密钥文件已损坏", "The signer key file is damaged") }
        let signer = try NoteSigner(name: String(parts[0]), privateKey: key)
        guard signer.verifierKey.keyID == id else { throw .badKey("签名密钥的编号与公钥不符", "The signer key's ID does not match its key") }
        return signer
    }

    static func text(of signer: NoteSigner, seed: Data) -> String {
        "\(prefix)\(signer.name)+\(VerifierKey.hex(signer.verifierKey.keyID))+\((Data([VerifierKey.ed25519]) + seed).base64EncodedString())\n"
    }

    static func write(_ signer: NoteSigner, to path: String) throws {
        try SecretFile.create(at: path, contents: text(of: signer, seed: signer.seed))
    }
}
