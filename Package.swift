// swift-tools-version:6.2
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "cityhub",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "cityhub", targets: ["cityhub"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
    ],
    targets: [
        .target(
            name: "HubKit",
            dependencies: [
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "Cases",
            dependencies: [
                "HubKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "Ledger",
            dependencies: [
                "HubKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "Telemetry",
            dependencies: [
                "HubKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "Warnings",
            dependencies: [
                "HubKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "Flood",
            dependencies: [
                "HubKit",
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "Duty",
            dependencies: [
                "HubKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "Webhooks",
            dependencies: [
                "HubKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "Traffic",
            dependencies: [
                "HubKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "Dashboard",
            dependencies: [
                "HubKit",
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            resources: [.copy("Assets")],
            swiftSettings: strict
        ),
        .target(
            name: "HubServer",
            dependencies: [
                "HubKit",
                "Cases",
                "Ledger",
                "Telemetry",
                "Warnings",
                "Duty",
                "Webhooks",
                "Flood",
                "Traffic",
                "Dashboard",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "cityhub",
            dependencies: [
                "HubServer",
                "Cases",
                "Ledger",
                "Flood",
                "Traffic",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "cityhub-bench",
            dependencies: ["HubKit", "HubServer", "Ledger", "Telemetry", "Flood", "Duty", "Webhooks", "Traffic",
                           .product(name: "Hummingbird", package: "hummingbird")],
            path: "bench/Sources/cityhub-bench",
            swiftSettings: strict
        ),
        .target(
            name: "HubTestSupport",
            dependencies: ["HubKit", "Ledger"],
            path: "Tests/HubTestSupport",
            swiftSettings: strict
        ),
        .testTarget(
            name: "HubKitTests",
            dependencies: ["HubKit", "HubTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "LedgerTests",
            dependencies: ["Ledger", "HubTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CasesTests",
            dependencies: ["Cases", "HubTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TelemetryTests",
            dependencies: ["Telemetry", "HubTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "WarningsTests",
            dependencies: ["Warnings", "HubTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "FloodTests",
            dependencies: ["Flood"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "DutyTests",
            dependencies: ["Duty", "HubTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "WebhooksTests",
            dependencies: ["Webhooks", "HubTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TrafficTests",
            dependencies: ["Traffic", "HubTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "HubServerTests",
            dependencies: [
                "HubServer",
                "Duty",
                "Traffic",
                "HubTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
            ],
            swiftSettings: strict
        ),
    ]
)
