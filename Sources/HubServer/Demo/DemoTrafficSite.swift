import Foundation
import HubKit
import Traffic

/// The demo district's signalised intersections: six junctions along Zhongshan Road (中山路), the arterial that
/// runs east–west along the peninsula's spine, at the points of its course in `DemoDistrictFeatures.roads`.
/// Written as a real site would deliver them — a GeoJSON FeatureCollection of points beside the JSON of each
/// junction's lanes, movements, stages and inter-greens (the `format=site` import) — so the demo goes through the
/// same import as a city's data.
///
/// Every junction has the same four-arm layout: the arterial with two lanes each way (lane 0 straight and right,
/// lane 1 straight and left), a one-lane side street north and south, three stages (east–west straight, east–west
/// left, north–south) and 14 signals. Lane ids follow SUMO's `<edge>_<index>`: the edge from node A to node B is
/// `A-B`; a neighbouring junction is a node, and an arm leading out of the corridor ends at the node named by the
/// junction's id and the arm's compass letter (`ZS01n`, `ZS01s`, `ZS01w` for the west end, `ZS06e` for the east
/// end), which `tools/traffic/demo_peak.py` places that arm's lane length away in that direction.
enum DemoTrafficSite {
    struct Junction {
        let id: String
        let name: String
        let nameEn: String
        /// Where it is on Zhongshan Road: metres east of the land border, fraction of the way across the peninsula.
        let x: Double
        let fraction: Double
    }

    static let junctions: [Junction] = [
        Junction(id: "ZS01", name: "中山四路曾家岩路口", nameEn: "Zhongshan 4th Rd / Zengjiayan", x: 4200, fraction: 0.74),
        Junction(id: "ZS02", name: "中山四路上清寺路口", nameEn: "Zhongshan 4th Rd / Shangqingsi", x: 4800, fraction: 0.62),
        Junction(id: "ZS03", name: "中山三路枇杷山路口", nameEn: "Zhongshan 3rd Rd / Pipashan", x: 5500, fraction: 0.60),
        Junction(id: "ZS04", name: "中山二路两路口", nameEn: "Zhongshan 2nd Rd / Lianglukou", x: 6200, fraction: 0.55),
        Junction(id: "ZS05", name: "中山一路七星岗路口", nameEn: "Zhongshan 1st Rd / Qixinggang", x: 6600, fraction: 0.555),
        Junction(id: "ZS06", name: "中山一路通远门路口", nameEn: "Zhongshan 1st Rd / Tongyuanmen", x: 7000, fraction: 0.56),
    ]

    static let department = "traffic-police"
    /// Lane lengths of the arms that leave the corridor, metres.
    static let sideArm = 180.0
    static let endArm = 250.0

    /// The junction's point in the demo's local metres.
    static func local(_ j: Junction) -> SIMD2<Double> { DemoPeninsula.across(x: j.x, fraction: j.fraction) }

    static func location(_ j: Junction) -> GeoPoint {
        let p = local(j)
        return DemoPeninsula.geoPoint(x: p.x, y: p.y)
    }

    /// The stages: their names, signal states (one character per signal, see `movements`) and green limits.
    static let stages: [[String: JSONValue]] = [
        ["name": "东西直行 E–W straight", "signals": "GGGrGGGrrrrrrr", "minGreen": 10, "maxGreen": 60, "pedestrianMinGreen": 0, "maxWait": 120],
        ["name": "东西左转 E–W left", "signals": "rrrGrrrGrrrrrr", "minGreen": 6, "maxGreen": 30, "pedestrianMinGreen": 0, "maxWait": 120],
        ["name": "南北放行 N–S", "signals": "rrrrrrrrGGgGGg", "minGreen": 8, "maxGreen": 45, "pedestrianMinGreen": 12, "maxWait": 120],
    ]

    /// The site file: `{"intersections": FeatureCollection, "sites": [...]}`, with `cameras` the ids of the nearest
    /// traffic cameras of the geography for each junction.
    static func document(cameras: [String: [String]]) throws -> Data {
        var features: [JSONValue] = []
        var sites: [JSONValue] = []
        for (index, j) in junctions.enumerated() {
            let p = location(j)
            let point: JSONValue = ["type": "Point", "coordinates": [.number(p.lon), .number(p.lat)]]
            features.append(["type": "Feature", "id": .string(j.id), "geometry": point,
                             "properties": ["name": .string(j.name), "nameEn": .string(j.nameEn), "department": .string(department),
                                            "cameras": .array((cameras[j.id] ?? []).map(JSONValue.string))]])
            sites.append(site(index))
        }
        let root: JSONValue = ["intersections": ["type": "FeatureCollection", "features": .array(features)], "sites": .array(sites)]
        return try JSONEncoder().encode(root)
    }

    /// The node west and east of junction `index`: its neighbour on the corridor, or its own end node.
    static func neighbours(_ index: Int) -> (west: String, east: String) {
        let id = junctions[index].id
        let west = index > 0 ? junctions[index - 1].id : id + "w"
        let east = index + 1 < junctions.count ? junctions[index + 1].id : id + "e"
        return (west, east)
    }

    static func site(_ index: Int) -> JSONValue {
        let j = junctions[index]
        let id = j.id
        let (west, east) = neighbours(index)
        func length(_ other: String) -> Double {
            guard let n = junctions.first(where: { $0.id == other }) else { return endArm }
            let d = local(n) - local(j)
            return ((d.x * d.x + d.y * d.y).squareRoot() * 10).rounded() / 10
        }
        var lanes: [JSONValue] = []
        func lanesOf(_ edge: String, count: Int, role: String, length: Double, fromJunction: Bool = false) {
            for i in 0..<count {
                var lane: [String: JSONValue] = ["id": .string("\(edge)_\(i)"), "approach": .string(edge), "role": .string(role),
                                                 "length": .number(length)]
                // The corridor lane leaves the neighbour's outgoing zone (its first 100 m) and enters this junction's
                // incoming zone (its last 100 m): vehicles over the neighbour's exit loop arrive here after the
                // stretch between, at 50 km/h — when that is within the exit history the hub keeps.
                let seconds = (max(0, length - 200) / 13.89 * 10).rounded() / 10
                if fromJunction, seconds < Double(ExitCounts.depth) {
                    lane["feeders"] = [["lane": .string("\(edge)_\(i)"), "seconds": .number(seconds)]]
                }
                lanes.append(.object(lane))
            }
        }
        let isJunction = { (node: String) in junctions.contains { $0.id == node } }
        lanesOf("\(west)-\(id)", count: 2, role: "incoming", length: length(west), fromJunction: isJunction(west))
        lanesOf("\(east)-\(id)", count: 2, role: "incoming", length: length(east), fromJunction: isJunction(east))
        lanesOf("\(id)n-\(id)", count: 1, role: "incoming", length: sideArm)
        lanesOf("\(id)s-\(id)", count: 1, role: "incoming", length: sideArm)
        lanesOf("\(id)-\(west)", count: 2, role: "outgoing", length: length(west))
        lanesOf("\(id)-\(east)", count: 2, role: "outgoing", length: length(east))
        lanesOf("\(id)-\(id)n", count: 1, role: "outgoing", length: sideArm)
        lanesOf("\(id)-\(id)s", count: 1, role: "outgoing", length: sideArm)
        let fromWest = "\(west)-\(id)", fromEast = "\(east)-\(id)", fromNorth = "\(id)n-\(id)", fromSouth = "\(id)s-\(id)"
        let toWest = "\(id)-\(west)", toEast = "\(id)-\(east)", toNorth = "\(id)-\(id)n", toSouth = "\(id)-\(id)s"
        // Signal order: eastbound (right, straight, straight, left), westbound (same), southbound (right, straight,
        // left), northbound (same).
        let links: [(String, String)] = [
            (fromWest + "_0", toSouth + "_0"), (fromWest + "_0", toEast + "_0"), (fromWest + "_1", toEast + "_1"), (fromWest + "_1", toNorth + "_0"),
            (fromEast + "_0", toNorth + "_0"), (fromEast + "_0", toWest + "_0"), (fromEast + "_1", toWest + "_1"), (fromEast + "_1", toSouth + "_0"),
            (fromNorth + "_0", toWest + "_0"), (fromNorth + "_0", toSouth + "_0"), (fromNorth + "_0", toEast + "_1"),
            (fromSouth + "_0", toEast + "_0"), (fromSouth + "_0", toNorth + "_0"), (fromSouth + "_0", toWest + "_1"),
        ]
        let movements: [JSONValue] = links.enumerated().map { signal, link in
            ["from": .string(link.0), "to": .string(link.1), "signal": .number(Double(signal))]
        }
        var interGreens: [JSONValue] = []
        for from in stages.indices {
            for to in stages.indices where to != from {
                interGreens.append(["from": .number(Double(from)), "to": .number(Double(to)), "yellow": 3, "allRed": 2])
            }
        }
        return ["id": .string(id), "signalCount": .number(Double(links.count)), "lanes": .array(lanes),
                "movements": .array(movements), "stages": .array(stages.map(JSONValue.object)), "interGreens": .array(interGreens)]
    }
}
