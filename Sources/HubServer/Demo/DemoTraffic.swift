import Foundation
import HubKit
import Traffic

/// Loads the demo's signalised intersections (`DemoTrafficSite`) through the site import, their plans and
/// time-of-day schedules, and a few camera violations of the morning — one illegally parked car, which opens a case.
struct DemoTraffic {
    let services: HubServices

    /// Cameras tied to each junction: the two traffic cameras of the geography nearest to it.
    static let camerasPerJunction = 2

    func load(features: [MapFeature]) async throws {
        let desk = services.traffic
        let cameras = Self.nearestCameras(features)
        let data = try DemoTrafficSite.document(cameras: cameras.mapValues { $0.map(\.id) })
        let intersections = try SiteImport.intersections(from: data)
        _ = try await desk.importIntersections(intersections, format: "site", data: data, by: "system")
        for (index, x) in intersections.enumerated() {
            _ = try await desk.putTiming(Self.timing(index), for: x.id, by: "system")
        }
        let now = services.clock.now()
        for report in Self.violations(cameras: cameras, now: now) {
            _ = try await desk.recordViolation(report, by: "system")
        }
    }

    struct Camera {
        let id: String
        let location: GeoPoint
    }

    /// The nearest traffic (not video) cameras to each junction, nearest first.
    static func nearestCameras(_ features: [MapFeature]) -> [String: [Camera]] {
        let projection = DemoPeninsula.projection
        let all: [(Camera, SIMD2<Double>)] = features.compactMap { f in
            guard f.kind == .camera, f.properties["type"] == "traffic", case .point(let p) = f.geometry else { return nil }
            let xy = projection.project(p)
            return (Camera(id: f.id, location: p), SIMD2(xy.x, xy.y))
        }
        var result: [String: [Camera]] = [:]
        for j in DemoTrafficSite.junctions {
            let centre = DemoTrafficSite.local(j)
            let sorted = all.sorted { a, b in
                let da = a.1 - centre, db = b.1 - centre
                return (da.x * da.x + da.y * da.y, a.0.id) < (db.x * db.x + db.y * db.y, b.0.id)
            }
            result[j.id] = sorted.prefix(camerasPerJunction).map(\.0)
        }
        return result
    }

    /// Plans and schedule of junction `index`: a night plan (60 s), a coordinated day plan (90 s) and a peak plan
    /// (120 s) whose offsets make an eastbound green wave at 45 km/h; max-pressure in the morning peak, Webster
    /// (starting from the peak plan) in the evening one, the day plan between and the night plan from 22:30.
    static func timing(_ index: Int) -> TimingSetup {
        var distance = 0.0
        for i in 0..<index {
            let d = DemoTrafficSite.local(DemoTrafficSite.junctions[i + 1]) - DemoTrafficSite.local(DemoTrafficSite.junctions[i])
            distance += (d.x * d.x + d.y * d.y).squareRoot()
        }
        let travel = distance / 12.5
        func offset(_ cycle: Double) -> Double { travel.truncatingRemainder(dividingBy: cycle).rounded(.down) }
        let plans = [
            SignalPlan(id: "night", cycle: 60, splits: [22, 8, 15], offset: 0),
            SignalPlan(id: "day", cycle: 90, splits: [38, 14, 23], offset: offset(90)),
            SignalPlan(id: "peak", cycle: 120, splits: [55, 20, 30], offset: offset(120)),
        ]
        let schedule = [
            ScheduleEntry(start: "00:00", controller: .fixed, plan: "night"),
            ScheduleEntry(start: "06:30", controller: .fixed, plan: "day"),
            ScheduleEntry(start: "07:00", controller: .maxPressure),
            ScheduleEntry(start: "09:00", controller: .fixed, plan: "day"),
            ScheduleEntry(start: "17:00", controller: .webster, plan: "peak"),
            ScheduleEntry(start: "19:30", controller: .fixed, plan: "day"),
            ScheduleEntry(start: "22:30", controller: .fixed, plan: "night"),
        ]
        return TimingSetup(plans: plans, schedule: schedule)
    }

    /// The morning's camera catches: two illegal lane changes, a queue jump and an illegally parked car.
    static func violations(cameras: [String: [Camera]], now: Date) -> [ViolationRules.Report] {
        func report(_ kind: ViolationKind, _ junction: String, minutesAgo: Double, plate: String) -> ViolationRules.Report? {
            guard let camera = cameras[junction]?.first else { return nil }
            let at = now.addingTimeInterval(-minutesAgo * 60)
            let stamp = Int(at.timeIntervalSince1970)
            return ViolationRules.Report(kind: kind, camera: camera.id, intersection: junction, location: camera.location,
                                         licensePlate: plate, observedAt: at, evidence: "\(camera.id)/\(stamp).jpg")
        }
        return [
            report(.illegalLaneChange, "ZS02", minutesAgo: 180, plate: "渝A3K721"),
            report(.queueJumping, "ZS04", minutesAgo: 95, plate: "渝BM2086"),
            report(.illegalLaneChange, "ZS06", minutesAgo: 40, plate: "渝A9D330"),
            report(.illegalParking, "ZS05", minutesAgo: 25, plate: "渝A7Q512"),
        ].compactMap { $0 }
    }
}
