import Foundation
import HubKit

/// The demo district's map features: the two rivers, 26 main roads, 3,000 traffic cameras, 400 monitoring
/// points, 27 ferry points and the places of the flood story. Every position lies inside the district's
/// bounding box; cameras and monitoring points lie at least 1 m inside a unit grid.
enum DemoDistrictFeatures {
    static func all(land: Set<LatticeCell>) -> [MapFeature] {
        let box = LandBox(land)
        let features = rivers(box) + roads.enumerated().map { road($1, number: $0 + 1, box) } + places() + ferryPoints(box)
            + cameras(land) + monitoringPoints(land)
        return features.sorted { $0.id < $1.id }
    }

    static func rivers(_ box: LandBox) -> [MapFeature] {
        func bank(_ shore: MonotoneCurve) -> GeoGeometry {
            let xs = Array(stride(from: 0, to: DemoPeninsula.tip.x, by: 100)) + [DemoPeninsula.tip.x]
            return .lineString(xs.map { box.geoPoint(SIMD2($0, shore.y(at: $0))) })
        }
        return [
            MapFeature(id: "river-jialing", kind: .river, name: "嘉陵江", nameEn: "Jialing River", geometry: bank(DemoPeninsula.northShore),
                       properties: ["bank": "north", "gauge": "北碚 Beibei"]),
            MapFeature(id: "river-yangtze", kind: .river, name: "长江", nameEn: "Yangtze River", geometry: bank(DemoPeninsula.southShore),
                       properties: ["bank": "south", "gauge": "寸滩 Cuntan"]),
        ]
    }

    static func road(_ plan: RoadPlan, number: Int, _ box: LandBox) -> MapFeature {
        MapFeature(id: "road-" + twoDigits(number), kind: .road, name: plan.name, nameEn: plan.nameEn,
                   geometry: .lineString(plan.path.map(box.geoPoint)), properties: ["class": plan.arterial ? "arterial" : "secondary"])
    }

    static func places() -> [MapFeature] {
        let front = DemoRiverfront.self
        func level(_ value: Double) -> String { String(format: "%.2f", value) }
        func ground(_ levels: [Double], _ properties: [String: String]) -> [String: String] {
            properties.merging(["lowestGround": level(levels.min() ?? 0), "highestGround": level(levels.max() ?? 0)]) { old, _ in old }
        }
        func place(_ id: String, _ name: String, _ nameEn: String, _ geometry: GeoGeometry, _ properties: [String: String]) -> MapFeature {
            MapFeature(id: "place-" + id, kind: .place, name: name, nameEn: nameEn, geometry: geometry, properties: properties)
        }
        func quad(_ x0: Double, _ x1: Double, _ f0: Double, _ f1: Double) -> GeoGeometry {
            let corners = [(x0, f0), (x1, f0), (x1, f1), (x0, f1), (x0, f0)]
            return .polygon(GeoPolygon(exterior: corners.map { corner in
                let p = DemoPeninsula.across(x: corner.0, fraction: corner.1)
                return DemoPeninsula.geoPoint(x: p.x, y: p.y)
            }))
        }
        func rectangle(_ x: Double, _ y: Double, _ halfWidth: Double, _ halfHeight: Double) -> GeoGeometry {
            let corners = [(-1.0, -1.0), (1, -1), (1, 1), (-1, 1), (-1, -1)]
            return .polygon(GeoPolygon(exterior: corners.map { DemoPeninsula.geoPoint(x: x + $0.0 * halfWidth, y: y + $0.1 * halfHeight) }))
        }
        let hongyadongY = DemoPeninsula.northShore.y(at: 8025) - 95
        return [
            place("dock-square", "东水门码头广场", "Dongshuimen Dock Square", .polygon(front.dockSquare.polygon),
                  ground(front.squareEdgeLevels + front.squareRowLevels, ["riverside": "true", "warningLevel": "175.80"])),
            place("dock-steps", "东水门码头梯道", "Dongshuimen Dock Steps", .polygon(front.dockSteps.polygon),
                  ground(front.stepLevels, ["riverside": "true"])),
            place("upper-steps", "东水门上街梯道", "Steps up to Dongshuimen Main Street", .polygon(front.upperSteps.polygon),
                  ground(front.upperStepLevels, [:])),
            place("upper-street", "东水门正街", "Dongshuimen Main Street", .lineString(front.upperStreet.centreLine),
                  ["ground": level(front.upperStreetLevel)]),
            place("levee-basin", "堤后洼地", "Basin behind the levee", .polygon(front.leveeBasin.polygon),
                  ground(front.basinLevels, [
                      "leveeCrest": level(front.leveeCrest),
                      "note": "地面约 174 m，被 178 m 堤顶与江隔开：连通淹没分析在 176.8 m 时不进水，简单阈值法会误判为淹没 / "
                          + "Ground at about 174 m cut off from the river by a 178 m levee crest: a connected flood at 176.8 m "
                          + "leaves it dry, a plain threshold wrongly floods it",
                  ])),
            place("levee", "菜园坝防洪堤", "Caiyuanba Levee",
                  .polygon(GeoPolygon(exterior: front.leveeRing.polygon.exterior, holes: [front.leveeBasin.polygon.exterior.reversed()])),
                  ["crest": level(front.leveeCrest), "riverside": "true"]),
            place("hongyadong", "洪崖洞", "Hongyadong", rectangle(8025, hongyadongY, 75, 35),
                  ["riverside": "true", "warningLevel": "176.50"]),
            place("huguang-guild-hall", "湖广会馆", "Huguang Guild Hall", rectangle(8330, 2365, 40, 35),
                  ["riverside": "true", "warningLevel": "178.00"]),
            place("chaotianmen-square", "朝天门广场", "Chaotianmen Square", quad(9050, 9200, 0.3, 0.7),
                  ["riverside": "true", "warningLevel": "177.00"]),
            place("jiefangbei", "解放碑", "Jiefangbei Square", quad(8330, 8420, 0.55, 0.62), ["riverside": "false"]),
            place("eling-park", "鹅岭公园", "E'ling Park", rectangle(3918, 1500, 150, 110), ["summit": "379", "riverside": "false"]),
            place("pipashan-park", "枇杷山公园", "Pipashan Park", rectangle(7111, 2300, 110, 90), ["summit": "345", "riverside": "false"]),
        ]
    }

    static func ferryPoints(_ box: LandBox) -> [MapFeature] {
        ferries.enumerated().map { index, ferry in
            let shore = ferry.onJialing ? DemoPeninsula.northShore : DemoPeninsula.southShore
            return MapFeature(id: "ferry-" + twoDigits(index + 1), kind: .ferryPoint, name: ferry.name + "码头",
                              nameEn: ferry.pinyin + " Pier", geometry: .point(box.geoPoint(SIMD2(ferry.x, shore.y(at: ferry.x)))),
                              properties: ["river": ferry.onJialing ? "嘉陵江 Jialing" : "长江 Yangtze", "warningLevel": "175.0",
                                           "patrol": "24h"])
        }
    }

    /// Exactly 3,000 cameras within 8–30 m of a road, one in fifty a video (not traffic) camera.
    static func cameras(_ land: Set<LatticeCell>) -> [MapFeature] {
        let paths = roads.map(\.path)
        var segments: [(road: Int, from: SIMD2<Double>, to: SIMD2<Double>, start: Double)] = []
        var total = 0.0
        for (road, path) in paths.enumerated() {
            for (a, b) in zip(path, path.dropFirst()) {
                segments.append((road, a, b, total))
                total += length(b - a)
            }
        }
        var random = SplitMix64(seed: 2020_0710)
        var features: [MapFeature] = []
        while features.count < 3000 {
            let along = random.next(in: 0...total)
            guard let segment = segments.last(where: { $0.start <= along }) else { continue }
            let direction = segment.to - segment.from
            let span = length(direction)
            guard span > 0 else { continue }
            let side = random.nextUnit() < 0.5 ? -1.0 : 1.0
            let point = segment.from + direction * ((along - segment.start) / span)
                + SIMD2(-direction.y, direction.x) / span * side * random.next(in: 8...30)
            guard isWellInside(point, land) else { continue }
            let number = features.count + 1
            let road = roads[segment.road]
            let serial = String(repeating: "0", count: 4 - String(number).count) + String(number)
            features.append(MapFeature(id: "cam-" + serial, kind: .camera, name: "\(road.name)摄像机 \(serial)",
                                       nameEn: "\(road.nameEn) camera \(serial)",
                                       geometry: .point(DemoPeninsula.geoPoint(x: point.x, y: point.y)),
                                       properties: ["type": number % 50 == 0 ? "video" : "traffic", "road": road.name]))
        }
        return features
    }

    /// Exactly 400 monitoring points inside grids; waterlogging and water-level points on the riverside grids.
    static func monitoringPoints(_ land: Set<LatticeCell>) -> [MapFeature] {
        let kinds = [("waterlogging", "内涝", "Waterlogging", 100), ("slope", "边坡", "Slope", 80), ("air", "空气质量", "Air quality", 60),
                     ("noise", "噪声", "Noise", 60), ("manhole", "井盖", "Manhole cover", 50), ("bridge", "桥梁", "Bridge", 30),
                     ("water_level", "水位", "Water level", 20)]
        let cells = land.sorted()
        let edge = cells.filter { c in [(1, 0), (-1, 0), (0, 1), (0, -1)].contains { !land.contains(LatticeCell(x: c.x + $0.0, y: c.y + $0.1)) } }
        var random = SplitMix64(seed: 2024_0400)
        var features: [MapFeature] = []
        for (type, name, nameEn, count) in kinds {
            let candidates = type == "waterlogging" || type == "water_level" ? edge : cells
            for _ in 0..<count {
                let cell = candidates[random.next(below: candidates.count)]
                let x = (Double(cell.x) + random.next(in: 0.05...0.95)) * DemoDistrict.gridSize
                let y = (Double(cell.y) + random.next(in: 0.05...0.95)) * DemoDistrict.gridSize
                let number = features.count + 1
                let serial = String(repeating: "0", count: 3 - String(number).count) + String(number)
                features.append(MapFeature(id: "mp-" + serial, kind: .monitoringPoint, name: "\(name)监测点 \(serial)",
                                           nameEn: "\(nameEn) monitor \(serial)", geometry: .point(DemoPeninsula.geoPoint(x: x, y: y)),
                                           properties: ["type": type]))
            }
        }
        return features
    }

    private static func isWellInside(_ p: SIMD2<Double>, _ land: Set<LatticeCell>) -> Bool {
        let size = DemoDistrict.gridSize
        let cell = LatticeCell(x: Int((p.x / size).rounded(.down)), y: Int((p.y / size).rounded(.down)))
        let (dx, dy) = (p.x - Double(cell.x) * size, p.y - Double(cell.y) * size)
        return land.contains(cell) && (1...(size - 1)).contains(dx) && (1...(size - 1)).contains(dy)
    }

    private static func length(_ v: SIMD2<Double>) -> Double { (v * v).sum().squareRoot() }

    private static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}

/// The district's bounding box in local metres; positions on the shores are clamped into it.
struct LandBox: Sendable {
    let low: SIMD2<Double>
    let high: SIMD2<Double>

    init(_ land: Set<LatticeCell>) {
        let size = DemoDistrict.gridSize
        low = SIMD2(Double(land.map(\.x).min() ?? 0), Double(land.map(\.y).min() ?? 0)) * size
        high = SIMD2(Double((land.map(\.x).max() ?? 0) + 1), Double((land.map(\.y).max() ?? 0) + 1)) * size
    }

    func geoPoint(_ p: SIMD2<Double>) -> GeoPoint {
        let inside = p.clamped(lowerBound: low, upperBound: high)
        return DemoPeninsula.geoPoint(x: inside.x, y: inside.y)
    }
}

/// A main road: its course as points (x metres east, fraction of the way from the Yangtze bank to the Jialing
/// bank), or along one bank at a fixed distance inland.
struct RoadPlan: Sendable {
    enum Course: Sendable {
        case across([SIMD2<Double>])
        case alongJialing(inset: Double, x: ClosedRange<Double>)
        case alongYangtze(inset: Double, x: ClosedRange<Double>)
    }

    let name: String
    let nameEn: String
    let arterial: Bool
    let course: Course

    /// The road in local metres, a point about every 100 m.
    var path: [SIMD2<Double>] {
        switch course {
        case .across(let points):
            var path: [SIMD2<Double>] = []
            for (a, b) in zip(points, points.dropFirst()) {
                let steps = max(1, Int(abs(b.x - a.x) / 100))
                for k in 0..<steps {
                    let p = a + (b - a) * (Double(k) / Double(steps))
                    path.append(DemoPeninsula.across(x: p.x, fraction: p.y))
                }
            }
            return path + points.suffix(1).map { DemoPeninsula.across(x: $0.x, fraction: $0.y) }
        case .alongJialing(let inset, let range):
            return Self.stations(range).map { SIMD2($0, DemoPeninsula.northShore.y(at: $0) - inset) }
        case .alongYangtze(let inset, let range):
            return Self.stations(range).map { SIMD2($0, DemoPeninsula.southShore.y(at: $0) + inset) }
        }
    }

    private static func stations(_ range: ClosedRange<Double>) -> [Double] {
        Array(stride(from: range.lowerBound, to: range.upperBound, by: 100)) + [range.upperBound]
    }
}

/// A ferry point on one bank, `x` metres east of the border.
struct FerryPlan: Sendable {
    let name: String
    let pinyin: String
    let x: Double
    let onJialing: Bool
}

extension DemoDistrictFeatures {
    static let roads: [RoadPlan] = [
        RoadPlan(name: "解放碑步行街", nameEn: "Jiefangbei Pedestrian Street", arterial: false, course: .across([[8250, 0.50], [8550, 0.62]])),
        RoadPlan(name: "中山一路", nameEn: "Zhongshan 1st Road", arterial: true, course: .across([[6200, 0.55], [7000, 0.56]])),
        RoadPlan(name: "中山二路", nameEn: "Zhongshan 2nd Road", arterial: true, course: .across([[5500, 0.60], [6200, 0.55]])),
        RoadPlan(name: "中山三路", nameEn: "Zhongshan 3rd Road", arterial: true, course: .across([[4800, 0.62], [5500, 0.60]])),
        RoadPlan(name: "中山四路", nameEn: "Zhongshan 4th Road", arterial: true, course: .across([[4200, 0.74], [4800, 0.62]])),
        RoadPlan(name: "长江一路", nameEn: "Changjiang 1st Road", arterial: true,
                 course: .across([[2600, 0.36], [3400, 0.42], [4200, 0.50], [4800, 0.55]])),
        RoadPlan(name: "长江二路", nameEn: "Changjiang 2nd Road", arterial: true, course: .across([[300, 0.42], [1400, 0.40], [2600, 0.36]])),
        RoadPlan(name: "嘉陵江滨江路", nameEn: "Jialingjiang Riverside Road", arterial: true, course: .alongJialing(inset: 70, x: 350...8850)),
        RoadPlan(name: "长滨路", nameEn: "Changbin Road", arterial: true, course: .alongYangtze(inset: 70, x: 4950...7650)),
        RoadPlan(name: "民族路", nameEn: "Minzu Road", arterial: false, course: .across([[8400, 0.78], [8850, 0.62]])),
        RoadPlan(name: "民权路", nameEn: "Minquan Road", arterial: false, course: .across([[8150, 0.45], [8350, 0.62]])),
        RoadPlan(name: "邹容路", nameEn: "Zourong Road", arterial: false, course: .across([[7950, 0.60], [8300, 0.75]])),
        RoadPlan(name: "新华路", nameEn: "Xinhua Road", arterial: false, course: .across([[7600, 0.40], [8500, 0.45], [9100, 0.48]])),
        RoadPlan(name: "陕西路", nameEn: "Shaanxi Road", arterial: false, course: .across([[8700, 0.72], [9200, 0.50]])),
        RoadPlan(name: "解放东路", nameEn: "Jiefang East Road", arterial: false,
                 course: .across([[7700, 0.22], [8150, 0.33], [8700, 0.30], [9100, 0.35]])),
        RoadPlan(name: "和平路", nameEn: "Heping Road", arterial: false, course: .across([[7200, 0.35], [7950, 0.45]])),
        RoadPlan(name: "渝州路", nameEn: "Yuzhou Road", arterial: true, course: .across([[20, 0.30], [1800, 0.30]])),
        RoadPlan(name: "大坪正街", nameEn: "Daping Main Street", arterial: false, course: .across([[1250, 0.62], [1850, 0.45]])),
        RoadPlan(name: "人民路", nameEn: "Renmin Road", arterial: false, course: .across([[4700, 0.74], [5800, 0.72]])),
        RoadPlan(name: "北区路", nameEn: "Beiqu Road", arterial: false, course: .across([[1500, 0.84], [3000, 0.80]])),
        RoadPlan(name: "健康路", nameEn: "Jiankang Road", arterial: false, course: .across([[3000, 0.55], [3800, 0.62]])),
        RoadPlan(name: "石油路", nameEn: "Shiyou Road", arterial: false, course: .across([[400, 0.15], [1400, 0.24]])),
        RoadPlan(name: "鹅岭正街", nameEn: "E'ling Main Street", arterial: false, course: .across([[3300, 0.26], [4300, 0.30]])),
        RoadPlan(name: "临江路", nameEn: "Linjiang Road", arterial: false, course: .across([[7600, 0.80], [8500, 0.78]])),
        RoadPlan(name: "沧白路", nameEn: "Cangbai Road", arterial: false, course: .alongJialing(inset: 110, x: 8350...8950)),
        RoadPlan(name: "南区路", nameEn: "Nanqu Road", arterial: false, course: .across([[4500, 0.24], [5600, 0.30]])),
    ]

    /// Jialing piers west to east, Chaotianmen at the tip, then Yangtze piers east to west.
    static let ferries: [FerryPlan] = [
        ("红岩村", "Hongyancun", 300), ("化龙桥", "Hualongqiao", 1200), ("李子坝", "Liziba", 2300), ("牛角沱", "Niujiaotuo", 3500),
        ("嘉陵桥", "Jialingqiao", 4400), ("大溪沟", "Daxigou", 5300), ("黄花园", "Huanghuayuan", 6100), ("临江门", "Linjiangmen", 7000),
        ("洪崖门", "Hongyamen", 7900), ("千厮门", "Qiansimen", 8600), ("朝天门", "Chaotianmen", 9330),
    ].map { FerryPlan(name: $0.0, pinyin: $0.1, x: $0.2, onJialing: true) } + [
        ("翠微门", "Cuiweimen", 9000), ("东水门", "Dongshuimen", DemoRiverfront.dockX), ("望龙门", "Wanglongmen", 7700),
        ("太平门", "Taipingmen", 7300), ("人和门", "Renhemen", 6900), ("储奇门", "Chuqimen", 6500), ("金紫门", "Jinzimen", 6100),
        ("凤凰门", "Fenghuangmen", 5700), ("南纪门", "Nanjimen", 5300), ("石板坡", "Shibanpo", 4900), ("燕喜洞", "Yanxidong", 4300),
        ("菜园坝", "Caiyuanba", 3800), ("珊瑚坝", "Shanhuba", 3300), ("兜子背", "Douziba", 2600), ("黄沙溪", "Huangshaxi", 1700),
        ("鹅公岩", "Egongyan", 700),
    ].map { FerryPlan(name: $0.0, pinyin: $0.1, x: $0.2, onJialing: false) }
}
