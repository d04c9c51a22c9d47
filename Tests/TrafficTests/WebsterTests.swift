import Foundation
import Testing
@testable import Traffic

/// Webster's formulas against a textbook case, the bounds, and the smooth change of the running plan.
@Suite struct WebsterTests {
    @Test func textbookExample_cycleAndSplits() {
        // Two stages, critical flow ratios 0.25 and 0.35, lost time 10 s: C0 = (1.5·10 + 5) / (1 − 0.6) = 50 s,
        // effective greens (50 − 10)·0.25/0.6 = 16.67 s and (50 − 10)·0.35/0.6 = 23.33 s.
        let cycle = Webster.cycle(lostTime: 10, flowRatios: [0.25, 0.35])
        #expect(abs(cycle - 50) < 1e-9)
        let greens = Webster.greens(cycle: cycle, lostTime: 10, flowRatios: [0.25, 0.35])
        #expect(abs(greens[0] - 16.6667) < 1e-3 && abs(greens[1] - 23.3333) < 1e-3)
    }

    @Test func cycle_isBounded() {
        #expect(Webster.cycle(lostTime: 10, flowRatios: [0.5, 0.6]) == 150)      // saturated: Y ≥ 1
        #expect(Webster.cycle(lostTime: 10, flowRatios: [0.45, 0.45]) == 150)    // 200 s before the bound
        #expect(Webster.cycle(lostTime: 4, flowRatios: [0.05, 0.05]) == 40)      // 12.2 s before the bound
    }

    @Test func flowRatios_useTheCriticalLane_at1800PerLane() throws {
        let x = try TrafficFixtures.cross
        let ratios = Webster.flowRatios(x, flows: ["N2C_0": 450, "S2C_0": 900, "E2C_0": 360, "W2C_0": 0])
        #expect(ratios == [0.5, 0.2])
    }

    @Test func runningPlan_changesAtMost15PercentPerCycle_andMeasuresFlowsFromPassedCounts() throws {
        let x = try TrafficFixtures.cross
        let start = SignalPlan(id: "p", cycle: 60, splits: [25.5, 25.5])
        var state = WebsterState(plan: start, now: 0)
        let settings = WebsterSettings(period: 120)
        // Heavy flow: 0.5 veh/s (1,800 veh/h) on north–south, 0.25 veh/s east–west, from counts of 1 s statuses.
        var cycles: [Double] = []
        for t in stride(from: 1.0, through: 1200, by: 1) {
            let readings: [LaneID: DetectorReading] = [
                "N2C_0": DetectorReading(vehicles: 5, halting: 3, passed: t.truncatingRemainder(dividingBy: 2) == 0 ? 1 : 0),
                "S2C_0": DetectorReading(vehicles: 5, halting: 3, passed: t.truncatingRemainder(dividingBy: 4) == 0 ? 1 : 0),
                "E2C_0": DetectorReading(vehicles: 2, halting: 1, passed: t.truncatingRemainder(dividingBy: 4) == 0 ? 1 : 0),
            ]
            _ = WebsterController.step(x, state: &state, readings: readings, now: t, settings: settings)
            if cycles.last != state.plan.cycle { cycles.append(state.plan.cycle) }
        }
        #expect(cycles.count > 2)
        for (a, b) in zip(cycles, cycles.dropFirst()) {
            #expect(b <= a * 1.15 + 1e-6 && b >= a * 0.85 - 1e-6, "\(a) → \(b)")
        }
        // Measured flows: N 1,800 veh/h, S 900, E 900; W never reported and is estimated from the lanes that did.
        let flows = WebsterController.flows(x, state: state)
        #expect(abs((flows["N2C_0"] ?? 0) - 1800) < 60)
        #expect((flows["W2C_0"] ?? 0) > 0)
        // North–south is the heavier stage and gets the longer green.
        #expect(state.plan.splits[0] > state.plan.splits[1])
        #expect(state.plan.cycle >= 40 && state.plan.cycle <= 150 + 9)
    }

    @Test func fixedTime_walksSplitsAndInterGreens_fromTheOffset() throws {
        let x = try TrafficFixtures.cross
        // Greens 30 + 30, inter-greens 5 (0→1) and 4 (1→0): cycle 69.
        let plan = SignalPlan(id: "p", cycle: 69, splits: [30, 30], offset: 10)
        let expected: [(Double, Int)] = [(10, 0), (39, 0), (40, 1), (44, 1), (45, 1), (74, 1), (75, 0), (78, 0), (79, 0), (9, 0), (8, 0)]
        for (t, stage) in expected {
            #expect(FixedTimeController.stage(plan, x: x, at: t) == stage, "t = \(t)")
        }
        #expect(throws: Never.self) { try PlanCheck.check(plan, for: x) }
        #expect(throws: TrafficProblem.self) { try PlanCheck.check(SignalPlan(id: "q", cycle: 60, splits: [30, 30]), for: x) }
        #expect(throws: TrafficProblem.self) { try PlanCheck.check(SignalPlan(id: "q", cycle: 69, splits: [2, 30]), for: x) }
    }
}
