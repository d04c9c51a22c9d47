/// How a slice drafts a public warning without importing the Warnings slice: a telemetry alarm or a flood
/// forecast calls `draft`, and the draft then waits for a person to approve and issue it (four eyes).
/// `HubServer` hands every slice the Warnings slice's implementation.
public protocol WarningDrafting: Sendable {
    /// Validates and stores `input` as a new draft with its journal event; returns the draft's id.
    /// Throws a problem naming every broken CAP rule when the content cannot become a valid alert.
    func draft(_ input: WarningDraftInput) async throws -> WarningDraftID
}

/// A draft handed over by another slice: the content, who composed it and what caused it.
public struct WarningDraftInput: Sendable, Hashable {
    public var content: WarningDraft
    /// The journal actor composing it, e.g. `system:telemetry` or `user:<id>`; may not approve it later.
    public var composer: String
    /// The department the warning belongs to, if any.
    public var department: DepartmentID?
    /// What caused the draft, e.g. `alarm:42` or `flood-forecast:2026-07-08`, kept on the warning.
    public var origin: String?

    public init(content: WarningDraft, composer: String, department: DepartmentID? = nil, origin: String? = nil) {
        self.content = content
        self.composer = composer
        self.department = department
        self.origin = origin
    }
}

/// A warning's id in the hub (`w-` and 16 hex digits), distinct from the CAP identifiers of its messages.
public struct WarningDraftID: CheckedString {
    public let rawValue: String

    public init?(rawValue: String) {
        let hex = rawValue.utf8.dropFirst(2)
        guard rawValue.hasPrefix("w-"), hex.count == 16,
              hex.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) else { return nil }
        self.rawValue = rawValue
    }

    public static let syntax = "w- and 16 hex digits"
}

extension WarningDraftID {
    /// A new id from 64 random bits.
    public static func random(using generator: inout some RandomNumberGenerator) -> WarningDraftID {
        let value: UInt64 = generator.next()
        let hex = String(value, radix: 16)
        return WarningDraftID(checked: "w-" + String(repeating: "0", count: 16 - hex.count) + hex)
    }

    private init(checked rawValue: String) {
        self.rawValue = rawValue
    }
}
