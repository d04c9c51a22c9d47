import Foundation
import HubKit
@testable import HubServer
import HubTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// The first page and its assets; a missing Leaflet says what to install.
@Suite struct DashboardTests {
    @Test func firstPage_isChineseFirst_andServedWithSecurityHeaders() async throws {
        let hub = try await TestHub.start(.sqlite)
        try await hub.run { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                let html = String(buffer: response.body)
                #expect(html.contains(#"<html lang="zh-CN">"#))
                #expect(html.contains("/vendor/leaflet/leaflet.js"))
                #expect(response.headers[.xFrameOptions] == "DENY")
            }
            try await client.execute(uri: "/check", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                let html = String(buffer: response.body)
                #expect(html.contains(#"<html lang="zh-CN">"#))
                #expect(html.contains("/assets/check.js") && !html.contains("leaflet"))
            }
            for asset in ["check.js", "tlogverify.js", "sha256.js"] {
                try await client.execute(uri: "/assets/\(asset)", method: .get) { response in
                    #expect(response.status == .ok, "\(asset)")
                    #expect(response.headers[.contentType]?.contains("javascript") == true)
                }
            }
            try await client.execute(uri: "/assets/app.js", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.contains("javascript") == true)
            }
            for path in ["/assets/..%2F..%2FPackage.swift", "/assets/nothing.js", "/vendor/leaflet/../../../etc/passwd"] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .notFound, "\(path)")
                }
            }
        }
    }

    @Test func missingLeaflet_saysWhatToInstall() async throws {
        let hub = try await TestHub.start(.sqlite) { $0.leafletPath = "/nonexistent/leaflet" }
        try await hub.run { client in
            try await client.execute(uri: "/vendor/leaflet/leaflet.js", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.problem?.code == "LEAFLET_NOT_INSTALLED")
                #expect(response.problem?.detail.contains("libjs-leaflet") == true)
            }
        }
    }

    @Test func chartJS_isServedFromItsSystemPath_orSaysWhatToInstall() async throws {
        let hub = try await TestHub.start(.sqlite) { $0.chartPath = "/nonexistent/chart.js" }
        try await hub.run { client in
            try await client.execute(uri: "/vendor/chart/chart.min.js", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.problem?.code == "CHART_NOT_INSTALLED")
                #expect(response.problem?.detail.contains("libjs-chart.js") == true)
            }
            try await client.execute(uri: "/", method: .get) { response in
                #expect(String(buffer: response.body).contains("/vendor/chart/chart.min.js"))
            }
        }
    }
}
