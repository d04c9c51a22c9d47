import Foundation
import HubKit
import SQLKit

/// Notarised documents: one row per hash beside its `notary.recorded` journal event, written together.
public struct NotaryStore: Sendable {
    public let ledger: LedgerStore
    let clock: HubClock

    public init(ledger: LedgerStore, clock: HubClock = .system) {
        self.ledger = ledger
        self.clock = clock
    }

    var database: HubDatabase { ledger.database }

    static let findRecord = FixedSQL("SELECT sha256 FROM notary_records WHERE sha256 = ?")
    static let insertRecord = FixedSQL("""
        INSERT INTO notary_records (sha256, title, metadata, department_id, submitted_by, recorded_at_ms, event_seq)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        """)

    public func record(_ input: NotaryInput, by principal: Principal) async throws -> NotaryRecord {
        let input = try input.checked()
        let now = clock.nowMilliseconds
        let event = try await database.write { tx -> HubEvent in
            if try await tx.sql.first(Self.findRecord([input.sha256])) != nil {
                throw InputProblem.conflict("该文件已存证 / this document is already notarised: GET /api/v1/notary/\(input.sha256)")
            }
            var payload = input.metadata ?? [:]
            payload["sha256"] = input.sha256
            payload["title"] = input.title
            let event = try await Journal.append(try NewEvent(kind: "notary.recorded", subject: "notary:\(input.sha256)",
                                                              actor: principal.actor, department: principal.departmentID?.rawValue,
                                                              payload: payload), in: tx, clock: clock)
            try await tx.sql.run(Self.insertRecord([input.sha256, input.title, try CanonicalJSON.encode(input.metadata ?? [:]),
                                                    principal.departmentID?.rawValue, principal.actor, now, event.seq]))
            return event
        }
        return NotaryRecord(sha256: input.sha256, title: input.title, metadata: input.metadata ?? [:],
                            department: principal.departmentID?.rawValue, departmentName: nil, departmentNameEn: nil,
                            recordedAt: Date(milliseconds: now),
                            leafIndex: UInt64(event.seq - 1), integrated: false, receipt: Self.receiptPath(input.sha256))
    }

    public func lookup(_ sha256: String) async throws -> NotaryRecord? {
        let hash = sha256.lowercased()
        let row = try await database.read { sql in
            try await sql.raw("SELECT * FROM notary_records WHERE sha256 = \(bind: hash)").first()
        }
        guard let row else { return nil }
        let seq = try row.decode(column: "event_seq", as: Int64.self)
        // The state and its signed checkpoint are written in one transaction: its size is the checkpoint's.
        let size = try await ledger.state().size
        return NotaryRecord(sha256: hash, title: try row.decode(column: "title", as: String.self),
                            metadata: (try? JSONDecoder().decode([String: String].self,
                                                                 from: Data(try row.decode(column: "metadata", as: String.self).utf8))) ?? [:],
                            department: try row.decode(column: "department_id", as: String?.self), departmentName: nil, departmentNameEn: nil,
                            recordedAt: Date(milliseconds: try row.decode(column: "recorded_at_ms", as: Int64.self)),
                            leafIndex: UInt64(seq - 1), integrated: UInt64(seq) <= size, receipt: Self.receiptPath(hash))
    }

    static func receiptPath(_ sha256: String) -> String { "/api/v1/notary/\(sha256)/receipt" }
}
