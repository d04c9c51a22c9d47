import Foundation
import HubKit

/// A GeoJSON feature as the flood work reads it: an id, names, and its geometry split into simple parts
/// (Multi* geometries and GeometryCollections become several parts). Coordinates stay as given.
public struct FloodFeature: Sendable, Hashable {
    public var id: String
    public var name: String?
    public var nameEn: String?
    public var kind: String?
    public var parts: [GeoGeometry]
    /// Every property as text (numbers as written by `String(describing:)`), for echoing back.
    public var properties: [String: String]
}

/// Reads GeoJSON (a FeatureCollection, a Feature or a bare geometry) into `FloodFeature`s. Pure: bytes in,
/// values or a `FloodInputError` out, naming the feature and what is wrong with it.
public enum FloodGeoJSON {
    public static func features(_ bytes: [UInt8]) throws(FloodInputError) -> [FloodFeature] {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes))
        } catch {
            throw .malformedGeoJSON("不是有效的 JSON / not valid JSON")
        }
        guard let root = object as? [String: Any], let type = root["type"] as? String else {
            throw .malformedGeoJSON("缺少 type / no \"type\" member")
        }
        switch type {
        case "FeatureCollection":
            guard let list = root["features"] as? [Any] else { throw .malformedGeoJSON("缺少 features / no \"features\" array") }
            var out: [FloodFeature] = []
            for (n, item) in list.enumerated() {
                guard let feature = item as? [String: Any] else { throw .malformedGeoJSON("features[\(n)] 不是对象 / is not an object") }
                out.append(try self.feature(feature, number: n))
            }
            return out
        case "Feature":
            return [try feature(root, number: 0)]
        default:
            return [FloodFeature(id: "geometry", parts: try parts(root, at: "geometry"), properties: [:])]
        }
    }

    static func feature(_ object: [String: Any], number: Int) throws(FloodInputError) -> FloodFeature {
        let properties = object["properties"] as? [String: Any] ?? [:]
        let id = (object["id"]).map { "\($0)" } ?? (properties["id"]).map { "\($0)" } ?? "feature-\(number + 1)"
        guard let geometry = object["geometry"] as? [String: Any] else {
            throw .malformedGeoJSON("要素 \(id) 没有几何 / feature \(id) has no geometry")
        }
        var text: [String: String] = [:]
        for (key, value) in properties { text[key] = value as? String ?? "\(value)" }
        return FloodFeature(id: id, name: properties["name"] as? String, nameEn: properties["nameEn"] as? String,
                            kind: properties["kind"] as? String, parts: try parts(geometry, at: id), properties: text)
    }

    static func parts(_ geometry: [String: Any], at id: String) throws(FloodInputError) -> [GeoGeometry] {
        let type = geometry["type"] as? String ?? ""
        if type == "GeometryCollection" {
            guard let list = geometry["geometries"] as? [[String: Any]] else { throw .malformedGeoJSON("\(id): geometries") }
            var out: [GeoGeometry] = []
            for item in list { out += try parts(item, at: id) }
            return out
        }
        let coordinates = geometry["coordinates"]
        func position(_ value: Any?) throws(FloodInputError) -> GeoPoint {
            guard let pair = value as? [Any], pair.count >= 2, let x = number(pair[0]), let y = number(pair[1]),
                  x.isFinite, y.isFinite else {
                throw .malformedGeoJSON("\(id): 坐标应为 [x, y] / a position must be [x, y]")
            }
            return GeoPoint(lon: x, lat: y)
        }
        func line(_ value: Any?, minimum: Int) throws(FloodInputError) -> [GeoPoint] {
            guard let list = value as? [Any] else { throw .malformedGeoJSON("\(id): 坐标数组 / coordinates must be an array") }
            var points: [GeoPoint] = []
            for item in list { points.append(try position(item)) }
            guard points.count >= minimum else {
                throw .malformedGeoJSON("\(id): 至少需要 \(minimum) 个点 / needs at least \(minimum) positions")
            }
            return points
        }
        func polygon(_ value: Any?) throws(FloodInputError) -> GeoGeometry {
            guard let rings = value as? [Any], !rings.isEmpty else { throw .malformedGeoJSON("\(id): 多边形没有环 / polygon without rings") }
            var parsed: [[GeoPoint]] = []
            for ring in rings {
                let points = try line(ring, minimum: 4)
                guard points.first == points.last else {
                    throw .malformedGeoJSON("\(id): 多边形环未闭合 / a polygon ring must be closed")
                }
                parsed.append(points)
            }
            return .polygon(GeoPolygon(exterior: parsed[0], holes: Array(parsed.dropFirst())))
        }
        func list(_ value: Any?) throws(FloodInputError) -> [Any] {
            guard let items = value as? [Any] else { throw .malformedGeoJSON("\(id): 坐标数组 / coordinates must be an array") }
            return items
        }
        switch type {
        case "Point": return [.point(try position(coordinates))]
        case "MultiPoint": return try list(coordinates).map { item throws(FloodInputError) in .point(try position(item)) }
        case "LineString": return [.lineString(try line(coordinates, minimum: 2))]
        case "MultiLineString": return try list(coordinates).map { item throws(FloodInputError) in .lineString(try line(item, minimum: 2)) }
        case "Polygon": return [try polygon(coordinates)]
        case "MultiPolygon": return try list(coordinates).map { item throws(FloodInputError) in try polygon(item) }
        default: throw .malformedGeoJSON("\(id): 不支持的几何类型 \(type) / unsupported geometry type \(type)")
        }
    }

    private static func number(_ value: Any) -> Double? {
        if let n = value as? Double { return n }
        if let n = value as? Int { return Double(n) }
        return nil
    }
}
