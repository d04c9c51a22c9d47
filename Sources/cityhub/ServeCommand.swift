import ArgumentParser
import Foundation
import HubKit
import HubServer
import Logging
import Metrics
import Prometheus

/// `cityhub serve`: runs the hub until SIGTERM or SIGINT, then drains in-flight requests and exits.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the hub's web server.")

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: "Address to listen on (default 127.0.0.1).")
    var host: String?

    @Option(name: .long, help: "Port to listen on (default 8080; 0 picks a free one).")
    var port: Int?

    @Flag(name: .long, help: "Load the demo district (idempotent) and print the demo accounts.")
    var demo = false

    func run() async throws {
        let started = Date()
        let (resolved, logger) = try common.resolve(["http.host": host, "http.port": port.map(String.init)])
        var adjusted = resolved
        // The demo keeps raw readings for 400 days, so its July flood can still be replayed through the rules.
        if demo { adjusted.telemetryRawRetentionDays = max(adjusted.telemetryRawRetentionDays, 400) }
        let configuration = adjusted
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let services = try await HubServices.start(configuration, logger: logger)
        do {
            var notes: [String] = []
            if demo {
                try await DemoSeeder(services: services).load(logger: logger)
                notes.append("演示账号（仅供演示 / demo only）:")
                for account in DemoSeeder.accounts {
                    notes.append("  \(account.username.padding(toLength: 11, withPad: " ", startingAt: 0)) \(account.password.padding(toLength: 22, withPad: " ", startingAt: 0)) \(account.role.label.zh) / \(account.role.label.en)")
                }
            } else if let admin = try await services.accounts.ensureFirstAdmin() {
                notes.append("首个管理员账号已创建，密码只显示这一次 / First administrator created; the password is shown only once:")
                notes.append("  user: \(admin.username)  password: \(admin.password)")
            }
            let leafletNote = DashboardCheck.leafletNote(path: configuration.leafletPath)
            let startNotes = notes
            let app = HubApplication.build(services: services, metrics: registry, logger: logger) { port in
                let elapsed = Int(Date().timeIntervalSince(started) * 1000)
                var banner = ["", "CityHub 城市运行中枢 \(HubApplication.version)",
                              "  打开 / open:  http://\(configuration.host):\(port)/",
                              "  数据 / data:  \(configuration.dataDirectory)  数据库 / database: \(configuration.database.redacted)",
                              "  就绪 / ready in \(elapsed) ms"]
                banner += startNotes
                if let leafletNote { banner.append(leafletNote) }
                // Written unbuffered so scripts reading our output see the banner at once.
                FileHandle.standardOutput.write(Data((banner.joined(separator: "\n") + "\n").utf8))
            }
            let watcherLogger = logger
            let watcher = Task {
                await services.cases.watcher.run(every: .seconds(15), clock: services.clock) { error in
                    watcherLogger.error("deadline watcher failed; retrying", metadata: ["error": "\(error)"])
                }
            }
            let dutyLogger = logger
            let escalation = Task {
                await services.dutyWatcher.run(every: .seconds(configuration.dutyTickSeconds), clock: services.clock) { error in
                    dutyLogger.error("duty escalation watcher failed; retrying", metadata: ["error": "\(error)"])
                }
            }
            let trafficLogger = logger
            let trafficExpiry = Task {
                await services.traffic.runExpiry(every: .seconds(1)) { error in
                    trafficLogger.error("traffic override expiry failed; retrying", metadata: ["error": "\(error)"])
                }
            }
            let ledgerLogger = logger
            let sequencer = Task { await services.ledger.run(logger: ledgerLogger) }
            let retentionLogger = logger
            let retention = Task {
                await services.telemetry.retention.run(every: .seconds(3600)) { error in
                    retentionLogger.error("telemetry retention pass failed; retrying in an hour", metadata: ["error": "\(error)"])
                }
            }
            let cosigning = Task { await services.cosigning.run(logger: ledgerLogger) }
            let alarms = Task { await services.telemetry.evaluator.run() }
            let alarmActions = Task { await services.telemetry.actions.run() }
            let webhooks = Task { await services.webhooks.dispatcher.run(logger: ledgerLogger) }
            try await app.runService()
            alarms.cancel()
            alarmActions.cancel()
            watcher.cancel()
            escalation.cancel()
            trafficExpiry.cancel()
            retention.cancel()
            sequencer.cancel()
            cosigning.cancel()
            webhooks.cancel()
            await watcher.value
            await escalation.value
            await retention.value
            await sequencer.value
            await cosigning.value
            await alarms.value
            await alarmActions.value
            await webhooks.value
            await services.stop()
        } catch {
            await services.stop()
            throw fail(error)
        }
    }
}

enum DashboardCheck {
    static func leafletNote(path: String) -> String? {
        FileManager.default.fileExists(atPath: path + "/leaflet.js") ? nil
            : "  注意：地图组件未安装，请执行 sudo apt-get install libjs-leaflet / Note: install libjs-leaflet for the map (looked in \(path))"
    }
}
