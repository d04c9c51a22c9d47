import Foundation
import HubKit

/// An alarm's id in the hub: `a-` and 16 hex digits.
public struct AlarmID: CheckedString {
    public let rawValue: String

    public init?(rawValue: String) {
        let hex = rawValue.utf8.dropFirst(2)
        guard rawValue.hasPrefix("a-"), hex.count == 16,
              hex.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) else { return nil }
        self.rawValue = rawValue
    }

    public static let syntax = "a- and 16 hex digits"

    /// A new id from 64 random bits.
    public static func random(using generator: inout some RandomNumberGenerator) -> AlarmID {
        let value: UInt64 = generator.next()
        return AlarmID(unchecked: "a-" + String(value, radix: 16).leftPadded(to: 16))
    }

    private init(unchecked rawValue: String) {
        self.rawValue = rawValue
    }
}

/// An alarm: one (rule, source) condition from the moment the rules raise it until it is both cleared and
/// acknowledged. At most one alarm per (rule, source) is open (not cleared) at a time.
///
/// Its state is two independent flags, as in ISA-18.2: active or cleared (the rules decide), unacknowledged or
/// acknowledged (a person decides). Escalating to a higher severity makes it unacknowledged again.
public struct Alarm: Sendable, Hashable, Codable {
    public var id: AlarmID
    public var rule: RuleID
    public var kind: RuleKind
    /// The station id, or the group for `nOfM`.
    public var source: String
    public var quantity: Quantity
    /// The department that owns it: the rule's, else the source station's.
    public var department: DepartmentID
    /// What it is grouped under on screens: the rule's group, else the rule.
    public var group: String
    public var severity: Severity
    /// The highest severity it reached.
    public var peakSeverity: Severity
    public var active: Bool
    public var acknowledged: Bool
    public var acknowledgedBy: String?
    public var acknowledgedAt: Date?
    /// The user it is assigned to.
    public var assignee: String?
    /// Until when it is shelved (hidden and not called out), if it is.
    public var shelvedUntil: Date?
    public var shelvedBy: String?
    public var raisedAt: Date
    public var clearedAt: Date?
    public var updatedAt: Date
    /// How many times the rules raised or changed it (repeats are merged into one alarm).
    public var changes: Int
    /// The last measure and the line it was compared with (see `AlarmIntent`).
    public var value: Double
    public var threshold: Double
    /// When the measure, rising at its present rate, reaches the rule's projected level.
    public var projectedAt: Date?
    public var reason: LocalizedText
    public var version: Int

    /// Cleared and acknowledged: nothing left to do.
    public var closed: Bool { !active && acknowledged }

    public func shelved(at now: Date) -> Bool { shelvedUntil.map { $0 > now } ?? false }
}

/// A note a person left on an alarm.
public struct AlarmComment: Sendable, Hashable, Codable {
    public var author: String
    public var at: Date
    public var text: String
}
