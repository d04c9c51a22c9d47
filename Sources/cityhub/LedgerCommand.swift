import ArgumentParser
import Cases
import Foundation
import Ledger

/// `cityhub ledger key` and `cityhub ledger verify`.
struct LedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ledger", abstract: "The tamper-evident ledger (区块链存证).",
                                                    subcommands: [Key.self, Verify.self, Audit.self])

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

    struct Audit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute the ledger from the journal and check every leaf, tile and checkpoint, then replay every case's events against its stored row; exit 1 on any difference.")
        @OptionGroup var common: CommonOptions

        func run() async throws {
            let report = try await withServices(common) { services, _ in
                try await services.ledger.catchUp()
                return try await services.ledger.audit.run(replays: [CaseReplayAudit(store: services.cases.store)])
            }
            let replayed = report.replayed.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            print("核对 / checked: \(report.entries) entries, \(report.checkpoints) checkpoints; replayed \(replayed)")
            if report.notYetIntegrated > 0 { print("尚未入账 / not yet integrated: \(report.notYetIntegrated) events") }
            guard report.findings.isEmpty else {
                for finding in report.findings.prefix(20) {
                    print("[\(finding.code)] \(finding.location)\n    \(finding.zh)\n    \(finding.en)")
                }
                if report.findings.count > 20 { print("… \(report.findings.count - 20) more / 另有 \(report.findings.count - 20) 处") }
                throw ExitCode(1)
            }
            print("一致 / consistent: the ledger is exactly what the journal gives, and every stored state what its events give")
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a trail, a tlog-proof or a signed checkpoint offline against verifier keys; no server needed.")
        @Argument(help: "A trail (.trail.json from /api/v1/ledger/trail), a C2SP tlog-proof (/ledger/entries/N/proof) or a signed checkpoint (/ledger/checkpoint).")
        var file: String
        @Option(help: "The log's verifier key, name+id+key (from `cityhub ledger key`); repeat for witnesses.")
        var key: [String]

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                throw ValidationError("无法读取 / cannot read \(file)")
            }
            let checked: Result<[String], NoteFault> = Result { () throws(NoteFault) in
                var keys: [VerifierKey] = []
                for vkey in key { keys.append(try VerifierKey(parsing: vkey)) }
                if text.hasPrefix("{") {
                    guard let trail = try? JSONDecoder().decode(Trail.self, from: data) else {
                        throw NoteFault(code: "MALFORMED_TRAIL", zh: "不是 CityHub 轨迹文件", en: "Not a CityHub trail")
                    }
                    let verified = try trail.verify(keys: keys)
                    return ["已验证 / verified: \(verified.entries.count) entries of \(trail.subject) in \(verified.checkpoint.origin) at size \(verified.checkpoint.size)"]
                        + verified.entries.map { String(decoding: $0, as: UTF8.self) }
                }
                if text.hasPrefix(TlogProof.header) {
                    let proof = try TlogProof(parsing: text)
                    let verified = try proof.verify(keys: keys)
                    return ["已验证 / verified: entry \(proof.index) of \(verified.checkpoint.origin) at size \(verified.checkpoint.size)",
                            "签名 / signed by: \(verified.signers.map(\.name).joined(separator: ", "))",
                            String(decoding: verified.entry, as: UTF8.self)]
                }
                let note = try SignedNote(parsing: text)
                let signers = try note.verified(by: keys)
                let checkpoint = try Checkpoint(parsing: note.text)
                return ["已验证 / verified: \(checkpoint.origin), \(checkpoint.size) entries, root \(checkpoint.rootHash.base64EncodedString())",
                        "签名 / signed by: \(signers.map(\.name).joined(separator: ", "))"]
            }
            switch checked {
            case .success(let lines):
                print(lines.joined(separator: "\n"))
            case .failure(let fault):
                throw ValidationError("[\(fault.code)] \(fault.zh)\n[\(fault.code)] \(fault.en)")
            }
        }
    }
}
