import Foundation
import HubKit
import Testing
@testable import Traffic

/// Camera reports and early congestion: what is refused, and the hysteresis of the congestion state.
@Suite struct CameraRulesTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    @Test func violationReports_areChecked() {
        let place = GeoPoint(lon: 106.5705, lat: 29.5605)
        func field(_ r: ViolationRules.Report) -> String? {
            do {
                _ = try ViolationRules.make(r, id: "v", now: Self.now)
                return nil
            } catch {
                if case .invalidViolation(let field, _) = error { return field }
                return "?"
            }
        }
        #expect(field(.init(kind: .queueJumping, camera: "cam-01", location: place, observedAt: Self.now)) == nil)
        #expect(field(.init(kind: .queueJumping, camera: "", location: place, observedAt: Self.now)) == "camera")
        #expect(field(.init(kind: .queueJumping, camera: "cam 01", location: place, observedAt: Self.now)) == "camera")
        #expect(field(.init(kind: .illegalParking, camera: "c", location: GeoPoint(lon: 200, lat: 0), observedAt: Self.now)) == "location")
        #expect(field(.init(kind: .illegalParking, camera: "c", location: place, licensePlate: "", observedAt: Self.now)) == "licensePlate")
        #expect(field(.init(kind: .illegalLaneChange, camera: "c", location: place, observedAt: Self.now.addingTimeInterval(3600))) == "observedAt")
    }

    @Test func congestion_needsItsHoldTime_andClearsWithHysteresis() {
        var detector = CongestionDetector()
        let jam = [DetectorReading(vehicles: 14, halting: 12, occupancy: 0.8), DetectorReading(vehicles: 10, halting: 9, occupancy: 0.7)]
        let middling = [DetectorReading(vehicles: 5, halting: 4, occupancy: 0.45)]
        let free = [DetectorReading(vehicles: 2, halting: 0, occupancy: 0.1)]
        var changes: [(Double, CongestionDetector.Change)] = []
        func feed(_ readings: [DetectorReading], from: Int, to: Int) {
            for t in from..<to {
                if let change = detector.update(readings, now: Double(t)) { changes.append((Double(t), change)) }
            }
        }
        feed(jam, from: 0, to: 30)            // 30 s of jam: not yet
        feed(middling, from: 30, to: 40)      // a break resets the count
        feed(jam, from: 40, to: 120)          // 60 s of jam from t = 40: detected at 100
        feed(middling, from: 120, to: 300)    // between the thresholds: stays congested
        feed(free, from: 300, to: 400)        // 60 s free from 300: cleared at 360
        feed([], from: 400, to: 500)          // no data changes nothing
        #expect(changes.map(\.0) == [100, 360])
        #expect(changes.map(\.1) == [.detected, .cleared])
        #expect(!detector.congested)
    }
}
