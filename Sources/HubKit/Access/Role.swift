/// What a person does in the hub. Every route names the roles that may call it.
public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
    case admin
    case dispatcher
    case inspector
    case departmentOperator = "department_operator"
    case departmentHead = "department_head"
    case auditor
    case viewer
    /// Traffic police: watch intersections and override their lights for a while.
    case trafficPolice = "traffic_police"
    /// A machine role for API keys only: a signal gateway speaking the gateway protocol.
    case signalGateway = "signal_gateway"

    /// Roles whose holder acts for one department and so must belong to one.
    public var needsDepartment: Bool {
        self == .departmentOperator || self == .departmentHead
    }

    /// Roles only API keys may hold (machines); no person signs in with one.
    public var isMachine: Bool { self == .signalGateway }

    public var label: LocalizedText {
        switch self {
        case .admin: LocalizedText(zh: "系统管理员", en: "Administrator")
        case .dispatcher: LocalizedText(zh: "调度员", en: "Dispatcher")
        case .inspector: LocalizedText(zh: "巡查员", en: "Inspector")
        case .departmentOperator: LocalizedText(zh: "部门处置员", en: "Department operator")
        case .departmentHead: LocalizedText(zh: "部门负责人", en: "Department head")
        case .auditor: LocalizedText(zh: "审计员", en: "Auditor")
        case .viewer: LocalizedText(zh: "观察员", en: "Viewer")
        case .trafficPolice: LocalizedText(zh: "交通警察", en: "Traffic police")
        case .signalGateway: LocalizedText(zh: "信号机网关", en: "Signal gateway")
        }
    }
}

/// Who is calling: a signed-in person or a machine holding an API key.
public struct Principal: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case user
        case apiKey = "apikey"
    }

    public let kind: Kind
    public let id: String
    public let name: String
    public let role: Role
    public let departmentID: DepartmentID?
    /// For API keys: what the key may do (e.g. `geo:read`); people are limited by role alone.
    public let scopes: Set<String>

    public init(kind: Kind, id: String, name: String, role: Role, departmentID: DepartmentID?,
                scopes: Set<String> = []) {
        self.kind = kind
        self.id = id
        self.name = name
        self.role = role
        self.departmentID = departmentID
        self.scopes = scopes
    }

    /// How the journal names this principal as an actor: `user:<id>` or `apikey:<id>`.
    public var actor: String { "\(kind.rawValue):\(id)" }

    /// True when this principal may act for `department`: admins for every department, others for their own.
    public func mayActFor(_ department: DepartmentID?) -> Bool {
        role == .admin || (department != nil && department == departmentID)
    }
}
