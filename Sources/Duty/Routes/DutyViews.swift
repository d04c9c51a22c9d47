import Foundation
import HubKit
import Hummingbird

/// A person as views show them: the account id and display name (never contact details).
struct PersonRef: Codable, Sendable {
    var id: String
    var name: String?
}

/// One shift with its people's names and the instants it runs between.
struct ShiftView: ResponseEncodable, Sendable {
    var unit: DepartmentID
    var date: DutyDate
    var startsAt: Date
    var endsAt: Date
    var duty: PersonRef
    var leader: PersonRef
    var deputy: PersonRef?
    var note: String?

    init(_ shift: DutyShift, handoverMinute: Int, names: [String: DutyPerson]) {
        let bounds = ShiftClock.bounds(of: shift.date, handoverMinute: handoverMinute)
        unit = shift.unit
        date = shift.date
        startsAt = Date(milliseconds: bounds.start)
        endsAt = Date(milliseconds: bounds.end)
        duty = PersonRef(id: shift.duty, name: names[shift.duty]?.name)
        leader = PersonRef(id: shift.leader, name: names[shift.leader]?.name)
        deputy = shift.deputy.map { PersonRef(id: $0, name: names[$0]?.name) }
        note = shift.note
    }
}

/// Who is on duty for one unit now (or at `at`).
struct NowView: ResponseEncodable, Sendable {
    var unit: DepartmentID
    var unitName: String?
    var at: Date
    var date: DutyDate
    var startsAt: Date
    var endsAt: Date
    var handover: String
    /// False when the roster has nobody for this moment.
    var staffed: Bool
    var duty: PersonRef?
    var leader: PersonRef?
    var deputy: PersonRef?

    init(_ now: DutyNow, unitName: String?, names: [String: DutyPerson]) {
        unit = now.unit
        self.unitName = unitName
        at = now.at
        date = now.date
        startsAt = now.startsAt
        endsAt = now.endsAt
        handover = now.handover
        staffed = now.shift != nil
        duty = now.shift.map { PersonRef(id: $0.duty, name: names[$0.duty]?.name) }
        leader = now.shift.map { PersonRef(id: $0.leader, name: names[$0.leader]?.name) }
        deputy = now.shift?.deputy.map { PersonRef(id: $0, name: names[$0]?.name) }
    }
}

struct NowList: ResponseEncodable, Sendable {
    var items: [NowView]
}

struct RosterView: ResponseEncodable, Sendable {
    var unit: DepartmentID
    var from: DutyDate
    var to: DutyDate
    var handover: String
    var shifts: [ShiftView]
}

struct PolicyView: ResponseEncodable, Sendable {
    var unit: DepartmentID
    var handover: String
    var renotifyMinutes: Int
    var leaderMinutes: Int
    var nextLevelMinutes: Int
    var reportEveryLevel: Bool

    init(unit: DepartmentID, _ policy: DutyPolicy) {
        self.unit = unit
        handover = policy.handover
        renotifyMinutes = policy.renotifyMinutes
        leaderMinutes = policy.leaderMinutes
        nextLevelMinutes = policy.nextLevelMinutes
        reportEveryLevel = policy.reportEveryLevel
    }
}

/// A call with its state in words and, in the detail, every notification it sent.
struct CallView: ResponseEncodable, Sendable {
    var id: DutyCallID
    var subject: String
    var unit: DepartmentID
    var title: LocalizedText
    var severity: DutySeverity
    var origin: String
    var reportEveryLevel: Bool
    var chain: [DutyRung]
    var state: String
    var step: Int
    var nextDueAt: Date?
    var acknowledgedLevel: DutyLevel?
    var openedAt: Date
    var closedAt: Date?
    var closedBy: String?
    var closeReason: DutyCloseReason?
    var notifications: [DutyNotification]?

    init(_ call: DutyCall, notifications: [DutyNotification]? = nil) {
        id = call.id
        subject = call.subject
        unit = call.unit
        title = call.title
        severity = call.severity
        origin = call.origin
        reportEveryLevel = call.reportEveryLevel
        chain = call.chain
        state = call.isOpen ? "open" : "closed"
        step = call.step
        nextDueAt = call.nextDueAt
        acknowledgedLevel = call.acknowledgedRung.map { call.chain[$0].level }
        openedAt = call.openedAt
        closedAt = call.closedAt
        closedBy = call.closedBy
        closeReason = call.closeReason
        self.notifications = notifications
    }
}

struct CallList: ResponseEncodable, Sendable {
    var items: [CallView]
}

/// Bodies the routes take.
struct MonthInput: Decodable, Sendable {
    var days: [RosterRules.DayInput]
}

struct DayBody: Decodable, Sendable {
    var duty: String
    var leader: String
    var deputy: String?
    var note: String?
}

struct RotationInput: Decodable, Sendable {
    var from: String
    var to: String
    var duty: [String]
    var leaders: [String]
    var deputies: [String]?
}

struct PolicyInput: Decodable, Sendable {
    var handover: String?
    var renotifyMinutes: Int?
    var leaderMinutes: Int?
    var nextLevelMinutes: Int?
    var reportEveryLevel: Bool?
}

struct PageInput: Decodable, Sendable {
    var subject: String
    var department: DepartmentID
    var title: LocalizedText
    var severity: DutySeverity?
    var reportEveryLevel: Bool?
}
