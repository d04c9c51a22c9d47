import Crypto
import Foundation

/// Signs note texts with an Ed25519 key under a name (the log's origin for checkpoints).
public struct NoteSigner: Sendable {
    public let verifierKey: VerifierKey
    /// The 32-byte private seed (swift-crypto's key type is not `Sendable`; it is rebuilt from this to sign).
    let seed: Data

    public init(name: String, privateKey: Curve25519.Signing.PrivateKey) throws(NoteFault) {
        seed = privateKey.rawRepresentation
        verifierKey = try VerifierKey(name: name, publicKey: privateKey.publicKey.rawRepresentation)
    }

    public var name: String { verifierKey.name }

    public func signature(for text: String) throws -> NoteSignature {
        let key = try Curve25519.Signing.PrivateKey(rawRepresentation: seed)
        return NoteSignature(name: name, keyID: verifierKey.keyID, signature: try key.signature(for: Data(text.utf8)))
    }

    /// `text` with this key's signature, as a whole signed note.
    public func sign(_ text: String) throws -> SignedNote {
        try SignedNote(text: text, signatures: [signature(for: text)])
    }
}

/// One signature line of a note: `— <name> base64(key ID ‖ signature)`.
public struct NoteSignature: Sendable, Hashable {
    public let name: String
    public let keyID: UInt32
    public let signature: Data

    public init(name: String, keyID: UInt32, signature: Data) {
        self.name = name
        self.keyID = keyID
        self.signature = signature
    }

    public var line: String {
        let id = Data([UInt8(keyID >> 24), UInt8(keyID >> 16 & 0xff), UInt8(keyID >> 8 & 0xff), UInt8(keyID & 0xff)])
        return "\u{2014} \(name) \((id + signature).base64EncodedString())\n"
    }
}
