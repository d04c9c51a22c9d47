import HubKit

/// One department's 24-hour duty (值班) beginning at its handover time on `date`: the person on duty (值班员),
/// the leader on call (带班领导) and an optional deputy. People are hub user ids.
///
/// Invariant: one shift per unit and date; the person on duty and the leader are different people.
public struct DutyShift: Sendable, Hashable, Codable {
    public var unit: DepartmentID
    public var date: DutyDate
    public var duty: String
    public var leader: String
    public var deputy: String?
    public var note: String?

    public init(unit: DepartmentID, date: DutyDate, duty: String, leader: String, deputy: String? = nil, note: String? = nil) {
        self.unit = unit
        self.date = date
        self.duty = duty
        self.leader = leader
        self.deputy = deputy
        self.note = note
    }

    /// Every person the shift names.
    public var people: [String] { [duty, leader] + (deputy.map { [$0] } ?? []) }
}

/// A person as the roster shows them: a hub account's id and display name. Phone numbers are not kept here (see
/// docs/ARCHITECTURE.md, "Duty"): the gateway that rings phones maps user ids to numbers.
public struct DutyPerson: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var department: DepartmentID?
    public var disabled: Bool

    public init(id: String, name: String, department: DepartmentID?, disabled: Bool) {
        self.id = id
        self.name = name
        self.department = department
        self.disabled = disabled
    }
}

/// What the Duty slice needs to know about accounts and departments, passed in by `HubServer` (the account store
/// lives there).
public struct DutyDirectory: Sendable {
    /// The accounts with these ids that exist.
    public var people: @Sendable (Set<String>) async throws -> [String: DutyPerson]
    public var department: @Sendable (DepartmentID) async throws -> Department?
    public var departments: @Sendable () async throws -> [Department]

    public init(people: @escaping @Sendable (Set<String>) async throws -> [String: DutyPerson],
                department: @escaping @Sendable (DepartmentID) async throws -> Department?,
                departments: @escaping @Sendable () async throws -> [Department]) {
        self.people = people
        self.department = department
        self.departments = departments
    }
}
