import Foundation
import HubKit

/// Camera violations and congestion, on the traffic desk.
extension TrafficDesk {
    /// The case-loop category an illegal-parking violation opens (机动车乱停放).
    public static let illegalParkingCategory = "E0504"

    /// Records a violation with its `traffic.violation.recorded` event; illegal parking then opens a case (one per
    /// violation) and the link is recorded with `traffic.violation.case`. A case that cannot be opened (no case
    /// loop connected, a place outside every grid) leaves the violation recorded without one.
    public func recordViolation(_ report: ViolationRules.Report, by actor: String) async throws -> Violation {
        var v = try ViolationRules.make(report, id: "vio_\(UUID().uuidString.lowercased().prefix(12))", now: now)
        let store = self.store, clock = self.clock
        let recorded = v
        try await database.write { tx in
            try await store.insert(recorded, in: tx)
            try await Journal.append(try NewEvent(kind: "traffic.violation.recorded", subject: "violation:\(recorded.id)",
                                                  actor: actor, payload: recorded),
                                     in: tx, clock: clock)
        }
        guard v.kind == .illegalParking, let opening = hooks.caseOpening else { return v }
        let place = v.intersection.map { " · 路口 \($0)" } ?? ""
        let opened = try await opening.openCase(CaseOpeningRequest(
            origin: "violation:\(v.id)", category: Self.illegalParkingCategory, location: v.location,
            description: "摄像机 \(v.camera) 抓拍机动车违法停放\(place) / Camera \(v.camera) caught an illegally parked vehicle",
            actor: "system:traffic"))
        v.caseID = opened.caseID
        let linked = v
        try await database.write { tx in
            try await store.setCase(linked, in: tx)
            try await Journal.append(try NewEvent(kind: "traffic.violation.case", subject: "violation:\(linked.id)",
                                                  actor: TrafficEvents.actor,
                                                  payload: ["violation": linked.id, "case": opened.caseID]),
                                     in: tx, clock: clock)
        }
        return v
    }

    public func violations(limit: Int) async throws -> [Violation] {
        try await database.read { sql in try await store.violations(limit: limit, on: sql) }
    }

    /// Journals a change of an intersection's congestion state (`traffic.congestion.detected` / `.cleared`) and, in
    /// the same transaction, raises or clears its congestion alarm (when an `AlarmRaising` is connected). The alarm
    /// belongs to the intersection's department, else to `settings.alarmDepartment`; its value is the measure that
    /// raised the congestion (`byQueue`: the queue, else the occupancy), on clearing too.
    public func recordCongestion(_ id: IntersectionID, change: CongestionDetector.Change, measure: CongestionDetector.Measure,
                                 byQueue: Bool, gateway: String) async throws {
        let occupancy = measure.occupancy, halting = measure.halting
        let clock = self.clock, store = self.store, alarms = hooks.alarmRaising
        let owner = settings.alarmDepartment
        _ = try await database.write { tx in
            let x = try await store.intersection(id, on: tx.sql)
            let actor = "gateway:\(gateway)"
            try await Journal.append(try NewEvent(kind: "traffic.congestion.\(change.rawValue)", subject: "intersection:\(id)",
                                                  actor: actor, department: x?.department,
                                                  payload: TrafficEvents.Congestion(intersection: id.rawValue, approach: measure.approach,
                                                                                    occupancy: occupancy, halting: halting)),
                                     in: tx, clock: clock)
            guard let alarms else { return }
            let reason = Self.congestionReason(id, name: x?.name, change: change, measure: measure)
            switch change {
            case .detected:
                let department = x?.department.flatMap(DepartmentID.init(rawValue:)) ?? owner
                _ = try await alarms.raise(AlarmRaiseRequest(kind: .trafficCongestion, source: "intersection:\(id)",
                                                             department: department, level: .yellow, value: measure.value(byQueue: byQueue),
                                                             threshold: CongestionDetector.Settings().onThreshold(byQueue: byQueue),
                                                             measure: byQueue ? .count : .share, reason: reason, actor: actor),
                                           in: tx)
            case .cleared:
                _ = try await alarms.clear(kind: .trafficCongestion, source: "intersection:\(id)", value: measure.value(byQueue: byQueue),
                                           reason: reason, actor: actor, in: tx)
            }
        }
    }

    static func congestionReason(_ id: IntersectionID, name: String?, change: CongestionDetector.Change,
                                 measure: CongestionDetector.Measure) -> LocalizedText {
        let place = name.map { "\($0)（\(id)）" } ?? id.rawValue
        let placeEn = name.map { "\($0) (\(id))" } ?? id.rawValue
        let percent = Int((measure.occupancy * 100).rounded())
        let queue = String(format: "%.1f", measure.halting)
        switch change {
        case .detected:
            return LocalizedText(zh: "路口 \(place) 拥堵：进口 \(measure.approach) 各车道平均占有率 \(percent)%，平均排队 \(queue) 辆",
                                 en: "Intersection \(placeEn) congested: approach \(measure.approach) lanes \(percent) % occupied, \(queue) vehicles queued per lane")
        case .cleared:
            return LocalizedText(zh: "路口 \(place) 拥堵已消散：最繁忙的进口 \(measure.approach) 占有率 \(percent)%",
                                 en: "Intersection \(placeEn) no longer congested: its busiest approach, \(measure.approach), \(percent) % occupied")
        }
    }
}
