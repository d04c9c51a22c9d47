import HubKit

/// The checks CAP 1.2 asks for that its XML schema does not make, each with a stable code. A composition or a
/// message that breaks one is refused with the rule named (`WarningProblem.rulesBroken`).
public enum CAPRule: String, Sendable, Hashable, Codable, CaseIterable {
    case requiredElementMissing = "CAP_REQUIRED_ELEMENT_MISSING"
    case zhInfoMissing = "CAP_ZH_INFO_MISSING"
    case areaMissing = "CAP_AREA_MISSING"
    case polygonMalformed = "CAP_POLYGON_MALFORMED"
    case polygonTooFewPoints = "CAP_POLYGON_TOO_FEW_POINTS"
    case polygonNotClosed = "CAP_POLYGON_NOT_CLOSED"
    case coordinateOutOfRange = "CAP_COORDINATE_OUT_OF_RANGE"
    case circleMalformed = "CAP_CIRCLE_MALFORMED"
    case geocodeMalformed = "CAP_GEOCODE_MALFORMED"
    case identifierForbiddenCharacter = "CAP_IDENTIFIER_FORBIDDEN_CHARACTER"
    case senderForbiddenCharacter = "CAP_SENDER_FORBIDDEN_CHARACTER"
    case referencesMissing = "CAP_REFERENCES_MISSING"
    case referencesUnexpected = "CAP_REFERENCES_UNEXPECTED"
    case referenceMalformed = "CAP_REFERENCE_MALFORMED"
    case timeFormat = "CAP_TIME_FORMAT"
    case expiresNotAfterEffective = "CAP_EXPIRES_NOT_AFTER_EFFECTIVE"
    case onsetAfterExpires = "CAP_ONSET_AFTER_EXPIRES"
    case alreadyExpired = "CAP_ALREADY_EXPIRED"
    case colourSeverityMismatch = "CAP_COLOUR_SEVERITY_MISMATCH"
    case textForbiddenCharacter = "CAP_TEXT_FORBIDDEN_CHARACTER"
}

/// One broken rule: which, where (a field path such as `areas[0].polygons[1]`) and what, in zh-CN and English.
public struct CAPFault: Sendable, Hashable {
    public var rule: CAPRule
    public var field: String
    public var message: LocalizedText

    public init(_ rule: CAPRule, _ field: String, zh: String, en: String) {
        self.rule = rule
        self.field = field
        self.message = LocalizedText(zh: zh, en: en)
    }
}
