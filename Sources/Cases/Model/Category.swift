import HubKit

/// A span of working time, as the standard states limits: working hours or working days.
/// Encoded as `{"unit": "workingHours" | "workingDays" | "minutes", "value": n}`.
public enum WorkDuration: Sendable, Hashable, Codable {
    case workingHours(Int)
    case workingDays(Int)
    /// Calendar minutes regardless of working time, for emergencies (e.g. 30 minutes to dispatch a collapse).
    case minutes(Int)

    private enum Keys: String, CodingKey { case unit, value }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        let value = try container.decode(Int.self, forKey: .value)
        switch try container.decode(String.self, forKey: .unit) {
        case "workingHours": self = .workingHours(value)
        case "workingDays": self = .workingDays(value)
        case "minutes": self = .minutes(value)
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .unit, in: container, debugDescription: "unknown unit \(other)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        let (unit, value) = switch self {
        case .workingHours(let n): ("workingHours", n)
        case .workingDays(let n): ("workingDays", n)
        case .minutes(let n): ("minutes", n)
        }
        try container.encode(unit, forKey: .unit)
        try container.encode(value, forKey: .value)
    }
}

/// The stages of a case that each have their own limit. Dictionaries keyed by stage encode as JSON objects.
public enum CaseStage: String, Sendable, Hashable, Codable, CaseIterable, CodingKeyRepresentable {
    /// From report to accepted or rejected (立案前核实).
    case accept
    /// From filed to dispatched (派遣).
    case dispatch
    /// From dispatched to reported fixed (处置).
    case handle
    /// From reported fixed to verified (核查).
    case verify
    /// From verified to closed (结案).
    case close
}

/// A problem category (案件类别) with what the standard attaches to it.
public struct Category: Sendable, Hashable, Codable {
    public var code: CategoryCode
    public var name: LocalizedText
    /// The major class's name, e.g. 街面秩序 / Street order.
    public var majorName: LocalizedText
    /// When a report may be filed as a case (立案条件).
    public var filingConditions: LocalizedText
    /// When the case may be closed (结案条件).
    public var closingConditions: LocalizedText
    /// Limit per stage; a stage without a limit has no deadline.
    public var limits: [CaseStage: WorkDuration]
    /// An emergency (突发) category: dispatched at once, limits in calendar minutes where set so.
    public var emergency: Bool
    /// Reports of this category within this distance of an open case are flagged as possible duplicates.
    public var duplicateRadiusMetres: Double
    /// Window for duplicate search, in hours.
    public var duplicateWindowHours: Double
    /// Camera events below this confidence wait in the intake queue for a person.
    public var cameraConfidenceThreshold: Double
    /// The kind of department that usually owns it (`sanitation`, `municipal`, …), for the default responsibility.
    public var defaultDepartment: String
    public var version: Int

    public var kind: CategoryKind { code.kind }

    public init(code: CategoryCode, name: LocalizedText, majorName: LocalizedText, filingConditions: LocalizedText,
                closingConditions: LocalizedText, limits: [CaseStage: WorkDuration], emergency: Bool = false,
                duplicateRadiusMetres: Double = 50, duplicateWindowHours: Double = 24,
                cameraConfidenceThreshold: Double = 0.8, defaultDepartment: String, version: Int = 1) {
        self.code = code
        self.name = name
        self.majorName = majorName
        self.filingConditions = filingConditions
        self.closingConditions = closingConditions
        self.limits = limits
        self.emergency = emergency
        self.duplicateRadiusMetres = duplicateRadiusMetres
        self.duplicateWindowHours = duplicateWindowHours
        self.cameraConfidenceThreshold = cameraConfidenceThreshold
        self.defaultDepartment = defaultDepartment
        self.version = version
    }
}
