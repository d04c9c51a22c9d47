import HubKit

/// What a rule's alarm does when it is raised or escalates to (or past) an action's `minSeverity`. Each action runs
/// once per alarm; other slices do the work through HubKit protocols (`CaseOpening`, `WarningDrafting`, `DutyPaging`).
public struct AlarmActions: Sendable, Hashable, Codable {
    /// Open a case in the case loop, e.g. a waterlogging sensor's alarm → a case for the drainage department.
    public var openCase: OpenCaseAction?
    /// Draft a public warning (CAP) for a person to approve and issue.
    public var draftWarning: DraftWarningAction?
    /// Call the owning department's person on duty, escalating while nobody acknowledges.
    public var callDuty: CallDutyAction?

    public init(openCase: OpenCaseAction? = nil, draftWarning: DraftWarningAction? = nil, callDuty: CallDutyAction? = nil) {
        self.openCase = openCase
        self.draftWarning = draftWarning
        self.callDuty = callDuty
    }

    /// The actions due when an alarm reaches `severity`, given those already done.
    public func due(at severity: Severity, done: Set<AlarmActionKind>) -> [AlarmActionKind] {
        var out: [AlarmActionKind] = []
        if let a = openCase, severity >= (a.minSeverity ?? .blue), !done.contains(.openCase) { out.append(.openCase) }
        if let a = draftWarning, severity >= (a.minSeverity ?? .blue), !done.contains(.draftWarning) { out.append(.draftWarning) }
        if let a = callDuty, severity >= (a.minSeverity ?? .blue), !done.contains(.callDuty) { out.append(.callDuty) }
        return out
    }
}

public enum AlarmActionKind: String, Sendable, Hashable, Codable, CaseIterable {
    case openCase = "open_case"
    case draftWarning = "draft_warning"
    case callDuty = "call_duty"
}

public struct OpenCaseAction: Sendable, Hashable, Codable {
    /// The case category (its code in the catalogue, e.g. a waterlogging category).
    public var category: String
    /// Dispatch straight to this department; otherwise the case waits for the dispatcher.
    public var department: DepartmentID?
    public var minSeverity: Severity?

    public init(category: String, department: DepartmentID? = nil, minSeverity: Severity? = nil) {
        self.category = category
        self.department = department
        self.minSeverity = minSeverity
    }
}

public struct DraftWarningAction: Sendable, Hashable, Codable {
    /// The event in Chinese (暴雨, 洪水, 城市内涝) and English.
    public var event: String
    public var eventEn: String?
    public var category: CAPCategory
    /// The area; a circle of `radiusKm` around the source station when absent.
    public var area: WarningDraft.Area?
    public var radiusKm: Double?
    public var instruction: String?
    public var instructionEn: String?
    /// How long the warning is valid; 24 hours when absent.
    public var validHours: Int?
    public var minSeverity: Severity?

    public init(event: String, eventEn: String? = nil, category: CAPCategory, area: WarningDraft.Area? = nil, radiusKm: Double? = nil,
                instruction: String? = nil, instructionEn: String? = nil, validHours: Int? = nil, minSeverity: Severity? = nil) {
        self.event = event
        self.eventEn = eventEn
        self.category = category
        self.area = area
        self.radiusKm = radiusKm
        self.instruction = instruction
        self.instructionEn = instructionEn
        self.validHours = validHours
        self.minSeverity = minSeverity
    }
}

public struct CallDutyAction: Sendable, Hashable, Codable {
    public var minSeverity: Severity?
    /// Report to every level (street → district → city) even once acknowledged, as fires require (逐级上报).
    public var reportEveryLevel: Bool?

    public init(minSeverity: Severity? = nil, reportEveryLevel: Bool? = nil) {
        self.minSeverity = minSeverity
        self.reportEveryLevel = reportEveryLevel
    }
}
