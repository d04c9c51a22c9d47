import Foundation

/// A C2SP signed note: a text ending in a newline, a blank line, then one signature line per key.
public struct SignedNote: Sendable, Hashable {
    /// Verifiers must accept at least 16 signatures; more than this many is refused as abuse.
    public static let maximumSignatures = 64

    public let text: String
    public private(set) var signatures: [NoteSignature]

    public init(text: String, signatures: [NoteSignature]) throws(NoteFault) {
        guard text.hasSuffix("\n") else { throw .malformed("正文必须以换行结尾", "The note text must end with a newline") }
        try Self.checkCharacters(text)
        self.text = text
        self.signatures = signatures
    }

    public init(parsing note: String) throws(NoteFault) {
        try Self.checkCharacters(note)
        guard let split = note.range(of: "\n\n", options: .backwards) else {
            throw .malformed("缺少正文与签名之间的空行", "No blank line between the text and the signatures")
        }
        let text = String(note[..<note.index(after: split.lowerBound)])
        let block = note[split.upperBound...]
        guard block.hasSuffix("\n") else { throw .malformed("签名行必须以换行结尾", "Signature lines must end with a newline") }
        var signatures: [NoteSignature] = []
        for line in block.dropLast().split(separator: "\n", omittingEmptySubsequences: false) {
            signatures.append(try Self.signatureLine(line))
            if signatures.count > Self.maximumSignatures {
                throw .malformed("签名过多（上限 \(Self.maximumSignatures)）", "Too many signatures (at most \(Self.maximumSignatures))")
            }
        }
        guard !signatures.isEmpty else { throw .malformed("没有签名行", "The note has no signature lines") }
        try self.init(text: text, signatures: signatures)
    }

    public var serialized: String { text + "\n" + signatures.map(\.line).joined() }

    public mutating func add(_ signature: NoteSignature) {
        if !signatures.contains(signature) { signatures.append(signature) }
    }

    /// The keys among `trusted` whose signatures verified. Signatures of unknown keys are ignored; a known key
    /// whose signature fails rejects the whole note, and so does a note no known key signed. `trusted` may mix
    /// log keys (type 0x01) and witness keys (type 0x04): each is checked by its own type's rule.
    public func verified(by trusted: [VerifierKey]) throws(NoteFault) -> [VerifierKey] {
        var verified: [VerifierKey] = []
        let message = Data(text.utf8)
        for signature in signatures {
            guard let key = trusted.first(where: { $0.name == signature.name && $0.keyID == signature.keyID }) else { continue }
            guard key.isValid(signature: signature.signature, for: message) else { throw .badSignature(key.name) }
            if !verified.contains(key) { verified.append(key) }
        }
        guard !verified.isEmpty else { throw .unverified }
        return verified
    }

    /// One signature line without its newline: `— <name> base64(key ID ‖ signature)`.
    static func signatureLine(_ line: Substring) throws(NoteFault) -> NoteSignature {
        guard line.hasPrefix("\u{2014} ") else {
            throw .malformed("签名行应以“— ”开头", "A signature line starts with an em dash and a space")
        }
        let parts = line.dropFirst(2).split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 2, VerifierKey.isValidName(String(parts[0])) else {
            throw .malformed("签名行应为“— 名称 签名”", "A signature line is: em dash, name, signature")
        }
        guard let bytes = Data(base64Encoded: String(parts[1])), bytes.count > 4 else {
            throw .malformed("签名不是有效的 base64", "The signature is not valid base64")
        }
        let id = bytes.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        return NoteSignature(name: String(parts[0]), keyID: id, signature: Data(bytes.dropFirst(4)))
    }

    private static func checkCharacters(_ text: String) throws(NoteFault) {
        if text.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" }) {
            throw .malformed("含有换行以外的控制字符", "The note contains control characters other than newline")
        }
    }
}
