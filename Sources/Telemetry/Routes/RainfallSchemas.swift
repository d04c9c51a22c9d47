import HubKit

/// JSON Schemas of the rainfall routes for `/openapi.json`.
enum RainfallSchemas {
    typealias S = TelemetrySchemas

    static var all: [String: JSONValue] {
        let colours: JSONValue = .array(RainfallColour.allCases.map { .string($0.rawValue) })
        let grades: JSONValue = .array(RainfallClass.allCases.map { .string($0.rawValue) })
        let gauge: JSONValue = ["type": "object", "required": ["station", "millimetres", "colour"], "properties": [
            "station": S.string, "name": S.string, "nameEn": S.string, "location": S.array(S.number), "millimetres": S.number,
            "readings": S.integer, "grade": ["type": "string", "enum": grades], "gradeZh": S.string, "gradeEn": S.string,
            "colour": ["type": "string", "enum": colours], "hex": S.string, "rainBegan": S.string, "truncated": ["type": "boolean"],
        ]]
        return [
            "RainfallMap": ["type": "object", "required": ["window", "at", "gauges"], "properties": [
                "window": S.string, "at": S.string, "dryHours": S.integer, "grading": S.string, "gauges": S.array(gauge),
            ]],
            "ArealRainfallInput": ["type": "object", "required": ["basin"], "properties": [
                "basin": ["type": "object", "required": ["type", "coordinates"], "description": "GeoJSON Polygon, [lon, lat] WGS84",
                          "properties": ["type": ["const": "Polygon"], "coordinates": S.array(S.array(S.array(S.number)))]],
                "group": S.string, "window": S.string, "at": S.string, "dryHours": S.integer,
            ]],
            "ArealRainfall": ["type": "object", "required": ["window", "at", "millimetres", "gauges"], "properties": [
                "window": S.string, "at": S.string, "basinAreaKm2": S.number, "millimetres": S.number, "grade": S.string,
                "gradeZh": S.string, "gradeEn": S.string, "colour": S.string,
                "gauges": S.array(["type": "object", "properties": ["station": S.string, "weight": S.number, "areaKm2": S.number,
                                                                     "millimetres": S.number]]),
            ]],
            "RainstormSignalsInput": ["type": "object", "properties": [
                "idPrefix": S.string, "station": S.string, "group": S.string, "department": S.string,
                "area": ["type": "object", "additionalProperties": true], "radiusKm": S.number, "validHours": S.integer,
            ]],
            "RainstormSignalRules": ["type": "object", "required": ["rules"], "properties": ["rules": S.ref("RuleList")]],
        ]
    }
}
