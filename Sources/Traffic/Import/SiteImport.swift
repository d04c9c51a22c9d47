import Foundation
import HubKit

/// Reads a real site: a GeoJSON FeatureCollection of points (one per intersection: `id`, properties `name`,
/// `department` and `cameras`, an array of camera ids) beside the JSON description of each intersection's lanes, movements, stages and inter-greens.
///
/// ```json
/// {"intersections": {"type": "FeatureCollection", "features": [...]},
///  "sites": [{"id": "C1", "signalCount": 4, "lanes": [...], "movements": [...], "stages": [...], "interGreens": [...]}]}
/// ```
/// A movement may carry `"turn": "straight" | "left" | "right" | "uturn"`; without it, a silent detector is estimated
/// from lanes green in the same stages only (see `DemandEstimate`). An incoming lane may carry
/// `"feeders": [{"lane": "U2C_0", "seconds": 5}]`: the other intersections' outgoing lanes whose exit loops it is fed
/// from (see `SilentLaneModel`).
public enum SiteImport {
    struct Site: Decodable {
        var id: String
        var signalCount: Int
        var lanes: [Lane]
        var movements: [Movement]
        var stages: [Stage]
        var interGreens: [InterGreen]?
    }

    struct Document: Decodable {
        var sites: [Site]
    }

    public static func intersections(from data: Data) throws -> [Intersection] {
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw TrafficProblem.malformedSite(reason: "not a JSON object / 不是 JSON 对象")
        }
        guard let collection = root["intersections"],
              let geoData = try? JSONSerialization.data(withJSONObject: collection) else {
            throw TrafficProblem.malformedSite(reason: "missing `intersections` (a GeoJSON FeatureCollection)")
        }
        let features = try GeoJSON.parseFeatureCollection(geoData)
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: data)
        } catch {
            throw TrafficProblem.malformedSite(reason: "sites: \(error)")
        }
        var sites: [String: Site] = [:]
        for site in document.sites { sites[site.id] = site }
        guard !features.isEmpty else { throw TrafficProblem.noIntersections }
        return try features.map { feature throws -> Intersection in
            guard let raw = feature.id, let id = IntersectionID(rawValue: raw) else {
                throw TrafficProblem.malformedSite(reason: "feature \(feature.index) has no valid id")
            }
            guard case .point(let point) = feature.geometry else {
                throw TrafficProblem.malformedSite(reason: "feature \(raw) is not a Point")
            }
            guard let site = sites[raw] else { throw TrafficProblem.malformedSite(reason: "no site description for \(raw)") }
            var name = raw, department: String?
            if case .string(let n) = feature.properties["name"] { name = n }
            if case .string(let d) = feature.properties["department"] { department = d }
            var cameras: [String]?
            if case .array(let list) = feature.properties["cameras"] {
                cameras = try list.map { item throws -> String in
                    guard case .string(let camera) = item, !camera.isEmpty, camera.count <= 64 else {
                        throw TrafficProblem.malformedSite(reason: "feature \(raw): cameras must be camera ids")
                    }
                    return camera
                }
            }
            let x = Intersection(id: id, name: name, location: point, department: department, lanes: site.lanes,
                                 movements: site.movements, stages: site.stages, interGreens: site.interGreens ?? [],
                                 signalCount: site.signalCount, cameras: cameras)
            try IntersectionCheck.check(x)
            return x
        }
    }
}
