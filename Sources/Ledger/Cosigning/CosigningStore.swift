import Foundation
import HubKit
import SQLKit

/// SQL of this ledger's witnesses (every administrator's change with its journal event, in one transaction) and
/// of the cosignatures they returned, one per checkpoint size and witness.
public struct CosigningStore: Sendable {
    public let database: HubDatabase
    let clock: HubClock

    public init(database: HubDatabase, clock: HubClock = .system) {
        self.database = database
        self.clock = clock
    }

    // MARK: the collector's reads and writes

    /// Every configured witness with the state the collector keeps.
    public func witnesses() async throws -> [LedgerWitness] {
        try await database.read { sql in
            try await sql.raw("SELECT vkey, url, known_size, cosigned_size, last_error FROM ledger_witnesses ORDER BY name").all().map { row in
                LedgerWitness(key: try VerifierKey(parsing: try row.decode(column: "vkey", as: String.self)),
                              url: try row.decode(column: "url", as: String.self),
                              knownSize: UInt64(try row.decode(column: "known_size", as: Int64.self)),
                              cosignedSize: try row.decode(column: "cosigned_size", as: Int64?.self).map(UInt64.init),
                              lastError: try row.decode(column: "last_error", as: String?.self))
            }
        }
    }

    /// Stores verified cosignature lines of `witness` on `checkpoint` (as the log signed it, of `size`), and that
    /// the witness is at `size`.
    func recordCosignatures(_ lines: [NoteSignature], on checkpoint: SignedNote, size: UInt64, witness: String) async throws {
        let now = clock.nowMilliseconds
        try await database.write { tx in
            for line in lines {
                try await tx.sql.raw("""
                    INSERT INTO ledger_cosignatures (size, witness, note, line, cosigned_at, received_at_ms)
                    VALUES (\(bind: Int64(size)), \(bind: witness), \(bind: checkpoint.serialized), \(bind: line.line),
                            \(bind: Int64(Cosignature.timestamp(of: line) ?? 0)), \(bind: now))
                    ON CONFLICT (size, witness) DO UPDATE SET line = excluded.line, cosigned_at = excluded.cosigned_at,
                        received_at_ms = excluded.received_at_ms
                    """).run()
            }
            try await tx.sql.raw("""
                UPDATE ledger_witnesses SET known_size = \(bind: Int64(size)), cosigned_size = \(bind: Int64(size)), last_error = NULL,
                    last_attempt_at_ms = \(bind: now) WHERE name = \(bind: witness)
                """).run()
        }
    }

    /// Remembers the size a witness said (409) it last cosigned.
    func recordKnownSize(_ size: UInt64, witness: String) async throws {
        try await database.write { tx in
            try await tx.sql.raw("UPDATE ledger_witnesses SET known_size = \(bind: Int64(size)) WHERE name = \(bind: witness)").run()
        }
    }

    func recordFailure(_ message: String, witness: String) async throws {
        let now = clock.nowMilliseconds
        try await database.write { tx in
            try await tx.sql.raw("""
                UPDATE ledger_witnesses SET last_error = \(bind: message), last_attempt_at_ms = \(bind: now) WHERE name = \(bind: witness)
                """).run()
        }
    }

    // MARK: administrators

    public func views() async throws -> [LedgerWitnessView] {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM ledger_witnesses ORDER BY name").all().map(Self.view)
        }
    }

    private static func view(_ row: any SQLRow) throws -> LedgerWitnessView {
        LedgerWitnessView(id: try row.decode(column: "name_hash", as: String.self), name: try row.decode(column: "name", as: String.self),
                          key: try row.decode(column: "vkey", as: String.self), url: try row.decode(column: "url", as: String.self),
                          knownSize: UInt64(try row.decode(column: "known_size", as: Int64.self)),
                          cosignedSize: try row.decode(column: "cosigned_size", as: Int64?.self).map(UInt64.init),
                          lastError: try row.decode(column: "last_error", as: String?.self),
                          lastAttemptAt: try row.decode(column: "last_attempt_at_ms", as: Int64?.self).map(Date.init(milliseconds:)),
                          addedAt: Date(milliseconds: try row.decode(column: "added_at_ms", as: Int64.self)),
                          updatedAt: Date(milliseconds: try row.decode(column: "updated_at_ms", as: Int64.self)))
    }

    private static func fetchView(id: String, on sql: any SQLDatabase) async throws -> LedgerWitnessView {
        guard let row = try await sql.raw("SELECT * FROM ledger_witnesses WHERE name_hash = \(bind: id)").first() else {
            throw LedgerProblem.damaged("ledger_witnesses")
        }
        return try view(row)
    }

    /// Adds a witness; 409 when one of that name exists.
    public func add(key: VerifierKey, url: String, by principal: Principal) async throws -> LedgerWitnessView {
        let now = clock.nowMilliseconds
        let id = LedgerWitness.id(key.name)
        return try await database.write { tx in
            if try await tx.sql.raw("SELECT name FROM ledger_witnesses WHERE name = \(bind: key.name)").first() != nil {
                throw InputProblem.conflict("见证人 / witness \(key.name)")
            }
            try await tx.sql.raw("""
                INSERT INTO ledger_witnesses (name, name_hash, vkey, url, known_size, added_at_ms, updated_at_ms)
                VALUES (\(bind: key.name), \(bind: id), \(bind: key.text), \(bind: url), 0, \(bind: now), \(bind: now))
                """).run()
            try await Journal.append(try NewEvent(kind: "ledger.witness_added", subject: "ledger-witness:\(key.name)", actor: principal.actor,
                                                  payload: WitnessPayload(witness: key.name, key: key.text, url: url)),
                                     in: tx, clock: clock)
            return try await Self.fetchView(id: id, on: tx.sql)
        }
    }

    /// Changes a witness's key or URL; the key must keep the witness's name. Nil when no witness has that id.
    public func change(id: String, key: VerifierKey, url: String, by principal: Principal) async throws -> LedgerWitnessView? {
        let now = clock.nowMilliseconds
        return try await database.write { tx in
            guard let name = try await tx.sql.raw("SELECT name FROM ledger_witnesses WHERE name_hash = \(bind: id)").first()?
                .decode(column: "name", as: String.self) else { return nil }
            guard key.name == name else {
                throw InputProblem.invalidField(field: "key", reason: "密钥名称应仍为 \(name)；另一个见证人请另行添加 / the key must keep the name \(name); add another witness separately")
            }
            try await tx.sql.raw("""
                UPDATE ledger_witnesses SET vkey = \(bind: key.text), url = \(bind: url), last_error = NULL, updated_at_ms = \(bind: now)
                WHERE name_hash = \(bind: id)
                """).run()
            try await Journal.append(try NewEvent(kind: "ledger.witness_changed", subject: "ledger-witness:\(name)", actor: principal.actor,
                                                  payload: WitnessPayload(witness: name, key: key.text, url: url)),
                                     in: tx, clock: clock)
            return try await Self.fetchView(id: id, on: tx.sql)
        }
    }

    /// Stops submitting to a witness; its cosignatures are no longer served. False when no witness has that id.
    public func remove(id: String, by principal: Principal) async throws -> Bool {
        try await database.write { tx in
            guard let row = try await tx.sql.raw("SELECT name, vkey, url FROM ledger_witnesses WHERE name_hash = \(bind: id)").first() else {
                return false
            }
            let name = try row.decode(column: "name", as: String.self)
            try await tx.sql.raw("DELETE FROM ledger_witnesses WHERE name_hash = \(bind: id)").run()
            try await Journal.append(try NewEvent(kind: "ledger.witness_removed", subject: "ledger-witness:\(name)", actor: principal.actor,
                                                  payload: WitnessPayload(witness: name, key: try row.decode(column: "vkey", as: String.self),
                                                                          url: try row.decode(column: "url", as: String.self))),
                                     in: tx, clock: clock)
            return true
        }
    }
}

/// The journal payload of a witness change (`witness`, not `name`: names are personal fields to the ledger).
struct WitnessPayload: Encodable {
    var witness: String
    var key: String
    var url: String
}
