import Foundation
import HubKit

/// Every ledger entry about one subject (e.g. `case:20261125-000001`) with its inclusion proof against one
/// signed checkpoint: a record's whole history, checkable offline in one file.
public struct Trail: Sendable, Codable, Hashable {
    public static let format = "cityhub.trail@v1"

    public struct Item: Sendable, Codable, Hashable {
        public var index: UInt64
        /// The entry, base64.
        public var entry: String
        /// The audit path, base64 hashes, nearest sibling first.
        public var proof: [String]
    }

    public var format: String = Trail.format
    public var subject: String
    /// The signed checkpoint, as served.
    public var checkpoint: String
    public var items: [Item]

    /// The verified entries of the trail, in order; names the first item that fails.
    public func verify(keys: [VerifierKey]) throws(NoteFault) -> (checkpoint: Checkpoint, entries: [[UInt8]]) {
        guard format == Self.format else { throw NoteFault(code: "MALFORMED_TRAIL", zh: "不是 CityHub 轨迹文件", en: "Not a CityHub trail") }
        // The checkpoint's signature once; then each entry's inclusion in it.
        let (tree, _) = try TlogProof.verifiedCheckpoint(try SignedNote(parsing: checkpoint), keys: keys)
        guard !items.isEmpty else { throw NoteFault(code: "MALFORMED_TRAIL", zh: "轨迹为空", en: "The trail is empty") }
        var entries: [[UInt8]] = []
        for item in items {
            guard let entry = Data(base64Encoded: item.entry) else {
                throw NoteFault(code: "MALFORMED_TRAIL", zh: "第 \(item.index) 条的内容不是 base64", en: "Entry \(item.index) is not base64")
            }
            var path: [TreeHash] = []
            for hash in item.proof {
                guard let bytes = Data(base64Encoded: hash), bytes.count == 32 else {
                    throw NoteFault(code: "MALFORMED_TRAIL", zh: "第 \(item.index) 条的证明无效", en: "The proof of entry \(item.index) is malformed")
                }
                path.append(Array(bytes))
            }
            try TlogProof.checkInclusion(of: Array(entry), index: item.index, proof: path, in: tree)
            struct Subject: Decodable { var subject: String }
            guard (try? JSONDecoder().decode(Subject.self, from: entry))?.subject == subject else {
                throw NoteFault(code: "TRAIL_SUBJECT_MISMATCH", zh: "第 \(item.index) 条不属于 \(subject)",
                                en: "Entry \(item.index) is not about \(subject)")
            }
            entries.append(Array(entry))
        }
        return (tree, entries)
    }
}

/// Who may download a subject's trail: the centre and auditors always; a department's people when an event of
/// the subject belongs to their department; an inspector or a traffic police officer when they made one of its events
/// (their own report, their own override).
public enum TrailAccess {
    public static func mayRead(_ principal: Principal, events: [HubEvent]) -> Bool {
        switch principal.role {
        case .admin, .auditor, .dispatcher: true
        case .departmentHead, .departmentOperator:
            principal.departmentID.map { own in events.contains { $0.department == own.rawValue } } ?? false
        case .inspector, .trafficPolice: events.contains { $0.actor == principal.actor }
        case .viewer, .signalGateway: false
        }
    }
}

extension LedgerStore {
    /// The trail of `subject` against the published checkpoint (with its cosignatures) when that holds all its
    /// events, else the latest one (events after it are left for the next one).
    public func trail(of events: [HubEvent], subject: String) async throws -> Trail? {
        guard let served = try await checkpoint(holding: UInt64(max(0, events.last?.seq ?? 0))) else { return nil }
        let checkpoint = try Checkpoint(parsing: try SignedNote(parsing: served).text)
        var tree = tree(size: checkpoint.size)
        var items: [Trail.Item] = []
        for event in events where UInt64(event.seq) <= checkpoint.size {
            let index = UInt64(event.seq - 1)
            items.append(Trail.Item(index: index, entry: Data(try LedgerEntry.encode(event, salt: salt)).base64EncodedString(),
                                    proof: try await tree.inclusionProof(index: index).map { Data($0).base64EncodedString() }))
        }
        return items.isEmpty ? nil : Trail(subject: subject, checkpoint: served, items: items)
    }
}
