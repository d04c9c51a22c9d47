import Foundation
import HubKit
import Synchronization

/// The district's geography for the routes: the store, plus an in-memory snapshot (grid index, names) that is
/// rebuilt after every import so point → grid look-ups never touch the database.
public final class GeographyService: Sendable {
    public let store: GeographyStore
    public let clock: HubClock
    private let current: Mutex<GeographySnapshot>

    init(store: GeographyStore, clock: HubClock, snapshot: GeographySnapshot) {
        self.store = store
        self.clock = clock
        self.current = Mutex(snapshot)
    }

    public static func load(store: GeographyStore, clock: HubClock) async throws -> GeographyService {
        GeographyService(store: store, clock: clock, snapshot: try await GeographySnapshot.load(from: store))
    }

    public var snapshot: GeographySnapshot { current.withLock { $0 } }

    /// Re-reads the store; call after the geography changed.
    public func reload() async throws {
        let fresh = try await GeographySnapshot.load(from: store)
        current.withLock { $0 = fresh }
    }

    /// The grid containing `point`, with its community and street, or nil outside every grid.
    public func locate(_ point: GeoPoint) -> GridLocation {
        let snapshot = self.snapshot
        let code = snapshot.index.grid(containing: point)
        return GridLocation(lon: point.lon, lat: point.lat, grid: code?.rawValue, community: code?.community.rawValue,
                            street: code?.street.rawValue, streetName: code.flatMap { snapshot.streets[$0.street]?.name },
                            streetNameEn: code.flatMap { snapshot.streets[$0.street]?.nameEn })
    }
}

extension GeographyService: GridLocating {
    public func grid(containing point: GeoPoint) -> GridCode? {
        snapshot.index.grid(containing: point)
    }

    public func nearestStreetName(to point: GeoPoint) -> String? {
        let snapshot = self.snapshot
        guard let street = snapshot.index.nearestGrid(to: point).flatMap({ snapshot.streets[$0.street] }) else { return nil }
        return "\(street.name) \(street.nameEn)"
    }
}

/// An immutable view of the geography: grid index and names by code.
public struct GeographySnapshot: Sendable {
    public let district: District?
    public let streets: [StreetCode: Street]
    public let communities: [CommunityCode: Community]
    public let index: GridIndex
    public let counts: GeographyCounts
    /// Camera positions by feature id, for camera events that do not carry a position.
    public let cameras: [String: GeoPoint]

    static func load(from store: GeographyStore) async throws -> GeographySnapshot {
        let grids = try await store.grids()
        return GeographySnapshot(
            district: try await store.district(),
            streets: Dictionary(uniqueKeysWithValues: try await store.streets().map { ($0.code, $0) }),
            communities: Dictionary(uniqueKeysWithValues: try await store.communities().map { ($0.code, $0) }),
            index: GridIndex(grids: grids), counts: try await store.counts(),
            cameras: Dictionary(try await store.features(kind: .camera).compactMap { feature in
                if case .point(let p) = feature.geometry { return (feature.id, p) }
                return nil
            }, uniquingKeysWith: { a, _ in a }))
    }
}

/// The answer to "which grid is this point in".
public struct GridLocation: Sendable, Codable, Hashable {
    public var lon: Double
    public var lat: Double
    public var grid: String?
    public var community: String?
    public var street: String?
    public var streetName: String?
    public var streetNameEn: String?
}
