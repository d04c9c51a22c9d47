import Foundation
import HubKit

/// Finds open cases a new report may repeat: same category, within the category's radius and time window.
public enum DuplicateFinder {
    /// A report names at most this many candidates, the nearest ones; more add nothing for the operator.
    public static let maximumCandidates = 10

    /// Candidates nearest first. `open` should already be narrowed to open cases of the category near the
    /// point (the store does that with an index); this applies the exact rules.
    public static func candidates(for location: GeoPoint, category: Category, at time: Date,
                                  among open: [NearbyCase], excluding id: CaseID? = nil) -> [DuplicateCandidate] {
        let found = open.compactMap { other -> DuplicateCandidate? in
            guard other.id != id, other.state.isOpen, other.category == category.code else { return nil }
            let hours = abs(time.timeIntervalSince(other.reportedAt)) / 3600
            guard hours <= category.duplicateWindowHours else { return nil }
            let metres = location.distance(to: other.location)
            guard metres <= category.duplicateRadiusMetres else { return nil }
            return DuplicateCandidate(caseID: other.id, distanceMetres: (metres * 10).rounded() / 10,
                                      hoursApart: (hours * 100).rounded() / 100)
        }
        return Array(found.sorted { ($0.distanceMetres, $0.caseID) < ($1.distanceMetres, $1.caseID) }.prefix(maximumCandidates))
    }

    /// A box around `point` that holds every point within `metres`, for the store's pre-filter.
    public static func searchBox(around point: GeoPoint, metres: Double) -> GeoBox {
        let dLat = metres / 111_195 * 1.01
        let dLon = dLat / max(cos(point.lat * .pi / 180), 0.01)
        return GeoBox(minLon: point.lon - dLon, minLat: point.lat - dLat, maxLon: point.lon + dLon, maxLat: point.lat + dLat)
    }
}

/// What the duplicate rules need to know of a stored case.
public struct NearbyCase: Sendable, Hashable {
    public var id: CaseID
    public var state: CaseState
    public var category: CategoryCode?
    public var reportedAt: Date
    public var location: GeoPoint

    public init(id: CaseID, state: CaseState, category: CategoryCode?, reportedAt: Date, location: GeoPoint) {
        self.id = id
        self.state = state
        self.category = category
        self.reportedAt = reportedAt
        self.location = location
    }

    public init(_ record: CaseRecord) {
        self.init(id: record.id, state: record.state, category: record.category, reportedAt: record.reportedAt,
                  location: record.location)
    }
}
