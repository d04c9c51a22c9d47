import Crypto
import Foundation
import HubKit

/// Imports a GeoJSON FeatureCollection all or nothing: parse, check every rule, then write the geography and
/// its `geography.imported` event in one transaction and refresh the grid index.
struct GeographyImport {
    let service: GeographyService

    struct Result: Codable, Sendable {
        var streets: Int
        var communities: Int
        var grids: Int
        var features: Int
        /// SHA-256 of the imported file, recorded in the journal.
        var sha256: String
        /// Journal sequence number of the import event.
        var event: Int64
    }

    func run(_ data: Data, actor: String) async throws -> Result {
        let features = try GeoJSON.parseFeatureCollection(data)
        let existingGrids = try await service.store.grids()
        let geography = try GeographyImportPlan.make(features, existing: service.snapshot, existingGrids: existingGrids)
        let digest = SHA256.hash(data: data).hexString
        let clock = service.clock
        let store = service.store
        let event = try await store.database.write { tx in
            try await store.save(geography, in: tx)
            return try await Journal.append(try NewEvent(
                kind: "geography.imported", subject: "district:\(geography.district.code)", actor: actor,
                payload: ["streets": String(geography.streets.count), "communities": String(geography.communities.count),
                          "grids": String(geography.grids.count), "features": String(geography.features.count), "sha256": digest]),
                in: tx, clock: clock)
        }
        try await service.reload()
        return Result(streets: geography.streets.count, communities: geography.communities.count, grids: geography.grids.count,
                      features: geography.features.count, sha256: digest, event: event.seq)
    }
}
