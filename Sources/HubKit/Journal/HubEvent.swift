import Foundation

/// One entry of the event journal: a state change, in commit order.
///
/// Invariant: `seq` starts at 1 and has no gaps; an event is visible only once its transaction committed.
public struct HubEvent: Sendable, Hashable, Codable {
    /// Position in the journal, 1-based, gap-free.
    public let seq: Int64
    public let id: String
    public let at: Date
    /// Dotted kind, e.g. `user.created`, `geography.imported`.
    public let kind: String
    /// What changed, e.g. `user:3f2a…`, `department:drainage`.
    public let subject: String
    /// Who made the change: `user:<id>`, `apikey:<id>` or `system`.
    public let actor: String
    /// The department the change belongs to, for department-scoped reading.
    public let department: String?
    /// Canonical JSON of the change's details.
    public let payload: String

    public init(seq: Int64, id: String, at: Date, kind: String, subject: String, actor: String, department: String?,
                payload: String) {
        self.seq = seq
        self.id = id
        self.at = at
        self.kind = kind
        self.subject = subject
        self.actor = actor
        self.department = department
        self.payload = payload
    }
}

/// An event about to be appended; the journal gives it its sequence number, id and time.
public struct NewEvent: Sendable {
    public var kind: String
    public var subject: String
    public var actor: String
    public var department: String?
    public var payload: String

    public init(kind: String, subject: String, actor: String, department: String? = nil,
                payload: some Encodable) throws {
        self.kind = kind
        self.subject = subject
        self.actor = actor
        self.department = department
        self.payload = try CanonicalJSON.encode(payload)
    }
}
