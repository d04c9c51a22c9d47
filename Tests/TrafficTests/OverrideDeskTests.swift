import Foundation
import HubKit
import HubTestSupport
import Testing
@testable import Traffic

/// The override desk on both databases: one department rule for setting and cancelling (a caller limited to a
/// department writes only its own intersections' overrides), and the list filtered by department before its limit.
@Suite struct OverrideDeskTests {
    static let migrations = [Journal.migration, HubMeta.migration] + TrafficDesk.migrations

    static func department(_ raw: String) throws -> DepartmentID { try #require(DepartmentID(rawValue: raw)) }

    static func person(_ id: String, role: Role, department: String? = nil) throws -> Principal {
        Principal(kind: .user, id: id, name: id, role: role, departmentID: try department.map(Self.department))
    }

    /// A desk holding two copies of the test cross: `C` of the department `roads`, `D` of `parks`.
    static func desk(_ engine: DatabaseEngine, clock: ManualClock) async throws -> TrafficDesk {
        let desk = TrafficDesk(database: try await TestDatabases.open(engine, migrations: migrations), clock: clock.clock)
        var c = try TrafficFixtures.cross
        c.department = "roads"
        var d = c
        d.id = try #require(IntersectionID(rawValue: "D"))
        d.department = "parks"
        _ = try await desk.importIntersections([c, d], format: "site", data: Data("test".utf8), by: "test")
        return desk
    }

    static func eventCount(_ desk: TrafficDesk) async throws -> Int {
        try await desk.database.read { sql in try await Journal.events(after: 0, limit: 10_000, on: sql) }.count
    }

    static let allRed = OverrideRules.Request(kind: .allRed, reason: "事故 crash", minutes: 30)

    @Test(arguments: TestDatabases.engines)
    func override_ofAnotherDepartment_isRefused_forSetAndCancel_andWritesNothing(engine: DatabaseEngine) async throws {
        let clock = ManualClock()
        let desk = try await Self.desk(engine, clock: clock)
        let police = try Self.person("police1", role: .trafficPolice)
        let roads = try Self.person("roads1", role: .departmentOperator, department: "roads")
        let c = try #require(IntersectionID(rawValue: "C")), d = try #require(IntersectionID(rawValue: "D"))

        let parksOverride = try await desk.setOverride(Self.allRed, on: d, by: police)
        let before = try await Self.eventCount(desk)
        await #expect(throws: AccessProblem.notYourDepartment) { try await desk.cancelOverride(parksOverride.id, by: roads) }
        await #expect(throws: AccessProblem.notYourDepartment) { try await desk.setOverride(Self.allRed, on: d, by: roads) }
        // A department role without a department writes nothing anywhere.
        let stray = try Self.person("stray", role: .departmentHead)
        await #expect(throws: AccessProblem.notYourDepartment) { try await desk.cancelOverride(parksOverride.id, by: stray) }
        await #expect(throws: AccessProblem.notYourDepartment) { try await desk.setOverride(Self.allRed, on: c, by: stray) }
        #expect(try await Self.eventCount(desk) == before)
        let stored = try await desk.overrides(of: d, liveOnly: false, department: nil, limit: 10)
        #expect(stored.map(\.id) == [parksOverride.id])
        #expect(stored.first?.endedAt == nil)

        // The same caller sets and cancels its own department's override; city-wide police cancel any.
        let own = try await desk.setOverride(Self.allRed, on: c, by: roads)
        #expect(own.setBy == roads.actor)
        #expect(try await desk.cancelOverride(own.id, by: roads).end == .cancelled)
        #expect(try await desk.cancelOverride(parksOverride.id, by: police).endedBy == police.actor)
        #expect(try await Self.eventCount(desk) == before + 3)
    }

    @Test(arguments: TestDatabases.engines)
    func list_forADepartment_isAFullPage_whenAnotherDepartmentHasNewerOverrides(engine: DatabaseEngine) async throws {
        let clock = ManualClock()
        let desk = try await Self.desk(engine, clock: clock)
        let police = try Self.person("police1", role: .trafficPolice)
        let c = try #require(IntersectionID(rawValue: "C")), d = try #require(IntersectionID(rawValue: "D"))
        var roadsIDs: [String] = []
        for _ in 0..<3 {
            roadsIDs.insert(try await desk.setOverride(Self.allRed, on: c, by: police).id, at: 0)
            clock.advance(by: 1)
        }
        var parksIDs: [String] = []
        for _ in 0..<5 {
            parksIDs.insert(try await desk.setOverride(Self.allRed, on: d, by: police).id, at: 0)
            clock.advance(by: 1)
        }
        let roads = try Self.department("roads"), parks = try Self.department("parks")
        for liveOnly in [true, false] {
            #expect(try await desk.overrides(of: nil, liveOnly: liveOnly, department: roads, limit: 3).map(\.id) == roadsIDs)
            #expect(try await desk.overrides(of: nil, liveOnly: liveOnly, department: roads, limit: 2).map(\.id) == Array(roadsIDs.prefix(2)))
            #expect(try await desk.overrides(of: nil, liveOnly: liveOnly, department: parks, limit: 2).map(\.id) == Array(parksIDs.prefix(2)))
            #expect(try await desk.overrides(of: d, liveOnly: liveOnly, department: roads, limit: 5).isEmpty)
            #expect(try await desk.overrides(of: nil, liveOnly: liveOnly, department: nil, limit: 4).map(\.id) == Array(parksIDs.prefix(4)))
        }
        // Live only leaves out the ended and the expired before the limit, too.
        _ = try await desk.cancelOverride(roadsIDs[0], by: police)
        #expect(try await desk.overrides(of: nil, liveOnly: true, department: roads, limit: 3).map(\.id) == Array(roadsIDs.dropFirst()))
        #expect(try await desk.overrides(of: nil, liveOnly: false, department: roads, limit: 3).map(\.id) == roadsIDs)
        clock.advance(by: 30 * 60)
        #expect(try await desk.overrides(of: nil, liveOnly: true, department: nil, limit: 10).isEmpty)
        #expect(try await desk.overrides(of: nil, liveOnly: false, department: nil, limit: 10).count == 8)
    }
}
