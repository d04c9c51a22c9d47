import Foundation
import HubKit

/// A station as a person or a file submits it, every field optional so that all faults can be named at once.
public struct StationInput: Sendable, Decodable {
    public var id: String?
    public var kind: String?
    public var name: String?
    public var nameEn: String?
    public var location: GeoJSONPoint?
    public var department: String?
    public var groups: [String]?
    public var status: String?
    public var datum: String?
    public var warningLevel: Double?
    public var guaranteedLevel: Double?
    /// For updates: the version the change is based on (409 when stale).
    public var version: Int?

    public init(id: String? = nil, kind: String? = nil, name: String? = nil, nameEn: String? = nil, location: GeoPoint? = nil,
                department: String? = nil, groups: [String]? = nil, status: String? = nil, datum: String? = nil,
                warningLevel: Double? = nil, guaranteedLevel: Double? = nil, version: Int? = nil) {
        self.id = id
        self.kind = kind
        self.name = name
        self.nameEn = nameEn
        self.location = location.map(GeoJSONPoint.init)
        self.department = department
        self.groups = groups
        self.status = status
        self.datum = datum
        self.warningLevel = warningLevel
        self.guaranteedLevel = guaranteedLevel
        self.version = version
    }
}

/// The faults of stations that were refused.
public struct StationFaults: Error, Sendable {
    public var faults: [TelemetryFault]
}

/// The registry's rules: what makes a valid station, and reading stations from GeoJSON features. Pure.
public enum StationRules {
    /// A group or tag: 1–40 of a–z, 0–9, `-`, `_`, `.` (e.g. `jialing-upper`).
    public static func isGroupName(_ name: String) -> Bool {
        (1...40).contains(name.utf8.count)
            && name.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 || $0 == 95 || $0 == 46 }
    }

    /// Checks `input` and makes the station (version and time are the caller's), or lists every fault under `item`.
    public static func station(_ input: StationInput, item: String, version: Int, at: Date) -> Result<Station, StationFaults> {
        var faults: [TelemetryFault] = []
        let stationName = input.id
        func fault(_ field: String, _ code: String, _ zh: String, _ en: String) {
            faults.append(TelemetryFault(item: item.isEmpty ? field : "\(item).\(field)", station: stationName, code: code, zh: zh, en: en))
        }
        let id = input.id.flatMap(StationID.init(rawValue:))
        if id == nil { fault("id", "BAD_STATION_ID", "站点编号应为 1–64 个字母、数字或 . _ -", "a station id is 1-64 of letters, digits, . _ -") }
        let kind = input.kind.flatMap(StationKind.init(rawValue:))
        if kind == nil {
            fault("kind", "BAD_KIND", "类型应为 \(StationKind.allCases.map(\.rawValue).joined(separator: "、"))",
                  "the kind is one of \(StationKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let name = input.name?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if name.isEmpty || name.count > 100 { fault("name", "BAD_NAME", "中文名称必填，最多 100 字", "the Chinese name is required, at most 100 characters") }
        let nameEn = input.nameEn?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if nameEn.isEmpty || nameEn.count > 100 { fault("nameEn", "BAD_NAME", "英文名称必填，最多 100 字", "the English name is required, at most 100 characters") }
        let location = input.location?.point
        if let p = location {
            if !(p.lon.isFinite && p.lat.isFinite && (-180...180).contains(p.lon) && (-90...90).contains(p.lat)) {
                fault("location", "BAD_LOCATION", "经纬度超出 WGS84 范围", "longitude or latitude outside WGS84 ranges")
            }
        } else {
            fault("location", "BAD_LOCATION", "位置应为 GeoJSON Point", "the location is a GeoJSON Point")
        }
        let department = input.department.flatMap(DepartmentID.init(rawValue:))
        if department == nil { fault("department", "BAD_DEPARTMENT", "部门编号无效", "the department id is not valid") }
        let groups = input.groups ?? []
        for g in groups where !isGroupName(g) {
            fault("groups", "BAD_GROUP", "分组 \(g) 应为 1–40 个小写字母、数字或 - _ .", "the group \(g) is 1-40 of a-z, 0-9, - _ .")
        }
        let status = input.status.map { StationStatus(rawValue: $0) } ?? .active
        if status == nil { fault("status", "BAD_STATUS", "状态应为 active、maintenance 或 retired", "the status is active, maintenance or retired") }
        var river: RiverLevels?
        let hasLevels = input.datum != nil || input.warningLevel != nil || input.guaranteedLevel != nil
        if kind == .riverGauge {
            let datum = input.datum.flatMap(DatumTag.init(rawValue:))
            if datum == nil {
                fault("datum", "MISSING_DATUM", "水位站必须注明高程基准（如 wusong、yellow-sea-1985）",
                      "a river gauge names its height datum (e.g. wusong, yellow-sea-1985)")
            }
            if let w = input.warningLevel, let g = input.guaranteedLevel, w.isFinite, g.isFinite {
                if w >= g {
                    fault("warningLevel", "BAD_LEVELS", "警戒水位应低于保证水位", "the warning level is below the guaranteed level")
                } else if let datum {
                    river = RiverLevels(datum: datum, warningLevel: w, guaranteedLevel: g)
                }
            } else {
                fault("warningLevel", "MISSING_LEVELS", "水位站需要警戒水位和保证水位（米）",
                      "a river gauge needs a warning level and a guaranteed level (metres)")
            }
        } else if hasLevels, kind != nil {
            fault("datum", "LEVELS_NOT_FOR_KIND", "只有水位站有基准和特征水位", "only river gauges carry a datum and levels")
        }
        guard faults.isEmpty, let id, let kind, let location, let department, let status else { return .failure(StationFaults(faults: faults)) }
        return .success(Station(id: id, kind: kind, name: name, nameEn: nameEn, location: location, department: department,
                                groups: Array(Set(groups)).sorted(), status: status, river: river, version: version, updatedAt: at))
    }

    /// Stations from GeoJSON features: a Point geometry and the station's fields as properties (`groups` as an
    /// array or comma-separated text); the feature's `id` stands in for a missing `id` property. All faults, by feature.
    public static func stations(from features: [GeoJSONFeature], at: Date) -> Result<[Station], StationFaults> {
        var stations: [Station] = []
        var faults: [TelemetryFault] = []
        var seen: [StationID: Int] = [:]
        for feature in features {
            let item = "features[\(feature.index)]"
            let p = feature.properties
            func text(_ key: String) -> String? {
                switch p[key] {
                case .string(let s)?: s
                case .number(let n)?: n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
                default: nil
                }
            }
            func number(_ key: String) -> Double? {
                switch p[key] {
                case .number(let n)?: n
                case .string(let s)?: Double(s)
                default: nil
                }
            }
            let groups: [String]? = switch p["groups"] {
            case .array(let items)?: items.compactMap(\.stringValue)
            case .string(let s)?: s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            default: nil
            }
            var point: GeoPoint?
            if case .point(let pt)? = feature.geometry { point = pt }
            let input = StationInput(id: text("id") ?? feature.id, kind: text("kind"), name: text("name"), nameEn: text("nameEn"),
                                     location: point, department: text("department"), groups: groups, status: text("status"),
                                     datum: text("datum"), warningLevel: number("warningLevel"), guaranteedLevel: number("guaranteedLevel"))
            switch station(input, item: item, version: 1, at: at) {
            case .failure(let f): faults += f.faults
            case .success(let s):
                if let earlier = seen[s.id] {
                    faults.append(TelemetryFault(item: item, station: s.id.rawValue, code: "DUPLICATE_STATION",
                                                 zh: "站点编号与 features[\(earlier)] 重复", en: "the same id as features[\(earlier)]"))
                } else {
                    seen[s.id] = feature.index
                    stations.append(s)
                }
            }
        }
        return faults.isEmpty ? .success(stations) : .failure(StationFaults(faults: faults))
    }
}
