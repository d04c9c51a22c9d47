/// The closed value lists of OASIS CAP 1.2 that a warning draft uses, shared so that any slice can draft a
/// warning (through `WarningDrafting`) without importing the Warnings slice. Raw values are CAP's own spelling.

/// CAP `category`: the kind of subject event.
public enum CAPCategory: String, Sendable, Hashable, Codable, CaseIterable {
    case geo = "Geo", met = "Met", safety = "Safety", security = "Security", rescue = "Rescue", fire = "Fire"
    case health = "Health", env = "Env", transport = "Transport", infra = "Infra", cbrne = "CBRNE", other = "Other"
}

/// CAP `urgency`: how soon people should act.
public enum CAPUrgency: String, Sendable, Hashable, Codable, CaseIterable {
    case immediate = "Immediate", expected = "Expected", future = "Future", past = "Past", unknown = "Unknown"
}

/// CAP `severity`: how much harm to expect.
public enum CAPSeverity: String, Sendable, Hashable, Codable, CaseIterable {
    case extreme = "Extreme", severe = "Severe", moderate = "Moderate", minor = "Minor", unknown = "Unknown"
}

/// CAP `certainty`: how likely the event is.
public enum CAPCertainty: String, Sendable, Hashable, Codable, CaseIterable {
    case observed = "Observed", likely = "Likely", possible = "Possible", unlikely = "Unlikely", unknown = "Unknown"
}

/// CAP `responseType`: what people are asked to do.
public enum CAPResponseType: String, Sendable, Hashable, Codable, CaseIterable {
    case shelter = "Shelter", evacuate = "Evacuate", prepare = "Prepare", execute = "Execute", avoid = "Avoid"
    case monitor = "Monitor", assess = "Assess", allClear = "AllClear", none = "None"
}

/// The Chinese warning colour levels (预警级别, red highest), each tied to one CAP severity:
/// 红 red ↔ Extreme, 橙 orange ↔ Severe, 黄 yellow ↔ Moderate, 蓝 blue ↔ Minor.
public enum WarningColour: String, Sendable, Hashable, Codable, CaseIterable {
    case red, orange, yellow, blue

    /// The CAP severity this colour stands for.
    public var severity: CAPSeverity {
        switch self {
        case .red: .extreme
        case .orange: .severe
        case .yellow: .moderate
        case .blue: .minor
        }
    }

    /// The colour of a CAP severity; nil for `Unknown`, which has no colour.
    public init?(severity: CAPSeverity) {
        switch severity {
        case .extreme: self = .red
        case .severe: self = .orange
        case .moderate: self = .yellow
        case .minor: self = .blue
        case .unknown: return nil
        }
    }

    public var label: LocalizedText {
        switch self {
        case .red: LocalizedText(zh: "红色", en: "Red")
        case .orange: LocalizedText(zh: "橙色", en: "Orange")
        case .yellow: LocalizedText(zh: "黄色", en: "Yellow")
        case .blue: LocalizedText(zh: "蓝色", en: "Blue")
        }
    }
}
