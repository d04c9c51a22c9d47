/// How a slice opens a case in the case loop without importing the Cases slice: a telemetry alarm (a waterlogging
/// sensor) or a camera opens a case that the department then fixes. `HubServer` hands every slice the Cases
/// slice's implementation.
public protocol CaseOpening: Sendable {
    /// Reports and files a case for a problem a device detected, dispatching it at once when `department` is given.
    /// Idempotent per `origin`: a second call with the same origin answers the case the first one opened.
    /// Throws a problem when the category is unknown or the place lies outside every grid.
    func openCase(_ request: CaseOpeningRequest) async throws -> CaseOpened
}

public struct CaseOpeningRequest: Sendable, Hashable {
    /// What caused it, e.g. `alarm:a-0123456789abcdef`; one case per origin.
    public var origin: String
    /// The category code in the catalogue.
    public var category: String
    public var location: GeoPoint
    public var description: String
    /// Dispatch to this department at once; otherwise the case waits, filed, for the dispatcher.
    public var department: DepartmentID?
    /// The journal actor, e.g. `system:telemetry`.
    public var actor: String

    public init(origin: String, category: String, location: GeoPoint, description: String, department: DepartmentID? = nil,
                actor: String) {
        self.origin = origin
        self.category = category
        self.location = location
        self.description = description
        self.department = department
        self.actor = actor
    }
}

public struct CaseOpened: Sendable, Hashable {
    /// The case number, e.g. `20260710-000123`.
    public var caseID: String
    /// False when an earlier call with the same origin had opened it.
    public var created: Bool

    public init(caseID: String, created: Bool) {
        self.caseID = caseID
        self.created = created
    }
}
