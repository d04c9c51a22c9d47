import Duty
import Foundation
import HubKit
@testable import HubServer
import HubTestSupport
import Testing

/// The demo district loads on both engines, meets the mission's figures and loads only once.
@Suite struct DemoTests {
    @Test(arguments: TestDatabases.engines)
    func demo_loadsOnce_withTheMissionFigures(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        let seeder = DemoSeeder(services: hub.services)
        #expect(try await seeder.load(logger: TestDatabases.logger))
        let counts = try await hub.services.geography.store.counts()
        #expect(counts.streets >= 10)
        #expect(counts.communities >= 50)
        #expect(counts.grids >= 1_500)
        let cameras = try await hub.services.geography.store.features(kind: .camera)
        #expect(cameras.count == 3_000)
        #expect(try await hub.services.geography.store.features(kind: .ferryPoint).count == 27)
        let users = try await hub.services.accounts.store.users()
        #expect(Set(users.map(\.role)) == Set(Role.allCases.filter { !$0.isMachine }))
        // Every unit and the city level have someone on duty now, and a call climbs to the city.
        for unit in ["command-centre", "street-001", "drainage", "forestry", "city"].compactMap(DepartmentID.init) {
            let now = try await hub.services.duty.onDuty(unit, at: hub.clock.now)
            #expect(now.shift != nil, "\(unit)")
        }
        let chain = try await hub.services.duty.chain(for: DepartmentID(rawValue: "street-001")!)
        #expect(chain.map(\.unit.rawValue) == ["street-001", "command-centre", "city"])
        try await DemoTrafficTests.checkLoaded(hub)
        let head = try await hub.journalHead()
        #expect(try await seeder.load(logger: TestDatabases.logger) == false)
        #expect(try await hub.journalHead() == head)

        let index = hub.services.geography.snapshot.index
        let located = cameras.filter {
            if case .point(let p) = $0.geometry { return index.grid(containing: p) != nil }
            return false
        }
        #expect(located.count == cameras.count)
        await hub.services.stop()
    }

    @Test func demoDistrict_isDeterministic_andValid() {
        let a = DemoDistrict.geography(), b = DemoDistrict.geography()
        #expect(a.grids == b.grids)
        #expect(a.features == b.features)
        let area = a.grids.reduce(0) { $0 + $1.areaSquareMetres }
        #expect((17_000_000...23_000_000).contains(area))
        for grid in a.grids.prefix(200) { #expect(PolygonValidator.validate(grid.boundary).isEmpty) }
        #expect(GeographyImportPlan.overlappingPairs(new: a.grids, existing: []).isEmpty)
    }
}
