import Crypto
import Foundation
import HubKit
import SQLKit

/// SQL of the hub's witness: the trusted logs (every change with its journal event, in one transaction), the
/// latest cosigned checkpoint per origin, and the evidence kept.
public struct WitnessStore: Sendable {
    public let database: HubDatabase
    let clock: HubClock
    /// Evidence rows kept per origin; a log that keeps signing inconsistent checkpoints fills no disk beyond it.
    static let evidenceLimit = 1000

    public init(database: HubDatabase, clock: HubClock = .system) {
        self.database = database
        self.clock = clock
    }

    /// What one `add-checkpoint` came to.
    public enum Outcome: Sendable, Hashable {
        case cosigned(NoteSignature)
        /// 409 with the size of the latest cosigned checkpoint.
        case conflict(UInt64)
        case refused(WitnessProblem)
    }

    // MARK: add-checkpoint

    /// Checks `request` against the latest checkpoint cosigned for its origin and, when it is consistent, cosigns
    /// it and makes it the latest — all in one write transaction, with the origin's row locked on PostgreSQL, so
    /// two requests with the same old size cannot both succeed. `logSignatures` are the log's signatures that
    /// verified; they are stored with the cosignature. A refused checkpoint that may prove misbehaviour is kept
    /// as evidence (and noted in the journal) in the same transaction.
    public func witness(_ request: AddCheckpointRequest, logSignatures: [NoteSignature], cosigner: Cosigner) async throws -> Outcome {
        let origin = request.checkpoint.origin
        let now = clock.nowMilliseconds
        return try await database.write { tx in
            // Insert-if-absent first, so that concurrent first submissions meet on one row and its lock.
            try await tx.sql.raw("""
                INSERT INTO witness_state (origin, origin_hash, size, root, note, cosigned_at_ms)
                VALUES (\(bind: origin), \(bind: TrustedLog.originHash(origin)), 0, '', NULL, NULL) ON CONFLICT (origin) DO NOTHING
                """).run()
            let lock = tx.engine == .postgres ? " FOR UPDATE" : ""
            guard let row = try await tx.sql.raw("""
                SELECT size, root, note FROM witness_state WHERE origin = \(bind: origin)\(unsafeRaw: lock)
                """).first() else { throw LedgerProblem.damaged("witness_state") }
            let held = try row.decode(column: "note", as: String?.self)
            var record: WitnessRules.Record?
            if held != nil {
                guard let root = Data(base64Encoded: try row.decode(column: "root", as: String.self)) else {
                    throw LedgerProblem.damaged("witness_state")
                }
                record = WitnessRules.Record(size: UInt64(try row.decode(column: "size", as: Int64.self)), rootHash: root)
            }
            switch WitnessRules.judge(request, record: record) {
            case .cosign:
                let cosignature = try cosigner.cosign(request.note.text, at: UInt64(max(1, now / 1000)))
                let note = try SignedNote(text: request.note.text, signatures: logSignatures + [cosignature]).serialized
                try await tx.sql.raw("""
                    UPDATE witness_state SET size = \(bind: Int64(request.checkpoint.size)),
                        root = \(bind: request.checkpoint.rootHash.base64EncodedString()), note = \(bind: note), cosigned_at_ms = \(bind: now)
                    WHERE origin = \(bind: origin)
                    """).run()
                return .cosigned(cosignature)
            case .conflict(let size, let fork):
                if fork { try await keepEvidence(request, reason: "CONFLICTING_SIZE", cosigned: held, at: now, in: tx) }
                return .conflict(size)
            case .refuse(let problem, let evidence):
                if evidence { try await keepEvidence(request, reason: problem.code, cosigned: held, at: now, in: tx) }
                return .refused(problem)
            }
        }
    }

    private func keepEvidence(_ request: AddCheckpointRequest, reason: String, cosigned: String?, at now: Int64,
                              in tx: Transaction) async throws {
        let origin = request.checkpoint.origin
        let count = try await tx.sql.raw("SELECT COUNT(*) AS n FROM witness_evidence WHERE origin = \(bind: origin)").first()?
            .decode(column: "n", as: Int64.self) ?? 0
        guard count < Self.evidenceLimit else { return }
        let id = SHA256.hash(data: Data(request.body.utf8)).hexString
        let proof = request.proof.map { Data($0).base64EncodedString() }.joined(separator: "\n")
        let inserted = try await tx.sql.raw("""
            INSERT INTO witness_evidence (id, origin, reason, size, old_size, note, proof, cosigned_note, received_at_ms)
            VALUES (\(bind: id), \(bind: origin), \(bind: reason), \(bind: Int64(request.checkpoint.size)), \(bind: Int64(request.oldSize)),
                    \(bind: request.note.serialized), \(bind: proof), \(bind: cosigned), \(bind: now))
            ON CONFLICT (id) DO NOTHING RETURNING id
            """).first()
        guard inserted != nil else { return }
        try await Journal.append(try NewEvent(kind: "witness.evidence_recorded", subject: "witness-log:\(origin)", actor: "system",
                                              payload: WitnessEvidencePayload(origin: origin, reason: reason,
                                                                              size: request.checkpoint.size, evidence: id)),
                                 in: tx, clock: clock)
    }

    /// The latest checkpoint cosigned for the origin whose SHA-256 is `originHash`, with the log's and this
    /// witness's signatures; nil when there is none.
    public func cosignedCheckpoint(originHash: String) async throws -> String? {
        try await database.read { sql in
            try await sql.raw("SELECT note FROM witness_state WHERE origin_hash = \(bind: originHash) AND note IS NOT NULL").first()?
                .decode(column: "note", as: String.self)
        }
    }

    // MARK: trusted logs

    /// The trusted log named `origin`, if any.
    public func trustedLog(origin: String) async throws -> TrustedLog? {
        let keys = try await database.read { sql in
            try await sql.raw("SELECT keys FROM witness_logs WHERE origin = \(bind: origin)").first()?.decode(column: "keys", as: String.self)
        }
        return try keys.map { TrustedLog(origin: origin, keys: try TrustedLog.keys(fromText: $0)) }
    }

    public func logs() async throws -> [TrustedLogView] {
        try await database.read { sql in
            try await sql.raw("""
                SELECT l.origin, l.origin_hash, l.keys, l.added_at_ms, l.updated_at_ms, s.size, s.cosigned_at_ms
                FROM witness_logs l LEFT JOIN witness_state s ON s.origin = l.origin ORDER BY l.origin
                """).all().map(Self.view)
        }
    }

    public func log(id: String) async throws -> TrustedLogView? {
        try await database.read { sql in try await Self.log(id: id, on: sql) }
    }

    private static func log(id: String, on sql: any SQLDatabase) async throws -> TrustedLogView? {
        try await sql.raw("""
            SELECT l.origin, l.origin_hash, l.keys, l.added_at_ms, l.updated_at_ms, s.size, s.cosigned_at_ms
            FROM witness_logs l LEFT JOIN witness_state s ON s.origin = l.origin WHERE l.origin_hash = \(bind: id)
            """).first().map(view)
    }

    private static func view(_ row: any SQLRow) throws -> TrustedLogView {
        let cosignedAt = try row.decode(column: "cosigned_at_ms", as: Int64?.self)
        let size = try row.decode(column: "size", as: Int64?.self).map(UInt64.init)
        return TrustedLogView(id: try row.decode(column: "origin_hash", as: String.self),
                              origin: try row.decode(column: "origin", as: String.self),
                              keys: try row.decode(column: "keys", as: String.self).split(separator: "\n").map(String.init),
                              cosignedSize: cosignedAt == nil ? nil : size,
                              cosignedAt: cosignedAt.map(Date.init(milliseconds:)),
                              addedAt: Date(milliseconds: try row.decode(column: "added_at_ms", as: Int64.self)),
                              updatedAt: Date(milliseconds: try row.decode(column: "updated_at_ms", as: Int64.self)))
    }

    /// Trusts a new log; 409 when its origin is trusted already.
    public func add(_ log: TrustedLog, by principal: Principal) async throws -> TrustedLogView {
        let now = clock.nowMilliseconds
        return try await database.write { tx in
            if try await tx.sql.raw("SELECT origin FROM witness_logs WHERE origin = \(bind: log.origin)").first() != nil {
                throw InputProblem.conflict("受信任日志 / trusted log \(log.origin)")
            }
            try await tx.sql.raw("""
                INSERT INTO witness_logs (origin, origin_hash, keys, added_at_ms, updated_at_ms)
                VALUES (\(bind: log.origin), \(bind: log.originHash), \(bind: log.keysText), \(bind: now), \(bind: now))
                """).run()
            try await Journal.append(try NewEvent(kind: "witness.log_trusted", subject: "witness-log:\(log.origin)", actor: principal.actor,
                                                  payload: TrustedLogPayload(origin: log.origin, keys: log.keys.map(\.text))),
                                     in: tx, clock: clock)
            guard let view = try await Self.log(id: log.originHash, on: tx.sql) else { throw LedgerProblem.damaged("witness_logs") }
            return view
        }
    }

    /// Replaces a trusted log's keys (a key rotation); nil when no log has that id.
    public func changeKeys(id: String, to keys: [VerifierKey], by principal: Principal) async throws -> TrustedLogView? {
        let now = clock.nowMilliseconds
        let text = keys.map(\.text).joined(separator: "\n")
        return try await database.write { tx in
            guard let origin = try await tx.sql.raw("SELECT origin FROM witness_logs WHERE origin_hash = \(bind: id)").first()?
                .decode(column: "origin", as: String.self) else { return nil }
            try await tx.sql.raw("""
                UPDATE witness_logs SET keys = \(bind: text), updated_at_ms = \(bind: now) WHERE origin_hash = \(bind: id)
                """).run()
            try await Journal.append(try NewEvent(kind: "witness.log_keys_changed", subject: "witness-log:\(origin)", actor: principal.actor,
                                                  payload: TrustedLogPayload(origin: origin, keys: keys.map(\.text))),
                                     in: tx, clock: clock)
            return try await Self.log(id: id, on: tx.sql)
        }
    }

    /// Stops witnessing a log; its latest cosigned checkpoint is kept. False when no log has that id.
    public func remove(id: String, by principal: Principal) async throws -> Bool {
        try await database.write { tx in
            guard let origin = try await tx.sql.raw("SELECT origin FROM witness_logs WHERE origin_hash = \(bind: id)").first()?
                .decode(column: "origin", as: String.self) else { return false }
            try await tx.sql.raw("DELETE FROM witness_logs WHERE origin_hash = \(bind: id)").run()
            try await Journal.append(try NewEvent(kind: "witness.log_removed", subject: "witness-log:\(origin)", actor: principal.actor,
                                                  payload: TrustedLogPayload(origin: origin, keys: [])),
                                     in: tx, clock: clock)
            return true
        }
    }

    /// The evidence kept, newest first.
    public func evidence(limit: Int = 200) async throws -> [WitnessEvidence] {
        try await database.read { sql in
            try await sql.raw("""
                SELECT * FROM witness_evidence ORDER BY received_at_ms DESC, id LIMIT \(bind: limit)
                """).all().map { row in
                let proof = try row.decode(column: "proof", as: String.self)
                return WitnessEvidence(id: try row.decode(column: "id", as: String.self),
                                       origin: try row.decode(column: "origin", as: String.self),
                                       reason: try row.decode(column: "reason", as: String.self),
                                       size: UInt64(try row.decode(column: "size", as: Int64.self)),
                                       oldSize: UInt64(try row.decode(column: "old_size", as: Int64.self)),
                                       checkpoint: try row.decode(column: "note", as: String.self),
                                       proof: proof.isEmpty ? [] : proof.split(separator: "\n").map(String.init),
                                       cosigned: try row.decode(column: "cosigned_note", as: String?.self),
                                       receivedAt: Date(milliseconds: try row.decode(column: "received_at_ms", as: Int64.self)))
            }
        }
    }
}

/// The journal payload of a trusted-log change.
struct TrustedLogPayload: Encodable {
    var origin: String
    var keys: [String]
}

/// The journal payload of kept evidence: where the refused checkpoint is (`evidence` is its id).
struct WitnessEvidencePayload: Encodable {
    var origin: String
    var reason: String
    var size: UInt64
    var evidence: String
}
