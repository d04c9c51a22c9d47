import HubKit

/// A unit's duty settings: when its shift hands over and how an unacknowledged call escalates.
///
/// Invariants (checked by `DutyRules.check(_:)`): 0 ≤ handover < 1440; 1 ≤ renotify < leader ≤ 720;
/// 1 ≤ nextLevel ≤ 720. Minutes are wall-clock minutes.
public struct DutyPolicy: Sendable, Hashable, Codable {
    /// Minutes after local midnight (Asia/Shanghai) at which one shift hands over to the next; 510 is 08:30.
    public var handoverMinute: Int
    /// Minutes after a level's first notification at which its person on duty is called again.
    public var renotifyMinutes: Int
    /// Minutes after a level's first notification at which its leader on call is called.
    public var leaderMinutes: Int
    /// Minutes after a level's leader was called at which the next level is called.
    public var nextLevelMinutes: Int
    /// Every call of this unit reports to every level in turn, acknowledged or not (逐级上报).
    public var reportEveryLevel: Bool

    public init(handoverMinute: Int = 510, renotifyMinutes: Int = 5, leaderMinutes: Int = 10, nextLevelMinutes: Int = 5,
                reportEveryLevel: Bool = false) {
        self.handoverMinute = handoverMinute
        self.renotifyMinutes = renotifyMinutes
        self.leaderMinutes = leaderMinutes
        self.nextLevelMinutes = nextLevelMinutes
        self.reportEveryLevel = reportEveryLevel
    }

    public static let standard = DutyPolicy()

    /// `08:30` for the handover minute.
    public var handover: String {
        let h = handoverMinute / 60, m = handoverMinute % 60
        return "\(h < 10 ? "0" : "")\(h):\(m < 10 ? "0" : "")\(m)"
    }

    /// Parses `hh:mm` into minutes after midnight.
    public static func minute(of text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]),
              (0...23).contains(h), (0...59).contains(m) else { return nil }
        return h * 60 + m
    }
}

/// The levels a call climbs (逐级上报): the unit itself (a street centre or a functional department), the district
/// command centre, then the city.
public enum DutyLevel: String, Sendable, Hashable, Codable, CaseIterable {
    case street, department, district, city

    public var label: LocalizedText {
        switch self {
        case .street: LocalizedText(zh: "街道", en: "Street")
        case .department: LocalizedText(zh: "部门", en: "Department")
        case .district: LocalizedText(zh: "区", en: "District")
        case .city: LocalizedText(zh: "市", en: "City")
        }
    }
}

/// One rung of a call's chain: a level and the unit whose roster answers for it.
public struct DutyRung: Sendable, Hashable, Codable {
    public var level: DutyLevel
    public var unit: DepartmentID

    public init(level: DutyLevel, unit: DepartmentID) {
        self.level = level
        self.unit = unit
    }
}

/// Which role of a shift a notification goes to.
public enum DutyRole: String, Sendable, Hashable, Codable {
    /// 值班员
    case duty
    /// 带班领导
    case leader

    public var label: LocalizedText {
        switch self {
        case .duty: LocalizedText(zh: "值班员", en: "Person on duty")
        case .leader: LocalizedText(zh: "带班领导", en: "Leader on call")
        }
    }
}
