import Foundation
import HubKit
import SQLKit

/// Replays every case's journal events and compares them with its stored row — the columns queries use and the
/// record kept as JSON — naming each value that differs. Walks cases and their events side by side in id order,
/// a page at a time, so a million cases need no more memory than a page.
public struct CaseReplayAudit: StateReplay {
    public let store: CaseStore
    public var name: String { "cases" }
    let pageSize: Int

    public init(store: CaseStore, pageSize: Int = 2000) {
        self.store = store
        self.pageSize = pageSize
    }

    public func run() async throws -> StateReplayReport {
        var report = StateReplayReport()
        var after = ""
        while true {
            let (rows, events) = try await store.database.read { sql in
                let rows = try await sql.raw("""
                    SELECT id, version, state, category, grid, department, lon, lat, body FROM cases
                    WHERE id > \(bind: after) ORDER BY id LIMIT \(bind: pageSize)
                    """).all()
                // The events of every subject after the previous page up to this page's last case — to the end on
                // the last page — so that the events of a case whose row is gone are seen too.
                let bound: SQLQueryString = if rows.count == pageSize, let last = rows.last {
                    "subject <= \(bind: "case:" + (try last.decode(column: "id", as: String.self)))"
                } else {
                    "substr(subject, 1, 5) = 'case:'"
                }
                let events = try await sql.raw("""
                    SELECT seq, subject, kind, payload FROM journal
                    WHERE subject > \(bind: "case:\(after)") AND \(bound)
                    ORDER BY subject, seq
                    """).all()
                return (rows, events)
            }
            var replayed: [String: ReplayedCase] = [:]
            var order: [String] = []
            for event in events {
                let subject = try event.decode(column: "subject", as: String.self)
                guard subject.hasPrefix("case:") else { continue }
                let id = String(subject.dropFirst(5))
                if replayed[id] == nil { order.append(id) }
                let payload = (try? JSONDecoder().decode([String: String].self, from: Data(try event.decode(column: "payload", as: String.self).utf8))) ?? [:]
                replayed[id, default: ReplayedCase()].apply(kind: try event.decode(column: "kind", as: String.self), payload: payload,
                                                             seq: try event.decode(column: "seq", as: Int64.self))
            }
            var stored: Set<String> = []
            var found: [StateDivergence] = []
            for row in rows {
                let id = try row.decode(column: "id", as: String.self)
                stored.insert(id)
                report.checked += 1
                let subject = "case:\(id)"
                guard let events = replayed[id] else {
                    found.append(StateDivergence(subject: subject, field: "row", stored: "present", replayed: "no events", lastSeq: 0))
                    continue
                }
                let columns = try Self.columnFacts(row)
                for difference in events.differences(from: columns, in: ReplayedCase.columnFields) {
                    found.append(StateDivergence(subject: subject, field: difference.field, stored: difference.stored,
                                                              replayed: difference.replayed, lastSeq: events.lastSeq))
                }
                guard let record = try? CaseStore.decode(row) else {
                    found.append(StateDivergence(subject: subject, field: "body", stored: "unreadable", replayed: "a case record",
                                                              lastSeq: events.lastSeq))
                    continue
                }
                for difference in events.differences(from: ReplayedCase.facts(of: record)) {
                    found.append(StateDivergence(subject: subject, field: "body.\(difference.field)", stored: difference.stored,
                                                              replayed: difference.replayed, lastSeq: events.lastSeq))
                }
            }
            for id in order where !stored.contains(id) {
                found.append(StateDivergence(subject: "case:\(id)", field: "row", stored: "missing",
                                                          replayed: replayed[id]?.state ?? "", lastSeq: replayed[id]?.lastSeq ?? 0))
            }
            // In subject order (a missing row is only noticed after the rows of its page), each subject's fields in order.
            for divergence in found.enumerated().sorted(by: { ($0.element.subject, $0.offset) < ($1.element.subject, $1.offset) }) {
                report.add(divergence.element)
            }
            guard rows.count == pageSize, let last = rows.last else { break }
            after = try last.decode(column: "id", as: String.self)
        }
        return report
    }

    /// The row's columns in the form `ReplayedCase` compares.
    static func columnFacts(_ row: any SQLRow) throws -> [String: String] {
        ["state": try row.decode(column: "state", as: String.self),
         "version": String(try row.decode(column: "version", as: Int.self)),
         "category": try row.decode(column: "category", as: String?.self) ?? "",
         "grid": try row.decode(column: "grid", as: String?.self) ?? "",
         "department": try row.decode(column: "department", as: String?.self) ?? "",
         "lon": String(try row.decode(column: "lon", as: Double.self)),
         "lat": String(try row.decode(column: "lat", as: Double.self))]
    }
}
