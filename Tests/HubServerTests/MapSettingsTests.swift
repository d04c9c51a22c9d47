import Foundation
import HubKit
@testable import HubServer
import HubTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// The optional tile server (`map.tile_*`): off by default, refused when it is not a tile template, and when set
/// given to the page by `GET /api/v1/map/settings` with its host allowed for images by the page's policy.
@Suite struct MapSettingsTests {
    static let dataDirectory = TestDatabases.scratchFolder.appendingPathComponent("map-\(UUID().uuidString)").path

    @Test func tiles_areOffByDefault_andComeFromTheConfiguration() throws {
        let defaults = try HubConfiguration.load(flags: ["data.dir": Self.dataDirectory], environment: [:])
        #expect(defaults.mapTiles == nil)
        let configured = try HubConfiguration.load(flags: ["data.dir": Self.dataDirectory], environment: [
            "CITYHUB_MAP_TILE_URL": "https://{s}.tiles.example.gov.cn/base/{z}/{x}/{y}.png",
            "CITYHUB_MAP_TILE_ATTRIBUTION": "© 区规划和自然资源局", "CITYHUB_MAP_TILE_MAX_ZOOM": "18"])
        #expect(configured.mapTiles?.maxZoom == 18)
        #expect(configured.mapTiles?.attribution == "© 区规划和自然资源局")
        #expect(configured.mapTiles?.origin == "https://*.tiles.example.gov.cn")
    }

    @Test(arguments: ["tiles.example/{z}/{x}/{y}.png", "https://tiles.example/base.png", "ftp://tiles.example/{z}/{x}/{y}",
                      "https://user@tiles.example/{z}/{x}/{y}", "https://tiles.example/{z}/{x}/{y}.png' ; img-src *"])
    func badTemplates_areRefused_namingTheKey(url: String) {
        #expect {
            try HubConfiguration.load(flags: ["data.dir": Self.dataDirectory, "map.tile_url": url], environment: [:])
        } throws: { error in
            (error as? ConfigurationProblem).map { "\($0.message.en)".contains("map.tile_url") } ?? false
        }
    }

    @Test func settingsRoute_givesTheTiles_andThePolicyAllowsTheirHost() async throws {
        let plain = try await TestHub.start(.sqlite)
        let viewer = try await plain.signIn("viewer-map", role: .viewer)
        try await plain.run { client in
            try await client.execute(uri: "/api/v1/map/settings", method: .get, headers: .bearer(viewer)) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(#""tiles":null"#))
                #expect(response.headers[.contentSecurityPolicy]?.contains("img-src 'self' data: blob:;") == true)
            }
            try await client.execute(uri: "/api/v1/map/settings", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
        }
        let tiles = try HubConfiguration.load(flags: ["data.dir": Self.dataDirectory,
                                                      "map.tile_url": "https://tiles.example.gov.cn/{z}/{x}/{y}.png"],
                                              environment: [:]).mapTiles
        #expect(tiles != nil)
        let hub = try await TestHub.start(.sqlite) { configuration in configuration.mapTiles = tiles }
        let token = try await hub.signIn("viewer-map2", role: .viewer)
        try await hub.run { client in
            try await client.execute(uri: "/api/v1/map/settings", method: .get, headers: .bearer(token)) { response in
                let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                let tiles = body?["tiles"] as? [String: Any]
                #expect(tiles?["url"] as? String == "https://tiles.example.gov.cn/{z}/{x}/{y}.png")
                #expect(tiles?["maxZoom"] as? Int == 19)
                #expect(response.headers[.contentSecurityPolicy]?.contains("img-src 'self' data: blob: https://tiles.example.gov.cn;") == true)
            }
        }
    }
}
