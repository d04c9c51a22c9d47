import Foundation
import HubKit

/// What a traffic camera caught.
public enum ViolationKind: String, Sendable, Hashable, Codable, CaseIterable {
    case illegalLaneChange
    case queueJumping
    case illegalParking
}

/// A violation a camera recorded, with the case it opened (illegal parking only).
///
/// `licensePlate` is personal data: the ledger stores it only as an HMAC (`licenseplate` is a personal key there).
public struct Violation: Sendable, Hashable, Codable {
    public var id: String
    public var kind: ViolationKind
    public var camera: String
    public var intersection: IntersectionID?
    public var location: GeoPoint
    public var licensePlate: String?
    public var observedAt: Date
    public var recordedAt: Date
    /// Where the evidence (picture, clip) is kept, as the camera system names it.
    public var evidence: String?
    public var caseID: String?
}
