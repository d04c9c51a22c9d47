import Foundation
import HubKit

/// A call to the people on duty about one subject, climbing its chain of levels until acknowledged.
///
/// Invariants: `step` counts the notifications already sent (the first is sent when the call opens, so an open call
/// has `step ≥ 1`); `nextDueAt` is when step number `step` of the plan falls due, nil once the plan is spent or the
/// call closed; a closed call has `closedAt`, `closedBy` and `closeReason`.
public struct DutyCall: Sendable, Hashable, Codable {
    public var id: DutyCallID
    public var subject: String
    /// The unit whose duty was called first.
    public var unit: DepartmentID
    public var title: LocalizedText
    public var severity: DutySeverity
    public var origin: String
    public var reportEveryLevel: Bool
    /// The levels in order, fixed when the call opens.
    public var chain: [DutyRung]
    /// The timing in force when the call opened; later policy changes do not touch open calls.
    public var policy: DutyPolicy
    public var step: Int
    public var nextDueAt: Date?
    /// The highest rung (index into `chain`) acknowledged so far.
    public var acknowledgedRung: Int?
    public var openedAt: Date
    public var closedAt: Date?
    public var closedBy: String?
    public var closeReason: DutyCloseReason?
    public var version: Int

    public var isOpen: Bool { closedAt == nil }
}

/// Why a call closed.
public enum DutyCloseReason: String, Sendable, Hashable, Codable, CaseIterable {
    /// A person called acknowledged it (or a dispatcher for them).
    case acknowledged
    /// The paging slice reported the subject handled (`DutyPaging.settle`).
    case settled
}

/// One notification sent by a call: who at which level, which attempt, when it was due and when it was sent.
public struct DutyNotification: Sendable, Hashable, Codable {
    public var call: DutyCallID
    /// The plan step, 0-based; unique per call.
    public var step: Int
    public var level: DutyLevel
    public var unit: DepartmentID
    public var role: DutyRole
    public var attempt: Int
    /// The person called; nil when the unit had nobody on the roster for that moment.
    public var person: String?
    public var personName: String?
    public var dueAt: Date
    public var sentAt: Date
    /// The journal event that carries it to the webhooks.
    public var eventSeq: Int64
}
