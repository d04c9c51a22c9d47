import HubKit
import Hummingbird


/// The warnings' JSON Schemas for `/openapi.json`.
enum WarningSchemas {
    static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }
    static func array(_ items: JSONValue) -> JSONValue { ["type": "array", "items": items] }
    static func values<T: RawRepresentable & CaseIterable>(_ type: T.Type) -> JSONValue where T.RawValue == String {
        ["type": "string", "enum": .array(T.allCases.map { .string($0.rawValue) })]
    }
    static let string: JSONValue = ["type": "string"]
    static let integer: JSONValue = ["type": "integer"]
    static let dateTime: JSONValue = ["type": "string", "format": "date-time"]
    static let text: JSONValue = [
        "type": "object", "required": ["headline", "description"],
        "properties": ["headline": string, "description": string, "instruction": string],
    ]

    static var all: [String: JSONValue] {
        [
            "WarningText": text,
            "WarningArea": [
                "type": "object", "required": ["description"],
                "properties": [
                    "description": string, "descriptionEn": string,
                    "polygons": array(["type": "string", "description": "lat,lon pairs separated by spaces, closed, ≥ 4 pairs"]),
                    "circles": array(["type": "string", "description": "lat,lon radius-km"]),
                    "geocodes": array(["type": "string", "pattern": "^([0-9]{6}|[0-9]{12})$"]),
                ],
            ],
            "WarningDraft": [
                "type": "object", "required": ["event", "categories", "urgency", "certainty", "zh", "areas", "expires"],
                "properties": [
                    "event": string, "eventEn": string, "categories": array(values(CAPCategory.self)),
                    "urgency": values(CAPUrgency.self), "colour": values(WarningColour.self),
                    "severity": values(CAPSeverity.self), "certainty": values(CAPCertainty.self),
                    "responseTypes": array(values(CAPResponseType.self)), "zh": ref("WarningText"), "en": ref("WarningText"),
                    "areas": array(ref("WarningArea")), "effective": dateTime, "onset": dateTime, "expires": dateTime,
                ],
            ],
            "WarningContentInput": ["type": "object", "required": ["version", "content"],
                                    "properties": ["version": integer, "content": ref("WarningDraft")]],
            "WarningVersionInput": ["type": "object", "required": ["version"], "properties": ["version": integer]],
            "WarningCancelInput": ["type": "object", "required": ["version", "reason"],
                                   "properties": ["version": integer, "reason": string]],
            "IssuedMessage": [
                "type": "object",
                "properties": [
                    "identifier": string, "sender": string, "sent": ["type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[+-][0-9]{2}:[0-9]{2}$"],
                    "sentAt": dateTime, "msgType": values(CAPMsgType.self), "references": array(string), "headline": string,
                    "expires": dateTime, "xmlSha256": string,
                ],
            ],
            "WarningRecord": [
                "type": "object",
                "properties": [
                    "id": ["type": "string", "pattern": "^w-[0-9a-f]{16}$"], "version": integer,
                    "state": values(WarningState.self), "content": ref("WarningDraft"), "issuedContent": ref("WarningDraft"),
                    "department": string, "origin": string, "authors": array(string), "composedAt": dateTime,
                    "approvedBy": string, "approvedAt": dateTime, "messages": array(ref("IssuedMessage")),
                    "cancelReason": string, "updatedAt": dateTime,
                ],
            ],
            "Warning": [
                "type": "object", "required": ["warning", "live", "alerts"],
                "properties": ["warning": ref("WarningRecord"), "live": ["type": "boolean"],
                               "nextMsgType": values(CAPMsgType.self), "alerts": array(string)],
            ],
            "WarningList": ["type": "object", "required": ["items"], "properties": ["items": array(ref("Warning"))]],
        ]
    }
}
