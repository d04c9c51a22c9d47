import Foundation
import HubKit

/// What a department submits to have a document notarised (存证): the document's SHA-256 (the document itself
/// never leaves the department), a title and a few metadata fields.
public struct NotaryInput: Sendable, Codable {
    public var sha256: String
    public var title: String
    public var metadata: [String: String]?

    public static let maximumTitle = 200
    public static let maximumFields = 20
    public static let maximumValue = 500

    /// The input, normalised (hash lower-cased, title trimmed), or every fault in one problem.
    public func checked() throws -> NotaryInput {
        var faults: [String] = []
        let hash = sha256.lowercased()
        if hash.utf8.count != 64 || !hash.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) {
            faults.append("sha256: 应为 64 位十六进制 / 64 hex digits")
        }
        let trimmed = title.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty || trimmed.count > Self.maximumTitle {
            faults.append("title: 1–\(Self.maximumTitle) 个字符 / characters")
        }
        let fields = metadata ?? [:]
        if fields.count > Self.maximumFields { faults.append("metadata: 至多 \(Self.maximumFields) 项 / fields at most") }
        if fields.contains(where: { $0.key.isEmpty || $0.key.count > 64 || $0.value.count > Self.maximumValue }) {
            faults.append("metadata: 名称 1–64、取值至多 \(Self.maximumValue) 个字符 / names 1–64, values up to \(Self.maximumValue) characters")
        }
        guard faults.isEmpty else { throw InputProblem.invalidField(field: "notarisation", reason: faults.joined(separator: "; ")) }
        return NotaryInput(sha256: hash, title: trimmed, metadata: fields)
    }
}

/// A notarised document as anyone may look it up: when it was recorded, by which department, and where in the
/// ledger (`leafIndex`), with whether a signed checkpoint holds it yet.
public struct NotaryRecord: Sendable, Codable, Hashable {
    public var sha256: String
    public var title: String
    public var metadata: [String: String]
    public var department: String?
    /// The department's name in Chinese and English, for people (the ledger entry holds only its id).
    public var departmentName: String?
    public var departmentNameEn: String?
    public var recordedAt: Date
    public var leafIndex: UInt64
    public var integrated: Bool
    /// Where the tlog-proof receipt is served once `integrated`.
    public var receipt: String
}

extension NotaryRecord {
    /// The record as `principal` may see it. Anyone may look a document up, but its personal metadata (a contact's
    /// phone, a name) is for the centre and the submitting department only — the ledger itself holds those fields
    /// only as keyed hashes.
    public func shown(to principal: Principal?) -> NotaryRecord {
        if let principal, principal.role == .admin || principal.role == .dispatcher
            || principal.departmentID.map({ $0.rawValue == department }) == true {
            return self
        }
        var shown = self
        shown.metadata = metadata.filter { !LedgerEntry.personalKeys.contains($0.key.lowercased()) }
        return shown
    }
}
