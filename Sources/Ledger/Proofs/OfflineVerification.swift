import Foundation

/// What `cityhub ledger verify` checks without a server: a trail, a C2SP tlog-proof or a signed checkpoint,
/// against the log's verifier keys and, when a witness policy is given, the witnesses' cosignatures on its
/// checkpoint. Pure: the file's bytes in, the lines to print out, or the first fault.
public enum OfflineVerification {
    public static func verify(_ data: Data, keys: [VerifierKey], witnesses: WitnessPolicy? = nil) throws(NoteFault) -> [String] {
        guard let text = String(data: data, encoding: .utf8) else {
            throw NoteFault(code: "MALFORMED_FILE", zh: "文件不是 UTF-8 文本", en: "The file is not UTF-8 text")
        }
        var lines: [String]
        let checkpoint: SignedNote
        if text.hasPrefix("{") {
            guard let trail = try? JSONDecoder().decode(Trail.self, from: data) else {
                throw NoteFault(code: "MALFORMED_TRAIL", zh: "不是 CityHub 轨迹文件", en: "Not a CityHub trail")
            }
            let verified = try trail.verify(keys: keys)
            checkpoint = try SignedNote(parsing: trail.checkpoint)
            lines = ["已验证 / verified: \(verified.entries.count) entries of \(trail.subject) in \(verified.checkpoint.origin) at size \(verified.checkpoint.size)"]
                + verified.entries.map { String(decoding: $0, as: UTF8.self) }
        } else if text.hasPrefix(TlogProof.header) {
            let proof = try TlogProof(parsing: text)
            let verified = try proof.verify(keys: keys)
            checkpoint = proof.checkpoint
            lines = ["已验证 / verified: entry \(proof.index) of \(verified.checkpoint.origin) at size \(verified.checkpoint.size)",
                     "签名 / signed by: \(verified.signers.map(\.name).joined(separator: ", "))",
                     String(decoding: verified.entry, as: UTF8.self)]
        } else {
            // Any trusted note key will do here (a log's key need not be named like its origin, as with Go's
            // checksum database); cosignatures alone do not make a checkpoint the log's.
            checkpoint = try SignedNote(parsing: text)
            let signers = try checkpoint.verified(by: keys)
            guard signers.contains(where: { $0.type == .ed25519 }) else { throw NoteFault.unverified }
            let tree = try Checkpoint(parsing: checkpoint.text)
            lines = ["已验证 / verified: \(tree.origin), \(tree.size) entries, root \(tree.rootHash.base64EncodedString())",
                     "签名 / signed by: \(signers.map(\.name).joined(separator: ", "))"]
        }
        if let witnesses {
            let cosigned = try witnesses.check(checkpoint)
            lines.insert(contentsOf: cosigned.map { cosignature in
                let at = Date(timeIntervalSince1970: TimeInterval(cosignature.timestamp)).formatted(.iso8601)
                return "见证 / cosigned by: \(cosignature.witness.name) at \(at)"
            }, at: lines.count > 1 && lines[1].hasPrefix("签名 / signed by") ? 2 : 1)
        }
        return lines
    }
}
