import HubKit

/// CAP `msgType` of the messages a warning produces.
public enum CAPMsgType: String, Sendable, Hashable, Codable, CaseIterable {
    case alert = "Alert", update = "Update", cancel = "Cancel"
}

/// One CAP 1.2 alert message at the level of its text: every value already in the form it takes in the XML
/// (times as `YYYY-MM-DDThh:mm:ss+08:00`, references as `sender,identifier,sent` triples). `MessageRules`
/// checks it, `CAPXML` writes it. `status` is always Actual and `scope` Public: the hub issues public warnings.
public struct CAPMessage: Sendable, Hashable {
    public var identifier: String
    public var sender: String
    public var sent: String
    public var msgType: CAPMsgType
    public var note: String?
    public var references: [String]
    public var infos: [CAPInfo]

    public static let namespace = "urn:oasis:names:tc:emergency:cap:1.2"
    public let status = "Actual"
    public let scope = "Public"

    public init(identifier: String, sender: String, sent: String, msgType: CAPMsgType, note: String? = nil,
                references: [String] = [], infos: [CAPInfo]) {
        self.identifier = identifier
        self.sender = sender
        self.sent = sent
        self.msgType = msgType
        self.note = note
        self.references = references
        self.infos = infos
    }
}

/// One CAP `info` block, in one language.
public struct CAPInfo: Sendable, Hashable {
    public var language: String
    public var categories: [CAPCategory]
    public var event: String
    public var responseTypes: [CAPResponseType]
    public var urgency: CAPUrgency
    public var severity: CAPSeverity
    public var certainty: CAPCertainty
    public var effective: String?
    public var onset: String?
    public var expires: String?
    public var senderName: String?
    public var headline: String?
    public var description: String?
    public var instruction: String?
    /// `parameter` pairs (valueName, value).
    public var parameters: [CAPValue]
    public var areas: [CAPArea]
}

/// A CAP `valueName`/`value` pair (geocode, parameter).
public struct CAPValue: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// One CAP `area`.
public struct CAPArea: Sendable, Hashable {
    public var description: String
    public var polygons: [String]
    public var circles: [String]
    public var geocodes: [CAPValue]
}
