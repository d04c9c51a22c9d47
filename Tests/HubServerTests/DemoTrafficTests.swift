import Foundation
import HubKit
@testable import HubServer
import HubTestSupport
import Testing
import Traffic

/// The demo's signalised intersections: the site file the seeder writes imports through the real site import, the
/// junctions lie on the district's land along Zhongshan Road, every timing passes the plan check, and a loaded demo
/// holds them with their plans, cameras and the morning's violations.
@Suite struct DemoTrafficTests {
    static func cameras() -> [String: [DemoTraffic.Camera]] {
        DemoTraffic.nearestCameras(DemoDistrict.geography().features)
    }

    @Test func siteFile_imports_onLand_alongZhongshanRoad_withValidTimings() throws {
        let cameras = Self.cameras()
        let data = try DemoTrafficSite.document(cameras: cameras.mapValues { $0.map(\.id) })
        let xs = try SiteImport.intersections(from: data)
        #expect(xs.map(\.id.rawValue) == ["ZS01", "ZS02", "ZS03", "ZS04", "ZS05", "ZS06"])
        let road = DemoDistrictFeatures.roads.filter { $0.name.hasPrefix("中山") }.flatMap(\.path)
        for (index, x) in xs.enumerated() {
            let location = try #require(x.location)
            let p = DemoPeninsula.projection.project(location)
            #expect(DemoPeninsula.isLand(x: p.x, y: p.y), "\(x.id)")
            let nearest = road.map { (($0.x - p.x) * ($0.x - p.x) + ($0.y - p.y) * ($0.y - p.y)).squareRoot() }.min() ?? .infinity
            #expect(nearest < 60, "\(x.id) is \(nearest) m from Zhongshan Road")
            #expect(x.department == "traffic-police" && x.stages.count == 3 && x.signalCount == 14 && x.movements.count == 14)
            #expect(x.interGreens.count == 6)
            #expect(x.cameras?.count == DemoTraffic.camerasPerJunction)
            try PlanCheck.check(DemoTraffic.timing(index), for: x)
        }
        // Neighbours share their corridor edge: what leaves one junction eastward enters the next.
        for (a, b) in zip(xs, xs.dropFirst()) {
            let out = Set(a.lanes.filter { $0.role == .outgoing }.map(\.id))
            let into = Set(b.lanes.filter { $0.role == .incoming }.map(\.id))
            #expect(out.intersection(into) == ["\(a.id)-\(b.id)_0", "\(a.id)-\(b.id)_1"])
            // ... and is its own feeder there when the neighbour is close enough for the hub's exit history: a dark
            // detector on it is fed by the neighbour's exit loop.
            let corridor = b.lanes.filter { $0.approach == "\(a.id)-\(b.id)" } + a.lanes.filter { $0.approach == "\(b.id)-\(a.id)" }
            #expect(corridor.count == 4)
            for lane in corridor {
                let length = try #require(lane.length)
                let expected = (max(0, length - 200) / 13.89 * 10).rounded() / 10
                if expected < Double(ExitCounts.depth) {
                    #expect(lane.feeders == [Feeder(lane: lane.id, seconds: expected)], "\(lane.id)")
                } else {
                    #expect(lane.feeders == nil, "\(lane.id)")
                }
            }
        }
        // Roads from outside the corridor have no feeder; corridor lanes close enough do.
        #expect(xs.flatMap(\.lanes).allSatisfy { $0.feeders == nil || $0.approach.hasPrefix("ZS0") && $0.approach.count == 9 })
        #expect(!xs.flatMap(\.lanes).filter { $0.feeders != nil }.isEmpty)   // the east end, 400 m apart
        let timing = DemoTraffic.timing(3)
        #expect(timing.entry(atMinute: 7 * 60 + 30).controller == .maxPressure)
        #expect(timing.entry(atMinute: 3 * 60).plan == "night")
        #expect(timing.entry(atMinute: 18 * 60).controller == .webster)
        #expect(DemoTraffic.violations(cameras: cameras, now: Date()).map(\.kind)
                == [.illegalLaneChange, .queueJumping, .illegalLaneChange, .illegalParking])
    }

    /// Called by `DemoTests` on the demo it loaded (one load per engine for both).
    static func checkLoaded(_ hub: TestHub) async throws {
        let desk = hub.services.traffic
        let xs = try await desk.intersections()
        #expect(xs.count == DemoTrafficSite.junctions.count)
        for x in xs {
            let timing = try await desk.timing(x.id)
            #expect(timing.plans.map(\.id) == ["night", "day", "peak"] && timing.schedule.count == 7)
        }
        let violations = try await desk.violations(limit: 10)
        #expect(violations.count == 4)
        #expect(violations.filter { $0.kind == .illegalParking }.allSatisfy { $0.caseID != nil })
        let cameraIDs = Set(xs.flatMap { $0.cameras ?? [] })
        #expect(violations.allSatisfy { cameraIDs.contains($0.camera) })
        let kinds = try await hub.services.database.read { sql in try await Journal.events(after: 0, limit: 100_000, on: sql) }
            .map(\.kind).filter { $0.hasPrefix("traffic.") }
        #expect(kinds.first == "traffic.imported")
        #expect(kinds.filter { $0 == "traffic.timing.changed" }.count == xs.count)
    }
}
