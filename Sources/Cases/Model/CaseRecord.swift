import Foundation
import HubKit

/// Where a case is in the loop. `fixReported` is 处置完毕待核查; `merged` means it became part of another case.
public enum CaseState: String, Sendable, Hashable, Codable, CaseIterable {
    case reported, accepted, rejected, filed, dispatched, handling, returned
    case fixReported = "fix_reported"
    case verified, closed, shelved, merged

    /// States in which the case is still being worked on (open for duplicates, deadlines and inboxes).
    public var isOpen: Bool {
        switch self {
        case .rejected, .closed, .merged: false
        default: true
        }
    }
}

/// Who or what reported the problem.
public enum ReportSource: String, Sendable, Hashable, Codable, CaseIterable {
    /// A city inspector (监督员) in the field.
    case inspector
    /// Video analytics on a camera.
    case camera
    /// A citizen, through an app or the hotline.
    case citizen
    /// A sensor alarm (waterlogging, …) through the telemetry slice.
    case sensor
}

/// A photo attached to a case, stored by its SHA-256 under the data directory.
public struct PhotoEvidence: Sendable, Hashable, Codable {
    public enum Purpose: String, Sendable, Hashable, Codable { case report, fix, verify }
    /// Where `takenAt` and `location` came from.
    public enum Origin: String, Sendable, Hashable, Codable { case exif, device, none }

    public var sha256: String
    public var mediaType: String
    public var purpose: Purpose
    public var takenAt: Date?
    public var location: GeoPoint?
    public var origin: Origin
    public var uploadedAt: Date
    public var uploadedBy: String

    public init(sha256: String, mediaType: String, purpose: Purpose, takenAt: Date?, location: GeoPoint?,
                origin: Origin, uploadedAt: Date, uploadedBy: String) {
        self.sha256 = sha256
        self.mediaType = mediaType
        self.purpose = purpose
        self.takenAt = takenAt
        self.location = location
        self.origin = origin
        self.uploadedAt = uploadedAt
        self.uploadedBy = uploadedBy
    }
}

/// One case (案件) as the store keeps it. `version` rises by one with every transition; a change made against
/// an older version is refused (409), so two people cannot overwrite each other.
public struct CaseRecord: Sendable, Hashable, Codable {
    public var id: CaseID
    public var version: Int
    public var state: CaseState
    public var source: ReportSource
    /// The reporting actor (`user:<id>`, `camera:<id>`, `apikey:<id>`).
    public var reporter: String
    public var reportedAt: Date
    public var location: GeoPoint
    public var address: String?
    public var description: String
    public var category: CategoryCode?
    public var grid: GridCode?
    /// The department now responsible (after dispatch).
    public var department: DepartmentID?
    /// What the responsibility table suggested at dispatch.
    public var suggestedDepartment: DepartmentID?
    public var dispatchOverrideReason: String?
    public var filedAt: Date?
    public var dispatchedAt: Date?
    public var fixReportedAt: Date?
    public var verifiedAt: Date?
    public var closedAt: Date?
    /// When the current stage started and when it is due (nil: no limit).
    public var stage: CaseStage?
    public var stageStartedAt: Date?
    public var dueAt: Date?
    /// The handling deadline set at first dispatch; rework keeps it.
    public var handleDueAt: Date?
    /// When 75 % of the current stage's working time has passed (the warning instant).
    public var warnAt: Date?
    /// Set once the 75 % warning of the current stage went out; cleared when a new stage starts.
    public var warnedAt: Date?
    /// Set once the current stage went overdue (督办 sent).
    public var overdueAt: Date?
    /// The case was overdue at some stage.
    public var everOverdue: Bool
    public var reworkCount: Int
    public var returnCount: Int
    public var dispatchCount: Int
    public var extensionCount: Int
    /// A pending extension request: new due time asked for, and why.
    public var extensionRequestedUntil: Date?
    public var extensionReason: String?
    public var shelvedReason: String?
    /// The state a shelved case returns to.
    public var shelvedFrom: CaseState?
    public var rejectedReason: String?
    public var mergedInto: CaseID?
    /// Possible duplicates found at intake: open cases nearby, with distances in metres.
    public var duplicateCandidates: [DuplicateCandidate]
    /// Camera intake: the event's confidence (0…1) and whether it waits for a person.
    public var confidence: Double?
    public var awaitingReview: Bool

    public init(id: CaseID, state: CaseState = .reported, source: ReportSource, reporter: String, reportedAt: Date,
                location: GeoPoint, address: String? = nil, description: String, category: CategoryCode? = nil,
                grid: GridCode? = nil) {
        self.id = id
        version = 1
        self.state = state
        self.source = source
        self.reporter = reporter
        self.reportedAt = reportedAt
        self.location = location
        self.address = address
        self.description = description
        self.category = category
        self.grid = grid
        everOverdue = false
        reworkCount = 0
        returnCount = 0
        dispatchCount = 0
        extensionCount = 0
        duplicateCandidates = []
        awaitingReview = false
    }

    public var street: StreetCode? { grid?.street }

    /// The next instant the deadline watcher must look at this case: the warning if not yet sent, else the
    /// deadline if not yet passed; nil when nothing is pending.
    public var nextAlertAt: Date? {
        guard state.isOpen, state != .shelved, let due = dueAt else { return nil }
        if warnedAt == nil, let warn = warnAt, warn < due { return warn }
        return overdueAt == nil ? due : nil
    }
}

/// An open case that a new report may repeat, with how far apart they are.
public struct DuplicateCandidate: Sendable, Hashable, Codable {
    public var caseID: CaseID
    public var distanceMetres: Double
    public var hoursApart: Double

    public init(caseID: CaseID, distanceMetres: Double, hoursApart: Double) {
        self.caseID = caseID
        self.distanceMetres = distanceMetres
        self.hoursApart = hoursApart
    }
}
