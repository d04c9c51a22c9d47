import HubKit

/// A rule's stable identifier: 1–64 of `a–z 0–9 . _ -`, e.g. `wl-dongshuimen-warning`.
public struct RuleID: RawRepresentable, Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public let rawValue: String

    public init?(rawValue: String) {
        let bytes = rawValue.utf8
        guard (1...64).contains(bytes.count),
              bytes.allSatisfy({ ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 || $0 == 46 || $0 == 95 }) else { return nil }
        self.rawValue = rawValue
    }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let id = RuleID(rawValue: raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "a rule id is 1-64 of a-z 0-9 . _ -"))
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// The national four-colour warning scale, lowest first: 蓝 blue < 黄 yellow < 橙 orange < 红 red.
public enum Severity: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case blue, yellow, orange, red

    var rank: Int {
        switch self {
        case .blue: 0
        case .yellow: 1
        case .orange: 2
        case .red: 3
        }
    }

    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }

    public var label: (zh: String, en: String) {
        switch self {
        case .blue: ("蓝色", "blue")
        case .yellow: ("黄色", "yellow")
        case .orange: ("橙色", "orange")
        case .red: ("红色", "red")
        }
    }
}

/// What a rule measures and compares with its levels.
public enum RuleKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// The newest reading against the levels.
    case threshold
    /// The sum of the readings of the last `windowHours` (1, 3, 6, 12, 24 or 72) — rain accumulation.
    case windowSum
    /// The rise per hour over the last `windowMinutes`, with the projected time to reach `projectTo`.
    case rateOfRise
    /// Minutes since the newest reading.
    case noData
    /// How many gauges of the group meet `member` each on their own readings.
    case nOfM
}

/// Which way a threshold is crossed. `below` reverses every comparison (levels descend as severity rises).
public enum Direction: String, Sendable, Hashable, Codable {
    case above, below
}

/// A reference level that the station itself carries (river gauges): 警戒水位 or 保证水位, in the station's datum.
public enum StationLevel: String, Sendable, Hashable, Codable {
    case warning, guaranteed

    public var label: (zh: String, en: String) {
        switch self {
        case .warning: ("警戒水位", "warning level")
        case .guaranteed: ("保证水位", "guaranteed level")
        }
    }
}

/// A level: a number in the rule's unit, or a station level plus an optional offset (metres). Exactly one of
/// `value` and `stationLevel` is set.
public struct LevelReference: Sendable, Hashable, Codable {
    public var value: Double?
    public var stationLevel: StationLevel?
    public var offset: Double?

    public init(value: Double? = nil, stationLevel: StationLevel? = nil, offset: Double? = nil) {
        self.value = value
        self.stationLevel = stationLevel
        self.offset = offset
    }

    /// The level in metres of the station's datum, or the plain value; nil when the station has no such level.
    func resolve(_ river: RiverLevels?) -> Double? {
        if let value { return value }
        guard let stationLevel, let river else { return nil }
        let base = stationLevel == .warning ? river.warningLevel : river.guaranteedLevel
        return base + (offset ?? 0)
    }
}

/// One step of a rule's severity ladder: at or beyond this level, this severity.
public struct SeverityLevel: Sendable, Hashable, Codable {
    public var severity: Severity
    public var value: Double?
    public var stationLevel: StationLevel?
    public var offset: Double?

    public init(_ severity: Severity, value: Double? = nil, stationLevel: StationLevel? = nil, offset: Double? = nil) {
        self.severity = severity
        self.value = value
        self.stationLevel = stationLevel
        self.offset = offset
    }

    var reference: LevelReference { LevelReference(value: value, stationLevel: stationLevel, offset: offset) }
}

/// The condition each gauge of an `nOfM` rule is held to, on its own readings.
public struct MemberCondition: Sendable, Hashable, Codable {
    /// `threshold` (the newest reading) or `windowSum`.
    public var kind: RuleKind
    public var direction: Direction?
    /// For `windowSum`: 1, 3, 6, 12, 24 or 72.
    public var windowHours: Int?
    public var value: Double

    public init(kind: RuleKind, direction: Direction? = nil, windowHours: Int? = nil, value: Double) {
        self.kind = kind
        self.direction = direction
        self.windowHours = windowHours
        self.value = value
    }
}

/// A declarative alarm rule, as stored and as the API takes it (documented in docs/API.md, "Rules").
///
/// It targets one station (`station`) or every station of a group (`group`, e.g. the basin `jialing-upper`), one
/// quantity, and one kind. Every kind has a severity ladder (`levels`, ascending severities); a single threshold is
/// a ladder of one. Fields that a kind does not use must be absent. `RuleCheck.check` says whether it is valid.
public struct AlarmRule: Sendable, Hashable, Codable {
    public var id: RuleID
    public var name: String?
    public var nameEn: String?
    public var station: StationID?
    public var group: String?
    public var quantity: Quantity
    /// `water_level` with levels given as numbers: the datum they are in. Stations in another datum are not
    /// evaluated by the rule (levels are never converted between datums).
    public var datum: DatumTag?
    public var kind: RuleKind
    /// `threshold` only; `above` when absent.
    public var direction: Direction?
    public var levels: [SeverityLevel]
    /// In the measure's unit (for `nOfM` gauges; for `noData` minutes); 0 when absent. Clears (or steps down) only
    /// once the measure is beyond level − hysteresis.
    public var hysteresis: Double?
    /// Raise or escalate only after the condition held this many minutes; 0 when absent.
    public var minDurationMinutes: Int?
    /// `windowSum`: 1, 3, 6, 12, 24 or 72.
    public var windowHours: Int?
    /// `rateOfRise`: 10 to 1,440.
    public var windowMinutes: Int?
    /// `rateOfRise`: the level whose projected time of arrival each alarm reports.
    public var projectTo: LevelReference?
    /// `nOfM`: what each gauge of the group must meet; the levels count gauges.
    public var member: MemberCondition?
    /// The department that owns the rule's alarms; the source station's when absent (for a group, its first station's).
    public var department: DepartmentID?
    /// What a raised alarm does besides being shown: open a case, draft a warning, call the duty roster.
    public var actions: AlarmActions?

    public init(id: RuleID, name: String? = nil, nameEn: String? = nil, station: StationID? = nil, group: String? = nil,
                quantity: Quantity, datum: DatumTag? = nil, kind: RuleKind, direction: Direction? = nil, levels: [SeverityLevel],
                hysteresis: Double? = nil, minDurationMinutes: Int? = nil, windowHours: Int? = nil, windowMinutes: Int? = nil,
                projectTo: LevelReference? = nil, member: MemberCondition? = nil, department: DepartmentID? = nil,
                actions: AlarmActions? = nil) {
        self.id = id
        self.department = department
        self.actions = actions
        self.name = name
        self.nameEn = nameEn
        self.station = station
        self.group = group
        self.quantity = quantity
        self.datum = datum
        self.kind = kind
        self.direction = direction
        self.levels = levels
        self.hysteresis = hysteresis
        self.minDurationMinutes = minDurationMinutes
        self.windowHours = windowHours
        self.windowMinutes = windowMinutes
        self.projectTo = projectTo
        self.member = member
    }

    /// The sliding-window lengths a sum may take, hours.
    public static let windowHoursAccepted = [1, 3, 6, 12, 24, 72]
}

/// What the rules need to know of a station: its groups and, for river gauges, its levels and datum.
public struct RuleStation: Sendable, Hashable {
    public var id: StationID
    public var groups: [String]
    public var river: RiverLevels?

    public init(id: StationID, groups: [String], river: RiverLevels? = nil) {
        self.id = id
        self.groups = groups
        self.river = river
    }
}
