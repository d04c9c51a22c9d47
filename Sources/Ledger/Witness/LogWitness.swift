import Foundation
import HubKit

/// The hub as a C2SP tlog-witness of other logs: takes `add-checkpoint` bodies, checks them against the trusted
/// logs and the latest cosigned checkpoints, and cosigns with the hub's witness key (`cosignature/v1`).
public struct LogWitness: Sendable {
    /// The largest `add-checkpoint` body taken: a checkpoint with dozens of signatures, 63 proof lines and room
    /// to spare. Larger bodies are refused with 413.
    public static let maximumBody = 128 * 1024

    public let store: WitnessStore
    public let cosigner: Cosigner

    public init(store: WitnessStore, cosigner: Cosigner) {
        self.store = store
        self.cosigner = cosigner
    }

    /// Handles one `add-checkpoint` body: 400 when malformed, 404 for an origin not trusted, 403 without a valid
    /// signature by one of its keys (a trusted key's bad signature is 403 too), then the consistency rules.
    public func addCheckpoint(_ body: [UInt8]) async throws -> WitnessStore.Outcome {
        let request = try AddCheckpointRequest(parsing: body)
        let origin = request.checkpoint.origin
        guard let log = try await store.trustedLog(origin: origin) else { throw WitnessProblem.unknownLog(origin: origin) }
        let signatures = try Self.logSignatures(request.note, log: log)
        return try await store.witness(request, logSignatures: signatures, cosigner: cosigner)
    }

    /// The signature lines of `note` by the log's keys, every one verified; lines of unknown keys are ignored.
    static func logSignatures(_ note: SignedNote, log: TrustedLog) throws(WitnessProblem) -> [NoteSignature] {
        let text = Data(note.text.utf8)
        var verified: [NoteSignature] = []
        for line in note.signatures {
            guard let key = log.keys.first(where: { $0.name == line.name && $0.keyID == line.keyID }) else { continue }
            guard key.isValid(signature: line.signature, for: text) else { throw .badLogSignature(key: key.name) }
            if !verified.contains(line) { verified.append(line) }
        }
        guard !verified.isEmpty else { throw .untrustedCheckpoint(origin: log.origin) }
        return verified
    }
}

extension LogWitness {
    /// The witness of a data directory: its key in `<data-dir>/ledger/witness.key` (the log key's file format,
    /// mode 0600), made on first start under `name` and refused under any other name.
    public static func open(database: HubDatabase, dataDirectory: String, name: String, clock: HubClock = .system) throws -> LogWitness {
        LogWitness(store: WitnessStore(database: database, clock: clock),
                   cosigner: try Cosigner(signer: try SignerKeyFile.loadOrCreate(at: keyPath(dataDirectory: dataDirectory), name: name)))
    }

    public static func keyPath(dataDirectory: String) -> String { dataDirectory + "/ledger/witness.key" }
}
