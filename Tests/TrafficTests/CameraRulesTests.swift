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
                if let change = detector.update(["N": readings], now: Double(t)) { changes.append((Double(t), change)) }
            }
        }
        feed(jam, from: 0, to: 30)            // 30 s of jam: not yet
        feed(middling, from: 30, to: 60)      // a break longer than the grace (20 s) restarts the count
        feed(jam, from: 60, to: 140)          // 60 s of jam from t = 60: detected at 120
        feed(middling, from: 140, to: 300)    // between the thresholds: stays congested
        feed(free, from: 300, to: 400)        // 60 s free from 300: cleared at 360
        feed([], from: 400, to: 500)          // no data changes nothing
        #expect(changes.map(\.0) == [120, 360])
        #expect(changes.map(\.1) == [.detected, .cleared])
        #expect(!detector.congested)
    }

    @Test func congestion_atASignal_survivesTheGreensThatDrainPartOfTheQueue() {
        var detector = CongestionDetector()
        let jam = [DetectorReading(vehicles: 12, halting: 10, occupancy: 0.5)]
        let draining = [DetectorReading(vehicles: 8, halting: 5, occupancy: 0.4)]
        var detectedAt: Double?
        // A 40 s cycle: 28 s of standing queue, then a 12 s green that drains it below the thresholds.
        for t in 0..<200 where detectedAt == nil {
            let readings = t % 40 < 28 ? jam : draining
            if detector.update(["N": readings], now: Double(t)) == .detected { detectedAt = Double(t) }
        }
        #expect(detectedAt == 60)                 // 60 s after the jam began, through two greens
        // A single 25 s spike of queue, then free flow: never an alarm.
        var spike = CongestionDetector()
        let free = [DetectorReading(vehicles: 1, halting: 0, occupancy: 0.05)]
        let changes = (0..<300).compactMap { t in spike.update(["N": t >= 100 && t < 125 ? jam : free], now: Double(t)) }
        #expect(changes.isEmpty)
    }

    @Test func congestion_isJudgedByTheWorstApproach_notTheMeanOfAllLanes() {
        var detector = CongestionDetector()
        let queue = [DetectorReading(vehicles: 14, halting: 13, occupancy: 0.55), DetectorReading(vehicles: 12, halting: 11, occupancy: 0.5)]
        let empty = [DetectorReading(vehicles: 1, halting: 0, occupancy: 0.05), DetectorReading(vehicles: 0, halting: 0, occupancy: 0)]
        // East backs up (12 halting per lane); north, south and west are nearly empty: a mean over all eight lanes would be 3.
        let status = ["E": queue, "N": empty, "S": empty, "W": empty]
        let changes = (0...60).compactMap { t in detector.update(status, now: Double(t)) }
        #expect(changes == [.detected])
        #expect(detector.worst?.approach == "E" && detector.worst?.halting == 12)
        #expect(detector.raisedByQueue, "12 halting against 8; occupancy 0.525 under 0.6")
        // It clears only once every approach is below the lower thresholds for the hold time.
        let easing = ["E": [DetectorReading(vehicles: 5, halting: 4, occupancy: 0.2)], "N": empty]
        #expect((61...200).compactMap { t in detector.update(easing, now: Double(t)) }.isEmpty)
        #expect((201...261).compactMap { t in detector.update(["E": empty, "N": empty], now: Double(t)) } == [.cleared])
    }
}
