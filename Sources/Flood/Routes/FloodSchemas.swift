import HubKit

/// The flood API's JSON Schemas for `/openapi.json`.
enum FloodSchemas {
    static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }
    static func array(_ items: JSONValue) -> JSONValue { ["type": "array", "items": items] }
    static func object(_ properties: [String: JSONValue], required: [String] = []) -> JSONValue {
        required.isEmpty ? ["type": "object", "properties": .object(properties)]
            : ["type": "object", "required": .array(required.map { .string($0) }), "properties": .object(properties)]
    }
    static let string: JSONValue = ["type": "string"]
    static let integer: JSONValue = ["type": "integer"]
    static let number: JSONValue = ["type": "number"]
    static let boolean: JSONValue = ["type": "boolean"]
    static let optionalNumber: JSONValue = ["type": ["number", "null"]]

    static var all: [String: JSONValue] {
        [
            "FloodTerrain": object([
                "id": string, "file": string, "datum": string, "datumName": string, "columns": integer, "rows": integer,
                "epsg": integer, "geographic": boolean, "bounds": array(number), "minElevation": number, "maxElevation": number,
                "hasRiver": boolean, "reaches": array(ref("FloodReach")), "places": integer, "spillReady": boolean,
            ], required: ["id", "datum", "columns", "rows"]),
            "FloodReach": object(["id": string, "name": string, "nameEn": string, "gauge": string], required: ["id"]),
            "GaugeLevel": object([
                "station": string, "kind": ["type": "string", "enum": ["observed", "forecast"]], "level": number, "datum": string,
                "time": string, "stationLevel": number, "stationDatum": string,
            ], required: ["station", "kind", "level", "datum", "time"]),
            "FloodTerrainList": object(["items": array(ref("FloodTerrain"))], required: ["items"]),
            "FloodTerrainFile": ["type": "string", "format": "binary"],
            "GeoJSONObject": ["type": "object", "required": ["type"], "properties": ["type": string]],
            "FloodChange": object(["terrain": string, "kind": string, "features": integer]),
            "FloodDepth": object([
                "floodedCells": integer, "areaSquareMetres": number, "minDepth": number, "meanDepth": number, "maxDepth": number,
                "percentiles": ["type": "object", "additionalProperties": number], "percentileStride": integer,
            ]),
            "FloodPlaceFlooded": object([
                "id": string, "name": string, "nameEn": string, "kind": string, "firstFlood": number, "floodedCells": integer,
                "cells": integer, "floodedShare": number, "maxDepth": number,
            ], required: ["id", "firstFlood", "maxDepth"]),
            "FloodInundation": object([
                "terrain": string, "level": number, "datum": string, "floodedCells": integer, "areaSquareMetres": number,
                "depth": ref("FloodDepth"), "places": array(ref("FloodPlaceFlooded")), "source": ref("GaugeLevel"),
            ], required: ["terrain", "level", "datum", "floodedCells", "areaSquareMetres", "places"]),
            "FloodPlaceLevel": object([
                "id": string, "name": string, "nameEn": string, "kind": string, "firstFlood": optionalNumber, "cells": integer,
                "lowestGround": optionalNumber,
            ], required: ["id", "cells"]),
            "FloodFirstFloodGrid": [
                "type": "string", "format": "binary",
                "description": .string("CHFLOOD1, little-endian: magic (8 bytes), columns and rows (UInt32), level base and ground base "
                    + "(Int32 centimetres in the terrain's datum), 8 reserved bytes; one Float32 per row (area of one cell, m²); "
                    + "one UInt16 per cell, rows north first: the lowest level in centimetres above the level base at which the "
                    + "cell is under water (0xFFFF: none); one UInt16 per cell: ground in centimetres above the ground base "
                    + "(0xFFFF: NoData). At level L cm a cell floods exactly when its code <= L - base, as the inundation route says."),
            ],
            "FloodPlaceLevels": object(["terrain": string, "datum": string, "places": array(ref("FloodPlaceLevel"))],
                                       required: ["terrain", "datum", "places"]),
        ]
    }
}
