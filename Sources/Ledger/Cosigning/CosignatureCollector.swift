import Foundation
import HubKit
import Logging
import Synchronization

/// Gathers witnesses' cosignatures on this ledger's checkpoints (the log side of C2SP tlog-witness): about once
/// a second, the newest signed checkpoint goes to every configured witness with a consistency proof from the
/// size that witness last cosigned. A 409 names the witness's size; the collector retries once from it. Only
/// cosignatures that verify with the witness's configured key are kept; lines of other keys are ignored.
///
/// It runs beside the sequencer and only reads the ledger, so a slow or failing witness never holds it up; each
/// witness is asked in parallel, within `timeout`, and failures are logged (once per new reason) and retried
/// next round.
public struct CosignatureCollector: Sendable {
    public let ledger: LedgerStore
    public let store: CosigningStore
    let transport: any WitnessTransport
    public let timeout: Duration

    public init(ledger: LedgerStore, store: CosigningStore, transport: any WitnessTransport, timeout: Duration = .seconds(10)) {
        self.ledger = ledger
        self.store = store
        self.transport = transport
        self.timeout = timeout
    }

    /// How one witness's round went.
    public enum Result: Sendable, Hashable {
        /// The witness had cosigned the newest checkpoint already.
        case upToDate
        case cosigned(size: UInt64)
        case failed(String)
    }

    /// The newest signed checkpoint and the witnesses to send it to; nil while there is nothing to do.
    private func nextRound() async throws -> (note: SignedNote, checkpoint: Checkpoint, witnesses: [LedgerWitness])? {
        let witnesses = try await store.witnesses()
        guard !witnesses.isEmpty, let latest = try await ledger.latestCheckpoint() else { return nil }
        let note = try SignedNote(parsing: latest)
        return (note, try Checkpoint(parsing: note.text), witnesses)
    }

    /// Submits the newest checkpoint to every witness once, in parallel, and waits for all; returns each
    /// witness's result by name.
    @discardableResult
    public func collectOnce(logger: Logger) async throws -> [String: Result] {
        guard let round = try await nextRound() else { return [:] }
        return await withTaskGroup(of: (String, Result).self) { group in
            for witness in round.witnesses {
                group.addTask { (witness.name, await submit(round.note, round.checkpoint, to: witness, logger: logger)) }
            }
            var results: [String: Result] = [:]
            for await (name, result) in group { results[name] = result }
            return results
        }
    }

    /// Every `interval` until cancelled, submits the newest checkpoint to each witness that is not still busy
    /// with an earlier one: an unreachable witness (which takes up to `timeout`) holds up nobody else.
    public func run(every interval: Duration = .seconds(1), logger: Logger) async {
        let busy = BusyWitnesses()
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled {
                do {
                    if let round = try await nextRound() {
                        for witness in round.witnesses where busy.claim(witness.name) {
                            group.addTask {
                                _ = await submit(round.note, round.checkpoint, to: witness, logger: logger)
                                busy.release(witness.name)
                            }
                        }
                    }
                } catch {
                    logger.error("witness round failed; retrying", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }

    private func submit(_ note: SignedNote, _ checkpoint: Checkpoint, to witness: LedgerWitness, logger: Logger) async -> Result {
        do {
            let result = try await attempt(note, checkpoint, to: witness)
            if case .cosigned(let size) = result, witness.lastError != nil {
                logger.notice("witness cosigns again", metadata: ["witness": "\(witness.name)", "size": "\(size)"])
            }
            return result
        } catch {
            // Stopping the hub is not the witness's failure.
            if Task.isCancelled { return .failed("cancelled") }
            let reason = Self.describe(error)
            if reason != witness.lastError {
                logger.warning("witness did not cosign", metadata: ["witness": "\(witness.name)", "url": "\(witness.url)",
                                                                    "size": "\(checkpoint.size)", "error": "\(reason)"])
            }
            do {
                try await store.recordFailure(reason, witness: witness.name)
            } catch {
                logger.error("cannot record a witness failure", metadata: ["witness": "\(witness.name)", "error": "\(error)"])
            }
            return .failed(reason)
        }
    }

    private func attempt(_ note: SignedNote, _ checkpoint: Checkpoint, to witness: LedgerWitness) async throws -> Result {
        if witness.knownSize == checkpoint.size, witness.cosignedSize == checkpoint.size { return .upToDate }
        var old = witness.knownSize
        for retry in 0..<2 {
            guard old <= checkpoint.size else { throw CosigningFault.witnessAhead(witness: old, ours: checkpoint.size) }
            let from = old
            var tree = ledger.tree(size: checkpoint.size)
            let proof = try await tree.consistencyProof(oldSize: from)
            let request = try AddCheckpointRequest(oldSize: old, proof: proof, note: note)
            let reply = try await transport.post(request.body, to: witness.url + "/add-checkpoint", timeout: timeout)
            switch reply.meaning {
            case .cosigned(let lines):
                let valid = try Self.cosignatures(lines, by: witness.key, on: note.text)
                try await store.recordCosignatures(valid, on: note, size: checkpoint.size, witness: witness.name)
                return .cosigned(size: checkpoint.size)
            case .conflict(let size):
                try await store.recordKnownSize(size, witness: witness.name)
                guard retry == 0 else { throw CosigningFault.conflictAgain(size) }
                old = size
            case .refused(let reason):
                throw CosigningFault.refused(reason)
            }
        }
        throw CosigningFault.conflictAgain(old)
    }

    /// The lines of `key` among a witness's answer, each verified over `text`; other keys' lines are ignored.
    static func cosignatures(_ lines: [NoteSignature], by key: VerifierKey, on text: String) throws(CosigningFault) -> [NoteSignature] {
        let message = Data(text.utf8)
        let own = lines.filter { $0.name == key.name && $0.keyID == key.keyID }
        guard !own.isEmpty else { throw .noCosignature(key.name) }
        guard own.allSatisfy({ key.isValid(signature: $0.signature, for: message) }) else { throw .badCosignature(key.name) }
        return own
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case let fault as CosigningFault: fault.description
        case let fault as NoteFault: "\(fault.zh) / \(fault.en)"
        case let problem as any HubProblem: "\(problem.message.zh) / \(problem.message.en)"
        default: "\(error)"
        }
    }
}

/// The witnesses with a submission in flight.
final class BusyWitnesses: Sendable {
    private let names = Mutex<Set<String>>([])

    /// Marks `name` busy; false when it already was.
    func claim(_ name: String) -> Bool { names.withLock { $0.insert(name).inserted } }

    func release(_ name: String) { _ = names.withLock { $0.remove(name) } }
}

/// Why a witness round failed.
enum CosigningFault: Error, CustomStringConvertible, Hashable {
    case witnessAhead(witness: UInt64, ours: UInt64)
    case conflictAgain(UInt64)
    case refused(String)
    case noCosignature(String)
    case badCosignature(String)

    var description: String {
        switch self {
        case .witnessAhead(let witness, let ours):
            "见证人已联署的大小 \(witness) 超过本账本的最新检查点 \(ours) / the witness cosigned size \(witness), beyond our newest checkpoint \(ours)"
        case .conflictAgain(let size):
            "重试后见证人仍答 409（其大小 \(size)） / the witness answered 409 again after the retry (its size \(size))"
        case .refused(let reason):
            "见证人拒绝 / the witness refused: \(reason)"
        case .noCosignature(let name):
            "答复中没有 \(name) 的联署 / the answer has no cosignature by \(name)"
        case .badCosignature(let name):
            "\(name) 的联署验证失败 / the cosignature by \(name) does not verify"
        }
    }
}
