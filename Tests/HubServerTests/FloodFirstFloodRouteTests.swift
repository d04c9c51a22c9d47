import Foundation
import HubKit
@testable import HubServer
import HubTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// `GET /api/v1/flood/first-flood`: the grid a browser thresholds per slider step, checked against the
/// inundation route's own counts; its entity tag, refusals and the OpenAPI entry.
@Suite struct FloodFirstFloodRouteTests {
    /// Counts the cells the grid says are under water at a level, as the page does (read here from the bytes, as
    /// a client would: the layout documented in docs/API.md).
    static func floodedCells(_ bytes: [UInt8], levelCentimetres: Int) -> Int? {
        func u32(_ at: Int) -> UInt32 { (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[at + $1]) << (8 * UInt32($1)) } }
        guard bytes.count >= 32 else { return nil }
        let columns = Int(u32(8)), rows = Int(u32(12)), base = Int(Int32(bitPattern: u32(16)))
        let start = 32 + rows * 4
        guard bytes.count == start + columns * rows * 4 else { return nil }
        var flooded = 0
        for i in 0..<(columns * rows) {
            let q = Int(bytes[start + 2 * i]) | Int(bytes[start + 2 * i + 1]) << 8
            if q != 0xFFFF, q <= levelCentimetres - base { flooded += 1 }
        }
        return flooded
    }

    @Test func gridCountsEqualTheInundationRoute_etag_refusals() async throws {
        let hub = try await TestHub.start(.sqlite)
        try FloodRouteTests.writeDemoFiles(hub)
        let viewer = try await hub.signIn("viewer3", role: .viewer)
        let (_, geoOnly) = try await hub.services.accounts.createAPIKey(
            .init(name: "map wall", role: .viewer, departmentId: nil, scopes: ["geo:read"], expiresInDays: nil), by: "test")
        try await hub.run { client in
            var grid: [UInt8] = []
            var etag = ""
            try await client.execute(uri: "/api/v1/flood/first-flood", method: .get, headers: .bearer(viewer)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/vnd.cityhub.first-flood")
                etag = response.headers[.eTag] ?? ""
                grid = Array(Data(buffer: response.body))
            }
            #expect(Array(grid.prefix(8)) == Array("CHFLOOD1".utf8))
            #expect(!etag.isEmpty)
            for level in ["171.00", "176.07", "176.10", "176.17", "176.80", "178.00", "183.30"] {
                var expected = -1
                try await client.execute(uri: "/api/v1/flood/inundation?level=\(level)", method: .get, headers: .bearer(viewer)) { response in
                    expected = try FloodRouteTests.object(response)["floodedCells"] as? Int ?? -2
                }
                let centimetres = Int((Double(level) ?? 0) * 100 + 0.5)
                #expect(Self.floodedCells(grid, levelCentimetres: centimetres) == expected, "at \(level) m")
            }
            try await client.execute(uri: "/api/v1/flood/first-flood?terrain=demo", method: .get,
                                     headers: [.authorization: "Bearer \(viewer)", .ifNoneMatch: etag]) { response in
                #expect(response.status == .notModified)
                #expect(response.body.readableBytes == 0)
            }
            try await client.execute(uri: "/api/v1/flood/first-flood", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/api/v1/flood/first-flood", method: .get, headers: .bearer(geoOnly)) { response in
                #expect(response.status == .forbidden)
                #expect(response.problem?.code == "MISSING_SCOPE")
            }
            try await client.execute(uri: "/api/v1/flood/first-flood?terrain=nowhere", method: .get, headers: .bearer(viewer)) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            }
            try await client.execute(uri: "/api/v1/flood/first-flood?terrain=..%2Fetc", method: .get, headers: .bearer(viewer)) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains("/api/v1/flood/first-flood") && text.contains("application/vnd.cityhub.first-flood"))
            }
        }
    }
}
