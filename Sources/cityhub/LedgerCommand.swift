import ArgumentParser
import Cases
import Foundation
import Ledger

/// `cityhub ledger key|witness-key|verify|audit`.
struct LedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ledger", abstract: "The tamper-evident ledger (区块链存证).",
                                                    subcommands: [Key.self, WitnessKey.self, Verify.self, Audit.self])

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

    struct WitnessKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "witness-key",
            abstract: "Print the hub's witness verifier key (name+id+key, type 0x04 cosignature/v1), creating the witness key on first use.")
        @OptionGroup var common: CommonOptions

        func run() async throws {
            let (configuration, _) = try common.resolve()
            do {
                let signer = try SignerKeyFile.loadOrCreate(at: configuration.witnessKeyPath, name: configuration.witnessName)
                print(try Cosigner(signer: signer).verifierKey.text)
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
                let more = report.findings.count - min(report.findings.count, 20) + report.omitted
                if more > 0 { print("… \(more) more / 另有 \(more) 处") }
                throw ExitCode(1)
            }
            print("一致 / consistent: the ledger is exactly what the journal gives, and every stored state what its events give")
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a trail, a tlog-proof or a signed checkpoint offline against verifier keys and, with --witness, its witnesses' cosignatures; no server needed.")
        @Argument(help: "A trail (.trail.json from /api/v1/ledger/trail), a C2SP tlog-proof (/ledger/entries/N/proof) or a signed checkpoint (/ledger/checkpoint).")
        var file: String
        @Option(help: "The log's verifier key, name+id+key (from `cityhub ledger key`); repeatable.")
        var key: [String]
        @Option(help: "A witness's verifier key (type 0x04, from `cityhub ledger witness-key` on the witnessing hub) whose cosignature the checkpoint must carry; repeatable.")
        var witness: [String] = []
        @Option(help: "How many of the --witness keys must have cosigned (default: all).")
        var quorum: Int?

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ValidationError("无法读取 / cannot read \(file)")
            }
            let checked: Result<[String], NoteFault> = Result { () throws(NoteFault) in
                var keys: [VerifierKey] = []
                for vkey in key { keys.append(try VerifierKey(parsing: vkey)) }
                var witnesses: [VerifierKey] = []
                for vkey in witness { witnesses.append(try VerifierKey(parsing: vkey)) }
                if witnesses.isEmpty, quorum != nil {
                    throw NoteFault(code: "INVALID_WITNESS_POLICY", zh: "--quorum 需要与 --witness 一起使用", en: "--quorum needs --witness")
                }
                var policy: WitnessPolicy?
                if !witnesses.isEmpty { policy = try WitnessPolicy(witnesses: witnesses, quorum: quorum) }
                return try OfflineVerification.verify(data, keys: keys, witnesses: policy)
            }
            switch checked {
            case .success(let lines):
                print(lines.joined(separator: "\n"))
            case .failure(let fault):
                // Not a usage error: the file does not verify, which scripts test for with exit status 1.
                FileHandle.standardError.write(Data("[\(fault.code)] \(fault.zh)\n[\(fault.code)] \(fault.en)\n".utf8))
                throw ExitCode(1)
            }
        }
    }
}
