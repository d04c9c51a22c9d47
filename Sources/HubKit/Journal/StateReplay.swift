/// A slice's check that what it stores is what its journal events give. `cityhub ledger audit` runs every
/// slice's replay after the ledger's own checks, so an edited state row is named even though the ledger
/// only holds the events: the ledger proves the events, the replay ties the rows to them.
public protocol StateReplay: Sendable {
    /// What is checked, for the report: `cases`.
    var name: String { get }
    /// Replays the events of this slice's subjects and compares the result with the stored rows.
    func run() async throws -> StateReplayReport
}

public struct StateReplayReport: Sendable {
    /// Subjects compared.
    public var checked: Int
    /// What differs, in subject order, up to `limit`.
    public private(set) var divergences: [StateDivergence] = []
    /// Divergences past `limit`, counted only.
    public private(set) var omitted = 0
    public static let limit = 10_000

    public init(checked: Int = 0) {
        self.checked = checked
    }

    public mutating func add(_ divergence: StateDivergence) {
        if divergences.count < Self.limit { divergences.append(divergence) } else { omitted += 1 }
    }
}

/// One stored value that is not what the events give.
public struct StateDivergence: Sendable, Hashable, CustomStringConvertible {
    /// `case:20261125-000001`.
    public let subject: String
    /// Where the value is kept: `state`, `body.department`, `row` (the row itself is missing or unexpected).
    public let field: String
    public let stored: String
    public let replayed: String
    /// The last event of the subject (0 when it has none).
    public let lastSeq: Int64

    public init(subject: String, field: String, stored: String, replayed: String, lastSeq: Int64) {
        self.subject = subject
        self.field = field
        self.stored = stored
        self.replayed = replayed
        self.lastSeq = lastSeq
    }

    public var description: String {
        "\(subject) \(field): stored \(stored.isEmpty ? "—" : stored), events give \(replayed.isEmpty ? "—" : replayed) (last event journal seq \(lastSeq))"
    }
}
