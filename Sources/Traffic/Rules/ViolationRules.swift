import Foundation
import HubKit

/// Checks what a camera reports before it is recorded.
public enum ViolationRules {
    /// A camera's report.
    public struct Report: Sendable, Decodable {
        public var kind: ViolationKind
        public var camera: String
        public var intersection: String?
        public var location: GeoPoint
        public var licensePlate: String?
        public var observedAt: Date
        public var evidence: String?

        public init(kind: ViolationKind, camera: String, intersection: String? = nil, location: GeoPoint,
                    licensePlate: String? = nil, observedAt: Date, evidence: String? = nil) {
            self.kind = kind
            self.camera = camera
            self.intersection = intersection
            self.location = location
            self.licensePlate = licensePlate
            self.observedAt = observedAt
            self.evidence = evidence
        }
    }

    /// How far in the future a camera's clock may run (seconds) before its report is refused.
    public static let clockSkew: TimeInterval = 300

    public static func make(_ r: Report, id: String, now: Date) throws(TrafficProblem) -> Violation {
        guard TrafficName.isValid(r.camera) else { throw .invalidViolation(field: "camera", reason: "1–64 of letters, digits, _ - . : #") }
        var intersection: IntersectionID?
        if let raw = r.intersection {
            guard let id = IntersectionID(rawValue: raw) else { throw .invalidViolation(field: "intersection", reason: "not an id") }
            intersection = id
        }
        guard (-180...180).contains(r.location.lon), (-90...90).contains(r.location.lat) else {
            throw .invalidViolation(field: "location", reason: "lon −180…180, lat −90…90")
        }
        if let plate = r.licensePlate, plate.isEmpty || plate.count > 16 {
            throw .invalidViolation(field: "licensePlate", reason: "1–16 characters")
        }
        if let evidence = r.evidence, evidence.count > 500 { throw .invalidViolation(field: "evidence", reason: "at most 500 characters") }
        guard r.observedAt.timeIntervalSince(now) <= clockSkew else {
            throw .invalidViolation(field: "observedAt", reason: "in the future")
        }
        return Violation(id: id, kind: r.kind, camera: r.camera, intersection: intersection, location: r.location,
                         licensePlate: r.licensePlate, observedAt: r.observedAt, recordedAt: now, evidence: r.evidence,
                         caseID: nil)
    }
}
