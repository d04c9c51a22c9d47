import Crypto
import Foundation
import Testing
@testable import Ledger

/// C2SP tlog-cosignature `cosignature/v1`: what our cosigner writes is what the specification describes, byte for
/// byte, and every change to the time, the checkpoint or the key makes it fail.
@Suite struct CosignatureTests {
    static let seed = Data((0..<32).map { UInt8($0 * 7 % 256) })
    static let checkpoint = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"

    static func cosigner(_ name: String = "witness.example/w1", seed: Data = seed) throws -> Cosigner {
        try Cosigner(name: name, privateKey: Curve25519.Signing.PrivateKey(rawRepresentation: seed))
    }

    @Test func cosignature_verifies_underAnIndependentRecomputation() throws {
        let cosigner = try Self.cosigner()
        let line = try cosigner.cosign(Self.checkpoint, at: 1_679_315_147)
        // Rebuild everything from the specification, without our helpers.
        let publicKey = try Curve25519.Signing.PrivateKey(rawRepresentation: Self.seed).publicKey
        var idInput = Array("witness.example/w1".utf8)
        idInput += [0x0A, 0x04]
        idInput += Array(publicKey.rawRepresentation)
        let keyID = Array(SHA256.hash(data: idInput).prefix(4))
        let text = line.line
        #expect(text.hasPrefix("\u{2014} witness.example/w1 ") && text.hasSuffix("\n"))
        let bytes = try #require(Data(base64Encoded: String(text.dropFirst(2 + "witness.example/w1 ".count).dropLast())))
        #expect(bytes.count == 4 + 8 + 64)
        #expect(Array(bytes.prefix(4)) == keyID)
        #expect(Array(bytes[4..<12]) == [0, 0, 0, 0, 0x64, 0x18, 0x50, 0xCB])      // 1679315147, big-endian
        let message = Data("cosignature/v1\ntime 1679315147\n".utf8) + Data(Self.checkpoint.utf8)
        #expect(publicKey.isValidSignature(Data(bytes.suffix(64)), for: message))
        // The vkey carries type 0x04 and the same key ID.
        let vkey = cosigner.verifierKey.text
        #expect(vkey.hasPrefix("witness.example/w1+\(keyID.map { String(format: "%02x", $0) }.joined())+"))
        #expect(try VerifierKey(parsing: vkey) == cosigner.verifierKey)
        #expect(Data(base64Encoded: String(vkey.split(separator: "+", maxSplits: 2)[2]))?.first == 0x04)
        // And a note verifier configured with the witness key accepts the checkpoint with the line appended.
        let note = try SignedNote(parsing: Self.checkpoint + "\n" + text)
        #expect(try note.verified(by: [cosigner.verifierKey]) == [cosigner.verifierKey])
    }

    @Test func alteredTime_body_orKey_fail() throws {
        let cosigner = try Self.cosigner()
        let good = try cosigner.cosign(Self.checkpoint, at: 1_700_000_000)
        let key = cosigner.verifierKey
        let message = Data(Self.checkpoint.utf8)
        #expect(key.isValid(signature: good.signature, for: message))

        var laterTime = good.signature
        laterTime[laterTime.startIndex + 7] ^= 0x01
        #expect(!key.isValid(signature: laterTime, for: message))
        #expect(!key.isValid(signature: good.signature, for: Data(Self.checkpoint.replacingOccurrences(of: "20852163", with: "20852164").utf8)))
        let otherKey = try Self.cosigner(seed: Data(repeating: 9, count: 32)).verifierKey
        #expect(!otherKey.isValid(signature: good.signature, for: message))
        #expect(!key.isValid(signature: good.signature.dropLast(), for: message))
        // The same key as a plain note key (type 0x01) has another key ID and does not accept a cosignature.
        let plain = try VerifierKey(name: key.name, publicKey: key.publicKey)
        #expect(plain.keyID != key.keyID)
        #expect(!plain.isValid(signature: good.signature, for: message))
        // Through a note: a bad line by a trusted witness rejects the note.
        let forged = NoteSignature(name: good.name, keyID: good.keyID, signature: laterTime)
        let note = try SignedNote(text: Self.checkpoint, signatures: [forged])
        #expect { try note.verified(by: [key]) } throws: { ($0 as? NoteFault)?.code == "BAD_SIGNATURE" }
    }

    @Test func timestamps_zeroAndBeyond2to63_areRefused() throws {
        let cosigner = try Self.cosigner()
        #expect(throws: NoteFault.self) { try cosigner.cosign(Self.checkpoint, at: 0) }
        #expect(throws: NoteFault.self) { try cosigner.cosign(Self.checkpoint, at: UInt64(Int64.max) + 1) }
        #expect(Cosignature.split(Data(repeating: 0, count: 72)) == nil)
        #expect(Cosignature.split(Data([0x80] + Array(repeating: 0, count: 71))) == nil)
    }

    @Test func specificationExample_hasTheTimeOfItsMessage() throws {
        // The cosignature in tlog-cosignature's example checkpoint: its time is the one in the example message.
        let line = "\u{2014} witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n"
        let signature = try #require(try Cosignature.parseLines(line).first)
        #expect(signature.name == "witness.example.com/w1")
        #expect(Cosignature.timestamp(of: signature) == 1_679_315_147)
    }

    @Test(arguments: ["", "\u{2014} w AAAA", "not a line\n", "\u{2014} w AAAAAAAA\n\n"])
    func malformedAnswers_areRefused(text: String) {
        #expect(throws: NoteFault.self) { try Cosignature.parseLines(text) }
    }

    @Test func witnessPolicy_namesTheMissingWitness_andCountsAQuorum() throws {
        let one = try Self.cosigner("one.example/w"), two = try Self.cosigner("two.example/w", seed: Data(repeating: 3, count: 32))
        let log = try NoteSigner(name: "example.com/behind-the-sofa", privateKey: .init())
        var note = try log.sign(Self.checkpoint)
        note.add(try one.cosign(Self.checkpoint, at: 1_700_000_000))
        let both = try WitnessPolicy(witnesses: [one.verifierKey, two.verifierKey])
        #expect { try both.check(note) } throws: {
            let fault = $0 as? NoteFault
            return fault?.code == "WITNESS_COSIGNATURE_MISSING" && fault?.en.contains("two.example/w") == true
                && fault?.en.contains("one.example/w") == false
        }
        let either = try WitnessPolicy(witnesses: [one.verifierKey, two.verifierKey], quorum: 1)
        #expect(try either.check(note).map(\.witness) == [one.verifierKey])
        note.add(try two.cosign(Self.checkpoint, at: 1_700_000_001))
        #expect(try both.check(note).map(\.timestamp) == [1_700_000_000, 1_700_000_001])
        #expect(throws: NoteFault.self) { try WitnessPolicy(witnesses: [log.verifierKey]) }
        #expect(throws: NoteFault.self) { try WitnessPolicy(witnesses: [one.verifierKey], quorum: 2) }
        #expect(throws: NoteFault.self) { try WitnessPolicy(witnesses: []) }
    }

    @Test func offlineVerification_withWitnesses_acceptsACosignedCheckpoint_andNamesAMissingOne() throws {
        let witness = try Self.cosigner()
        let log = try NoteSigner(name: "example.com/behind-the-sofa", privateKey: .init())
        var note = try log.sign(Self.checkpoint)
        let file = Data(note.serialized.utf8)
        let policy = try WitnessPolicy(witnesses: [witness.verifierKey])
        #expect(try OfflineVerification.verify(file, keys: [log.verifierKey]).count == 2)
        #expect { try OfflineVerification.verify(file, keys: [log.verifierKey], witnesses: policy) } throws: {
            ($0 as? NoteFault)?.en.contains("witness.example/w1") == true
        }
        note.add(try witness.cosign(Self.checkpoint, at: 1_700_000_000))
        let lines = try OfflineVerification.verify(Data(note.serialized.utf8), keys: [log.verifierKey], witnesses: policy)
        #expect(lines.contains { $0.contains("cosigned by: witness.example/w1 at 2023-11-14T22:13:20Z") })
        // A witness key alone does not make a checkpoint the log's.
        #expect(throws: NoteFault.self) { try OfflineVerification.verify(Data(note.serialized.utf8), keys: [witness.verifierKey]) }
    }
}
