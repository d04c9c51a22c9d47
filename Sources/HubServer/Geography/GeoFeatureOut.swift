import Foundation
import HubKit
import Hummingbird

/// A GeoJSON Feature as the API writes it (RFC 7946: `geometry` is always present, possibly null).
struct GeoFeatureOut: Encodable, Sendable {
    enum Value: Encodable, Sendable {
        case string(String)
        case int(Int)
        case double(Double)

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .string(let s): try container.encode(s)
            case .int(let i): try container.encode(i)
            case .double(let d): try container.encode(d)
            }
        }
    }

    var id: String
    var geometry: GeoGeometry?
    var properties: [String: Value]

    init(id: String, geometry: GeoGeometry?, properties: [String: Value]) {
        self.id = id
        self.geometry = geometry
        self.properties = properties
    }

    init(feature: MapFeature) {
        var properties = feature.properties.mapValues(Value.string)
        properties["id"] = .string(feature.id)
        properties["kind"] = .string(feature.kind.rawValue)
        properties["name"] = .string(feature.name)
        properties["nameEn"] = .string(feature.nameEn)
        self.init(id: feature.id, geometry: feature.geometry, properties: properties)
    }

    private enum Keys: String, CodingKey { case type, id, geometry, properties }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode("Feature", forKey: .type)
        try container.encode(id, forKey: .id)
        if let geometry { try container.encode(geometry, forKey: .geometry) } else { try container.encodeNil(forKey: .geometry) }
        try container.encode(properties, forKey: .properties)
    }

    private struct Collection: Encodable {
        let type = "FeatureCollection"
        let features: [GeoFeatureOut]
    }

    static func collection(_ features: [GeoFeatureOut]) throws -> Response {
        try respond(Collection(features: features))
    }

    static func single(_ feature: GeoFeatureOut) throws -> Response {
        try respond(feature)
    }

    static func data(_ features: [GeoFeatureOut]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(Collection(features: features))
    }

    private static func respond(_ value: some Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return Response(status: .ok, headers: [.contentType: "application/geo+json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }
}

/// The whole geography as import-ready features: district, streets, communities, grids and map features,
/// each with `properties.kind` so that `cityhub geo import` of an export restores it.
enum GeographyExport {
    static func features(_ geography: GeographyService) async throws -> [GeoFeatureOut] {
        let store = geography.store
        var out: [GeoFeatureOut] = []
        if let d = try await store.district() {
            out.append(GeoFeatureOut(id: d.code.rawValue, geometry: d.boundary.map(GeoGeometry.polygon), properties: [
                "kind": .string("district"), "code": .string(d.code.rawValue), "name": .string(d.name), "nameEn": .string(d.nameEn)]))
        }
        for s in try await store.streets() {
            out.append(GeoFeatureOut(id: s.code.rawValue, geometry: s.boundary.map(GeoGeometry.polygon), properties: [
                "kind": .string("street"), "code": .string(s.code.rawValue), "name": .string(s.name), "nameEn": .string(s.nameEn)]))
        }
        for c in try await store.communities() {
            out.append(GeoFeatureOut(id: c.code.rawValue, geometry: c.boundary.map(GeoGeometry.polygon), properties: [
                "kind": .string("community"), "code": .string(c.code.rawValue), "name": .string(c.name), "nameEn": .string(c.nameEn)]))
        }
        for g in try await store.grids() {
            out.append(GeoFeatureOut(id: g.code.rawValue, geometry: .polygon(g.boundary), properties: [
                "kind": .string("grid"), "code": .string(g.code.rawValue)]))
        }
        out += try await store.features().map(GeoFeatureOut.init(feature:))
        return out
    }
}
