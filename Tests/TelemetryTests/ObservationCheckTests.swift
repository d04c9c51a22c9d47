import Foundation
import HubKit
import Telemetry
import Testing

/// The checks of readings against the registry and physics: every fault named, good readings converted.
@Suite struct ObservationCheckTests {
    static let now: Int64 = 1_720_600_000_000   // 2024-07-10T16:26:40+08:00
    static func entry(_ id: String, _ key: Int64, _ kind: StationKind, river: RiverLevels? = nil, status: StationStatus = .active) -> StationEntry {
        StationEntry(key: key, id: StationID(rawValue: id)!, kind: kind, department: DepartmentID(rawValue: "weather")!, status: status, river: river)
    }
    static let stations: [String: StationEntry] = [
        "rg-1": entry("rg-1", 1, .rainGauge),
        "wl-1": entry("wl-1", 2, .riverGauge, river: RiverLevels(datum: DatumTag(rawValue: "yellow-sea-1985")!, warningLevel: 175.8, guaranteedLevel: 176.8)),
        "old": entry("old", 3, .rainGauge, status: .retired),
    ]

    func raw(_ station: String, _ quantity: String, _ time: String, _ value: Double, unit: String? = nil, datum: String? = nil, item: String = "x") -> RawObservation {
        RawObservation(item: item, station: station, quantity: quantity, time: time, value: value, unit: unit, datum: datum)
    }

    @Test func goodReadings_areConverted_andExactRepeatsWithinABatchFold() {
        let result = ObservationCheck.check([
            raw("wl-1", "water_level", "2024-07-10T11:00:00+08:00", 17617, unit: "cm", datum: "yellow-sea-1985"),
            raw("rg-1", "rainfall", "2024-07-10T03:00:00Z", 1.2),
            raw("rg-1", "rainfall", "2024-07-10T11:00:00+08:00", 1.2),
        ], stations: Self.stations, now: Self.now)
        #expect(result.faults.isEmpty)
        #expect(result.observations.count == 2)
        #expect(result.observations[0].value == 176.17 && result.observations[0].at == 1_720_580_400_000)
    }

    @Test(arguments: [
        ("nope", "rainfall", "2024-07-10T11:00:00+08:00", 1.0, nil, nil, "UNKNOWN_STATION"),
        ("old", "rainfall", "2024-07-10T11:00:00+08:00", 1.0, nil, nil, "STATION_RETIRED"),
        ("rg-1", "snow", "2024-07-10T11:00:00+08:00", 1.0, nil, nil, "UNKNOWN_QUANTITY"),
        ("rg-1", "water_level", "2024-07-10T11:00:00+08:00", 1.0, nil, nil, "QUANTITY_NOT_FOR_KIND"),
        ("rg-1", "rainfall", "2024-07-10T11:00:00", 1.0, nil, nil, "TIMESTAMP_WITHOUT_ZONE"),
        ("rg-1", "rainfall", "10/07/2024", 1.0, nil, nil, "BAD_TIMESTAMP"),
        ("rg-1", "rainfall", "2024-07-11T11:00:00+08:00", 1.0, nil, nil, "TIMESTAMP_OUT_OF_RANGE"),
        ("rg-1", "rainfall", "2024-07-10T11:00:00+08:00", -0.5, nil, nil, "IMPLAUSIBLE_VALUE"),
        ("rg-1", "rainfall", "2024-07-10T11:00:00+08:00", 950, nil, nil, "IMPLAUSIBLE_VALUE"),
        ("rg-1", "rainfall", "2024-07-10T11:00:00+08:00", 1.0, "in", nil, "UNSUPPORTED_UNIT"),
        ("rg-1", "rainfall", "2024-07-10T11:00:00+08:00", .nan, nil, nil, "BAD_VALUE"),
        ("wl-1", "water_level", "2024-07-10T11:00:00+08:00", 176.17, nil, "wusong", "DATUM_MISMATCH"),
        ("wl-1", "water_level", "2024-07-10T11:00:00+08:00", 17.617, nil, nil, "IMPLAUSIBLE_VALUE"),
        ("wl-1", "water_level", "2024-07-10T11:00:00+08:00", 17617, "mm", nil, "IMPLAUSIBLE_VALUE"),
    ] as [(String, String, String, Double, String?, String?, String)])
    func badReadings_areNamed(station: String, quantity: String, time: String, value: Double, unit: String?, datum: String?, code: String) {
        let result = ObservationCheck.check([raw(station, quantity, time, value, unit: unit, datum: datum, item: "observations[7]")],
                                            stations: Self.stations, now: Self.now)
        #expect(result.observations.isEmpty)
        #expect(result.faults.map(\.code) == [code])
        #expect(result.faults.first?.item == "observations[7]")
    }

    @Test func differentValuesForOneInstant_withinABatch_areRefused() {
        let result = ObservationCheck.check([
            raw("rg-1", "rainfall", "2024-07-10T11:00:00+08:00", 1.2, item: "a"),
            raw("rg-1", "rainfall", "2024-07-10T03:00:00Z", 1.3, item: "b"),
        ], stations: Self.stations, now: Self.now)
        #expect(result.faults.map(\.code) == ["CONFLICT_IN_BATCH"])
        #expect(result.faults.first?.item == "b")
    }

    @Test func periods_alignToShanghaiDays() throws {
        let day = try #require(Period("1d"))
        // 2024-07-10T23:30+08:00 is still 10 July in Shanghai, though 15:30 UTC.
        #expect(day.bucket(try Timestamp.milliseconds("2024-07-10T23:30:00+08:00")) == (try Timestamp.milliseconds("2024-07-10T00:00:00+08:00")))
        #expect(day.bucket(try Timestamp.milliseconds("2024-07-10T16:30:00Z")) == (try Timestamp.milliseconds("2024-07-11T00:00:00+08:00")))
        let fiveMinutes = try #require(Period("5m"))
        #expect(fiveMinutes.bucket(try Timestamp.milliseconds("2024-07-10T11:04:59+08:00")) == (try Timestamp.milliseconds("2024-07-10T11:00:00+08:00")))
        #expect(Period("7m") == nil && Period("1w") == nil)
        #expect(try #require(Period("3h")).bucket(try Timestamp.milliseconds("2024-07-10T02:59:00+08:00")) == (try Timestamp.milliseconds("2024-07-10T00:00:00+08:00")))
    }

    @Test func stationRules_nameEveryFault_andRequireRiverLevels() {
        let bad = StationInput(id: "bad id", kind: "river_gauge", name: "", nameEn: "Gauge", location: GeoPoint(lon: 200, lat: 10),
                               department: "Water", groups: ["Bad Group"], warningLevel: 177, guaranteedLevel: 176)
        guard case .failure(let faults) = StationRules.station(bad, item: "", version: 1, at: Date()) else {
            Issue.record("accepted a bad station"); return
        }
        #expect(Set(faults.faults.map(\.code)) == ["BAD_STATION_ID", "BAD_NAME", "BAD_LOCATION", "BAD_DEPARTMENT", "BAD_GROUP", "MISSING_DATUM", "BAD_LEVELS"])
        let levelsOnRain = StationInput(id: "rg-9", kind: "rain_gauge", name: "雨量站", nameEn: "Gauge", location: GeoPoint(lon: 106, lat: 29),
                                        department: "weather", datum: "wusong")
        guard case .failure(let more) = StationRules.station(levelsOnRain, item: "", version: 1, at: Date()) else {
            Issue.record("accepted levels on a rain gauge"); return
        }
        #expect(more.faults.map(\.code) == ["LEVELS_NOT_FOR_KIND"])
    }
}
