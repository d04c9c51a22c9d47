import Crypto
import Foundation
import Testing
@testable import Ledger

/// C2SP signed notes and checkpoints, against the signed-note specification's example and five real signed tree
/// heads of Go's checksum database (copied from `../shared/specs/vectors/`), then every way of breaking them.
@Suite struct SignedNoteTests {
    static let exampleKey = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"
    static let example = """
This is an example message.

— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=

"""
    static let sumdbKey = "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8"
    static let sumdbHeads = [
        """
        go.sum database tree
        15368405
        /g9am3I6YWNKaZX/jkne1fqd9zEyjss+JXyPXG0WfkY=

        — sum.golang.org Az3grqJGUaSGukG9p8nI2vKgiFn7qGHxn0W+mrwyI6Gz3F0t1J3LzmWk/p96Ybf295EjwdSwlzgijq5WA9d1Ded7owM=

        """,
        """
        go.sum database tree
        3784599
        7uvxIZ67TZygcq/AehTD8iHYt81Ih+Zl2Y7vXZbfszQ=

        — sum.golang.org Az3grn972wXskjQrsZhVGc93fTU2uOsmSTiId1Wn1lxDCup5z4ggl1/4gaUqOkMa6cMbYvjB7hn7yemNr7Zqanol/go=

        """,
        """
        go.sum database tree
        59045944
        LE6Lx+GNVyuFBv/jKcFIiPkG1WC7DHwG0clpfN/TBlA=

        — sum.golang.org Az3grk9ctaTv+CITXOwxCEHU3APAw5X7Ck14+fvFlh0GCktwX15+XPzy//GgL2G50ZgY05e8eXFTWcvW6pN5tozsLQQ=

        """,
        """
        go.sum database tree
        63096908
        8lHrQPRYe4KT4WQ9/Qk8/taKnD6IRHbFgfN7vQE2Y54=

        — sum.golang.org Az3gri/oVBN1jAhNZ/iS+W31psFAWRT20/GyrhpU6taFwulQGetBkH5S7wpGXdS935jiIGiUUAXBVHzT/P6fYhqAmAk=

        """,
        """
        go.sum database tree
        63512409
        F7eHRPqN/cqPtqti14NKdGGaI1Giw8coWP3KxihFZbg=

        — sum.golang.org Az3gri1OBHKT87Xj8UXU8zjoHGy/X+7Nl94f8TZkELVaasolmGApUsWqwVG9vE6hgqYb/ph/w2vdkLIVRH7bMB/FPQ4=

        """
    ]

    @Test func specificationExample_verifies() throws {
        let key = try VerifierKey(parsing: Self.exampleKey)
        let note = try SignedNote(parsing: Self.example)
        #expect(note.text == "This is an example message.\n")
        #expect(try note.verified(by: [key]) == [key])
        #expect(key.text == Self.exampleKey)
    }

    @Test(arguments: 0..<5)
    func goChecksumDatabaseTreeHead_verifies_andParsesAsACheckpoint(index: Int) throws {
        let key = try VerifierKey(parsing: Self.sumdbKey)
        #expect(key.keyID == 0x033de0ae)
        let note = try SignedNote(parsing: Self.sumdbHeads[index])
        #expect(try note.verified(by: [key]) == [key])
        let checkpoint = try Checkpoint(parsing: note.text)
        #expect(checkpoint.origin == "go.sum database tree")
        #expect(checkpoint.rootHash.count == 32)
        #expect(checkpoint.text == note.text)
    }

    @Test func alteredText_orSignature_isRejected() throws {
        let key = try VerifierKey(parsing: Self.sumdbKey)
        let original = Self.sumdbHeads[0]
        let biggerTree = original.replacingOccurrences(of: "\n15368405\n", with: "\n15368406\n")
        #expect(throws: NoteFault.badSignature("sum.golang.org")) { try SignedNote(parsing: biggerTree).verified(by: [key]) }
        var note = try SignedNote(parsing: original)
        var bytes = note.signatures[0].signature
        bytes[bytes.startIndex] ^= 1
        note = try SignedNote(text: note.text, signatures: [NoteSignature(name: "sum.golang.org", keyID: 0x033de0ae, signature: bytes)])
        #expect(throws: NoteFault.badSignature("sum.golang.org")) { try note.verified(by: [key]) }
    }

    @Test func unknownKeys_areIgnored_butANoteWithoutAKnownOne_isRejected() throws {
        let sumdb = try VerifierKey(parsing: Self.sumdbKey)
        let other = try VerifierKey(parsing: Self.exampleKey)
        #expect(throws: NoteFault.unverified) { try SignedNote(parsing: Self.sumdbHeads[0]).verified(by: [other]) }
        // Same name, other ID: not the known key, so ignored rather than failed.
        var note = try SignedNote(parsing: Self.sumdbHeads[0])
        note.add(NoteSignature(name: "sum.golang.org", keyID: 1, signature: Data(repeating: 7, count: 64)))
        #expect(try note.verified(by: [sumdb, other]) == [sumdb])
    }

    @Test func ourSigner_roundTrips_throughTheTextForm() throws {
        let signer = try NoteSigner(name: "cityhub.example/ledger", privateKey: Curve25519.Signing.PrivateKey())
        let checkpoint = Checkpoint(origin: "cityhub.example/ledger", size: 3, rootHash: Data(repeating: 0xab, count: 32))
        let note = try signer.sign(checkpoint.text)
        let parsed = try SignedNote(parsing: note.serialized)
        let key = try VerifierKey(parsing: signer.verifierKey.text)
        #expect(try parsed.verified(by: [key]) == [key])
        #expect(try Checkpoint(parsing: parsed.text) == checkpoint)
    }

    @Test(arguments: [
        ("no blank line\n— a AAAAAAAA\n", "MALFORMED_NOTE"),
        ("text\n\n", "MALFORMED_NOTE"),
        ("text\n\n— a AAAAAAAA", "MALFORMED_NOTE"),
        ("text\n\n- a AAAAAAAA\n", "MALFORMED_NOTE"),
        ("text\n\n— a b c\n", "MALFORMED_NOTE"),
        ("text\n\n— a !!!\n", "MALFORMED_NOTE"),
        ("text\n\n— a AAAA\n", "MALFORMED_NOTE"),
        ("te\u{7}xt\n\n— a AAAAAAAA\n", "MALFORMED_NOTE"),
    ])
    func brokenNotes_areRefusedWithACode(note: String, code: String) {
        #expect { try SignedNote(parsing: note) } throws: { ($0 as? NoteFault)?.code == code }
    }

    @Test(arguments: [
        "example.com/foo+530d903a",
        "example.com/foo+530D903A+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",
        "example.com/foo+530d903b+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",
        "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U",
        "+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",
        "example.com/foo+530d903a+AukyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",
    ])
    func brokenVerifierKeys_areRefused(text: String) {
        #expect { try VerifierKey(parsing: text) } throws: { ($0 as? NoteFault)?.code == "INVALID_VERIFIER_KEY" }
    }

    @Test(arguments: [
        "origin\n5\n",
        "\n5\nq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=\n",
        "origin\n05\nq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=\n",
        "origin\n-1\nq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=\n",
        "origin\n5\nq6urq6s=\n",
        "origin\n5\nq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=\n\n",
        "origin\n5\nq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=",
    ])
    func brokenCheckpoints_areRefused(text: String) {
        #expect { try Checkpoint(parsing: text) } throws: { ($0 as? NoteFault)?.code == "INVALID_CHECKPOINT" }
    }
}
