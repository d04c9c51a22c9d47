import HubKit

/// The traffic routes' JSON Schemas for `/openapi.json`.
enum TrafficSchemas {
    static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }
    static func array(_ items: JSONValue) -> JSONValue { ["type": "array", "items": items] }
    static func values<T: RawRepresentable & CaseIterable>(_ type: T.Type) -> JSONValue where T.RawValue == String {
        ["type": "string", "enum": .array(T.allCases.map { .string($0.rawValue) })]
    }
    static let string: JSONValue = ["type": "string"]
    static let number: JSONValue = ["type": "number"]
    static let integer: JSONValue = ["type": "integer"]
    static let boolean: JSONValue = ["type": "boolean"]
    static let dateTime: JSONValue = ["type": "string", "format": "date-time"]
    static let point: JSONValue = ["type": "object", "required": ["lon", "lat"], "properties": ["lon": number, "lat": number]]

    static var all: [String: JSONValue] {
        [
            "TrafficLane": [
                "type": "object", "required": ["id", "approach", "role"],
                "properties": ["id": string, "approach": string, "role": ["type": "string", "enum": ["incoming", "outgoing"]],
                               "length": number,
                               "feeders": array(["type": "object", "required": ["lane", "seconds"],
                                                 "properties": ["lane": string, "seconds": number]])],
            ],
            "TrafficMovement": [
                "type": "object", "required": ["from", "to", "signal"],
                "properties": ["from": string, "to": string, "signal": integer, "turn": values(Turn.self)],
            ],
            "TrafficStage": [
                "type": "object", "required": ["name", "signals", "minGreen", "maxGreen", "pedestrianMinGreen", "maxWait"],
                "properties": ["name": string, "signals": string, "minGreen": number, "maxGreen": number,
                               "pedestrianMinGreen": number, "maxWait": number],
            ],
            "TrafficInterGreen": [
                "type": "object", "required": ["from", "to", "yellow", "allRed"],
                "properties": ["from": integer, "to": integer, "yellow": number, "allRed": number],
            ],
            "TrafficIntersection": [
                "type": "object", "required": ["id", "name", "lanes", "movements", "stages", "interGreens", "signalCount"],
                "properties": ["id": string, "name": string, "location": point, "department": string,
                               "lanes": array(ref("TrafficLane")), "movements": array(ref("TrafficMovement")),
                               "stages": array(ref("TrafficStage")), "interGreens": array(ref("TrafficInterGreen")),
                               "signalCount": integer, "cameras": array(string)],
            ],
            "TrafficLive": [
                "type": "object", "required": ["gateway", "stage", "transition", "mode", "controller", "reportedAt"],
                "properties": ["gateway": string, "stage": integer, "transition": boolean, "mode": string,
                               "controller": string, "reportedAt": dateTime],
            ],
            "TrafficControl": [
                "type": "object",
                "description": "Whether the hub controls the intersection now, and its gateway link since the gateway's hello",
                "required": ["hubControls", "link", "statuses", "decisionsSent", "fallbacks", "lostMessages", "seqGaps", "faults"],
                "properties": ["hubControls": boolean, "link": ["type": "string", "enum": ["online", "offline", "unknown"]],
                               "gateway": string, "connectedAt": dateTime, "lastStatusAt": dateTime, "statuses": integer,
                               "decisionsSent": integer, "fallbacks": integer, "lostMessages": integer, "seqGaps": integer,
                               "faults": integer],
            ],
            "TrafficOverride": [
                "type": "object", "required": ["id", "intersection", "kind", "reason", "setBy", "setAt", "expiresAt"],
                "properties": ["id": string, "intersection": string, "kind": values(OverrideKind.self), "stage": integer,
                               "plan": string, "approach": string, "reason": string, "setBy": string, "setAt": dateTime,
                               "expiresAt": dateTime, "endedAt": dateTime, "end": ["type": "string", "enum": ["cancelled", "expired"]],
                               "endedBy": string],
            ],
            "TrafficOverrideInput": [
                "type": "object", "required": ["kind", "reason"],
                "properties": ["kind": values(OverrideKind.self), "stage": integer, "plan": string, "approach": string,
                               "reason": string, "minutes": ["type": "number", "exclusiveMinimum": 0, "maximum": 240],
                               "expiresAt": dateTime],
            ],
            "TrafficOverrideList": ["type": "object", "required": ["items"], "properties": ["items": array(ref("TrafficOverride"))]],
            "TrafficIntersectionSummary": [
                "type": "object", "required": ["id", "name", "stages", "link", "control"],
                "properties": ["id": string, "name": string, "department": string, "location": point, "stages": integer,
                               "link": ["type": "string", "enum": ["online", "offline", "unknown"]],
                               "live": ref("TrafficLive"), "control": ref("TrafficControl"), "override": ref("TrafficOverride")],
            ],
            "TrafficIntersectionList": [
                "type": "object", "required": ["items"], "properties": ["items": array(ref("TrafficIntersectionSummary"))],
            ],
            "TrafficIntersectionDetail": [
                "type": "object", "required": ["intersection", "approaches", "link", "control", "suspended"],
                "properties": ["intersection": ref("TrafficIntersection"), "approaches": array(string), "link": string,
                               "live": ref("TrafficLive"), "control": ref("TrafficControl"), "override": ref("TrafficOverride"),
                               "suspended": array(ref("TrafficOverride"))],
            ],
            "TrafficSiteFile": [
                "type": "object", "description": "format=site; with format=sumo the body is a SUMO .net.xml document",
                "required": ["intersections", "sites"],
                "properties": ["intersections": ["type": "object", "description": "GeoJSON FeatureCollection of Points"],
                               "sites": array([
                                   "type": "object", "required": ["id", "signalCount", "lanes", "movements", "stages"],
                                   "properties": ["id": string, "signalCount": integer, "lanes": array(ref("TrafficLane")),
                                                  "movements": array(ref("TrafficMovement")), "stages": array(ref("TrafficStage")),
                                                  "interGreens": array(ref("TrafficInterGreen"))],
                               ])],
            ],
            "TrafficViolationInput": [
                "type": "object", "required": ["kind", "camera", "location", "observedAt"],
                "properties": ["kind": values(ViolationKind.self), "camera": string, "intersection": string, "location": point,
                               "licensePlate": string, "observedAt": dateTime, "evidence": string],
            ],
            "TrafficViolation": [
                "type": "object", "required": ["id", "kind", "camera", "location", "observedAt", "recordedAt"],
                "properties": ["id": string, "kind": values(ViolationKind.self), "camera": string, "intersection": string,
                               "location": point, "licensePlate": string, "observedAt": dateTime, "recordedAt": dateTime,
                               "evidence": string, "caseID": string],
            ],
            "TrafficViolationList": ["type": "object", "required": ["items"], "properties": ["items": array(ref("TrafficViolation"))]],
            "TrafficImportResult": [
                "type": "object", "required": ["format", "intersections", "event"],
                "properties": ["format": string, "intersections": array(string), "event": integer],
            ],
            "TrafficTiming": [
                "type": "object", "required": ["plans", "schedule"],
                "properties": [
                    "plans": array([
                        "type": "object", "required": ["id", "cycle", "splits", "offset"],
                        "properties": ["id": string, "cycle": number, "splits": array(number), "offset": number],
                    ]),
                    "schedule": array([
                        "type": "object", "required": ["start", "controller"],
                        "properties": ["start": ["type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"],
                                       "controller": values(ControllerKind.self), "plan": string],
                    ]),
                ],
            ],
        ]
    }
}
