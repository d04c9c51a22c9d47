@testable import Duty
import Foundation
import HubKit
import Testing

/// The pure rules: which shift is on at an instant, and the escalation schedule step by step.
@Suite struct ScheduleTests {
    static func instant(_ text: String) throws -> Int64 { try Timestamp.milliseconds(text) }

    @Test func handover_at0829_isStillYesterdaysShift_at0830_today() throws {
        let today = DutyDate(year: 2026, month: 11, day: 25)
        #expect(ShiftClock.shiftDate(at: try Self.instant("2026-11-25T08:29:59+08:00"), handoverMinute: 510) == today.adding(days: -1))
        #expect(ShiftClock.shiftDate(at: try Self.instant("2026-11-25T08:30:00+08:00"), handoverMinute: 510) == today)
        #expect(ShiftClock.shiftDate(at: try Self.instant("2026-11-26T08:29:00+08:00"), handoverMinute: 510) == today)
        // The same instant in UTC.
        #expect(ShiftClock.shiftDate(at: try Self.instant("2026-11-25T00:30:00Z"), handoverMinute: 510) == today)
    }

    @Test func shiftBounds_runFromHandoverToHandover() throws {
        let bounds = ShiftClock.bounds(of: DutyDate(year: 2026, month: 11, day: 25), handoverMinute: 510)
        #expect(bounds.start == (try Self.instant("2026-11-25T08:30:00+08:00")))
        #expect(bounds.end == (try Self.instant("2026-11-26T08:30:00+08:00")))
    }

    @Test func midnightHandover_andMonthAndYearEnds() throws {
        #expect(ShiftClock.shiftDate(at: try Self.instant("2027-01-01T00:00:00+08:00"), handoverMinute: 0) == DutyDate(year: 2027, month: 1, day: 1))
        #expect(ShiftClock.shiftDate(at: try Self.instant("2027-01-01T08:00:00+08:00"), handoverMinute: 510) == DutyDate(year: 2026, month: 12, day: 31))
    }

    @Test func defaultPlan_threeLevels_isEveryFiveMinutes() {
        let plan = EscalationPlan(rungs: 3, policy: .standard)
        #expect(plan.steps.map(\.offsetMinutes) == [0, 5, 10, 15, 20, 25, 30, 35, 40])
        #expect(plan.steps.map(\.role) == [.duty, .duty, .leader, .duty, .duty, .leader, .duty, .duty, .leader])
        #expect(plan.steps.map(\.attempt) == [1, 2, 1, 1, 2, 1, 1, 2, 1])
        #expect(plan.steps.map(\.rung) == [0, 0, 0, 1, 1, 1, 2, 2, 2])
        #expect(plan.firstStep(of: 2) == 6)
        #expect(plan.firstStep(of: 3) == nil)
    }

    @Test func customPlan_usesEachInterval() {
        let plan = EscalationPlan(rungs: 2, policy: DutyPolicy(renotifyMinutes: 3, leaderMinutes: 8, nextLevelMinutes: 2))
        #expect(plan.steps.map(\.offsetMinutes) == [0, 3, 8, 10, 13, 18])
    }

    static func call(policy: DutyPolicy = .standard, rungs: Int = 3, everyLevel: Bool = false) -> DutyCall {
        let units = ["street-001", "command-centre", "city"].prefix(rungs).compactMap { DepartmentID(rawValue: $0) }
        let levels: [DutyLevel] = [.street, .district, .city]
        return DutyCall(id: DutyCallID(rawValue: "dc-0000000000000001")!, subject: "alarm:1", unit: units[0],
                        title: LocalizedText(zh: "t", en: "t"), severity: .major, origin: "test", reportEveryLevel: everyLevel,
                        chain: zip(levels, units).map { DutyRung(level: $0, unit: $1) }, policy: policy, step: 0,
                        nextDueAt: Date(timeIntervalSince1970: 0), acknowledgedRung: nil, openedAt: Date(timeIntervalSince1970: 0),
                        closedAt: nil, closedBy: nil, closeReason: nil, version: 1)
    }

    /// Sends every step due by `minutes`; returns the steps sent.
    static func run(_ call: inout DutyCall, until minutes: Double) -> [Int] {
        var sent: [Int] = []
        while let step = EscalationRules.due(call, at: Date(timeIntervalSince1970: minutes * 60)) {
            sent.append(step.index)
            call = EscalationRules.advanced(call)
        }
        return sent
    }

    @Test func escalation_justBelow_at_andAfter_eachStep() {
        var call = Self.call()
        #expect(Self.run(&call, until: 0) == [0])
        for (index, offset) in [5, 10, 15, 20, 25, 30, 35, 40].enumerated() {
            #expect(Self.run(&call, until: Double(offset) - 1.0 / 60).isEmpty, "just below \(offset)")
            #expect(Self.run(&call, until: Double(offset)) == [index + 1], "at \(offset)")
            #expect(Self.run(&call, until: Double(offset) + 0.5).isEmpty, "after \(offset)")
        }
        #expect(call.nextDueAt == nil)
        #expect(call.isOpen)
    }

    @Test func lateTick_sendsOverdueStepsInOrder_withoutDrift() {
        var call = Self.call()
        #expect(Self.run(&call, until: 0) == [0])
        #expect(Self.run(&call, until: 27) == [1, 2, 3, 4, 5])
        #expect(call.nextDueAt == Date(timeIntervalSince1970: 30 * 60))
    }

    @Test func acknowledgement_closes_unlessEveryLevelMustBeReported() {
        var call = Self.call()
        _ = Self.run(&call, until: 6)
        guard case .close(let closed) = EscalationRules.acknowledge(call, reason: .acknowledged, by: "user:x",
                                                                    at: Date(timeIntervalSince1970: 400)) else {
            Issue.record("expected close"); return
        }
        #expect(closed.closedAt != nil && closed.nextDueAt == nil && closed.closeReason == .acknowledged)
        #expect(EscalationRules.acknowledge(closed, reason: .acknowledged, by: "user:x", at: .now) == .unchanged)

        var fire = Self.call(everyLevel: true)
        _ = Self.run(&fire, until: 1)
        let now = Date(timeIntervalSince1970: 120)
        guard case .climb(let climbing, let rung) = EscalationRules.acknowledge(fire, reason: .settled, by: "x", at: now) else {
            Issue.record("expected climb"); return
        }
        #expect(rung == 0)
        #expect(climbing.step == 3 && climbing.nextDueAt == now && climbing.isOpen)
        // A second acknowledgement before the next level was called changes nothing.
        #expect(EscalationRules.acknowledge(climbing, reason: .settled, by: "x", at: now) == .unchanged)
    }

    @Test func chain_streetToDistrictToCity() {
        let street = Department(id: DepartmentID(rawValue: "street-001")!, name: "s", nameEn: "s", kind: .streetCentre)
        let centre = DepartmentID(rawValue: "command-centre")!
        let city = DepartmentID(rawValue: "city")!
        #expect(DutyChain.rungs(unitID: street.id, unit: street, district: centre, city: city).map(\.level) == [.street, .district, .city])
        #expect(DutyChain.rungs(unitID: centre, unit: nil, district: centre, city: city).map(\.unit) == [centre, city])
        #expect(DutyChain.rungs(unitID: city, unit: nil, district: centre, city: city).map(\.level) == [.city])
        #expect(DutyChain.rungs(unitID: street.id, unit: street, district: nil, city: nil).count == 1)
    }

    @Test func roster_refusesOverlap_otherMonth_samePerson_badDate() {
        let unit = DepartmentID(rawValue: "drainage")!
        let month = DutyMonth(text: "2026-11")!
        func refusal(_ days: [RosterRules.DayInput]) -> String? {
            do { _ = try RosterRules.month(days, unit: unit, month: month); return nil } catch { return error.code }
        }
        #expect(refusal([.init(date: "2026-11-01", duty: "a", leader: "b"), .init(date: "2026-11-01", duty: "c", leader: "d")]) == "DUTY_SHIFT_OVERLAP")
        #expect(refusal([.init(date: "2026-12-01", duty: "a", leader: "b")]) == "DUTY_DATE_OUTSIDE_MONTH")
        #expect(refusal([.init(date: "2026-11-02", duty: "a", leader: "a")]) == "DUTY_SAME_PERSON")
        #expect(refusal([.init(date: "2026-11-31", duty: "a", leader: "b")]) == "DUTY_INVALID_DATE")
        #expect(refusal([.init(date: "2026-11-02", duty: "a", leader: "b"), .init(date: "2026-11-01", duty: "a", leader: "b")]) == nil)
    }

    @Test func rotation_repeatsEachList() throws {
        let unit = DepartmentID(rawValue: "drainage")!
        let from = DutyDate(year: 2026, month: 11, day: 1)
        let shifts = try RosterRules.rotation(from: from, to: from.adding(days: 5), unit: unit, duty: ["a", "b", "c"],
                                              leaders: ["x", "y"], deputies: [])
        #expect(shifts.map(\.duty) == ["a", "b", "c", "a", "b", "c"])
        #expect(shifts.map(\.leader) == ["x", "y", "x", "y", "x", "y"])
        #expect(throws: DutyProblem.emptyRotation(field: "duty")) {
            try RosterRules.rotation(from: from, to: from, unit: unit, duty: [], leaders: ["x"], deputies: [])
        }
        #expect(throws: DutyProblem.rangeTooLong(days: 400, limit: 366)) {
            try RosterRules.rotation(from: from, to: from.adding(days: 399), unit: unit, duty: ["a"], leaders: ["x"], deputies: [])
        }
    }

    @Test func policy_bounds() {
        #expect(throws: DutyProblem.self) { try RosterRules.check(DutyPolicy(renotifyMinutes: 10, leaderMinutes: 10)) }
        #expect(throws: DutyProblem.self) { try RosterRules.check(DutyPolicy(handoverMinute: 1440)) }
        #expect(throws: Never.self) { try RosterRules.check(.standard) }
        #expect(DutyPolicy.minute(of: "08:30") == 510)
        #expect(DutyPolicy.minute(of: "8:30") == nil)
        #expect(RosterRules.isValidSubject("alarm:a-1"))
        #expect(!RosterRules.isValidSubject("alarm"))
        #expect(!RosterRules.isValidSubject("alarm: x"))
    }
}
