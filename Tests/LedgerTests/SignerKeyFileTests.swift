import Foundation
import Testing
@testable import Ledger

@Suite struct SignerKeyFileTests {
    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("cityhub-key-\(UUID().uuidString)/ledger/signing.key").path
    }

    @Test func aKeyIsCreatedOnce_readableOnlyByItsOwner_andFoundAgain() throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().deletingLastPathComponent().path) }
        let first = try SignerKeyFile.loadOrCreate(at: path, name: "district.example/ledger")
        let again = try SignerKeyFile.loadOrCreate(at: path, name: "district.example/ledger")
        #expect(again.verifierKey == first.verifierKey)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("PRIVATE+KEY+district.example/ledger+\(first.verifierKey.text.split(separator: "+")[1])+"))
        // What it signs, the printed verifier key verifies.
        let note = try again.sign("district.example/ledger\n1\nq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=\n")
        #expect(try SignedNote(parsing: note.serialized).verified(by: [VerifierKey(parsing: first.verifierKey.text)]).count == 1)
    }

    @Test func anotherName_orADamagedFile_isRefused() throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().deletingLastPathComponent().path) }
        _ = try SignerKeyFile.loadOrCreate(at: path, name: "district.example/ledger")
        #expect { try SignerKeyFile.loadOrCreate(at: path, name: "other.example/ledger") } throws: {
            ($0 as? NoteFault)?.code == "INVALID_VERIFIER_KEY"
        }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for damaged in [String(text.dropLast(6)) + "\n", "PUBLIC+KEY+x+00000000+AA==\n", text.replacingOccurrences(of: "+A", with: "+B")] {
            try damaged.write(toFile: path, atomically: true, encoding: .utf8)
            #expect { try SignerKeyFile.load(at: path) } throws: { ($0 as? NoteFault)?.code == "INVALID_VERIFIER_KEY" }
        }
    }
}
