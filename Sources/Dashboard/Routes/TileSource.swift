import Foundation

/// An optional raster tile server for the map, configured by the operator (`map.tile_url`,
/// `map.tile_attribution`, `map.tile_max_zoom`). Off unless configured: the map's own base layers (the district's
/// GeoJSON) need no network, and the page offers the tiles as a layer the user switches on.
public struct TileSource: Sendable, Equatable, Codable {
    /// A URL template with `{z}`, `{x}` and `{y}` (and optionally `{s}`), http or https.
    public var url: String
    /// The attribution the tile server's licence asks for, shown on the map.
    public var attribution: String
    public var maxZoom: Int

    /// The source, or the reason the template is refused (in English, for the configuration error).
    public static func make(url: String, attribution: String, maxZoom: Int = 19) -> Result<TileSource, TileSourceFault> {
        guard url.hasPrefix("https://") || url.hasPrefix("http://") else { return .failure(.notHTTP) }
        guard ["{z}", "{x}", "{y}"].allSatisfy(url.contains), !url.contains(where: { $0.isWhitespace || $0 == "\"" || $0 == "'" }) else {
            return .failure(.noPlaceholders)
        }
        guard origin(of: url) != nil else { return .failure(.noHost) }
        guard (0...24).contains(maxZoom) else { return .failure(.zoom) }
        return .success(TileSource(url: url, attribution: attribution, maxZoom: maxZoom))
    }

    /// `https://host[:port]` of the template, for the page's Content-Security-Policy (`{s}` subdomains as `*.`).
    public var origin: String? { Self.origin(of: url) }

    static func origin(of template: String) -> String? {
        guard let scheme = template.range(of: "://") else { return nil }
        let rest = template[scheme.upperBound...]
        let host = rest.prefix { $0 != "/" && $0 != "?" }
        guard !host.isEmpty, !host.contains("@") else { return nil }
        let cleaned = host.replacingOccurrences(of: "{s}", with: "*")
        guard cleaned.allSatisfy({ $0.isLetter || $0.isNumber || ".-:*".contains($0) }), !cleaned.contains("{") else { return nil }
        return String(template[..<scheme.upperBound]) + cleaned
    }
}

public enum TileSourceFault: Error, Sendable, Equatable {
    case notHTTP, noPlaceholders, noHost, zoom

    public var expected: String {
        switch self {
        case .notHTTP: "an http(s) URL template"
        case .noPlaceholders: "a URL template with {z}, {x} and {y}, e.g. https://tiles.example.gov.cn/{z}/{x}/{y}.png"
        case .noHost: "a URL template with a plain host name"
        case .zoom: "a zoom level 0…24"
        }
    }
}
