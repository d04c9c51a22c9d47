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

    /// Journals a change of an intersection's congestion state (`traffic.congestion.detected` / `.cleared`).
    public func recordCongestion(_ id: IntersectionID, change: CongestionDetector.Change, occupancy: Double,
                                 halting: Double, gateway: String) async throws {
        let clock = self.clock
        let department = try await database.read { sql in try await store.intersection(id, on: sql)?.department }
        _ = try await database.write { tx in
            try await Journal.append(try NewEvent(kind: "traffic.congestion.\(change.rawValue)", subject: "intersection:\(id)",
                                                  actor: "gateway:\(gateway)", department: department,
                                                  payload: TrafficEvents.Congestion(intersection: id.rawValue, occupancy: occupancy,
                                                                                    halting: halting)),
                                     in: tx, clock: clock)
        }
    }
}
