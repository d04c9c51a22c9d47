import Foundation

/// The body of a C2SP tlog-witness `add-checkpoint` call: `old <size>`, up to 63 base64 consistency-proof
/// hashes, a blank line, then the signed checkpoint, every line ending in a newline. Pure: parsing refuses
/// anything else with a 400 problem whose code names the fault, and `body` writes the exact form the
/// witness expects.
public struct AddCheckpointRequest: Sendable, Hashable {
    /// The most proof lines a client may send: a consistency proof of a tree of 2^64 leaves has at most 2 × 64 − 2
    /// hashes, but the spec's limit (63) covers every tree up to 2^63.
    public static let maximumProofLines = 63

    public let oldSize: UInt64
    public let proof: [TreeHash]
    public let note: SignedNote
    public let checkpoint: Checkpoint

    public init(oldSize: UInt64, proof: [TreeHash], note: SignedNote) throws(WitnessProblem) {
        guard proof.count <= Self.maximumProofLines else { throw .tooManyProofLines }
        let checkpoint: Checkpoint
        do {
            checkpoint = try Checkpoint(parsing: note.text)
        } catch {
            throw .invalidCheckpoint(error)
        }
        guard oldSize <= checkpoint.size else { throw .oldSizeBeyondCheckpoint(old: oldSize, size: checkpoint.size) }
        self.oldSize = oldSize
        self.proof = proof
        self.note = note
        self.checkpoint = checkpoint
    }

    public init(parsing body: [UInt8]) throws(WitnessProblem) {
        guard String(validating: body, as: UTF8.self) != nil else { throw .notUTF8 }
        let newline = UInt8(ascii: "\n")
        var start = body.startIndex
        /// The next line without its newline; nil when no newline follows.
        func nextLine() -> ArraySlice<UInt8>? {
            guard let end = body[start...].firstIndex(of: newline) else { return nil }
            defer { start = end + 1 }
            return body[start..<end]
        }
        guard let oldLine = nextLine() else { throw .missingBlankLine }
        let oldSize = try Self.oldSize(oldLine)
        var proof: [TreeHash] = []
        while true {
            let lineStart = start
            guard let line = nextLine() else { throw .missingBlankLine }
            if line.isEmpty { break }
            guard let hash = Data(base64Encoded: String(decoding: line, as: UTF8.self)), hash.count == 32 else {
                // The checkpoint itself where a proof line or the blank line belongs: the blank line is missing.
                if let rest = try? SignedNote(parsing: String(decoding: body[lineStart...], as: UTF8.self)),
                   (try? Checkpoint(parsing: rest.text)) != nil { throw .missingBlankLine }
                throw .invalidProofLine(proof.count + 1)
            }
            guard proof.count < Self.maximumProofLines else { throw .tooManyProofLines }
            proof.append(Array(hash))
        }
        let note: SignedNote
        do {
            note = try SignedNote(parsing: String(decoding: body[start...], as: UTF8.self))
        } catch {
            throw .invalidCheckpoint(error)
        }
        try self.init(oldSize: oldSize, proof: proof, note: note)
    }

    /// `old <n>`: ASCII digits without leading zeros (`0` for the empty tree), fitting in 64 bits.
    private static func oldSize(_ line: ArraySlice<UInt8>) throws(WitnessProblem) -> UInt64 {
        let prefix = Array("old ".utf8)
        guard line.starts(with: prefix) else { throw .invalidOldSize }
        let digits = line.dropFirst(prefix.count)
        guard let first = digits.first, digits.allSatisfy({ (48...57).contains($0) }), first != 48 || digits.count == 1,
              let size = UInt64(String(decoding: digits, as: UTF8.self))
        else { throw .invalidOldSize }
        return size
    }

    /// The request as sent: `old <n>\n`, one base64 hash per line, a blank line, the signed checkpoint.
    public var body: String {
        "old \(oldSize)\n" + proof.map { Data($0).base64EncodedString() + "\n" }.joined() + "\n" + note.serialized
    }
}
