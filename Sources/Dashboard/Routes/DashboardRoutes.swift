import Foundation
import HubKit
import Hummingbird

/// The web pages: `/` (the page shell), `/check` (the public notarisation check, no sign-in), `/assets/<file>`
/// (this module's bundled files), `/vendor/leaflet/<file>` and `/vendor/chart/<file>` (Debian's libjs-leaflet and
/// libjs-chart.js from their system paths).
public struct DashboardRoutes: Sendable {
    /// Folder holding leaflet.js and leaflet.css, e.g. `/usr/share/javascript/leaflet`.
    public let leafletPath: String
    /// Folder holding Chart.js, e.g. `/usr/share/javascript/chart.js`.
    public let chartPath: String
    private let assetsFolder: URL?
    /// The optional tile server the page offers as a base layer (nil: the district's own GeoJSON only).
    public let tiles: TileSource?

    /// `assetsPath` replaces the bundled files with a folder on disk, for working on the pages without rebuilding.
    public init(leafletPath: String, chartPath: String = "/usr/share/javascript/chart.js", assetsPath: String? = nil,
                tiles: TileSource? = nil) {
        self.leafletPath = leafletPath
        self.chartPath = chartPath
        self.tiles = tiles
        self.assetsFolder = assetsPath.map { URL(fileURLWithPath: $0) } ?? Bundle.module.url(forResource: "Assets", withExtension: nil)
    }

    public func register(on hub: HubRouter) {
        var page = Endpoint(.get, "/", access: .everyone, summary: "The hub's web page", tag: "pages")
        page.responseMediaType = "text/html"
        hub.add(page) { request, _ in try self.asset("index.html") }
        var check = Endpoint(.get, "/check", access: .everyone,
                             summary: "Check a file against the notarisation ledger: hashed and verified in the browser, never uploaded",
                             tag: "pages")
        check.responseMediaType = "text/html"
        hub.add(check) { _, _ in try self.asset("check.html") }
        var asset = Endpoint(.get, "/assets/:file", access: .everyone, summary: "A file of the web page", tag: "pages")
        asset.responseMediaType = "application/octet-stream"
        hub.add(asset) { _, context in try self.asset(try context.parameters.require("file")) }
        var vendor = Endpoint(.get, "/vendor/leaflet/**", access: .everyone,
                              summary: "Leaflet from Debian's libjs-leaflet", tag: "pages")
        vendor.responseMediaType = "application/octet-stream"
        hub.add(vendor) { _, context in try self.leaflet(context.parameters.getCatchAll().joined(separator: "/")) }
        var chart = Endpoint(.get, "/vendor/chart/**", access: .everyone,
                             summary: "Chart.js from Debian's libjs-chart.js", tag: "pages")
        chart.responseMediaType = "application/octet-stream"
        hub.add(chart) { _, context in try self.chart(context.parameters.getCatchAll().joined(separator: "/")) }
        hub.catalog.addSchemas([
            "MapSettings": ["type": "object", "required": ["tiles"], "properties": [
                "tiles": ["type": ["object", "null"], "properties": [
                    "url": ["type": "string"], "attribution": ["type": "string"], "maxZoom": ["type": "integer"]]],
            ]],
        ])
        hub.add(Endpoint(.get, "/api/v1/map/settings", access: .signedIn(),
                         summary: "The map's settings: the optional tile server (null when none is configured)", tag: "pages",
                         response: "MapSettings")) { _, _ in MapSettings(tiles: self.tiles) }
    }

    struct MapSettings: ResponseEncodable, Sendable {
        var tiles: TileSource?

        // `tiles` is written as null when absent, so the page can tell "none configured" from an old hub.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(tiles, forKey: .tiles)
        }

        enum CodingKeys: String, CodingKey { case tiles }
    }

    /// Whether Leaflet is installed where configured (the start-up banner warns when it is not).
    public var leafletInstalled: Bool {
        FileManager.default.fileExists(atPath: leafletPath + "/leaflet.js")
    }

    func asset(_ name: String) throws -> Response {
        guard Self.isSafe(name, allowSlash: false), let folder = assetsFolder else {
            throw InputProblem.notFound(what: name)
        }
        return try Self.file(folder.appendingPathComponent(name).path, cache: "no-cache")
    }

    func leaflet(_ path: String) throws -> Response {
        guard Self.isSafe(path, allowSlash: true) else { throw InputProblem.notFound(what: path) }
        guard leafletInstalled else { throw DashboardProblem.leafletMissing(path: leafletPath) }
        return try Self.file(leafletPath + "/" + path, cache: "public, max-age=86400")
    }

    func chart(_ path: String) throws -> Response {
        guard Self.isSafe(path, allowSlash: true) else { throw InputProblem.notFound(what: path) }
        guard FileManager.default.fileExists(atPath: chartPath) else { throw DashboardProblem.chartMissing(path: chartPath) }
        return try Self.file(chartPath + "/" + path, cache: "public, max-age=86400")
    }

    /// Only plain names: letters, digits, `.`, `_`, `-` (and `/` between segments when allowed), no `..`.
    static func isSafe(_ name: String, allowSlash: Bool) -> Bool {
        !name.isEmpty && !name.contains("..") && !name.hasPrefix("/") && name.unicodeScalars.allSatisfy {
            CharacterSet.alphanumerics.contains($0) && $0.isASCII || "._-".unicodeScalars.contains($0)
                || (allowSlash && $0 == "/")
        }
    }

    static func file(_ path: String, cache: String) throws -> Response {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputProblem.notFound(what: URL(fileURLWithPath: path).lastPathComponent)
        }
        return Response(status: .ok, headers: [.contentType: mediaType(path), .cacheControl: cache],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func mediaType(_ path: String) -> String {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "html": "text/html; charset=utf-8"
        case "js", "mjs": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "json": "application/json"
        case "png": "image/png"
        case "svg": "image/svg+xml"
        case "ico": "image/x-icon"
        default: "application/octet-stream"
        }
    }
}

/// Problems of the web page's own files.
public enum DashboardProblem: HubProblem {
    case leafletMissing(path: String)
    case chartMissing(path: String)

    public var code: String {
        switch self {
        case .leafletMissing: "LEAFLET_NOT_INSTALLED"
        case .chartMissing: "CHART_NOT_INSTALLED"
        }
    }
    public var status: Int { 404 }
    public var message: LocalizedText {
        switch self {
        case .leafletMissing(let path):
            LocalizedText(zh: "地图组件未安装（\(path)）：请执行 sudo apt-get install libjs-leaflet，或在配置中设置 leaflet.path",
                          en: "Map library missing at \(path): install Debian's libjs-leaflet (sudo apt-get install libjs-leaflet) or set leaflet.path")
        case .chartMissing(let path):
            LocalizedText(zh: "图表组件未安装（\(path)）：请执行 sudo apt-get install libjs-chart.js，或在配置中设置 chart.path",
                          en: "Chart library missing at \(path): install Debian's libjs-chart.js (sudo apt-get install libjs-chart.js) or set chart.path")
        }
    }
}
