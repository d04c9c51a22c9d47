import Foundation
import HubKit
import Telemetry
import Testing

/// NGSI-LD entities of the three Smart Data Models, in normalized and keyValues form, written after the models'
/// published specifications, and broken ones.
@Suite struct NGSILDTests {
    static func json(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    static let floodNormalized = #"""
    {"id": "urn:ngsi-ld:FloodMonitoring:wl-dongshuimen", "type": "FloodMonitoring",
     "@context": ["https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld"],
     "currentLevel": {"type": "Property", "value": 176.17, "unitCode": "MTR", "observedAt": "2024-07-10T11:00:00+08:00"},
     "alertLevel": {"type": "Property", "value": 175.8},
     "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [106.58, 29.55]}}}
    """#
    static let floodKeyValues = #"""
    {"id": "urn:ngsi-ld:FloodMonitoring:fm-7", "type": "FloodMonitoring", "refDevice": "urn:ngsi-ld:Device:wl-dongshuimen",
     "currentLevel": 176.07, "dateObserved": "2024-07-10T07:00:00+08:00", "name": "Dongshuimen"}
    """#
    static let weatherNormalized = #"""
    {"id": "urn:ngsi-ld:WeatherObserved:rg-hechuan", "type": "WeatherObserved",
     "dateObserved": {"type": "Property", "value": {"@type": "DateTime", "@value": "2024-07-05T08:00:00+08:00"}},
     "precipitation": {"type": "Property", "value": 12.5, "unitCode": "MMT"},
     "temperature": {"type": "Property", "value": 24.1},
     "relativeHumidity": {"type": "Property", "value": 0.93}}
    """#
    static let weatherKeyValues = #"""
    {"id": "urn:ngsi-ld:WeatherObserved:obs-1", "type": "WeatherObserved", "refDevice": "urn:ngsi-ld:Device:rg-hechuan",
     "dateObserved": "2024-07-05T09:00:00+08:00", "precipitation": 8.0, "windSpeed": 3.4, "address": {"addressLocality": "Hechuan"}}
    """#
    static let trafficNormalized = #"""
    {"id": "urn:ngsi-ld:TrafficFlowObserved:td-12", "type": "TrafficFlowObserved",
     "dateObservedFrom": {"type": "Property", "value": "2024-07-10T08:00:00+08:00"},
     "dateObservedTo": {"type": "Property", "value": "2024-07-10T08:05:00+08:00"},
     "intensity": {"type": "Property", "value": 197}, "occupancy": {"type": "Property", "value": 0.76},
     "averageVehicleSpeed": {"type": "Property", "value": 52.6}, "laneId": {"type": "Property", "value": 1},
     "refRoadSegment": {"type": "Relationship", "object": "urn:ngsi-ld:RoadSegment:road-03"}}
    """#
    static let trafficKeyValues = #"""
    {"id": "urn:ngsi-ld:TrafficFlowObserved:td-12", "type": "TrafficFlowObserved", "dateObserved": "2024-07-10T08:05:00+08:00",
     "intensity": 180, "averageVehicleSpeed": 48.0}
    """#

    @Test(arguments: [
        (floodNormalized, ["wl-dongshuimen water_level 176.17 2024-07-10T11:00:00+08:00 MTR"]),
        (floodKeyValues, ["wl-dongshuimen water_level 176.07 2024-07-10T07:00:00+08:00 MTR"]),
        (weatherNormalized, ["rg-hechuan rainfall 12.5 2024-07-05T08:00:00+08:00 MMT",
                             "rg-hechuan relative_humidity 0.93 2024-07-05T08:00:00+08:00 C62",
                             "rg-hechuan temperature 24.1 2024-07-05T08:00:00+08:00 CEL"]),
        (weatherKeyValues, ["rg-hechuan rainfall 8.0 2024-07-05T09:00:00+08:00 MMT", "rg-hechuan wind_speed 3.4 2024-07-05T09:00:00+08:00 MTS"]),
        (trafficNormalized, ["td-12 average_speed 52.6 2024-07-10T08:05:00+08:00 KMH", "td-12 intensity 197.0 2024-07-10T08:05:00+08:00 C62",
                             "td-12 occupancy 0.76 2024-07-10T08:05:00+08:00 C62"]),
        (trafficKeyValues, ["td-12 average_speed 48.0 2024-07-10T08:05:00+08:00 KMH", "td-12 intensity 180.0 2024-07-10T08:05:00+08:00 C62"]),
    ])
    func entities_ofEachModelAndForm_giveReadings(text: String, expected: [String]) throws {
        let parsed = NGSILD.raws(try Self.json(text), single: true)
        #expect(parsed.faults.isEmpty, "\(parsed.faults)")
        #expect(parsed.raws.map { "\($0.station) \($0.quantity) \($0.value) \($0.time) \($0.unit ?? "-")" }.sorted() == expected)
    }

    @Test func batch_isAnArray_andEveryBadEntityIsNamed() throws {
        let body = "[\(Self.floodNormalized), 42, {\"type\": \"WeatherObserved\"},"
            + #"{"id": "urn:ngsi-ld:AirQualityObserved:aq-1", "type": "AirQualityObserved", "no2": 3},"#
            + #"{"id": "urn:ngsi-ld:WeatherObserved:rg-1", "type": "WeatherObserved", "dateObserved": "2024-07-05T09:00:00+08:00", "precipitation": "much", "atmosphericPressure": 1013},"#
            + #"{"id": "urn:ngsi-ld:TrafficFlowObserved:td-1", "type": "TrafficFlowObserved", "intensity": 5},"#
            + #"{"id": "urn:ngsi-ld:WeatherObserved:rg-1", "type": "WeatherObserved", "dateObserved": "2024-07-05T09:00:00+08:00", "name": "x"}]"#
        let parsed = NGSILD.raws(try Self.json(body), single: false)
        #expect(parsed.raws.count == 1)
        let faults = parsed.faults.map { "\($0.item) \($0.code)" }
        #expect(faults == [
            "entities[1] NGSI_LD_MALFORMED", "entities[2] NGSI_LD_MALFORMED", "entities[3] NGSI_LD_UNSUPPORTED_TYPE",
            "entities[4].atmosphericPressure NGSI_LD_UNSUPPORTED_ATTRIBUTE", "entities[4].precipitation NGSI_LD_MALFORMED",
            "entities[5].intensity NGSI_LD_NO_TIME", "entities[6] NGSI_LD_NO_MEASUREMENT",
        ])
        #expect(NGSILD.raws(try Self.json(Self.floodKeyValues), single: false).faults.first?.code == "NGSI_LD_MALFORMED")
    }

    @Test func floodMonitoring_levelFromReferenceAndDistance() throws {
        let text = #"{"id": "urn:ngsi-ld:FloodMonitoring:wl-1", "type": "FloodMonitoring", "dateObserved": "2024-07-10T07:00:00+08:00", "referenceLevel": 180.0, "measuredDistance": 3.93}"#
        let parsed = NGSILD.raws(try Self.json(text), single: true)
        #expect(parsed.faults.isEmpty)
        #expect(parsed.raws.count == 1 && abs((parsed.raws.first?.value ?? 0) - 176.07) < 1e-9)
    }
}
