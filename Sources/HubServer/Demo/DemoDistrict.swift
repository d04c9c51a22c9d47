import Foundation
import HubKit

/// The demo district, modelled on Chongqing's Yuzhong district (渝中区, 500103): a peninsula of about 20 km²
/// between the Jialing River (north) and the Yangtze (south), which meet at Chaotianmen. Deterministic: every
/// call returns the same geography, sorted by code and id.
///
/// Unit grids are the 100 m squares of a lattice in `DemoPeninsula`'s metres whose centres lie on land. Each
/// street is a block of lattice columns (whole, or the northern or southern half of each column), each
/// community a block inside its street, and every boundary the outline of its cells (`CellOutline`).
public enum DemoDistrict {
    /// The county code of Yuzhong district.
    public static let countyCode = "500103"
    /// The side of a unit grid, metres.
    static let gridSize = 100.0

    /// The whole demo geography: district, 11 streets, 59 communities, about 2,000 grids and the map features.
    public static func geography() -> DistrictGeography {
        guard let county = CountyCode(rawValue: countyCode) else { preconditionFailure("invalid county code \(countyCode)") }
        let land = landCells()
        var streets: [Street] = []
        var communities: [Community] = []
        var grids: [Grid] = []
        for plan in streetPlans {
            guard let streetCode = StreetCode(rawValue: countyCode + threeDigits(plan.number)) else { continue }
            let pieces = communityCells(of: plan, in: land)
            for (index, cells) in pieces.enumerated() {
                guard let code = CommunityCode(rawValue: streetCode.rawValue + threeDigits(index + 1)),
                      index < plan.communities.count else { continue }
                let (name, pinyin) = plan.communities[index]
                communities.append(Community(code: code, name: name + "社区", nameEn: pinyin + " Community",
                                             boundary: outline(of: Set(cells))))
                for (number, cell) in cells.sorted().enumerated() {
                    guard let gridCode = GridCode(rawValue: code.rawValue + threeDigits(number + 1)) else { continue }
                    let square = polygon(of: cell)
                    grids.append(Grid(code: gridCode, boundary: square,
                                      areaSquareMetres: DemoPeninsula.projection.area(of: square)))
                }
            }
            streets.append(Street(code: streetCode, name: plan.name + "街道", nameEn: plan.nameEn,
                                  boundary: outline(of: Set(pieces.joined()))))
        }
        let district = District(code: county, name: "渝中区", nameEn: "Yuzhong District", boundary: outline(of: land))
        return DistrictGeography(district: district, streets: streets.sorted { $0.code < $1.code },
                                 communities: communities.sorted { $0.code < $1.code },
                                 grids: grids.sorted { $0.code < $1.code },
                                 features: DemoDistrictFeatures.all(land: land))
    }

    /// Lattice cells whose centres are on land, kept to the largest 4-connected piece.
    static func landCells() -> Set<LatticeCell> {
        var cells: Set<LatticeCell> = []
        let columns = Int((DemoPeninsula.tip.x / gridSize).rounded(.up))
        let rows = Int((DemoPeninsula.northShore.highest / gridSize).rounded(.up))
        for x in 0..<columns {
            for y in 0..<rows where DemoPeninsula.isLand(x: (Double(x) + 0.5) * gridSize, y: (Double(y) + 0.5) * gridSize) {
                cells.insert(LatticeCell(x: x, y: y))
            }
        }
        var largest: Set<LatticeCell> = []
        var unvisited = cells
        while let seed = unvisited.min() {
            var piece: Set<LatticeCell> = [seed]
            var frontier = [seed]
            unvisited.remove(seed)
            while let cell = frontier.popLast() {
                for (dx, dy) in [(1, 0), (-1, 0), (0, 1), (0, -1)] {
                    let next = LatticeCell(x: cell.x + dx, y: cell.y + dy)
                    if unvisited.remove(next) != nil {
                        piece.insert(next)
                        frontier.append(next)
                    }
                }
            }
            if piece.count > largest.count { largest = piece }
        }
        return largest
    }

    /// The cells of each community of a street, in community order: column groups west to east, and within a
    /// group its parts north to south.
    static func communityCells(of plan: StreetPlan, in land: Set<LatticeCell>) -> [[LatticeCell]] {
        var byColumn: [Int: [LatticeCell]] = [:]
        for column in plan.columns {
            let run = land.filter { $0.x == column }.sorted { $0.y > $1.y }
            let southCount = run.count / 2
            switch plan.band {
            case .whole: byColumn[column] = run
            case .north: byColumn[column] = Array(run.dropLast(southCount))
            case .south: byColumn[column] = Array(run.suffix(southCount))
            }
        }
        let columns = plan.columns.filter { !(byColumn[$0] ?? []).isEmpty }
        let total = Double(columns.reduce(0) { $0 + (byColumn[$1] ?? []).count })
        let weights = plan.communityRows.map(Double.init)
        let boundaries = weights.indices.map { g in weights[...g].reduce(0, +) / weights.reduce(0, +) }
        var groups = [[Int]](repeating: [], count: weights.count)
        var before = 0.0
        for column in columns {
            let count = Double((byColumn[column] ?? []).count)
            let middle = (before + count / 2) / total
            groups[boundaries.firstIndex { middle < $0 } ?? (groups.count - 1)].append(column)
            before += count
        }
        var pieces: [[LatticeCell]] = []
        for (group, parts) in zip(groups, plan.communityRows) {
            for part in 0..<parts {
                pieces.append(group.flatMap { column -> [LatticeCell] in
                    let run = byColumn[column] ?? []
                    return Array(run[(run.count * part / parts)..<(run.count * (part + 1) / parts)])
                })
            }
        }
        return pieces
    }

    static func outline(of cells: Set<LatticeCell>) -> GeoPolygon? {
        guard let shape = CellOutline.shapes(of: cells).first else { return nil }
        return GeoPolygon(exterior: shape.exterior.map(geoPoint), holes: shape.holes.map { $0.map(geoPoint) })
    }

    /// A grid square, counter-clockwise from its south-west corner.
    static func polygon(of cell: LatticeCell) -> GeoPolygon {
        let corners = [(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)]
        return GeoPolygon(exterior: corners.map { geoPoint(LatticeVertex(x: cell.x + $0.0, y: cell.y + $0.1)) })
    }

    static func geoPoint(_ vertex: LatticeVertex) -> GeoPoint {
        DemoPeninsula.geoPoint(x: Double(vertex.x) * gridSize, y: Double(vertex.y) * gridSize)
    }

    private static func threeDigits(_ n: Int) -> String {
        String(repeating: "0", count: max(0, 3 - String(n).count)) + String(n)
    }
}

/// The land of the demo district in local metres: x east and y north of `origin`, the frame every demo layer
/// shares. The peninsula runs from a straight land border at x = 0 to the confluence at `tip`; between its two
/// shores the land at any x is one north–south span.
enum DemoPeninsula {
    static let origin = GeoPoint(lon: 106.49, lat: 29.54)
    static let projection = LocalProjection(origin: origin)
    /// Chaotianmen, where the Jialing meets the Yangtze (lon 106.587, lat 29.566).
    static let tip = SIMD2<Double>(9384, 2891)
    /// The Jialing's bank, west to east.
    static let northShore = MonotoneCurve([
        (0, 3836), (1000, 3850), (2000, 3780), (3000, 3560), (4000, 3340), (5000, 3280), (6000, 3230),
        (7000, 3200), (7800, 3170), (8500, 3120), (9000, 3040), (9250, 2960), (9384, 2891),
    ])
    /// The Yangtze's bank, west to east; flat at y = 2200 where the Dongshuimen dock meets the river.
    static let southShore = MonotoneCurve([
        (0, 610), (1000, 600), (2000, 680), (3000, 800), (4000, 900), (5000, 1120), (6000, 1400), (7000, 1700),
        (7600, 1950), (7950, 2200), (8350, 2200), (8600, 2380), (8900, 2580), (9150, 2740), (9384, 2891),
    ])

    /// Whether a point is on the district's land.
    static func isLand(x: Double, y: Double) -> Bool {
        (0...tip.x).contains(x) && y > southShore.y(at: x) && y < northShore.y(at: x)
    }

    /// The point `fraction` of the way across the peninsula at `x`: 0 on the Yangtze bank, 1 on the Jialing's.
    static func across(x: Double, fraction: Double) -> SIMD2<Double> {
        let south = southShore.y(at: x)
        return SIMD2(x, south + fraction * (northShore.y(at: x) - south))
    }

    /// Degrees rounded to 7 decimals (about 1 cm), so every layer computes shared corners identically.
    static func geoPoint(x: Double, y: Double) -> GeoPoint {
        let p = projection.unproject(x: x, y: y)
        return GeoPoint(lon: rounded(p.lon), lat: rounded(p.lat))
    }

    static func rounded(_ degrees: Double) -> Double { (degrees * 1e7).rounded() / 1e7 }
}

/// A curve y(x) through points of increasing x that is monotone between neighbouring points
/// (Fritsch–Butland tangents), so it never overshoots them; constant beyond the first and last point.
struct MonotoneCurve: Sendable {
    private let xs: [Double]
    private let ys: [Double]
    private let tangents: [Double]

    init(_ points: [(Double, Double)]) {
        let xs: [Double] = points.map(\.0), ys: [Double] = points.map(\.1)
        let n = points.count
        var secants: [Double] = []
        for k in 1..<max(n, 1) { secants.append((ys[k] - ys[k - 1]) / (xs[k] - xs[k - 1])) }
        tangents = (0..<n).map { k -> Double in
            if k == 0 { return secants.first ?? 0 }
            if k == n - 1 { return secants.last ?? 0 }
            let (d0, d1) = (secants[k - 1], secants[k])
            guard d0 * d1 > 0 else { return 0 }
            let (h0, h1) = (xs[k] - xs[k - 1], xs[k + 1] - xs[k])
            let (w0, w1) = (2 * h1 + h0, h1 + 2 * h0)
            return (w0 + w1) / (w0 / d0 + w1 / d1)
        }
        self.xs = xs
        self.ys = ys
    }

    /// The largest y: the curve never rises above its highest point.
    var highest: Double { ys.max() ?? 0 }

    /// dy/dx, by a central difference over 2 m.
    func slope(at x: Double) -> Double { (y(at: x + 1) - y(at: x - 1)) / 2 }

    func y(at x: Double) -> Double {
        guard let first = xs.first, let last = xs.last, x > first else { return ys.first ?? 0 }
        guard x < last else { return ys.last ?? 0 }
        let k = (xs.firstIndex { $0 > x } ?? xs.count) - 1
        let h = xs[k + 1] - xs[k]
        let t = (x - xs[k]) / h
        let (t2, t3) = (t * t, t * t * t)
        let start: Double = (2 * t3 - 3 * t2 + 1) * ys[k] + (t3 - 2 * t2 + t) * h * tangents[k]
        let end: Double = (3 * t2 - 2 * t3) * ys[k + 1] + (t3 - t2) * h * tangents[k + 1]
        return start + end
    }
}

/// Where a street lies and how it is cut into communities.
struct StreetPlan: Sendable {
    enum Band: Sendable { case whole, north, south }

    /// The street's last three code digits.
    let number: Int
    let name: String
    let nameEn: String
    let columns: ClosedRange<Int>
    let band: Band
    /// For each group of columns, west to east, how many communities it holds north to south.
    let communityRows: [Int]
    /// Community names (zh without 社区, and pinyin), in community order.
    let communities: [(String, String)]
}

extension DemoDistrict {
    static let streetPlans: [StreetPlan] = [
        StreetPlan(number: 1, name: "解放碑", nameEn: "Jiefangbei", columns: 63...76, band: .whole, communityRows: [2, 2, 2],
                   communities: [("较场口", "Jiaochangkou"), ("人和街", "Renhejie"), ("民生路", "Minshenglu"),
                                 ("大井巷", "Dajingxiang"), ("邹容路", "Zouronglu"), ("新华路", "Xinhualu")]),
        StreetPlan(number: 2, name: "朝天门", nameEn: "Chaotianmen", columns: 77...93, band: .whole, communityRows: [2, 2, 1],
                   communities: [("千厮门", "Qiansimen"), ("东水门", "Dongshuimen"), ("陕西路", "Shaanxilu"),
                                 ("望龙门", "Wanglongmen"), ("朝东路", "Chaodonglu")]),
        StreetPlan(number: 3, name: "南纪门", nameEn: "Nanjimen", columns: 48...62, band: .south, communityRows: [1, 1, 1, 1, 1],
                   communities: [("凯旋路", "Kaixuanlu"), ("金紫门", "Jinzimen"), ("厚慈街", "Houcijie"),
                                 ("中兴路", "Zhongxinglu"), ("储奇门", "Chuqimen")]),
        StreetPlan(number: 4, name: "七星岗", nameEn: "Qixinggang", columns: 48...62, band: .north, communityRows: [1, 1, 1, 1, 1],
                   communities: [("中山一路", "Zhongshan Yilu"), ("金汤街", "Jintangjie"), ("兴隆街", "Xinglongjie"),
                                 ("通远门", "Tongyuanmen"), ("领事巷", "Lingshixiang")]),
        StreetPlan(number: 5, name: "大溪沟", nameEn: "Daxigou", columns: 32...47, band: .north, communityRows: [1, 1, 1, 1, 1],
                   communities: [("人民路", "Renminlu"), ("中山二路", "Zhongshan Erlu"), ("双溪沟", "Shuangxigou"),
                                 ("张家花园", "Zhangjia Huayuan"), ("黄花园", "Huanghuayuan")]),
        StreetPlan(number: 6, name: "菜园坝", nameEn: "Caiyuanba", columns: 32...47, band: .south, communityRows: [1, 1, 1, 1, 1],
                   communities: [("铁路坡", "Tielupo"), ("燕喜洞", "Yanxidong"), ("皇冠", "Huangguan"),
                                 ("珊瑚村", "Shanhucun"), ("南区路", "Nanqulu")]),
        StreetPlan(number: 7, name: "两路口", nameEn: "Lianglukou", columns: 19...31, band: .south, communityRows: [2, 2, 2],
                   communities: [("跳伞塔", "Tiaosanta"), ("健康路", "Jiankanglu"), ("桂花园", "Guihuayuan"),
                                 ("枣子岚垭", "Zaozilanya"), ("中山三路", "Zhongshan Sanlu"), ("文化宫", "Wenhuagong")]),
        StreetPlan(number: 8, name: "上清寺", nameEn: "Shangqingsi", columns: 19...31, band: .north, communityRows: [2, 2, 1],
                   communities: [("牛角沱", "Niujiaotuo"), ("学田湾", "Xuetianwan"), ("嘉陵桥", "Jialingqiao"),
                                 ("聚兴村", "Juxingcun"), ("中山四路", "Zhongshan Silu")]),
        StreetPlan(number: 9, name: "大坪", nameEn: "Daping", columns: 12...18, band: .whole, communityRows: [3, 3],
                   communities: [("大黄路", "Dahuanglu"), ("大坪正街", "Daping Zhengjie"), ("七牌坊", "Qipaifang"),
                                 ("袁家岗", "Yuanjiagang"), ("马家堡", "Majiapu"), ("黄泥磅", "Huangnibang")]),
        StreetPlan(number: 10, name: "化龙桥", nameEn: "Hualongqiao", columns: 0...11, band: .north, communityRows: [2, 2, 2],
                   communities: [("红岩村", "Hongyancun"), ("虎头岩", "Hutouyan"), ("李子坝", "Liziba"),
                                 ("佛图关", "Fotuguan"), ("北区路", "Beiqulu"), ("化龙桥", "Hualongqiao")]),
        StreetPlan(number: 11, name: "石油路", nameEn: "Shiyoulu", columns: 0...11, band: .south, communityRows: [2, 2, 1],
                   communities: [("天灯堡", "Tiandengbao"), ("石油路", "Shiyoulu"), ("煤建新村", "Meijian Xincun"),
                                 ("虎歇路", "Huxielu"), ("金银湾", "Jinyinwan")]),
    ]
}
