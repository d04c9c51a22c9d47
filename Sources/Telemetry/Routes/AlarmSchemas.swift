import HubKit

/// JSON Schemas of rules and alarms for `/openapi.json`.
enum AlarmSchemas {
    typealias S = TelemetrySchemas
    static let severity: JSONValue = ["type": "string", "enum": .array(Severity.allCases.map { .string($0.rawValue) })]
    static let time: JSONValue = ["type": "string", "format": "date-time"]
    static let text: JSONValue = ["type": "object", "properties": ["zh": S.string, "en": S.string]]

    static var all: [String: JSONValue] {
        [
            "AlarmRule": ["type": "object", "required": ["id", "quantity", "kind", "levels"], "additionalProperties": true,
                          "description": "See docs/API.md, Rules",
                          "properties": ["id": ["type": "string", "pattern": "^[a-z0-9._-]{1,64}$"], "name": S.string, "nameEn": S.string,
                                         "station": S.string, "group": S.string, "quantity": S.string, "datum": S.string,
                                         "kind": ["type": "string", "enum": .array(RuleKind.allCases.map { .string($0.rawValue) })],
                                         "levels": S.array(["type": "object", "properties": ["severity": severity, "value": S.number,
                                                                                              "stationLevel": S.string, "offset": S.number]]),
                                         "department": S.string, "actions": ["type": "object", "additionalProperties": true]]],
            "RuleList": S.array(S.ref("AlarmRule")),
            "RuleSet": ["type": "object", "required": ["version", "rules"], "properties": ["version": S.integer, "rules": S.ref("RuleList")]],
            "RuleSetInput": ["type": "object", "required": ["rules"], "properties": ["version": S.integer, "rules": S.ref("RuleList")]],
            "EvaluatorStatus": ["type": "object", "properties": [
                "evaluator": ["type": "object", "properties": [
                    "evaluating": ["type": "boolean"], "holder": S.string, "cursor": S.integer, "rules": S.integer,
                    "readingsEvaluated": S.integer, "lateReadingsIgnored": S.integer, "lastTick": S.string]],
                "journalHead": S.integer, "lag": S.integer]],
            "RuleCheckResult": ["type": "object", "properties": ["valid": ["type": "boolean"], "rules": S.integer]],
            "ReplayInput": ["type": "object", "required": ["from", "to"],
                            "properties": ["from": time, "to": time, "rules": S.ref("RuleList"), "tickMinutes": S.integer]],
            "ReplayResult": ["type": "object", "properties": [
                "from": S.string, "to": S.string, "readings": S.integer, "ticks": S.integer, "intentCount": S.integer,
                "intents": S.array(["type": "object", "properties": [
                    "action": ["type": "string", "enum": ["raise", "changeSeverity", "clear"]], "rule": S.string, "source": S.string,
                    "severity": severity, "previous": severity, "at": S.string, "value": S.number, "threshold": S.number,
                    "projectedAt": S.string, "reason": text]]),
                "activeAtEnd": ["type": "object", "additionalProperties": S.string],
            ]],
            "Alarm": ["type": "object", "required": ["id", "rule", "source", "severity", "active", "acknowledged"], "properties": [
                "id": S.string, "rule": S.string, "kind": S.string, "source": S.string, "quantity": S.string, "department": S.string,
                "group": S.string, "severity": severity, "peakSeverity": severity, "active": ["type": "boolean"],
                "acknowledged": ["type": "boolean"], "acknowledgedBy": S.string, "acknowledgedAt": time, "assignee": S.string,
                "shelvedUntil": time, "shelvedBy": S.string, "raisedAt": time, "clearedAt": time, "updatedAt": time,
                "changes": S.integer, "value": S.number, "threshold": S.number, "projectedAt": time, "reason": text, "version": S.integer,
            ]],
            "AlarmPage": ["type": "object", "required": ["items"], "properties": ["items": S.array(S.ref("Alarm")), "next": S.string]],
            "AlarmGroups": ["type": "object", "properties": ["groups": S.array(["type": "object", "properties": [
                "group": S.string, "count": S.integer, "highest": severity, "bySeverity": ["type": "object", "additionalProperties": S.integer],
            ]])]],
            "AlarmComment": ["type": "object", "properties": ["author": S.string, "at": time, "text": S.string]],
            "AlarmDetail": ["type": "object", "properties": [
                "alarm": S.ref("Alarm"), "comments": S.array(S.ref("AlarmComment")),
                "history": S.array(["type": "object", "properties": ["seq": S.integer, "at": time, "kind": S.string, "actor": S.string]]),
            ]],
            "AlarmAssignInput": ["type": "object", "properties": ["assignee": ["type": ["string", "null"]]]],
            "AlarmCommentInput": ["type": "object", "required": ["text"], "properties": ["text": S.string]],
            "AlarmShelveInput": ["type": "object", "required": ["until"], "properties": ["until": time]],
        ]
    }
}
