import HubKit
import Hummingbird

extension CaseRecord: ResponseEncodable {}
extension Category: ResponseEncodable {}

/// The case loop's JSON Schemas for `/openapi.json`.
enum CaseSchemas {
    static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }
    static func array(_ items: JSONValue) -> JSONValue { ["type": "array", "items": items] }
    static func page(_ item: String) -> JSONValue {
        ["type": "object", "properties": ["items": array(ref(item))], "required": ["items"]]
    }
    static let string: JSONValue = ["type": "string"]
    /// Journal actor (`user:<id>`, `apikey:<id>`) → display name.
    static let names: JSONValue = ["type": "object", "additionalProperties": ["type": "string"]]
    static let dateTime: JSONValue = ["type": "string", "format": "date-time"]
    static let point: JSONValue = ["type": "object", "properties": ["lon": ["type": "number"], "lat": ["type": "number"]],
                                   "required": ["lon", "lat"]]
    static let photoReference: JSONValue = [
        "type": "object", "required": ["sha256"],
        "properties": ["sha256": ["type": "string", "pattern": "^[0-9a-f]{64}$"], "takenAt": dateTime, "location": point],
    ]

    static var all: [String: JSONValue] {
        [
            "GeoPoint": point,
            "Binary": ["type": "string", "contentMediaType": "application/octet-stream"],
            "PhotoReference": photoReference,
            "ReportInput": [
                "type": "object", "required": ["category", "location", "photos"],
                "properties": ["category": ["type": "string", "pattern": "^[CE][0-9]{4}$"], "location": ref("GeoPoint"),
                               "description": string, "address": string, "photos": array(ref("PhotoReference"))],
            ],
            "CameraEventInput": [
                "type": "object", "required": ["camera", "category", "confidence"],
                "properties": ["camera": string, "category": string, "confidence": ["type": "number", "minimum": 0, "maximum": 1],
                               "at": dateTime, "snapshot": string, "location": ref("GeoPoint")],
            ],
            "CameraEventResult": ["type": "object", "properties": ["case": ref("Case"),
                                                                   "decision": ["type": "string", "enum": ["queued", "filed", "folded"]]]],
            "Case": [
                "type": "object", "required": ["id", "version", "state", "source", "reporter", "reportedAt", "location"],
                "properties": [
                    "id": ["type": "string", "pattern": "^[0-9]{8}-[0-9]{6}$"], "version": ["type": "integer"],
                    "state": ["type": "string", "enum": .array(CaseState.allCases.map { .string($0.rawValue) })],
                    "source": ["type": "string", "enum": .array(ReportSource.allCases.map { .string($0.rawValue) })],
                    "reporter": string, "reportedAt": dateTime, "location": ref("GeoPoint"), "description": string,
                    "category": string, "grid": string, "department": string, "suggestedDepartment": string,
                    "stage": string, "dueAt": dateTime, "handleDueAt": dateTime, "everOverdue": ["type": "boolean"],
                    "reworkCount": ["type": "integer"], "returnCount": ["type": "integer"],
                    "duplicateCandidates": array(["type": "object", "properties": ["caseID": string, "distanceMetres": ["type": "number"],
                                                                                   "hoursApart": ["type": "number"]]]),
                    "awaitingReview": ["type": "boolean"], "confidence": ["type": "number"], "address": string,
                    "filedAt": dateTime, "dispatchedAt": dateTime, "fixReportedAt": dateTime, "verifiedAt": dateTime,
                    "closedAt": dateTime, "stageStartedAt": dateTime, "warnAt": dateTime, "warnedAt": dateTime,
                    "overdueAt": dateTime, "dispatchCount": ["type": "integer"], "extensionCount": ["type": "integer"],
                    "dispatchOverrideReason": string, "mergedInto": string, "rejectedReason": string, "shelvedReason": string,
                ],
            ],
            "CaseMap": ["type": "object", "required": ["fields", "items", "count", "at"],
                        "properties": ["fields": array(string), "items": array(["type": "array"]),
                                       "count": ["type": "integer"], "at": dateTime]],
            "CasePage": ["type": "object", "properties": ["items": array(ref("Case")), "next": string], "required": ["items"]],
            "CaseDetail": ["type": "object", "properties": ["case": ref("Case"), "photos": array(["type": "object"]),
                                                            "actions": array(string), "actors": names]],
            "CaseActionInput": [
                "type": "object", "required": ["action", "version"],
                "properties": [
                    "action": ["type": "string", "enum": .array(AvailableActions.names.map { .string($0) })],
                    "version": ["type": "integer"], "reason": string, "department": string, "category": string, "note": string,
                    "passed": ["type": "boolean"], "approved": ["type": "boolean"], "until": dateTime, "into": string,
                    "photo": ref("PhotoReference"),
                ],
            ],
            "EventList": ["type": "object", "required": ["items"], "properties": ["items": array(ref("Event")), "actors": names]],
            "Event": ["type": "object", "properties": ["seq": ["type": "integer"], "kind": string, "subject": string,
                                                       "actor": string, "at": dateTime, "payload": string]],
            "NotificationList": ["type": "object", "properties": ["items": array(["type": "object"])]],
            "NotificationIds": ["type": "object", "required": ["ids"], "properties": ["ids": array(string)]],
            "ReadResult": ["type": "object", "properties": ["marked": ["type": "integer"]]],
            "Category": ["type": "object", "properties": ["code": string, "name": ["type": "object"], "limits": ["type": "object"],
                                                          "emergency": ["type": "boolean"]]],
            "CategoryList": page("Category"),
            "CategoryInput": [
                "type": "object", "required": ["category", "reason"],
                "properties": ["category": ref("Category"), "version": ["type": "integer"], "reason": string],
            ],
            "CalendarView": [
                "type": "object", "required": ["calendar", "version", "yearsCovered"],
                "properties": ["calendar": ["type": "object"], "version": ["type": "integer"], "updatedAt": dateTime,
                               "updatedBy": string, "yearsCovered": array(["type": "integer"])],
            ],
            "CalendarYearInput": [
                "type": "object", "required": ["holidays", "makeUpDays", "version", "reason"],
                "properties": ["holidays": array(["type": "string", "format": "date"]),
                               "makeUpDays": array(["type": "string", "format": "date"]),
                               "version": ["type": "integer"], "reason": string],
            ],
            "CalendarHoursInput": [
                "type": "object", "required": ["hours", "version", "reason"],
                "properties": ["hours": ["type": "object", "description": "ISO weekday (1 = Monday) → periods in minutes after midnight"],
                               "makeUpHours": array(["type": "object", "properties": ["start": ["type": "integer"], "end": ["type": "integer"]]]),
                               "version": ["type": "integer"], "reason": string],
            ],
            "ResponsibilityInput": [
                "type": "object", "required": ["scope", "code", "category", "reason"],
                "properties": ["scope": ["type": "string", "enum": ["street", "grid"]], "code": string, "category": string,
                               "department": ["type": ["string", "null"]], "reason": string],
            ],
            "ResponsibilityList": ["type": "object", "properties": ["items": array(["type": "object"])]],
            "Photo": ["type": "object", "properties": ["sha256": string, "mediaType": string, "bytes": ["type": "integer"],
                                                       "takenAt": dateTime, "location": ref("GeoPoint")]],
            "Indicators": ["type": "object", "properties": ["groups": ["type": "object"], "asOf": dateTime]],
        ]
    }
}
