import Foundation

/// One feature of a GeoJSON FeatureCollection (RFC 7946), with its position in the file for error messages.
public struct GeoJSONFeature: Sendable, Hashable {
    /// 0-based position in the collection's `features` array.
    public var index: Int
    /// The feature's `id` member (a string or a number written as text), if any.
    public var id: String?
    /// nil when the feature's geometry is `null`.
    public var geometry: GeoGeometry?
    public var properties: [String: JSONValue]

    public init(index: Int, id: String?, geometry: GeoGeometry?, properties: [String: JSONValue]) {
        self.index = index
        self.id = id
        self.geometry = geometry
        self.properties = properties
    }
}

/// Why a GeoJSON document was refused; names the feature when one is at fault.
public enum GeoJSONError: HubProblem, Equatable {
    /// Not JSON at all (syntax error, truncated file, wrong encoding).
    case malformed(String)
    /// JSON, but not a FeatureCollection of Feature objects.
    case notFeatureCollection(String)
    /// A feature whose geometry breaks RFC 7946 or uses a type the hub does not take.
    case invalidGeometry(feature: Int, id: String?, reason: LocalizedText)

    public var code: String {
        switch self {
        case .malformed: "MALFORMED_GEOJSON"
        case .notFeatureCollection: "INVALID_GEOJSON"
        case .invalidGeometry: "INVALID_GEOMETRY"
        }
    }

    public var status: Int {
        if case .malformed = self { return 400 }
        return 422
    }

    public var message: LocalizedText {
        switch self {
        case .malformed(let detail):
            LocalizedText(zh: "文件不是有效的 JSON：\(detail)", en: "The file is not valid JSON: \(detail)")
        case .notFeatureCollection(let detail):
            LocalizedText(zh: "需要 GeoJSON FeatureCollection：\(detail)", en: "A GeoJSON FeatureCollection is required: \(detail)")
        case .invalidGeometry(let feature, let id, let reason):
            LocalizedText(zh: "要素 #\(feature)\(id.map { "（\($0)）" } ?? "") 的几何无效：\(reason.zh)",
                          en: "Feature #\(feature)\(id.map { " (\($0))" } ?? "") has an invalid geometry: \(reason.en)")
        }
    }

    public var extensions: [String: ProblemValue] {
        guard case .invalidGeometry(let feature, let id, _) = self else { return [:] }
        var out: [String: ProblemValue] = ["feature": .int(feature)]
        if let id { out["id"] = .string(id) }
        return out
    }
}

/// Reads GeoJSON (RFC 7946) FeatureCollections into features with typed geometries.
public enum GeoJSON {
    /// Parses a FeatureCollection. Point, LineString and Polygon geometries are taken (null too); positions
    /// must be numbers in range, with an optional third (altitude) member that is ignored.
    public static func parseFeatureCollection(_ data: Data) throws(GeoJSONError) -> [GeoJSONFeature] {
        let root: JSONValue
        do {
            root = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw .malformed(describe(error))
        }
        guard case .object(let collection) = root else { throw .notFeatureCollection("the top level is not an object") }
        guard collection["type"] == .string("FeatureCollection") else {
            throw .notFeatureCollection("\"type\" must be \"FeatureCollection\"")
        }
        guard case .array(let items)? = collection["features"] else {
            throw .notFeatureCollection("\"features\" must be an array")
        }
        var features: [GeoJSONFeature] = []
        features.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            guard case .object(let object) = item, object["type"] == .string("Feature") else {
                throw .notFeatureCollection("features[\(index)] is not an object with \"type\": \"Feature\"")
            }
            let id: String? = switch object["id"] {
            case .string(let s)?: s
            case .number(let n)?: n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
            default: nil
            }
            let properties: [String: JSONValue]
            switch object["properties"] {
            case .object(let p)?: properties = p
            case .null?, nil: properties = [:]
            default: throw .notFeatureCollection("features[\(index)].properties must be an object or null")
            }
            let geometry: GeoGeometry?
            do {
                geometry = try object["geometry"].flatMap(Self.geometry)
            } catch {
                throw .invalidGeometry(feature: index, id: id ?? properties["code"]?.stringValue, reason: error.reason)
            }
            features.append(GeoJSONFeature(index: index, id: id, geometry: geometry, properties: properties))
        }
        return features
    }

    struct GeometryFailure: Error {
        var reason: LocalizedText
        init(_ zh: String, _ en: String) { reason = LocalizedText(zh: zh, en: en) }
    }

    static func geometry(_ value: JSONValue) throws(GeometryFailure) -> GeoGeometry? {
        if value == .null { return nil }
        guard case .object(let object) = value, case .string(let type)? = object["type"] else {
            throw GeometryFailure("geometry 必须是带 type 的对象", "geometry must be an object with a type")
        }
        guard let coordinates = object["coordinates"] else {
            throw GeometryFailure("缺少 coordinates", "coordinates are missing")
        }
        switch type {
        case "Point":
            return .point(try position(coordinates))
        case "LineString":
            let line = try positions(coordinates)
            guard line.count >= 2 else { throw GeometryFailure("LineString 至少需要 2 个坐标", "a LineString needs at least 2 positions") }
            return .lineString(line)
        case "Polygon":
            guard case .array(let rings) = coordinates, !rings.isEmpty else {
                throw GeometryFailure("Polygon 需要至少一个环", "a Polygon needs at least one ring")
            }
            let parsed = try rings.map { (ring: JSONValue) throws(GeometryFailure) -> [GeoPoint] in try positions(ring) }
            return .polygon(GeoPolygon(exterior: parsed[0], holes: Array(parsed.dropFirst())))
        default:
            throw GeometryFailure("不支持的几何类型 \(type)（可用 Point、LineString、Polygon）",
                                  "unsupported geometry type \(type) (Point, LineString or Polygon)")
        }
    }

    static func positions(_ value: JSONValue) throws(GeometryFailure) -> [GeoPoint] {
        guard case .array(let items) = value else { throw GeometryFailure("坐标必须是数组", "coordinates must be an array") }
        var out: [GeoPoint] = []
        out.reserveCapacity(items.count)
        for item in items { out.append(try position(item)) }
        return out
    }

    static func position(_ value: JSONValue) throws(GeometryFailure) -> GeoPoint {
        guard case .array(let members) = value, (2...3).contains(members.count),
              case .number(let lon) = members[0], case .number(let lat) = members[1] else {
            throw GeometryFailure("坐标必须是 [经度, 纬度] 数字数组", "a position must be [longitude, latitude] numbers")
        }
        guard (-180...180).contains(lon), (-90...90).contains(lat) else {
            throw GeometryFailure("坐标 [\(lon), \(lat)] 超出经纬度范围", "position [\(lon), \(lat)] is out of range")
        }
        return GeoPoint(lon: lon, lat: lat)
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context):
            (context.underlyingError.map { "\($0)" } ?? context.debugDescription).prefix(300).description
        default:
            String(describing: error).prefix(300).description
        }
    }
}
