import Foundation
import HubKit
import Telemetry
import Testing

/// Timestamps, units, the compact batch, CSV history and NGSI-LD entities: each parser with good and broken input.
@Suite struct ParserTests {
    @Test(arguments: [
        ("2024-07-10T11:00:00+08:00", Int64(1_720_580_400_000)),
        ("2024-07-10T03:00:00Z", 1_720_580_400_000),
        ("2024-07-10T03:00:00.250z", 1_720_580_400_250),
        ("2024-07-10 11:00+0800", 1_720_580_400_000),
        ("2024-07-09T22:00:00-05:00", 1_720_580_400_000),
        ("2024-02-29T00:00:00+00:00", 1_709_164_800_000),
    ])
    func timestamps_withZone_areRead(text: String, expected: Int64) throws {
        #expect(try Timestamp.milliseconds(text) == expected)
    }

    @Test func timestamps_withoutZone_orMalformed_areRefused() {
        #expect(throws: Timestamp.Failure.noZone) { try Timestamp.milliseconds("2024-07-10T11:00:00") }
        #expect(throws: Timestamp.Failure.noZone) { try Timestamp.milliseconds("2024-07-10T11:00:00.5") }
        #expect(throws: Timestamp.Failure.noZone) { try Timestamp.milliseconds("2024-07-10") }
        for bad in ["2024-13-01T00:00:00Z", "2023-02-29T00:00:00Z", "2024-07-10T25:00:00Z", "yesterday", "2024-07-10T11:00:00+0", "2024-07-10T11:00:00Zjunk"] {
            #expect(throws: Timestamp.Failure.malformed, "\(bad)") { try Timestamp.milliseconds(bad) }
        }
    }

    @Test func shanghaiText_roundTrips() throws {
        for ms: Int64 in [0, 1_720_580_400_000, 1_720_580_400_123, 1_719_763_199_999] {
            #expect(try Timestamp.milliseconds(Timestamp.shanghai(ms)) == ms)
        }
        #expect(Timestamp.shanghai(1_720_580_400_000) == "2024-07-10T11:00:00+08:00")
    }

    @Test func units_convertWellKnownOnes_andRefuseOthers() {
        #expect(Units.conversion("cm", for: .waterLevel)?.apply(17617) == 176.17)
        #expect(Units.conversion("CMT", for: .rainfall)?.apply(1.5) == 15)
        #expect(Units.conversion(nil, for: .rainfall)?.apply(2) == 2)
        #expect(Units.conversion("m/s", for: .averageSpeed)?.apply(10) == 36)
        #expect(Units.conversion("%", for: .occupancy)?.apply(25) == 0.25)
        #expect(Units.conversion("KEL", for: .temperature)?.apply(273.15) == 0)
        #expect(Units.conversion("in", for: .rainfall) == nil)
        #expect(Units.conversion("ft", for: .waterLevel) == nil)
        #expect(Units.conversion("mm", for: .averageSpeed) == nil)
    }

    @Test func batchJSON_readsFlatAndSeries_andNamesStructuralErrors() throws {
        let body = #"""
        {"observations":[{"station":"rg-1","quantity":"rainfall","time":"2024-07-03T08:00:00+08:00","value":2.5,"unit":"mm"}],
         "series":[{"station":"wl-1","quantity":"water_level","unit":"cm","datum":"yellow-sea-1985",
                    "points":[["2024-07-10T07:00:00+08:00",17607],["2024-07-10T11:00:00+08:00",17617]]}]}
        """#
        let raws = try ObservationBatch.parse(Data(body.utf8)).raws
        #expect(raws.map(\.item) == ["observations[0]", "series[0].points[0]", "series[0].points[1]"])
        #expect(raws[2].value == 17617 && raws[2].unit == "cm" && raws[2].datum == "yellow-sea-1985")
        for broken in [#"{"series":[{"station":"a","quantity":"rainfall","points":[["2024-07-03T08:00:00Z"]]}]}"#,
                       #"{"observations":[{"station":"a","quantity":"rainfall","time":"2024-07-03T08:00:00Z","value":"2"}]}"#,
                       #"{"observations":[{"station":"a"#, #"{}"#] {
            #expect(throws: InputProblem.self, "\(broken)") { try ObservationBatch.parse(Data(broken.utf8)) }
        }
    }

    @Test func csv_readsQuotedFields_inAnyColumnOrder_andNamesBadLines() {
        let text = "time,station,value,quantity,unit\r\n2024-07-03T08:00:00+08:00,rg-1,2.5,rainfall,mm\n\"2024-07-03T09:00:00+08:00\",\"rg-1\",\"3\",rainfall,\n2024-07-03T10:00:00+08:00,rg-1,lots,rainfall,mm\n2024-07-03T11:00:00+08:00,rg-1\n"
        let parsed = CSVHistory.parse(text)
        #expect(parsed.raws.count == 2)
        #expect(parsed.raws[1].item == "line 3" && parsed.raws[1].value == 3 && parsed.raws[1].unit == nil)
        #expect(parsed.faults.map(\.item) == ["line 4", "line 5"])
        #expect(parsed.faults.map(\.code) == ["BAD_VALUE", "CSV_COLUMNS"])
        #expect(CSVHistory.parse("station,time\nx,y\n").faults.first?.code == "CSV_HEADER")
        #expect(CSVHistory.parse("").faults.first?.code == "CSV_HEADER")
    }
}
