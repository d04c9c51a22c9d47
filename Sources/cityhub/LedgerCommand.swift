import ArgumentParser
import Foundation
import Ledger

/// `cityhub ledger key` and `cityhub ledger verify`.
struct LedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ledger", abstract: "The tamper-evident ledger (区块链存证).",
                                                    subcommands: [Key.self, Verify.self])

    struct Key: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the ledger's verifier key (name+id+key), creating the signing key on first use.")
        @OptionGroup var common: CommonOptions

        func run() async throws {
            let (configuration, _) = try common.resolve()
            do {
                let signer = try SignerKeyFile.loadOrCreate(at: configuration.ledgerKeyPath, name: configuration.ledgerOrigin)
                print(signer.verifierKey.text)
            } catch let fault as NoteFault {
                throw ValidationError("[\(fault.code)] \(fault.zh)\n[\(fault.code)] \(fault.en)")
            }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a signed checkpoint offline against a verifier key; no server needed.")
        @Argument(help: "A signed note holding a checkpoint (as served at /ledger/checkpoint).") var file: String
        @Option(help: "The log's verifier key, name+id+key (from `cityhub ledger key`); repeat for witnesses.")
        var key: [String]

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                throw ValidationError("无法读取 / cannot read \(file)")
            }
            let checked: Result<(Checkpoint, [VerifierKey]), NoteFault> = Result { () throws(NoteFault) in
                var keys: [VerifierKey] = []
                for vkey in key { keys.append(try VerifierKey(parsing: vkey)) }
                let note = try SignedNote(parsing: text)
                let signers = try note.verified(by: keys)
                return (try Checkpoint(parsing: note.text), signers)
            }
            switch checked {
            case .success(let (checkpoint, signers)):
                print("已验证 / verified: \(checkpoint.origin), \(checkpoint.size) entries, root \(checkpoint.rootHash.base64EncodedString())")
                print("签名 / signed by: \(signers.map(\.name).joined(separator: ", "))")
            case .failure(let fault):
                throw ValidationError("[\(fault.code)] \(fault.zh)\n[\(fault.code)] \(fault.en)")
            }
        }
    }
}
