import Foundation
import Testing
@testable import Traffic

/// The adaptive controller's rules, pinned over random demand: guaranteed green (vehicle and pedestrian) and
/// inter-green never cut, maximum green respected, no stage starved beyond its maximum wait.
@Suite struct MaxPressureTests {
    /// A deterministic random source for the simulations.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func uniform(_ range: ClosedRange<Double>) -> Double {
            range.lowerBound + Double(next() >> 11) / Double(1 << 53) * (range.upperBound - range.lowerBound)
        }
    }

    /// A controller as the gateway runs it: a change ends the green at once, runs the inter-green, then the stage.
    struct Signals {
        var stage = 0
        var greenSince = 0.0
        var target: Int?
        var transitionEnd: Double?
        var changes: [(at: Double, from: Int, green: Double)] = []
        /// Commands during an inter-green that asked for another stage than the one being cleared to.
        var flipsDuringInterGreen = 0

        mutating func advance(to t: Double) {
            if let end = transitionEnd, let target, t >= end {
                stage = target
                greenSince = end
                transitionEnd = nil
                self.target = nil
            }
        }

        mutating func apply(_ command: SignalCommand, at t: Double, x: Intersection) {
            guard case .stage(let s) = command.action else { return }
            if transitionEnd != nil, s != target { flipsDuringInterGreen += 1 }
            guard s != stage, transitionEnd == nil else { return }
            changes.append((t, stage, t - greenSince))
            target = s
            transitionEnd = t + x.interGreen(from: stage, to: s).total
        }
    }

    struct Run {
        var x: Intersection
        var signals = Signals()
        var greenSpans: [(stage: Int, from: Double, to: Double)] = []
        var servedAt: [[Double]]
    }

    /// Runs the decider once a second for `seconds` with random demand (every lane some queue; per-run weights so
    /// one axis dominates), returning the record.
    static func simulate(_ x: Intersection, seed: UInt64, seconds: Int = 3600, settings: TrafficControlSettings = .standard,
                         override: TrafficOverride? = nil, dropLanes: Set<LaneID> = []) -> Run {
        var random = Random(state: seed)
        let weights = x.lanes.map { _ in random.uniform(0.2...6) }
        var run = Run(x: x, servedAt: Array(repeating: [0], count: x.stages.count))
        var state = ControlState(stages: x.stages.count)
        let setup = TimingSetup(schedule: [ScheduleEntry(start: "00:00", controller: .maxPressure)])
        for t in 0..<seconds {
            let now = Double(t)
            run.signals.advance(to: now)
            let inTransition = run.signals.transitionEnd != nil
            if !inTransition { run.servedAt[run.signals.stage].append(now) }
            state.observe(stage: run.signals.stage, since: run.signals.greenSince, transition: inTransition, now: now)
            var readings: [LaneID: DetectorReading] = [:]
            for (i, lane) in x.lanes.enumerated() where !dropLanes.contains(lane.id) {
                let halting = (1 + random.uniform(0...1) * weights[i] * 5).rounded()
                readings[lane.id] = DetectorReading(vehicles: halting + 1, halting: halting, passed: 1)
            }
            let command = SignalDecider.decide(x, setup: setup, override: override, readings: readings, now: now,
                                               minuteOfDay: 0, state: &state, settings: settings)
            run.signals.apply(command, at: now, x: x)
        }
        return run
    }

    @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6, 7, 8])
    func guaranteedGreen_interGreen_maxGreen_andMaxWait_hold(seed: UInt64) {
        let x = TrafficFixtures.fourStage(minGreen: 6, maxGreen: 35, pedestrian: 14, maxWait: 80)
        let run = Self.simulate(x, seed: seed)
        #expect(run.signals.changes.count > 20, "the controller switches at all")
        for change in run.signals.changes {
            // Never cut below the guaranteed green: vehicle minimum, and the pedestrian minimum on stage 0.
            #expect(change.green + 1e-9 >= x.stages[change.from].guaranteedGreen, "stage \(change.from) cut at \(change.green) s")
            // Every lane has demand, so no green outlasts its maximum by more than one decision step.
            #expect(change.green <= x.stages[change.from].maxGreen + 1, "stage \(change.from) held \(change.green) s")
        }
        // The hub never changes its mind during an inter-green, so every yellow and all-red runs in full.
        #expect(run.signals.flipsDuringInterGreen == 0)
        for (a, b) in zip(run.signals.changes, run.signals.changes.dropFirst()) {
            #expect(b.at - a.at + 1e-9 >= x.interGreen(from: a.from, to: b.from).total + b.green)
        }
        // No stage waits longer than its maximum wait plus the time to end one green and clear (bounded by every
        // other stage's guaranteed green + inter-green, as several may fall due together).
        let slack = x.stages.map { $0.guaranteedGreen + 5 + 1 }.reduce(0, +)
        for (s, times) in run.servedAt.enumerated() {
            let gaps = zip(times, times.dropFirst()).map { $1 - $0 }
            #expect((gaps.max() ?? 0) <= x.stages[s].maxWait + slack, "stage \(s) waited \(gaps.max() ?? 0) s")
        }
    }

    @Test func minimumGreen_isRespected_withCoarseDecisionSteps_andHysteresis() {
        let x = TrafficFixtures.fourStage(minGreen: 9, maxGreen: 50, pedestrian: 20, maxWait: 100)
        let settings = TrafficControlSettings(maxPressure: MaxPressureSettings(decisionInterval: 3, switchThreshold: 4))
        for seed in UInt64(10)...14 {
            let run = Self.simulate(x, seed: seed, seconds: 1800, settings: settings)
            for change in run.signals.changes {
                #expect(change.green + 1e-9 >= x.stages[change.from].guaranteedGreen)
            }
        }
    }

    @Test func highestPressureStage_isServed() throws {
        let x = TrafficFixtures.fourStage()
        var state = ControlState(stages: 4)
        state.observe(stage: 0, since: 0, transition: false, now: 20)
        var queues: [LaneID: Double] = [:]
        for lane in x.lanes { queues[lane.id] = 1 }
        queues["Ein_1"] = 12
        queues["Win_1"] = 10
        #expect(MaxPressureController.decide(x, state: state, queues: queues, now: 20, settings: .standard) == 3)
        // A crowded exit lowers the pressure of the movements that feed it.
        queues["Nout_0"] = 40
        queues["Sout_0"] = 40
        #expect(MaxPressureController.decide(x, state: state, queues: queues, now: 20, settings: .standard) != 3)
        // Before the guaranteed green has run, the current stage stays.
        var young = ControlState(stages: 4)
        young.observe(stage: 0, since: 18, transition: false, now: 20)
        #expect(MaxPressureController.decide(x, state: young, queues: queues, now: 20, settings: .standard) == 0)
    }

    @Test func missingDetectors_areEstimated_neverZero() throws {
        let x = TrafficFixtures.fourStage()
        let settings = MaxPressureSettings.standard
        let readings: [LaneID: DetectorReading] = [
            "Nin_0": DetectorReading(vehicles: 8, halting: 8),
            "Ein_0": DetectorReading(vehicles: 4, halting: 4), "Ein_1": DetectorReading(vehicles: 2, halting: 2),
        ]
        let q = DemandEstimate.queues(x, readings: readings, settings: settings)
        #expect(q["Nin_1"] == 8)                  // no lane of its approach with its stages: the approach's other lane
        #expect(q["Sin_0"] == 8)                  // the opposing lane green in the same stage (same signature)
        #expect(q["Win_1"] == 2)                  // ... and for a left-turn lane, the opposing left turn
        let estimate = DemandEstimate(x, readings: readings, settings: settings)
        #expect(estimate.silent.contains("Sin_0") && !estimate.silent.contains("Nin_0"))    // no lane of its approach: mean of all incoming lanes that reported
        #expect(q["Nout_0"] == settings.unknownLaneQueue)   // no outgoing lane reported at all
        // Dropping 20 % of the detector lanes still runs every stage and keeps the rules.
        let dropped: Set<LaneID> = ["Nin_1", "Ein_0", "Sout_0"]
        let run = MaxPressureTests.simulate(TrafficFixtures.fourStage(), seed: 99, dropLanes: dropped)
        #expect(Set(run.signals.changes.map(\.from)) == [0, 1, 2, 3])
        for change in run.signals.changes { #expect(change.green >= 5) }
    }

    @Test func aStageWhoseOnlyDemandIsEstimated_waitsLonger_aMeasuredVehicleDoesNot() {
        let x = TrafficFixtures.fourStage(maxWait: 90)
        let settings = MaxPressureSettings.standard
        // Stage 1 (north–south left) has no detector data; its queue model says 0.3 vehicles a lane. East–west
        // through (stage 2) holds vehicles; nothing else does. Stage 0 is green.
        var readings: [LaneID: DetectorReading] = [:]
        for lane in x.lanes where lane.id != "Nin_1" && lane.id != "Sin_1" {
            let n: Double = lane.id == "Ein_0" || lane.id == "Win_0" ? 3 : 0
            readings[lane.id] = DetectorReading(vehicles: n, halting: n)
        }
        let model: [LaneID: Double] = ["Nin_1": 0.3, "Sin_1": 0.3]
        func decide(at now: Double, lastGreen: [Double], readings: [LaneID: DetectorReading]) -> Int {
            var state = ControlState(stages: 4)
            state.observe(stage: 0, since: 0, transition: false, now: now)
            state.lastGreen = lastGreen
            let estimate = DemandEstimate(x, readings: readings, settings: settings, model: model)
            return MaxPressureController.decide(x, state: state, estimate: estimate, now: now, settings: settings)
        }
        // Unserved for 100 s (past its maxWait of 90 s) on an estimate only: pressure decides, stage 2 is served.
        #expect(decide(at: 100, lastGreen: [100, 0, 50, 100], readings: readings) == 2)
        // Past silentOnlyMaxWait (240 s) it is served whatever the pressure: a lane without data is never forgotten.
        #expect(decide(at: 250, lastGreen: [250, 0, 240, 250], readings: readings) == 1)
        // A vehicle measured on its other left-turn lane: the stage's own maxWait applies again.
        var measured = readings
        measured["Nin_1"] = DetectorReading(vehicles: 1, halting: 1)
        #expect(decide(at: 100, lastGreen: [100, 0, 50, 100], readings: measured) == 1)
    }

    @Test func aSilentLane_isSeenFromItsOtherEnd_andFillsWhileRed() throws {
        let x = TrafficFixtures.fourStage()
        let settings = MaxPressureSettings.standard
        // Every lane reports except south through (Sin_0), whose peer is north through (Nin_0): 0.2 veh/s pass there.
        func readings(_ t: Int) -> [LaneID: DetectorReading] {
            var r: [LaneID: DetectorReading] = [:]
            for lane in x.lanes where lane.id != "Sin_0" {
                r[lane.id] = DetectorReading(vehicles: 0, halting: 0, passed: lane.id == "Nin_0" && t % 5 == 0 ? 1 : 0)
            }
            return r
        }
        // The upstream intersection's outgoing zone on the same lane shows 3 vehicles: at least 3.
        let seen = DemandEstimate(x, readings: readings(1), settings: settings, upstream: ["Sin_0": 3])
        #expect(seen.queues["Sin_0"] == 3)
        // Stage 1 (left turns) green for 600 s: Sin_0 is red and fills at its peer's arrival rate ...
        var model = SilentLaneModel()
        var state = ControlState(stages: 4)
        for t in 1...600 {
            state.observe(stage: 1, since: 0, transition: false, now: Double(t))
            model.update(x, readings: readings(t), state: state, now: Double(t))
        }
        let filled = model.queue["Sin_0"] ?? 0
        #expect(filled > 40 * 0.2 && filled <= SilentLaneModel.zoneCapacity)   // the rate is learnt over 300 s
        #expect(model.arrivalRate["Nin_0"].map { abs($0 - 0.2) < 0.05 } == true)
        #expect(DemandEstimate(x, readings: readings(601), settings: settings, model: model.queue).queues["Sin_0"] == filled)
        // ... and drains at saturation flow once its stage (0) has been green 2 s.
        for t in 601...610 {
            state.observe(stage: 0, since: 601, transition: false, now: Double(t))
            model.update(x, readings: readings(t), state: state, now: Double(t))
        }
        #expect((model.queue["Sin_0"] ?? 0) < filled - 2)     // 8 s at 0.5 veh/s out, 0.2 veh/s still arriving
        for t in 611...700 {
            state.observe(stage: 0, since: 601, transition: false, now: Double(t))
            model.update(x, readings: readings(t), state: state, now: Double(t))
        }
        #expect(model.queue["Sin_0"] == 0)
    }
}
