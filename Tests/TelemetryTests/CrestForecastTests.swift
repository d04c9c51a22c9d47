import Foundation
import Telemetry
import Testing

/// The lagged regression finds a known lag and coefficients; floods are found; a leave-one-flood-out evaluation
/// of an exact model has no error.
@Suite struct CrestForecastTests {
    /// Upstream: bells every 200 hours of different size; downstream: 2 + 0.5 × upstream 5 hours earlier.
    static func series() -> (upstream: HourlyLevels, downstream: HourlyLevels) {
        var up: HourlyLevels = [:]
        var down: HourlyLevels = [:]
        let sizes = [4.0, 7.0, 5.5, 9.0]
        for t in Int64(0)..<800 {
            var x = 100.0
            for (i, size) in sizes.enumerated() {
                let d = Double(t) - Double(100 + 200 * i)
                x += size * exp(-(d / 30) * (d / 30))
            }
            up[t] = x
        }
        for t in Int64(5)..<800 { down[t] = 2 + 0.5 * (up[t - 5] ?? 0) }
        return (up, down)
    }

    @Test func fit_findsTheLagAndCoefficients() throws {
        let (up, down) = Self.series()
        let model = try #require(LaggedRegression.fit(target: down, upstream: [("up", up)]))
        #expect(model.inputs.first?.lagHours == 5 && model.horizonHours == 5)
        #expect(abs((model.inputs.first?.coefficient ?? 0) - 0.5) < 1e-6 && abs(model.intercept - 2) < 1e-4)
    }

    @Test func floods_areRunsAboveTheThreshold_withTheirCrests() {
        let (_, down) = Self.series()
        let floods = CrestForecast.floods(down, threshold: 53)
        #expect(floods.count == 4)
        #expect(floods.map(\.crestHour) == [105, 305, 505, 705])
    }

    @Test func leaveOneFloodOut_ofAnExactModel_hasNoError() {
        let (up, down) = Self.series()
        let floods = CrestForecast.floods(down, threshold: 53)
        let evaluations = CrestForecast.evaluate(target: down, upstream: [("up", up)], floods: floods, leads: [3], guardHours: 20, maxLag: 12)
        let lead3 = evaluations[0]
        #expect(lead3.trials.count == 4 && (lead3.levelMAE ?? 1) < 1e-3 && lead3.hourMAE == 0)   // the ridge shrinks by ~10⁻⁶
    }

    @Test func noUpstreamData_noModel() {
        let (_, down) = Self.series()
        #expect(LaggedRegression.fit(target: down, upstream: [("up", [:])]) == nil)
    }
}
