import Foundation
import HubKit
@testable import HubServer
import HubTestSupport
import Hummingbird
import HummingbirdTesting
import Telemetry
import Testing

/// The crest forecast on the demo history: the 27 August flood forecast six hours ahead from the upstream gauges,
/// in the dock gauge's datum, with its leave-one-flood-out error over the earlier floods.
@Suite struct ForecastRouteTests {
    struct Forecast: Decodable {
        struct Evaluation: Decodable {
            var leadHours: Int
            var floods: Int
            var levelMAE: Double?
            var hourMAE: Double?
            var levelMaxError: Double?
        }
        struct Input: Decodable {
            var station: String
            var lagHours: Int
        }
        var datum: String
        var level: Double
        var time: String
        var band: [Double]
        var horizonHours: Int
        var inputs: [Input]
        var evaluation: [Evaluation]
    }

    @Test(arguments: TestDatabases.engines)
    func theDemosAugustFlood_isForecastSixHoursAhead_withItsErrorStated(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        hub.clock.set(Date(milliseconds: try Timestamp.milliseconds("2026-09-25T12:00:00+08:00")))
        let telemetry = hub.services.telemetry
        _ = try await telemetry.stations.importStations(DemoStations.all(at: hub.clock.now), sha256: "demo", actor: "test")
        _ = try await telemetry.accept(DemoFlood.readings(year: 2026), correction: false, format: "demo", actor: "test")
        _ = try await telemetry.accept(DemoFloodHistory.readings(year: 2026, until: hub.clock.now), correction: false, format: "demo", actor: "test")
        try await hub.run { client in
            let viewer = try await hub.signIn("viewer", role: .viewer)
            let weather = try await hub.signIn("weather", role: .departmentOperator, department: DepartmentID(rawValue: "weather"))
            let uri = "/api/v1/telemetry/forecast/crest?station=wl-dongshuimen&at=2026-08-27T03:00:00%2B08:00"
            try await client.execute(uri: uri, method: .get, headers: .bearer(viewer)) { response in
                #expect(response.status == .ok)
                let f = try response.json(Forecast.self)
                #expect(f.datum == "yellow-sea-1985" && f.horizonHours >= 6)
                #expect(abs(f.level - 176.0) < 0.5 && f.band.count == 2 && f.band[0] <= f.level && f.band[1] >= f.level)
                // The observed crest is 176.02 m at 09:00; the model is honest about its timing (hours of error).
                #expect(abs(f.level - 176.02) <= 0.3 && f.time >= "2026-08-27T03:00:00+08:00" && f.time <= "2026-08-27T15:00:00+08:00")
                #expect(Set(f.inputs.map(\.station)) == ["wl-beibei", "wl-cuntan", "wl-zhutuo"])
                let six = f.evaluation.first { $0.leadHours == 6 }
                #expect(six?.floods == 4 && six?.levelMAE != nil)
            }
            try await client.execute(uri: uri, method: .get, headers: .bearer(weather)) { response in
                #expect(response.status == .forbidden && response.problem?.code == "NOT_YOUR_DEPARTMENT")
            }
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/api/v1/telemetry/forecast/crest?station=rg-hechuan", method: .get, headers: .bearer(viewer)) { response in
                #expect(response.problem?.code == "NOT_A_RIVER_GAUGE")
            }
            try await client.execute(uri: "/api/v1/telemetry/forecast/crest?station=wl-dongshuimen&at=2026-05-01T00:00:00%2B08:00", method: .get,
                                     headers: .bearer(viewer)) { response in
                #expect(response.status == .unprocessableContent && response.problem?.code == "FORECAST_UNAVAILABLE")
            }
            try await client.execute(uri: "/api/v1/telemetry/forecast/crest?station=wl-dongshuimen&historyDays=3", method: .get, headers: .bearer(viewer)) { response in
                #expect(response.problem?.code == "BAD_QUERY")
            }
        }
    }
}
