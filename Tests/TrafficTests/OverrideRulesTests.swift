import Foundation
import Testing
@testable import Traffic

/// Police overrides: what is required, the 4-hour cap, priorities when two meet, and their effect on decisions.
@Suite struct OverrideRulesTests {
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    static func make(_ kind: OverrideKind, stage: Int? = nil, approach: String? = nil, minutes: Double = 10,
                     at: Date = t0, id: String) throws -> TrafficOverride {
        try OverrideRules.make(.init(kind: kind, stage: stage, approach: approach, reason: "演练 drill", minutes: minutes), id: id,
                               x: try TrafficFixtures.cross, setup: TimingSetup(), by: "user:p", now: at)
    }

    @Test func reasonAndExpiry_areRequired_andCapped() throws {
        let x = try TrafficFixtures.cross
        func field(_ request: OverrideRules.Request) -> String? {
            do {
                _ = try OverrideRules.make(request, id: "o", x: x, setup: TimingSetup(), by: "user:p", now: Self.t0)
                return nil
            } catch {
                if case .invalidOverride(let field, _) = error { return field }
                return "?"
            }
        }
        #expect(field(.init(kind: .allRed, reason: nil, minutes: 5)) == "reason")
        #expect(field(.init(kind: .allRed, reason: "   ", minutes: 5)) == "reason")
        #expect(field(.init(kind: .allRed, reason: "事故 crash")) == "minutes")
        #expect(field(.init(kind: .allRed, reason: "事故 crash", minutes: 241)) == "expiresAt")
        #expect(field(.init(kind: .allRed, reason: "事故 crash", expiresAt: Self.t0.addingTimeInterval(-1))) == "expiresAt")
        #expect(field(.init(kind: .hold, reason: "x", minutes: 5)) == "stage")
        #expect(field(.init(kind: .hold, stage: 7, reason: "x", minutes: 5)) == "stage")
        #expect(field(.init(kind: .release, approach: "nowhere", reason: "x", minutes: 5)) == "approach")
        #expect(field(.init(kind: .forcePlan, plan: "none", reason: "x", minutes: 5)) == "plan")
        #expect(field(.init(kind: .allRed, reason: "事故 crash", minutes: 240)) == nil)
        #expect(field(.init(kind: .release, approach: "E2C", reason: "疏导 clear the queue", minutes: 30)) == nil)
    }

    @Test func priorities_newerOfEqualWins_andTheSuspendedResume() throws {
        let hold = try Self.make(.hold, stage: 0, minutes: 60, id: "a")
        let release = try Self.make(.release, approach: "E2C", minutes: 60, at: Self.t0.addingTimeInterval(60), id: "b")
        let allRed = try Self.make(.allRed, minutes: 5, at: Self.t0.addingTimeInterval(120), id: "c")
        let hold2 = try Self.make(.hold, stage: 1, minutes: 10, at: Self.t0.addingTimeInterval(180), id: "d")
        let all = [hold, release, allRed, hold2]
        #expect(OverrideRules.inForce([hold, release], at: Self.t0.addingTimeInterval(90))?.id == "a")   // hold > release though older
        #expect(OverrideRules.inForce(all, at: Self.t0.addingTimeInterval(200))?.id == "c")              // all-red over all
        #expect(OverrideRules.inForce(all, at: Self.t0.addingTimeInterval(120 + 301))?.id == "d")        // all-red expired: newer hold
        #expect(OverrideRules.inForce(all, at: Self.t0.addingTimeInterval(180 + 601))?.id == "a")        // the older hold resumes
        var cancelled = hold
        cancelled.endedAt = Self.t0.addingTimeInterval(800)
        #expect(OverrideRules.inForce([cancelled, release, allRed, hold2], at: Self.t0.addingTimeInterval(900))?.id == "b")
        #expect(OverrideRules.inForce(all, at: Self.t0.addingTimeInterval(4000)) == nil)                  // all expired
    }

    @Test func onASimulatorsClock_anOverrideLastsItsDurationInSimulatedSeconds() throws {
        let hold = try Self.make(.hold, stage: 1, minutes: 5, id: "h")      // 300 s from t0 on the wall clock
        var anchors: [String: Double] = [:]
        let wall = Self.t0.addingTimeInterval(10)                            // the simulation runs far faster than the wall
        #expect(OverrideRules.inForce([hold], simNow: 1200, wallNow: wall, anchors: &anchors)?.id == "h")
        #expect(anchors["h"] == 1200)
        #expect(OverrideRules.inForce([hold], simNow: 1499, wallNow: wall, anchors: &anchors)?.id == "h")
        #expect(OverrideRules.inForce([hold], simNow: 1500, wallNow: wall, anchors: &anchors) == nil)   // 300 simulated s
        // Ended on the wall clock (cancelled or expired there first): never applies, and its anchor is forgotten.
        var cancelled = hold
        cancelled.endedAt = wall
        var fresh: [String: Double] = [:]
        #expect(OverrideRules.inForce([cancelled], simNow: 1300, wallNow: wall, anchors: &fresh) == nil)
        #expect(OverrideRules.inForce([hold], simNow: 1300, wallNow: Self.t0.addingTimeInterval(301), anchors: &fresh) == nil)
        #expect(OverrideRules.forget(anchors, keeping: [cancelled], wallNow: wall).isEmpty)
        #expect(OverrideRules.forget(anchors, keeping: [hold], wallNow: wall) == ["h": 1200])
    }

    @Test func afterAHold_maxWaitCountsFromItsEnd_soTheLongestQueueKeepsItsGreen() throws {
        let x = TrafficFixtures.fourStage(maxWait: 90)
        let hold = try OverrideRules.make(.init(kind: .hold, stage: 0, reason: "演练 drill", minutes: 5), id: "h", x: x,
                                          setup: TimingSetup(), by: "user:p", now: Self.t0)
        // East through (stage 2) built a long queue under the 300 s hold; north left (stage 1) a short one.
        let readings: [LaneID: DetectorReading] = ["Ein_0": DetectorReading(vehicles: 12, halting: 12),
                                                   "Win_0": DetectorReading(vehicles: 11, halting: 11),
                                                   "Nin_1": DetectorReading(vehicles: 2, halting: 2)]
        var state = ControlState(stages: 4)
        for t in stride(from: 0.0, through: 300, by: 1) {
            state.observe(stage: 0, since: 0, transition: false, now: t)
            _ = SignalDecider.decide(x, setup: TimingSetup(), override: hold, readings: readings, now: t, minuteOfDay: 0,
                                     state: &state, settings: .standard)
        }
        state.observe(stage: 0, since: 0, transition: false, now: 301)
        func decide(_ now: Double) -> SignalCommand.Action {
            SignalDecider.decide(x, setup: TimingSetup(), override: nil, readings: readings, now: now, minuteOfDay: 0,
                                 state: &state, settings: .standard).action
        }
        #expect(decide(301) == .stage(2))
        state.observe(stage: 2, since: 306, transition: false, now: 312)
        // 12 s after the hold the short queues have waited 312 s, yet none counts as starved: the long queue goes on.
        #expect(decide(312) == .stage(2))
    }

    @Test func overridesDriveDecisions_withinTheGuaranteedGreen() throws {
        let x = try TrafficFixtures.cross
        var state = ControlState(stages: 2)
        state.observe(stage: 0, since: 100, transition: false, now: 102)
        let setup = TimingSetup()
        let hold = try Self.make(.hold, stage: 1, id: "h")
        func decide(_ o: TrafficOverride?, now: Double) -> SignalCommand {
            SignalDecider.decide(x, setup: setup, override: o, readings: [:], now: now, minuteOfDay: 0, state: &state,
                                 settings: .standard)
        }
        // Stage 0 has been green 2 s of its guaranteed 5: the hold waits.
        #expect(decide(hold, now: 102) == SignalCommand(.stage(0), reason: "override:h"))
        state.observe(stage: 0, since: 100, transition: false, now: 105)
        #expect(decide(hold, now: 105) == SignalCommand(.stage(1), reason: "override:h"))
        #expect(decide(try Self.make(.allRed, id: "r"), now: 105).action == .allRed)
        #expect(decide(try Self.make(.flash, id: "f"), now: 105).action == .flash)
        let release = try Self.make(.release, approach: "W2C", id: "w")
        #expect(decide(release, now: 105).action == .stage(1))
        // Restricting east–west keeps stage 1 from being chosen however long its queue.
        state = ControlState(stages: 2)
        state.observe(stage: 0, since: 0, transition: false, now: 50)
        let restrict = try Self.make(.restrict, approach: "E2C", id: "x")
        let heavy: [LaneID: DetectorReading] = ["E2C_0": DetectorReading(vehicles: 30, halting: 30),
                                                "W2C_0": DetectorReading(vehicles: 30, halting: 30),
                                                "N2C_0": DetectorReading(vehicles: 0, halting: 0),
                                                "S2C_0": DetectorReading(vehicles: 0, halting: 0)]
        let command = SignalDecider.decide(x, setup: setup, override: restrict, readings: heavy, now: 50, minuteOfDay: 0,
                                           state: &state, settings: .standard)
        #expect(command == SignalCommand(.stage(0), reason: "override:x"))
        var free = ControlState(stages: 2)
        free.observe(stage: 0, since: 0, transition: false, now: 50)
        #expect(SignalDecider.decide(x, setup: setup, override: nil, readings: heavy, now: 50, minuteOfDay: 0, state: &free,
                                     settings: .standard).action == .stage(1))
    }

    @Test func schedule_choosesTheControllerByTimeOfDay() {
        let setup = TimingSetup(plans: [SignalPlan(id: "am", cycle: 69, splits: [30, 30])],
                                schedule: [ScheduleEntry(start: "07:00", controller: .fixed, plan: "am"),
                                           ScheduleEntry(start: "10:00", controller: .maxPressure),
                                           ScheduleEntry(start: "22:30", controller: .webster)])
        #expect(setup.entry(atMinute: 7 * 60).controller == .fixed)
        #expect(setup.entry(atMinute: 9 * 60 + 59).controller == .fixed)
        #expect(setup.entry(atMinute: 12 * 60).controller == .maxPressure)
        #expect(setup.entry(atMinute: 23 * 60).controller == .webster)
        #expect(setup.entry(atMinute: 3 * 60).controller == .webster)      // before the first start: the day's last entry
        #expect(TimingSetup().entry(atMinute: 0).controller == .maxPressure)
    }
}
