/// A department identifier: lower-case letters, digits and hyphens, 2–40 characters (e.g. `drainage`).
public struct DepartmentID: CheckedString, Comparable {
    public let rawValue: String

    public init?(rawValue: String) {
        let bytes = rawValue.utf8
        guard (2...40).contains(bytes.count),
              bytes.allSatisfy({ ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }),
              bytes.first != 45, bytes.last != 45
        else { return nil }
        self.rawValue = rawValue
    }

    public static let syntax = "department id must be 2-40 of a-z, 0-9 and '-'"
}

/// The kinds of department in a district.
public enum DepartmentKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// The district's supervision and command centre (监督指挥中心): files, dispatches, verifies, closes.
    case commandCentre = "command_centre"
    /// A street's grid management centre (街道网格化管理中心): responsible inside its street.
    case streetCentre = "street_centre"
    /// A functional department (职能部门): municipal facilities, sanitation, drainage, …
    case functional
}

/// A department: the unit that owns cases, devices and people.
public struct Department: Sendable, Hashable, Codable {
    public var id: DepartmentID
    public var name: String
    public var nameEn: String
    public var kind: DepartmentKind
    /// For street centres: the street they are responsible for.
    public var street: StreetCode?
    public var disabled: Bool
    public var version: Int

    public init(id: DepartmentID, name: String, nameEn: String, kind: DepartmentKind, street: StreetCode? = nil,
                disabled: Bool = false, version: Int = 1) {
        self.id = id
        self.name = name
        self.nameEn = nameEn
        self.kind = kind
        self.street = street
        self.disabled = disabled
        self.version = version
    }
}
