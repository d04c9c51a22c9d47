import Foundation

/// Which witnesses a client needs on a checkpoint before believing it: every named witness, or at least
/// `quorum` of them. A checkpoint that only its log signed can still be a split view shown to one client;
/// cosignatures from independent witnesses rule that out.
///
/// Invariant: 1 ≤ `quorum` ≤ `witnesses.count`; every witness key is a cosigner key (type 0x04).
public struct WitnessPolicy: Sendable {
    public let witnesses: [VerifierKey]
    public let quorum: Int

    /// `quorum` defaults to all of `witnesses`.
    public init(witnesses: [VerifierKey], quorum: Int? = nil) throws(NoteFault) {
        guard !witnesses.isEmpty else {
            throw NoteFault(code: "INVALID_WITNESS_POLICY", zh: "至少需要一个见证人密钥", en: "At least one witness key is needed")
        }
        if let key = witnesses.first(where: { $0.type != .cosignatureV1 }) {
            throw NoteFault(code: "INVALID_WITNESS_POLICY", zh: "\(key.name) 不是见证人联署密钥（类型应为 0x04）",
                            en: "\(key.name) is not a witness cosigner key (type 0x04)")
        }
        let quorum = quorum ?? witnesses.count
        guard (1...witnesses.count).contains(quorum) else {
            throw NoteFault(code: "INVALID_WITNESS_POLICY", zh: "法定人数应在 1 到 \(witnesses.count) 之间",
                            en: "The quorum must be between 1 and \(witnesses.count)")
        }
        self.witnesses = witnesses
        self.quorum = quorum
    }

    /// The witnesses whose cosignature on `note` verified, with its timestamp. Lines of other keys are ignored; a
    /// named witness's line that fails to verify rejects the note; fewer than `quorum` valid cosignatures is
    /// refused, naming each witness whose cosignature is missing.
    public func check(_ note: SignedNote) throws(NoteFault) -> [(witness: VerifierKey, timestamp: UInt64)] {
        let text = Data(note.text.utf8)
        var cosigned: [(witness: VerifierKey, timestamp: UInt64)] = []
        for witness in witnesses {
            let lines = note.signatures.filter { $0.name == witness.name && $0.keyID == witness.keyID }
            for line in lines {
                guard witness.isValid(signature: line.signature, for: text), let time = Cosignature.timestamp(of: line) else {
                    throw NoteFault.badSignature(witness.name)
                }
                if !cosigned.contains(where: { $0.witness == witness }) { cosigned.append((witness, time)) }
            }
        }
        guard cosigned.count >= quorum else {
            let missing = witnesses.filter { witness in !cosigned.contains { $0.witness == witness } }.map(\.name)
            let names = missing.joined(separator: ", ")
            throw NoteFault(code: "WITNESS_COSIGNATURE_MISSING",
                            zh: "缺少见证人联署：\(names)（需要 \(quorum) 个，有效 \(cosigned.count) 个）",
                            en: "Missing witness cosignatures: \(names) (\(quorum) needed, \(cosigned.count) valid)")
        }
        return cosigned
    }
}
