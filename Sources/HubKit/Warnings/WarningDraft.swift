import Foundation

/// The content of a public warning as its author composes it: one event, its CAP classification, the text in
/// zh-CN (required) and English (optional), the areas and the times. Validated by the Warnings slice's rules,
/// which name every rule a draft breaks; this type itself only carries the values.
public struct WarningDraft: Sendable, Hashable, Codable {
    /// The event in Chinese, e.g. 暴雨, 洪水, 地质灾害, 城市内涝.
    public var event: String
    /// The event in English, e.g. Rainstorm; used in the English `info` when there is one.
    public var eventEn: String?
    public var categories: [CAPCategory]
    public var urgency: CAPUrgency
    /// The colour level; when given with `severity` the two must agree (red ↔ Extreme …).
    public var colour: WarningColour?
    /// CAP severity; taken from `colour` when absent.
    public var severity: CAPSeverity?
    public var certainty: CAPCertainty
    public var responseTypes: [CAPResponseType]
    /// The first `info` (language zh-CN): required.
    public var zh: Text
    /// The second `info` (language en-US): optional.
    public var en: Text?
    public var areas: [Area]
    /// When the warning takes effect; the time of issue when absent.
    public var effective: Date?
    public var onset: Date?
    public var expires: Date

    /// Headline, description and instruction in one language.
    public struct Text: Sendable, Hashable, Codable {
        public var headline: String
        public var description: String
        public var instruction: String?

        public init(headline: String, description: String, instruction: String? = nil) {
            self.headline = headline
            self.description = description
            self.instruction = instruction
        }
    }

    /// One CAP `area`: a description, and any number of polygons (`lat,lon lat,lon …`, closed), circles
    /// (`lat,lon radius-km`) and administrative division codes (6 or 12 digits).
    public struct Area: Sendable, Hashable, Codable {
        public var description: String
        public var descriptionEn: String?
        public var polygons: [String]
        public var circles: [String]
        public var geocodes: [String]

        public init(description: String, descriptionEn: String? = nil, polygons: [String] = [], circles: [String] = [],
                    geocodes: [String] = []) {
            self.description = description
            self.descriptionEn = descriptionEn
            self.polygons = polygons
            self.circles = circles
            self.geocodes = geocodes
        }

        enum CodingKeys: String, CodingKey { case description, descriptionEn, polygons, circles, geocodes }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            description = try c.decode(String.self, forKey: .description)
            descriptionEn = try c.decodeIfPresent(String.self, forKey: .descriptionEn)
            polygons = try c.decodeIfPresent([String].self, forKey: .polygons) ?? []
            circles = try c.decodeIfPresent([String].self, forKey: .circles) ?? []
            geocodes = try c.decodeIfPresent([String].self, forKey: .geocodes) ?? []
        }
    }

    public init(event: String, eventEn: String? = nil, categories: [CAPCategory], urgency: CAPUrgency,
                colour: WarningColour? = nil, severity: CAPSeverity? = nil, certainty: CAPCertainty,
                responseTypes: [CAPResponseType] = [], zh: Text, en: Text? = nil, areas: [Area],
                effective: Date? = nil, onset: Date? = nil, expires: Date) {
        self.event = event
        self.eventEn = eventEn
        self.categories = categories
        self.urgency = urgency
        self.colour = colour
        self.severity = severity
        self.certainty = certainty
        self.responseTypes = responseTypes
        self.zh = zh
        self.en = en
        self.areas = areas
        self.effective = effective
        self.onset = onset
        self.expires = expires
    }

    enum CodingKeys: String, CodingKey {
        case event, eventEn, categories, urgency, colour, severity, certainty, responseTypes, zh, en, areas
        case effective, onset, expires
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        event = try c.decode(String.self, forKey: .event)
        eventEn = try c.decodeIfPresent(String.self, forKey: .eventEn)
        categories = try c.decode([CAPCategory].self, forKey: .categories)
        urgency = try c.decode(CAPUrgency.self, forKey: .urgency)
        colour = try c.decodeIfPresent(WarningColour.self, forKey: .colour)
        severity = try c.decodeIfPresent(CAPSeverity.self, forKey: .severity)
        certainty = try c.decode(CAPCertainty.self, forKey: .certainty)
        responseTypes = try c.decodeIfPresent([CAPResponseType].self, forKey: .responseTypes) ?? []
        zh = try c.decode(Text.self, forKey: .zh)
        en = try c.decodeIfPresent(Text.self, forKey: .en)
        areas = try c.decode([Area].self, forKey: .areas)
        effective = try c.decodeIfPresent(Date.self, forKey: .effective)
        onset = try c.decodeIfPresent(Date.self, forKey: .onset)
        expires = try c.decode(Date.self, forKey: .expires)
    }
}
