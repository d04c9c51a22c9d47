import HubKit
import Hummingbird

extension Station: ResponseEncodable {}
extension IngestResult: ResponseEncodable {}
extension StationStore.ImportResult: ResponseEncodable {}

/// The telemetry slice's JSON Schemas for `/openapi.json`.
enum TelemetrySchemas {
    static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }
    static func array(_ items: JSONValue) -> JSONValue { ["type": "array", "items": items] }
    static let string: JSONValue = ["type": "string"]
    static let number: JSONValue = ["type": "number"]
    static let integer: JSONValue = ["type": "integer"]
    static let point: JSONValue = ["type": "object", "required": ["type", "coordinates"],
                                   "properties": ["type": ["const": "Point"], "coordinates": ["type": "array", "items": number, "minItems": 2]]]
    static let kinds: JSONValue = .array(StationKind.allCases.map { .string($0.rawValue) })
    static let quantities: JSONValue = .array(Quantity.allCases.map { .string($0.rawValue) })

    static var stationProperties: [String: JSONValue] {
        ["id": ["type": "string", "pattern": "^[A-Za-z0-9._-]{1,64}$"], "kind": ["type": "string", "enum": kinds],
         "name": string, "nameEn": string, "location": ref("GeoJSONPoint"), "department": string, "groups": array(string),
         "status": ["type": "string", "enum": ["active", "maintenance", "retired"]],
         "datum": ["type": "string", "description": "River gauges: height datum tag, e.g. wusong, yellow-sea-1985"],
         "warningLevel": ["type": "number", "description": "警戒水位, metres in the datum"],
         "guaranteedLevel": ["type": "number", "description": "保证水位, metres in the datum"], "version": integer]
    }

    static var all: [String: JSONValue] {
        var station = stationProperties
        station["updatedAt"] = ["type": "string", "format": "date-time"]
        return [
            "GeoJSONPoint": point,
            "StationInput": ["type": "object", "required": ["id", "kind", "name", "nameEn", "location", "department"],
                             "properties": .object(stationProperties)],
            "Station": ["type": "object", "required": ["id", "kind", "name", "nameEn", "location", "department", "groups", "status", "version"],
                        "properties": .object(station)],
            "StationPage": ["type": "object", "required": ["items"], "properties": [
                "items": array(ref("Station")), "next": string,
                "latest": ["type": "object", "description": "With include=latest: station id → newest readings",
                           "additionalProperties": array(["type": "object", "properties": [
                               "quantity": string, "unit": string, "time": string, "value": ["type": "number"]]])],
            ]],
            "VersionInput": ["type": "object", "required": ["version"], "properties": ["version": integer]],
            "StationImportResult": ["type": "object", "properties": ["stations": integer, "created": integer, "updated": integer,
                                                                    "unchanged": integer, "sha256": string, "event": integer]],
            "ObservationBatch": [
                "type": "object",
                "properties": [
                    "correction": ["type": "boolean"],
                    "observations": array(["type": "object", "required": ["station", "quantity", "time", "value"],
                                           "properties": ["station": string, "quantity": ["type": "string", "enum": quantities],
                                                          "time": ["type": "string", "format": "date-time"], "value": number,
                                                          "unit": string, "datum": string]]),
                    "series": array(["type": "object", "required": ["station", "quantity", "points"],
                                     "properties": ["station": string, "quantity": ["type": "string", "enum": quantities], "unit": string,
                                                    "datum": string,
                                                    "points": array(["type": "array", "prefixItems": [["type": "string", "format": "date-time"], number],
                                                                     "minItems": 2, "maxItems": 2])]]),
                ],
            ],
            "IngestResult": ["type": "object", "properties": ["batch": string, "received": integer, "inserted": integer, "duplicates": integer,
                                                             "corrected": integer, "from": string, "to": string, "sha256": string, "event": integer]],
            "CSVText": ["type": "string", "contentMediaType": "text/csv"],
            "NGSILDEntity": ["type": "object", "required": ["id", "type"],
                             "properties": ["id": string, "type": ["type": "string", "enum": ["FloodMonitoring", "WeatherObserved", "TrafficFlowObserved"]]],
                             "additionalProperties": true],
            "NGSILDEntities": array(ref("NGSILDEntity")),
            "EntityIds": array(string),
            "Series": ["type": "object", "properties": [
                "station": string, "quantity": string, "unit": string, "datum": string, "period": string, "fn": string, "from": string,
                "to": string, "rawFrom": string,
                "buckets": array(["type": "object", "properties": ["start": string, "value": number, "count": integer]]),
            ]],
            "LatestReadings": ["type": "object", "properties": [
                "station": string, "datum": string,
                "readings": array(["type": "object", "properties": ["quantity": string, "unit": string, "time": string, "value": number]]),
            ]],
            "RetentionResult": ["type": "object", "properties": ["purgedBefore": string]],
        ]
    }
}
