import Foundation
import HubKit

/// A report as inspectors and apps send it. Every member is optional in the type so that a report missing
/// several things is refused once, naming all of them. Shaped to map onto Open311 GeoReport v2:
/// `category` ↔ `service_code`, `location` ↔ `lat`/`long`, `description`, `address` ↔ `address_string`,
/// `photos[0]` ↔ `media_url`.
public struct ReportInput: Sendable, Codable {
    public var category: String?
    public var location: GeoPoint?
    public var description: String?
    public var address: String?
    public var photos: [PhotoReference]?

    public init(category: String? = nil, location: GeoPoint? = nil, description: String? = nil, address: String? = nil,
                photos: [PhotoReference]? = nil) {
        self.category = category
        self.location = location
        self.description = description
        self.address = address
        self.photos = photos
    }
}

/// A photo uploaded before (by its SHA-256), with the time and place the device says it was taken — used
/// only when the photo's own EXIF has none.
public struct PhotoReference: Sendable, Codable, Hashable {
    public var sha256: String
    public var takenAt: Date?
    public var location: GeoPoint?

    public init(sha256: String, takenAt: Date? = nil, location: GeoPoint? = nil) {
        self.sha256 = sha256
        self.takenAt = takenAt
        self.location = location
    }
}

/// A video-analytics detection from a camera.
public struct CameraEventInput: Sendable, Codable {
    public var camera: String?
    public var category: String?
    /// 0…1.
    public var confidence: Double?
    public var at: Date?
    /// The snapshot, uploaded before as a photo.
    public var snapshot: String?
    /// Where the problem is, when the camera's own position is not precise enough.
    public var location: GeoPoint?

    public init(camera: String?, category: String?, confidence: Double?, at: Date? = nil, snapshot: String? = nil,
                location: GeoPoint? = nil) {
        self.camera = camera
        self.category = category
        self.confidence = confidence
        self.at = at
        self.snapshot = snapshot
        self.location = location
    }
}

/// The rules of intake, without I/O.
public enum Intake {
    /// Every problem with a person's report at once: missing category, location or photo, an unknown
    /// category, a position out of range, a description too long.
    /// `photoRequired` is false only for devices (a sensor alarm has a measurement, not a photo).
    public static func check(_ input: ReportInput, categoryExists: (CategoryCode) -> Bool,
                             photoRequired: Bool = true) throws(CaseProblem) -> (CategoryCode, GeoPoint) {
        var missing: [String] = []
        if (input.category ?? "").isEmpty { missing.append("category") }
        if input.location == nil { missing.append("location") }
        if photoRequired, (input.photos ?? []).isEmpty { missing.append("photos") }
        guard missing.isEmpty, let raw = input.category, let location = input.location else { throw .missingFields(missing) }
        guard let code = CategoryCode(rawValue: raw), categoryExists(code) else { throw .unknownCategory(raw) }
        guard location.lon.isFinite, location.lat.isFinite, (-180...180).contains(location.lon), (-90...90).contains(location.lat) else {
            throw .missingFields(["location (lon −180…180, lat −90…90)"])
        }
        if (input.description ?? "").count > 2_000 { throw .missingFields(["description (at most 2,000 characters)"]) }
        return (code, location)
    }

    /// Every problem with a camera event at once: missing camera, category, confidence, or a location (its own or
    /// the camera's); then a confidence outside 0…1 or an unknown category.
    public static func check(_ input: CameraEventInput, cameraLocation: GeoPoint?,
                             categoryExists: (CategoryCode) -> Bool) throws(CaseProblem)
        -> (camera: String, category: CategoryCode, confidence: Double, location: GeoPoint) {
        var missing: [String] = []
        if (input.camera ?? "").isEmpty { missing.append("camera") }
        if (input.category ?? "").isEmpty { missing.append("category") }
        if input.confidence == nil { missing.append("confidence") }
        if input.location == nil && cameraLocation == nil { missing.append("location") }
        guard missing.isEmpty, let camera = input.camera, let raw = input.category, let confidence = input.confidence,
              let location = input.location ?? cameraLocation else { throw .missingFields(missing) }
        guard (0...1).contains(confidence) else { throw .missingFields(["confidence (0…1)"]) }
        guard let code = CategoryCode(rawValue: raw), categoryExists(code) else { throw .unknownCategory(raw) }
        return (camera, code, confidence, location)
    }

    /// What to do with a camera event given the last folded report of the same camera and category.
    public enum CameraDecision: Sendable, Equatable {
        /// Fold into the existing open report.
        case fold(CaseID)
        /// A new report that waits for a person (below the category's confidence threshold).
        case queue
        /// A new report that is accepted and filed automatically.
        case file
    }

    public static func decide(confidence: Double, category: Category, at time: Date,
                              lastFold: (caseID: CaseID, at: Date, open: Bool)?, foldWindowMinutes: Double = 10) -> CameraDecision {
        if let last = lastFold, last.open, time.timeIntervalSince(last.at) <= foldWindowMinutes * 60 {
            return .fold(last.caseID)
        }
        return confidence >= category.cameraConfidenceThreshold ? .file : .queue
    }
}
