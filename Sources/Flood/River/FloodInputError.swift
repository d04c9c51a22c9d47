import HubKit

/// Why a river, a set of places or a level was refused. Codes are stable: clients branch on them.
public enum FloodInputError: HubProblem, Equatable {
    /// The GeoJSON could not be read (what and where in the detail).
    case malformedGeoJSON(String)
    /// The river covers no cell of the terrain (outside it, or in another reference system).
    case riverOutsideTerrain
    /// The river lies only on NoData cells, so no water can enter the terrain.
    case riverOnNoData
    /// A river mask whose size differs from the terrain's.
    case maskSize(expected: String, actual: String)
    /// A river line's width is not a positive number of metres.
    case badWidth(Double)
    /// A level given in a datum other than the terrain's.
    case datumMismatch(given: String, terrain: String)
    /// The terrain has no river yet, so nothing can flood from it.
    case noRiver(terrain: String)
    /// A terrain id that is not a short lowercase name.
    case badTerrainID(String)
    /// A level asked from a gauge that no reach of the terrain's river names.
    case gaugeNotOnTerrain(gauge: String, terrain: String, gauges: [String])

    public var code: String {
        switch self {
        case .malformedGeoJSON: "FLOOD_GEOJSON_MALFORMED"
        case .riverOutsideTerrain: "FLOOD_RIVER_OUTSIDE_TERRAIN"
        case .riverOnNoData: "FLOOD_RIVER_ON_NODATA"
        case .maskSize: "FLOOD_RIVER_MASK_SIZE"
        case .badWidth: "FLOOD_RIVER_WIDTH"
        case .datumMismatch: "FLOOD_DATUM_MISMATCH"
        case .noRiver: "FLOOD_NO_RIVER"
        case .badTerrainID: "FLOOD_TERRAIN_ID"
        case .gaugeNotOnTerrain: "FLOOD_GAUGE_NOT_ON_TERRAIN"
        }
    }

    public var status: Int {
        if case .noRiver = self { return 409 }
        return 422
    }

    public var message: LocalizedText {
        switch self {
        case .malformedGeoJSON(let s):
            LocalizedText(zh: "GeoJSON 无法读取：\(s)", en: "The GeoJSON cannot be read: \(s)")
        case .riverOutsideTerrain:
            LocalizedText(zh: "河道不在地形范围内（请检查坐标系，应与地形一致）。",
                          en: "The river covers no cell of the terrain (check that it is in the terrain's reference system).")
        case .riverOnNoData:
            LocalizedText(zh: "河道只落在无数据单元上，水无法进入地形。", en: "The river lies only on NoData cells, so no water can enter.")
        case .maskSize(let expected, let actual):
            LocalizedText(zh: "河道掩膜尺寸为 \(actual)，地形为 \(expected)。", en: "The river mask is \(actual), the terrain \(expected).")
        case .badWidth(let width):
            LocalizedText(zh: "河道宽度应为正数（米），收到 \(width)。", en: "A river width must be a positive number of metres, not \(width).")
        case .datumMismatch(let given, let terrain):
            LocalizedText(zh: "水位基准为 \(given)，而地形基准为 \(terrain)；不同高程基准之间不做隐式换算。",
                          en: "The level is in datum \(given) but the terrain in \(terrain); datums are never mixed silently.")
        case .noRiver(let terrain):
            LocalizedText(zh: "地形 \(terrain) 尚未设置河道。", en: "The terrain \(terrain) has no river yet.")
        case .badTerrainID(let id):
            LocalizedText(zh: "地形编号 \(id) 无效：应为 1–40 个小写字母、数字或连字符。",
                          en: "The terrain id \(id) is invalid: 1–40 lowercase letters, digits or hyphens.")
        case .gaugeNotOnTerrain(let gauge, let terrain, let gauges):
            LocalizedText(zh: "水位站 \(gauge) 不属于地形 \(terrain) 的任何河段（可用：\(gauges.isEmpty ? "无" : gauges.joined(separator: "、"))）。",
                          en: "The gauge \(gauge) is not tied to any reach of terrain \(terrain) (tied: \(gauges.isEmpty ? "none" : gauges.joined(separator: ", "))).")
        }
    }

    public var extensions: [String: ProblemValue] {
        switch self {
        case .datumMismatch(let given, let terrain): ["datum": .string(given), "terrainDatum": .string(terrain)]
        case .gaugeNotOnTerrain(let gauge, _, let gauges): ["gauge": .string(gauge), "terrainGauges": .strings(gauges)]
        default: [:]
        }
    }
}
