import Foundation
import HubKit
@testable import HubServer
import Telemetry
import Testing

/// The demo's gauges: valid stations, river gauges with explicit datums, the district's levels from the pages.
@Suite struct DemoStationsTests {
    @Test func demoGauges_areValid_andTheirDatumsExplicit() throws {
        let stations = DemoStations.all(at: Date(timeIntervalSince1970: 1_720_000_000))
        #expect(Set(stations.map(\.id)).count == stations.count)
        for s in stations {
            let input = StationInput(id: s.id.rawValue, kind: s.kind.rawValue, name: s.name, nameEn: s.nameEn, location: s.location,
                                     department: s.department.rawValue, groups: s.groups, status: s.status.rawValue,
                                     datum: s.river?.datum.rawValue, warningLevel: s.river?.warningLevel, guaranteedLevel: s.river?.guaranteedLevel)
            guard case .success(let checked) = StationRules.station(input, item: "", version: 1, at: s.updatedAt) else {
                Issue.record("\(s.id) is not a valid station"); continue
            }
            #expect(checked == s)
        }
        let rivers = stations.filter { $0.kind == .riverGauge }
        #expect(rivers.allSatisfy { $0.river != nil })
        let dock = try #require(stations.first { $0.id.rawValue == "wl-dongshuimen" }?.river)
        #expect(dock.datum.rawValue == "yellow-sea-1985" && dock.warningLevel == 175.80 && dock.guaranteedLevel == 176.80)
        #expect(dock.plausibleRange.contains(176.17))
        #expect(stations.filter { $0.groups.contains("jialing-upper") && $0.kind == .rainGauge }.count == 5)
    }

    @Test func batchDigest_isTheSortedCanonicalText() {
        let a = Observation(stationKey: 2, station: StationID(rawValue: "wl-1")!, quantity: .waterLevel, at: 1_720_580_400_000, value: 176.17)
        let b = Observation(stationKey: 1, station: StationID(rawValue: "rg-1")!, quantity: .rainfall, at: 1_720_580_400_000, value: 0.1)
        #expect(BatchDigest.canonicalText([a, b]) == "rg-1\trainfall\t1720580400000\t0.1\nwl-1\twater_level\t1720580400000\t176.17\n")
        #expect(BatchDigest.sha256([a, b]) == BatchDigest.sha256([b, a]))
    }
}
