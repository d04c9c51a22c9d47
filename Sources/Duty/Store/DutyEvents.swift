import Foundation
import HubKit

/// The payloads of the Duty slice's journal events. Outgoing webhooks carry `duty.notified` to phone and SMS
/// gateways; names are included so a gateway need not look them up, phone numbers never are.
enum DutyEvents {
    static let actor = "system:duty"

    /// `duty.paged`: a call opened.
    struct Paged: Encodable {
        var call: String
        var subject: String
        var unit: String
        var chain: [DutyRung]
        var title: LocalizedText
        var severity: DutySeverity
        var reportEveryLevel: Bool
    }

    /// `duty.notified` (someone was called) or `duty.unstaffed` (the unit's roster had nobody for that moment).
    struct Notified: Encodable {
        var call: String
        var subject: String
        var title: LocalizedText
        var severity: DutySeverity
        var step: Int
        var level: DutyLevel
        var unit: String
        var role: DutyRole
        var attempt: Int
        var person: String?
        var personName: String?
        var shiftDate: String
        var dueAt: Date
    }

    /// `duty.acknowledged` or `duty.settled`: someone answered; `closes` false when the call reports on upwards.
    struct Answered: Encodable {
        var call: String
        var subject: String
        var by: String
        var level: DutyLevel
        var unit: String
        var closes: Bool
    }

    /// `duty.roster.changed`: shifts of a unit were written or removed.
    struct RosterChanged: Encodable {
        var unit: String
        var from: String
        var to: String
        var shifts: Int
        var removed: Bool
    }

    /// `duty.policy.changed`.
    struct PolicyChanged: Encodable {
        var unit: String
        var handover: String
        var renotifyMinutes: Int
        var leaderMinutes: Int
        var nextLevelMinutes: Int
        var reportEveryLevel: Bool
    }
}
