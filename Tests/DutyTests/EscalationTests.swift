@testable import Duty
import Foundation
import HubKit
import HubTestSupport
import Testing

/// Calls against a real database on both engines, driven by a manual clock: the chain in order, acknowledgement and
/// settlement, reporting every level, and the restart.
@Suite struct EscalationTests {
    static let fullChain = ["street-001-duty", "street-001-duty", "street-001-leader",
                            "command-centre-duty", "command-centre-duty", "command-centre-leader",
                            "city-duty", "city-duty", "city-leader"]

    @Test(arguments: TestDatabases.engines)
    func unacknowledged_climbsDutyRenotifyLeaderDistrictCity_onSchedule(engine: DatabaseEngine) async throws {
        let fixture = try await DutyFixture.open(engine)
        let id = try await fixture.page()
        #expect(try await fixture.called(id) == ["street-001-duty"])
        for (minute, count) in [(4.99, 1), (5, 2), (9.5, 2), (10, 3), (14, 3), (15, 4), (20, 5), (25, 6), (30, 7), (35, 8), (40, 9), (60, 9)] {
            try await fixture.tick(atMinute: minute)
            #expect(try await fixture.called(id) == Array(Self.fullChain.prefix(count)), "minute \(minute)")
        }
        let notifications = try await fixture.desk.calls.notifications(of: id)
        #expect(notifications.map(\.level) == [.street, .street, .street, .district, .district, .district, .city, .city, .city])
        #expect(notifications.map(\.attempt) == [1, 2, 1, 1, 2, 1, 1, 2, 1])
        #expect(notifications.map { $0.dueAt.timeIntervalSince(DutyFixture.start) / 60 } == [0, 5, 10, 15, 20, 25, 30, 35, 40])
        let events = try await fixture.events(kind: "duty.notified")
        #expect(events.count == 9)
        #expect(events.allSatisfy { $0.subject == "duty-call:\(id)" && $0.payload.contains("alarm:a-0000000000000001") })
        #expect(events.map(\.department) == notifications.map(\.unit.rawValue))
        let call = try #require(try await fixture.desk.calls.call(id))
        #expect(call.isOpen && call.nextDueAt == nil && call.step == 9)
        await fixture.close()
    }

    @Test(arguments: TestDatabases.engines)
    func pageIsIdempotent_perOpenSubject(engine: DatabaseEngine) async throws {
        let fixture = try await DutyFixture.open(engine)
        let first = try await fixture.page()
        let again = try await fixture.page()
        #expect(first == again)
        #expect(try await fixture.called(first).count == 1)
        try await fixture.desk.settle(subject: "alarm:a-0000000000000001", by: "system:telemetry")
        let next = try await fixture.page()
        #expect(next != first)
        await fixture.close()
    }

    @Test(arguments: TestDatabases.engines)
    func acknowledgement_byThePersonCalled_stopsEscalation(engine: DatabaseEngine) async throws {
        let fixture = try await DutyFixture.open(engine)
        let id = try await fixture.page()
        try await fixture.tick(atMinute: 10)
        let stranger = Principal(kind: .user, id: "drainage-duty", name: "x", role: .departmentOperator, departmentID: DutyFixture.drainage)
        await #expect(throws: DutyProblem.notCalled) { try await fixture.desk.acknowledge(id, by: stranger) }
        let leader = Principal(kind: .user, id: "street-001-leader", name: "l", role: .viewer, departmentID: DutyFixture.street)
        let closed = try await fixture.desk.acknowledge(id, by: leader)
        #expect(!closed.isOpen && closed.closeReason == .acknowledged && closed.closedBy == "user:street-001-leader")
        try await fixture.tick(atMinute: 60)
        #expect(try await fixture.called(id).count == 3)
        await #expect(throws: DutyProblem.callClosed(id.rawValue)) { try await fixture.desk.acknowledge(id, by: leader) }
        #expect(try await fixture.events(kind: "duty.acknowledged").count == 1)
        await fixture.close()
    }

    @Test(arguments: TestDatabases.engines)
    func settle_stopsEscalation_andIsIdempotent(engine: DatabaseEngine) async throws {
        let fixture = try await DutyFixture.open(engine)
        let id = try await fixture.page()
        try await fixture.tick(atMinute: 16)
        try await fixture.desk.settle(subject: "alarm:a-0000000000000001", by: "user:someone")
        try await fixture.desk.settle(subject: "alarm:a-0000000000000001", by: "user:someone")
        try await fixture.desk.settle(subject: "alarm:never-paged", by: "user:someone")
        try await fixture.tick(atMinute: 60)
        #expect(try await fixture.called(id) == Array(Self.fullChain.prefix(4)))
        let call = try #require(try await fixture.desk.calls.call(id))
        #expect(call.closeReason == .settled && call.acknowledgedRung == 1)
        #expect(try await fixture.events(kind: "duty.settled").count == 1)
        await fixture.close()
    }

    @Test(arguments: TestDatabases.engines)
    func reportEveryLevel_goesOnUpAfterAcknowledgement(engine: DatabaseEngine) async throws {
        let fixture = try await DutyFixture.open(engine)
        let id = try await fixture.page("case:fire-1", reportEveryLevel: true)
        try await fixture.tick(atMinute: 2)
        let streetDuty = Principal(kind: .user, id: "street-001-duty", name: "d", role: .viewer, departmentID: DutyFixture.street)
        let climbing = try await fixture.desk.acknowledge(id, by: streetDuty)
        #expect(climbing.isOpen)
        // Reported to the district at once, then on its own schedule.
        try await fixture.tick(atMinute: 2)
        #expect(try await fixture.called(id) == ["street-001-duty", "command-centre-duty"])
        try await fixture.tick(atMinute: 7)
        #expect(try await fixture.called(id).last == "command-centre-duty")
        #expect(try await fixture.called(id).count == 3)
        try await fixture.desk.settle(subject: "case:fire-1", by: "system:cases")
        try await fixture.tick(atMinute: 7)
        #expect(try await fixture.called(id).last == "city-duty")
        let cityDuty = Principal(kind: .user, id: "city-duty", name: "c", role: .viewer, departmentID: DutyFixture.city)
        let closed = try await fixture.desk.acknowledge(id, by: cityDuty)
        #expect(!closed.isOpen)
        try await fixture.tick(atMinute: 90)
        #expect(try await fixture.called(id).count == 4)
        await fixture.close()
    }

    @Test(arguments: TestDatabases.engines)
    func restart_continuesOnSchedule_withoutRepeatsOrSkips(engine: DatabaseEngine) async throws {
        let fixture = try await DutyFixture.open(engine)
        let location = fixture.desk.database.location
        let id = try await fixture.page()
        try await fixture.tick(atMinute: 6)
        #expect(try await fixture.called(id).count == 2)
        await fixture.close()

        // The hub was down from minute 6 to minute 27: a new process, the same database.
        let database = try await HubDatabase.open(location, logger: TestDatabases.logger)
        let clock = TestClock(DutyFixture.start.addingTimeInterval(27 * 60))
        let restarted = DutyFixture(desk: DutyFixture.desk(database, clock: clock), clock: clock)
        #expect(try await restarted.tick(atMinute: 27) == 4)
        #expect(try await restarted.called(id) == Array(Self.fullChain.prefix(6)))
        #expect(try await restarted.tick(atMinute: 27) == 0)
        #expect(try await restarted.tick(atMinute: 29.9) == 0)
        #expect(try await restarted.tick(atMinute: 30) == 1)
        #expect(try await restarted.called(id) == Array(Self.fullChain.prefix(7)))
        let steps = try await restarted.desk.calls.notifications(of: id).map(\.step)
        #expect(steps == Array(0..<7))
        #expect(try await restarted.events(kind: "duty.notified").count == 7)
        await restarted.close()
    }

    @Test(arguments: TestDatabases.engines)
    func twoInstances_tickingTogether_sendEachStepOnce(engine: DatabaseEngine) async throws {
        let fixture = try await DutyFixture.open(engine)
        var ids: [DutyCallID] = []
        for n in 0..<20 { ids.append(try await fixture.page("alarm:n-\(n)")) }
        let other = try await HubDatabase.open(fixture.desk.database.location, logger: TestDatabases.logger)
        let second = DutyFixture.desk(other, clock: fixture.clock)
        fixture.clock.set(DutyFixture.start.addingTimeInterval(12 * 60))
        let now = fixture.clock.now
        async let a = EscalationWatcher(desk: fixture.desk).tick(at: now)
        async let b = EscalationWatcher(desk: second).tick(at: now)
        let total = try await a + b
        #expect(total == 40)
        for id in ids { #expect(try await fixture.desk.calls.notifications(of: id).map(\.step) == [0, 1, 2]) }
        #expect(try await fixture.events(kind: "duty.notified").count == 60)
        await other.close()
        await fixture.close()
    }

    @Test(arguments: TestDatabases.engines)
    func handoverDuringEscalation_callsWhoeverIsOnDutyThen(engine: DatabaseEngine) async throws {
        let fixture = try await DutyFixture.open(engine, roster: false)
        let admin = DutyFixture.admin
        _ = try await fixture.desk.putDay(.init(date: "2026-11-24", duty: "street-001-night", leader: "street-001-leader"),
                                          unit: DutyFixture.street, by: admin)
        _ = try await fixture.desk.putDay(.init(date: "2026-11-25", duty: "street-001-duty", leader: "street-001-leader"),
                                          unit: DutyFixture.street, by: admin)
        // 08:27: the night shift (dated the 24th) is on; at 08:30 the day shift takes over.
        fixture.clock.set(DutyFixture.start.addingTimeInterval(-93 * 60))
        let id = try await fixture.page()
        try await fixture.tick(atMinute: -88)
        #expect(try await fixture.called(id) == ["street-001-night", "street-001-duty"])
        // The district and city have no roster: the steps are journalled as unstaffed, on schedule.
        try await fixture.tick(atMinute: -50)
        #expect(try await fixture.called(id) == ["street-001-night", "street-001-duty", "street-001-leader", "-", "-", "-", "-", "-", "-"])
        #expect(try await fixture.events(kind: "duty.unstaffed").count == 6)
        let now = try await fixture.desk.onDuty(DutyFixture.street, at: DutyFixture.start.addingTimeInterval(-91 * 60))
        #expect(now.shift?.duty == "street-001-night")
        await fixture.close()
    }

    @Test(arguments: TestDatabases.engines)
    func roster_refusesUnknownAndDisabledPeople_andUnknownUnits(engine: DatabaseEngine) async throws {
        let fixture = try await DutyFixture.open(engine, roster: false)
        let month = DutyMonth(text: "2026-11")!
        await #expect(throws: DutyProblem.unknownPeople(["nobody"])) {
            try await fixture.desk.putMonth([.init(date: "2026-11-03", duty: "nobody", leader: "drainage-leader")],
                                            unit: DutyFixture.drainage, month: month, by: DutyFixture.admin)
        }
        await #expect(throws: DutyProblem.disabledPeople(["retired"])) {
            try await fixture.desk.putMonth([.init(date: "2026-11-03", duty: "retired", leader: "drainage-leader")],
                                            unit: DutyFixture.drainage, month: month, by: DutyFixture.admin)
        }
        await #expect(throws: DutyProblem.unknownUnit("parks")) {
            try await fixture.desk.page(DutyPageRequest(subject: "alarm:x", department: DepartmentID(rawValue: "parks")!,
                                                        title: LocalizedText(zh: "x", en: "x"), origin: "test"))
        }
        // A month put replaces the whole month.
        _ = try await fixture.desk.putMonth([.init(date: "2026-11-03", duty: "drainage-duty", leader: "drainage-leader"),
                                             .init(date: "2026-11-04", duty: "drainage-night", leader: "drainage-leader")],
                                            unit: DutyFixture.drainage, month: month, by: DutyFixture.admin)
        _ = try await fixture.desk.putMonth([.init(date: "2026-11-05", duty: "drainage-duty", leader: "drainage-leader")],
                                            unit: DutyFixture.drainage, month: month, by: DutyFixture.admin)
        let shifts = try await fixture.desk.shifts(DutyFixture.drainage, from: month.first, to: month.last)
        #expect(shifts.map(\.date.description) == ["2026-11-05"])
        // A department head manages only their own unit.
        let head = Principal(kind: .user, id: "h", name: "h", role: .departmentHead, departmentID: DutyFixture.street)
        await #expect(throws: AccessProblem.notYourDepartment) {
            try await fixture.desk.putDay(.init(date: "2026-11-05", duty: "drainage-duty", leader: "drainage-leader"),
                                          unit: DutyFixture.drainage, by: head)
        }
        await fixture.close()
    }
}
