import HubKit

/// The duty routes' JSON Schemas for `/openapi.json`.
enum DutySchemas {
    static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }
    static func array(_ items: JSONValue) -> JSONValue { ["type": "array", "items": items] }
    static func values<T: RawRepresentable & CaseIterable>(_ type: T.Type) -> JSONValue where T.RawValue == String {
        ["type": "string", "enum": .array(T.allCases.map { .string($0.rawValue) })]
    }
    static let string: JSONValue = ["type": "string"]
    static let integer: JSONValue = ["type": "integer"]
    static let boolean: JSONValue = ["type": "boolean"]
    static let dateTime: JSONValue = ["type": "string", "format": "date-time"]
    static let date: JSONValue = ["type": "string", "format": "date"]
    static let text: JSONValue = ["type": "object", "required": ["zh", "en"], "properties": ["zh": string, "en": string]]
    static let person: JSONValue = ["type": "object", "required": ["id"], "properties": ["id": string, "name": string]]
    static let role: JSONValue = ["type": "string", "enum": ["duty", "leader"]]

    static var all: [String: JSONValue] {
        [
            "DutyPerson": person,
            "DutyShift": [
                "type": "object", "required": ["unit", "date", "startsAt", "endsAt", "duty", "leader"],
                "properties": ["unit": string, "date": date, "startsAt": dateTime, "endsAt": dateTime,
                               "duty": ref("DutyPerson"), "leader": ref("DutyPerson"), "deputy": ref("DutyPerson"), "note": string],
            ],
            "DutyRoster": [
                "type": "object", "required": ["unit", "from", "to", "handover", "shifts"],
                "properties": ["unit": string, "from": date, "to": date, "handover": string, "shifts": array(ref("DutyShift"))],
            ],
            "DutyNow": [
                "type": "object", "required": ["unit", "at", "date", "startsAt", "endsAt", "handover", "staffed"],
                "properties": ["unit": string, "unitName": string, "at": dateTime, "date": date, "startsAt": dateTime,
                               "endsAt": dateTime, "handover": string, "staffed": boolean, "duty": ref("DutyPerson"),
                               "leader": ref("DutyPerson"), "deputy": ref("DutyPerson")],
            ],
            "DutyNowList": ["type": "object", "required": ["items"], "properties": ["items": array(ref("DutyNow"))]],
            "DutyDayInput": [
                "type": "object", "required": ["duty", "leader"],
                "properties": ["duty": string, "leader": string, "deputy": string, "note": string],
            ],
            "DutyMonthInput": [
                "type": "object", "required": ["days"],
                "properties": ["days": array([
                    "type": "object", "required": ["date", "duty", "leader"],
                    "properties": ["date": date, "duty": string, "leader": string, "deputy": string, "note": string],
                ])],
            ],
            "DutyRotationInput": [
                "type": "object", "required": ["from", "to", "duty", "leaders"],
                "properties": ["from": date, "to": date, "duty": array(string), "leaders": array(string),
                               "deputies": array(string)],
            ],
            "DutyPolicy": [
                "type": "object", "required": ["unit", "handover", "renotifyMinutes", "leaderMinutes", "nextLevelMinutes",
                                               "reportEveryLevel"],
                "properties": ["unit": string, "handover": ["type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"],
                               "renotifyMinutes": integer, "leaderMinutes": integer, "nextLevelMinutes": integer,
                               "reportEveryLevel": boolean],
            ],
            "DutyPolicyInput": [
                "type": "object",
                "properties": ["handover": string, "renotifyMinutes": integer, "leaderMinutes": integer,
                               "nextLevelMinutes": integer, "reportEveryLevel": boolean],
            ],
            "DutyPageInput": [
                "type": "object", "required": ["subject", "department", "title"],
                "properties": ["subject": string, "department": string, "title": text, "severity": values(DutySeverity.self),
                               "reportEveryLevel": boolean],
            ],
            "DutyNotification": [
                "type": "object",
                "properties": ["call": string, "step": integer, "level": values(DutyLevel.self), "unit": string, "role": role,
                               "attempt": integer, "person": string, "personName": string, "dueAt": dateTime,
                               "sentAt": dateTime, "eventSeq": integer],
            ],
            "DutyCall": [
                "type": "object", "required": ["id", "subject", "unit", "title", "severity", "chain", "state", "step", "openedAt"],
                "properties": [
                    "id": ["type": "string", "pattern": "^dc-[0-9a-f]{16}$"], "subject": string, "unit": string, "title": text,
                    "severity": values(DutySeverity.self), "origin": string, "reportEveryLevel": boolean,
                    "chain": array(["type": "object", "properties": ["level": values(DutyLevel.self), "unit": string]]),
                    "state": ["type": "string", "enum": ["open", "closed"]], "step": integer, "nextDueAt": dateTime,
                    "acknowledgedLevel": values(DutyLevel.self), "openedAt": dateTime, "closedAt": dateTime,
                    "closedBy": string, "closeReason": values(DutyCloseReason.self),
                    "notifications": array(ref("DutyNotification")),
                ],
            ],
            "DutyCallList": ["type": "object", "required": ["items"], "properties": ["items": array(ref("DutyCall"))]],
        ]
    }
}
