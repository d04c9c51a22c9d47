/// How a slice calls the people on duty without importing the Duty slice: an alarm or a fire case calls
/// `page`, the Duty slice notifies the department's person on duty at once and escalates on schedule (re-notify,
/// the leader on call, then the district and city levels) until someone acknowledges. `HubServer` hands every
/// slice the Duty slice's implementation.
public protocol DutyPaging: Sendable {
    /// Starts calling the person on duty of `request.department` about `request.subject`; returns the call's id.
    /// The first notification is committed before this returns. Idempotent per subject: while a call about the
    /// same subject is open, a second page returns that call and notifies nobody.
    func page(_ request: DutyPageRequest) async throws -> DutyCallID

    /// Someone acknowledged the thing the call is about (e.g. the alarm was acknowledged): escalation stops.
    /// A call that must report every level (`reportEveryLevel`) instead goes on at once to the next level.
    /// Idempotent: settling a subject with no open call, or settling twice, changes nothing.
    func settle(subject: String, by actor: String) async throws
}

/// What to call the people on duty about.
public struct DutyPageRequest: Sendable, Hashable, Codable {
    /// What the call is about, `kind:id`, e.g. `alarm:a-0123456789abcdef` or `case:20261125-000001`; at most one open
    /// call per subject.
    public var subject: String
    /// The department whose person on duty is called first; escalation goes on from there up the levels.
    public var department: DepartmentID
    /// The one line read out or texted to the person called, zh-CN first.
    public var title: LocalizedText
    public var severity: DutySeverity
    /// Report to every level in turn even after a lower level acknowledged (逐级上报, e.g. every forest fire).
    /// The department's own policy may require it too.
    public var reportEveryLevel: Bool
    /// Who pages, as a journal actor: `system:telemetry`, `user:<id>`.
    public var origin: String

    public init(subject: String, department: DepartmentID, title: LocalizedText, severity: DutySeverity = .major,
                reportEveryLevel: Bool = false, origin: String) {
        self.subject = subject
        self.department = department
        self.title = title
        self.severity = severity
        self.reportEveryLevel = reportEveryLevel
        self.origin = origin
    }
}

/// How urgent a call is; carried on every notification so a gateway may choose a phone call over a text.
public enum DutySeverity: String, Sendable, Hashable, Codable, CaseIterable {
    case minor, major, critical

    public var label: LocalizedText {
        switch self {
        case .minor: LocalizedText(zh: "一般", en: "Minor")
        case .major: LocalizedText(zh: "较大", en: "Major")
        case .critical: LocalizedText(zh: "重大", en: "Critical")
        }
    }
}

/// A duty call's id: `dc-` and 16 hex digits.
public struct DutyCallID: CheckedString {
    public let rawValue: String

    public init?(rawValue: String) {
        let hex = rawValue.utf8.dropFirst(3)
        guard rawValue.hasPrefix("dc-"), hex.count == 16,
              hex.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) else { return nil }
        self.rawValue = rawValue
    }

    public static let syntax = "dc- and 16 hex digits"
}

extension DutyCallID {
    /// A new id from 64 random bits.
    public static func random(using generator: inout some RandomNumberGenerator) -> DutyCallID {
        let value: UInt64 = generator.next()
        let hex = String(value, radix: 16)
        return DutyCallID(checked: "dc-" + String(repeating: "0", count: 16 - hex.count) + hex)
    }

    private init(checked rawValue: String) {
        self.rawValue = rawValue
    }
}
