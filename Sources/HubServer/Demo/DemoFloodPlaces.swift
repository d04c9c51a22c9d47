import Foundation
import HubKit

/// The flood what-if's files for the demo terrain: the named places (the district's places and its 27 ferry
/// points, plus the parts of the Dongshuimen dock square) and the two rivers, as GeoJSON in the terrain's
/// coordinates (WGS84 degrees). The places are the same cell blocks `DemoRiverfront` shapes the terrain with.
enum DemoFloodPlaces {
    /// The height datum tag of the demo terrain; levels typed for it must be in this datum.
    static let datumTag = "yellow-sea-1985"

    /// The river's centre lines, 350 m out from each bank, 60 m wide.
    static func river() throws -> Data {
        func line(_ shore: MonotoneCurve, offset: Double) -> [[Double]] {
            let xs = Array(stride(from: -450, to: DemoPeninsula.tip.x - 100, by: 50.0))
            return xs.map { x in
                let p = DemoPeninsula.geoPoint(x: x, y: shore.y(at: min(max(x, 0), DemoPeninsula.tip.x)) + offset)
                return [p.lon, p.lat]
            }
        }
        let features: [[String: Any]] = [
            feature(id: "river-yangtze", properties: ["name": "长江", "nameEn": "Yangtze River", "width": 60, "gauge": "wl-dongshuimen"],
                    geometry: ["type": "LineString", "coordinates": line(DemoPeninsula.southShore, offset: -350)]),
            feature(id: "river-jialing", properties: ["name": "嘉陵江", "nameEn": "Jialing River", "width": 60, "gauge": "wl-hongyadong"],
                    geometry: ["type": "LineString", "coordinates": line(DemoPeninsula.northShore, offset: 350)]),
        ]
        return try JSONSerialization.data(withJSONObject: ["type": "FeatureCollection", "features": features], options: [.sortedKeys])
    }

    /// The district's places and ferry points from the geography, and the dock square's parts.
    static func places(_ features: [MapFeature]) throws -> Data {
        let front = DemoRiverfront.self
        let square = front.dockSquare
        let edge = TerrainBlock(columns: square.columns, rows: square.rows.upperBound...square.rows.upperBound)
        let back = TerrainBlock(columns: square.columns, rows: square.rows.lowerBound...square.rows.lowerBound)
        let topStep = TerrainBlock(columns: square.columns, rows: front.dockSteps.rows.lowerBound...front.dockSteps.rows.lowerBound)
        let parts = [
            MapFeature(id: "place-dock-square-edge", kind: .place, name: "东水门码头广场临江边", nameEn: "Dongshuimen Dock Square, river edge",
                       geometry: .polygon(edge.polygon), properties: ["partOf": "place-dock-square"]),
            MapFeature(id: "place-dock-square-back", kind: .place, name: "东水门码头广场后排", nameEn: "Dongshuimen Dock Square, back row",
                       geometry: .polygon(back.polygon), properties: ["partOf": "place-dock-square"]),
            MapFeature(id: "place-dock-steps-top", kind: .place, name: "东水门码头梯道最高一级", nameEn: "Dongshuimen Dock Steps, top step",
                       geometry: .polygon(topStep.polygon), properties: ["partOf": "place-dock-steps"]),
        ]
        let chosen = features.filter { $0.kind == .place || $0.kind == .ferryPoint } + parts
        let encoder = JSONEncoder()
        let out: [[String: Any]] = try chosen.sorted { $0.id < $1.id }.map { item in
            let geometry = try JSONSerialization.jsonObject(with: try encoder.encode(item.geometry))
            var properties: [String: Any] = item.properties
            properties["name"] = item.name
            properties["nameEn"] = item.nameEn
            properties["kind"] = item.kind.rawValue
            return feature(id: item.id, properties: properties, geometry: geometry)
        }
        return try JSONSerialization.data(withJSONObject: ["type": "FeatureCollection", "features": out], options: [.sortedKeys])
    }

    private static func feature(id: String, properties: [String: Any], geometry: Any) -> [String: Any] {
        ["type": "Feature", "id": id, "properties": properties, "geometry": geometry]
    }
}
