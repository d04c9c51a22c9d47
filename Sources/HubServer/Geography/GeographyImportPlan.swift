import Foundation
import HubKit

/// Turns parsed GeoJSON features into a `DistrictGeography`, checking every rule first: kinds and code
/// formats, parents that exist (in the file or already in the hub), valid polygons, no duplicate codes and no
/// two grids whose interiors overlap. Pure: no I/O. Either a complete plan or every fault found (up to 200).
enum GeographyImportPlan {
    struct Fault: Sendable, Hashable {
        var feature: Int
        var id: String?
        var code: String
        var message: LocalizedText
    }

    static let maximumFaults = 200

    static func make(_ features: [GeoJSONFeature], existing: GeographySnapshot, existingGrids: [Grid]) throws(GeographyImportProblem) -> DistrictGeography {
        var faults: [Fault] = []
        func fault(_ f: GeoJSONFeature, _ code: String, _ zh: String, _ en: String) {
            if faults.count < maximumFaults {
                faults.append(Fault(feature: f.index, id: f.id ?? f.string("code"), code: code, message: LocalizedText(zh: zh, en: en)))
            }
        }

        var district: District? = existing.district
        var fileDistrict: District?
        var streets: [StreetCode: Street] = [:]
        var communities: [CommunityCode: Community] = [:]
        var grids: [GridCode: Grid] = [:]
        var mapFeatures: [String: MapFeature] = [:]
        var seen: Set<String> = []

        for f in features {
            guard let kind = f.string("kind") else {
                fault(f, "MISSING_KIND", "缺少 properties.kind（district/street/community/grid 或地图要素类型）",
                      "properties.kind is missing (district, street, community, grid or a map feature kind)")
                continue
            }
            let name = f.string("name") ?? ""
            let nameEn = f.string("nameEn") ?? f.string("name_en") ?? name
            let polygon: GeoPolygon?
            switch f.geometry {
            case .polygon(let p)?: polygon = p
            case nil: polygon = nil
            default: polygon = nil
            }
            if let polygon {
                for problem in PolygonValidator.validate(polygon) {
                    fault(f, problem.code, problem.message.zh, problem.message.en)
                }
            }
            let isAdministrative = ["district", "street", "community", "grid"].contains(kind)
            if isAdministrative {
                if let geometry = f.geometry, polygon == nil {
                    _ = geometry
                    fault(f, "WRONG_GEOMETRY", "\(kind) 的几何必须是 Polygon", "A \(kind) needs a Polygon geometry")
                }
                if name.isEmpty && kind != "grid" {
                    fault(f, "MISSING_NAME", "缺少 properties.name", "properties.name is missing")
                }
                let raw = f.string("code") ?? f.id ?? ""
                if !seen.insert("\(kind):\(raw)").inserted {
                    fault(f, "DUPLICATE_CODE", "编码 \(raw) 在文件中重复", "Code \(raw) appears twice in the file")
                    continue
                }
            }
            switch kind {
            case "district":
                guard let code = CountyCode(rawValue: f.string("code") ?? f.id ?? "") else {
                    fault(f, "WRONG_CODE_FORMAT", "区县编码应为 6 位数字", "A district code is 6 digits"); continue
                }
                fileDistrict = District(code: code, name: name, nameEn: nameEn, boundary: polygon)
                district = fileDistrict
            case "street":
                guard let code = StreetCode(rawValue: f.string("code") ?? f.id ?? "") else {
                    fault(f, "WRONG_CODE_FORMAT", "街道编码应为 9 位数字（区县 6 位 + 街道 3 位）", "A street code is 9 digits (county 6 + street 3)"); continue
                }
                streets[code] = Street(code: code, name: name, nameEn: nameEn, boundary: polygon)
            case "community":
                guard let code = CommunityCode(rawValue: f.string("code") ?? f.id ?? "") else {
                    fault(f, "WRONG_CODE_FORMAT", "社区编码应为 12 位数字", "A community code is 12 digits"); continue
                }
                communities[code] = Community(code: code, name: name, nameEn: nameEn, boundary: polygon)
            case "grid":
                guard let code = GridCode(rawValue: f.string("code") ?? f.id ?? "") else {
                    fault(f, "WRONG_CODE_FORMAT", "网格编码应为 15 位数字（区县 6 + 街道 3 + 社区 3 + 网格 3）",
                          "A grid code is 15 digits (county 6 + street 3 + community 3 + grid 3)"); continue
                }
                guard let polygon else {
                    fault(f, "MISSING_GEOMETRY", "网格必须有多边形边界", "A grid needs a Polygon boundary"); continue
                }
                let area = LocalProjection(origin: polygon.exterior.first ?? GeoPoint(lon: 0, lat: 0)).area(of: polygon)
                grids[code] = Grid(code: code, boundary: polygon, areaSquareMetres: area)
            default:
                guard let featureKind = MapFeatureKind(rawValue: kind) else {
                    fault(f, "UNKNOWN_KIND", "未知的要素类型 \(kind)", "Unknown kind \(kind)"); continue
                }
                guard let id = f.id ?? f.string("id"), !id.isEmpty else {
                    fault(f, "MISSING_ID", "地图要素需要 id", "A map feature needs an id"); continue
                }
                guard let geometry = f.geometry else {
                    fault(f, "MISSING_GEOMETRY", "地图要素需要几何", "A map feature needs a geometry"); continue
                }
                if !seen.insert("feature:\(id)").inserted {
                    fault(f, "DUPLICATE_CODE", "要素 id \(id) 在文件中重复", "Feature id \(id) appears twice in the file"); continue
                }
                mapFeatures[id] = MapFeature(id: id, kind: featureKind, name: name, nameEn: nameEn, geometry: geometry,
                                             properties: f.stringProperties(excluding: ["kind", "id", "name", "nameEn", "name_en"]))
            }
        }

        guard let district else {
            throw GeographyImportProblem(faults: faults + [Fault(feature: -1, id: nil, code: "NO_DISTRICT",
                message: LocalizedText(zh: "文件中没有 kind=district 的要素，且系统中尚无辖区", en: "No feature of kind district in the file and none in the hub yet"))])
        }
        let featureIndex = Dictionary(features.map { ($0.string("code") ?? $0.id ?? "", $0) }, uniquingKeysWith: { a, _ in a })
        func owner(_ code: String) -> GeoJSONFeature {
            featureIndex[code] ?? GeoJSONFeature(index: -1, id: code, geometry: nil, properties: [:])
        }
        for street in streets.values where street.code.county != district.code {
            fault(owner(street.code.rawValue), "UNKNOWN_DISTRICT", "街道 \(street.code) 不属于辖区 \(district.code)",
                  "Street \(street.code) is not in district \(district.code)")
        }
        for community in communities.values where streets[community.street] == nil && existing.streets[community.street] == nil {
            fault(owner(community.code.rawValue), "UNKNOWN_STREET", "社区 \(community.code) 的街道 \(community.street) 不存在",
                  "Community \(community.code): street \(community.street) does not exist")
        }
        for grid in grids.values where communities[grid.community] == nil && existing.communities[grid.community] == nil {
            fault(owner(grid.code.rawValue), "UNKNOWN_COMMUNITY", "网格 \(grid.code) 的社区 \(grid.community) 不存在",
                  "Grid \(grid.code): community \(grid.community) does not exist")
        }
        for (a, b) in overlappingPairs(new: Array(grids.values), existing: existingGrids) {
            fault(owner(a.rawValue), "GRID_OVERLAP", "网格 \(a) 与网格 \(b) 有重叠部分", "Grid \(a) overlaps grid \(b)")
        }
        guard faults.isEmpty else { throw GeographyImportProblem(faults: faults) }
        return DistrictGeography(district: fileDistrict ?? district, streets: streets.values.sorted { $0.code < $1.code },
                                 communities: communities.values.sorted { $0.code < $1.code },
                                 grids: grids.values.sorted { $0.code < $1.code },
                                 features: mapFeatures.values.sorted { $0.id < $1.id })
    }

    /// Pairs of grids whose interiors overlap, between each new grid and every other grid after the import
    /// (existing grids with the same code are replaced, so they do not count).
    static func overlappingPairs(new: [Grid], existing: [Grid]) -> [(GridCode, GridCode)] {
        let newCodes = Set(new.map(\.code))
        let merged = new + existing.filter { !newCodes.contains($0.code) }
        let index = GridIndex(grids: merged)
        let byCode = Dictionary(merged.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        var pairs: [(GridCode, GridCode)] = []
        var reported: Set<[GridCode]> = []
        for grid in new.sorted(by: { $0.code < $1.code }) {
            guard let box = grid.boundary.boundingBox else { continue }
            for other in index.grids(intersecting: box) where other != grid.code {
                guard let otherGrid = byCode[other], reported.insert([grid.code, other].sorted()).inserted,
                      interiorsOverlap(grid.boundary, otherGrid.boundary) else { continue }
                pairs.append((grid.code, other))
                if pairs.count >= maximumFaults { return pairs }
            }
        }
        return pairs
    }
}

/// A GeoJSON import refused because of the listed faults; nothing was written.
struct GeographyImportProblem: HubProblem {
    let faults: [GeographyImportPlan.Fault]

    var code: String { "INVALID_GEOGRAPHY" }
    var status: Int { 422 }
    var message: LocalizedText {
        let first = faults.first.map { f in (zh: "要素 #\(f.feature)\(f.id.map { "（\($0)）" } ?? "")：\(f.message.zh)",
                                             en: "feature #\(f.feature)\(f.id.map { " (\($0))" } ?? ""): \(f.message.en)") }
        return LocalizedText(zh: "地理数据有 \(faults.count) 处错误，未导入任何内容。首个：\(first?.zh ?? "")",
                             en: "The geography has \(faults.count) fault(s); nothing was imported. First: \(first?.en ?? "")")
    }
    var extensions: [String: ProblemValue] {
        ["faults": .objects(faults.map { f in
            var item = ["feature": String(f.feature), "fault": f.code, "message": f.message.en, "messageZh": f.message.zh]
            if let id = f.id { item["id"] = id }
            return item
        })]
    }
}

extension GeoJSONFeature {
    /// A string property, or nil when absent or not a string.
    func string(_ key: String) -> String? { properties[key]?.stringValue }

    /// Every scalar property as text, for a map feature's free-form properties.
    func stringProperties(excluding: Set<String>) -> [String: String] {
        var out: [String: String] = [:]
        for (key, value) in properties where !excluding.contains(key) {
            switch value {
            case .string(let s): out[key] = s
            case .number(let n): out[key] = n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
            case .bool(let b): out[key] = String(b)
            default: continue
            }
        }
        return out
    }
}
