import Configuration
import Dashboard
import Duty
import Foundation
import HubKit
import Traffic
import Logging
import Warnings
import Webhooks

/// Everything a hub process needs to know, resolved once at start.
///
/// Precedence, highest first: command-line flags, environment variables (`CITYHUB_` + the key in upper case
/// with `_` for `.`, e.g. `CITYHUB_HTTP_PORT`), the TOML file (`--config`, default `<data-dir>/cityhub.toml` when
/// present), then the defaults below.
public struct HubConfiguration: Sendable {
    public var dataDirectory: String = "./data"
    /// The ledger's Ed25519 signing key (created on first start, mode 0600).
    public var ledgerKeyPath: String { dataDirectory + "/ledger/signing.key" }
    public var database: DatabaseLocation = .sqlite(path: "./data/cityhub.sqlite")
    public var host: String = "127.0.0.1"
    public var port: Int = 8080
    /// Hours a sign-in lasts.
    public var sessionHours: Int = 12
    public var bcryptCost: Int = 12
    /// Folder holding Debian's libjs-leaflet files (leaflet.js, leaflet.css, images/).
    public var leafletPath: String = "/usr/share/javascript/leaflet"
    /// Folder holding Debian's libjs-chart.js files (chart.umd.js or chart.min.js).
    public var chartPath: String = "/usr/share/javascript/chart.js"
    /// The live event stream's heartbeat and how long one connection lasts before the client reconnects
    /// (and its credential is checked again).
    public var eventStream = EventStreamSettings()
    /// A folder to serve the web page's files from instead of the bundled copy (for working on the pages).
    public var dashboardAssetsPath: String?
    /// An optional tile server the map offers as a base layer (`map.tile_url`, `map.tile_attribution`,
    /// `map.tile_max_zoom`); nil by default, so the map draws the district's own GeoJSON and needs no network.
    public var mapTiles: TileSource?
    public var logLevel: Logger.Level = .info
    /// The ledger's name: the origin line of its checkpoints and the name of its signing key.
    public var ledgerOrigin: String = "cityhub.local/ledger"
    /// The name of the hub's witness key: the name on the cosignatures it gives other logs (C2SP tlog-witness).
    public var witnessName: String = "cityhub.local/witness"
    /// The hub's witness key (Ed25519, created on first start, mode 0600).
    /// How many days raw observations are kept; hourly summaries are kept for good.
    public var telemetryRawRetentionDays: Int = 30
    public var witnessKeyPath: String { dataDirectory + "/ledger/witness.key" }
    /// Who issues the hub's CAP warnings and the codes their identifiers start with (`cap.*`).
    public var cap: CAPSettings = .demo
    /// Duty rosters: the default handover and escalation timing and the units of the upper levels (`duty.*`).
    public var duty: DutySettings = DutySettings()
    /// Traffic control: controller parameters and the gateway's heartbeat and silence timeout.
    public var traffic = TrafficSettings()
    /// Seconds between two passes of the escalation watcher.
    public var dutyTickSeconds: Int = 10
    /// The hub's public base URL, for absolute links in the CAP feed; from each request's Host header when nil.
    public var publicURL: String?
    /// Retries and limits of outgoing webhooks (`webhooks.*`).
    public var webhooks = WebhookSettings()
    /// Where the configuration came from, for the start-up banner.
    public var sources: [String] = []

    public init() {}

    /// The keys the hub reads, documented in README and docs/OPERATIONS.md.
    public static let keys = ["data.dir", "database.url", "http.host", "http.port", "auth.session_hours",
                              "auth.bcrypt_cost", "leaflet.path", "chart.path", "dashboard.assets_path", "log.level", "ledger.origin",
                              "ledger.witness_name", "telemetry.raw_retention_days", "cap.sender", "cap.sender_name",
                              "cap.sender_name_en", "cap.area_code", "cap.unit_code", "http.public_url",
                              "duty.handover", "duty.renotify_minutes", "duty.leader_minutes", "duty.next_level_minutes",
                              "duty.report_every_level", "duty.district_department", "duty.city_unit", "duty.tick_seconds",
                              "webhooks.max_attempts", "webhooks.max_age_hours", "webhooks.timeout_seconds",
                              "map.tile_url", "map.tile_attribution", "map.tile_max_zoom"]

    /// Resolves the configuration from flags, environment and file.
    public static func load(flags: [String: String], environment: [String: String] = ProcessInfo.processInfo.environment,
                            configFile: String? = nil) throws -> HubConfiguration {
        let flagProvider = InMemoryProvider(name: "flags", values: Self.values(flags.mapValues { .string($0) }))
        let envProvider = EnvironmentVariablesProvider(environmentVariables: environment).prefixKeys(with: "cityhub")
        var sources = ["flags", "environment (CITYHUB_*)"]
        var providers: [any ConfigProvider] = [flagProvider, envProvider]

        let earlyReader = ConfigReader(providers: providers)
        let dataDir = earlyReader.string(forKey: "data.dir", default: "./data")
        let explicitFile = configFile ?? environment["CITYHUB_CONFIG"]
        let file = explicitFile ?? "\(dataDir)/cityhub.toml"
        if FileManager.default.fileExists(atPath: file) {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            let table = TOMLParser.flatten(try TOMLParser.parse(text))
            let unknown = Set(table.keys).subtracting(keys)
            guard unknown.isEmpty else { throw ConfigurationProblem.unknownKeys(file: file, keys: unknown.sorted()) }
            providers.append(InMemoryProvider(name: file, values: values(table.compactMapValues(content))))
            sources.append(file)
        } else if let explicitFile {
            throw ConfigurationProblem.missingFile(explicitFile)
        }
        sources.append("defaults")

        let reader = ConfigReader(providers: providers)
        var c = HubConfiguration()
        c.sources = sources
        c.dataDirectory = reader.string(forKey: "data.dir", default: "./data")
        let databaseURL = reader.string(forKey: "database.url", default: "sqlite:\(c.dataDirectory)/cityhub.sqlite")
        c.database = try DatabaseLocation.parse(databaseURL)
        c.host = reader.string(forKey: "http.host", default: c.host)
        c.port = try number(reader, "http.port", default: c.port, range: 0...65535)
        c.sessionHours = try number(reader, "auth.session_hours", default: c.sessionHours, range: 1...24 * 30)
        c.bcryptCost = try number(reader, "auth.bcrypt_cost", default: c.bcryptCost, range: 4...16)
        c.leafletPath = reader.string(forKey: "leaflet.path", default: c.leafletPath)
        c.chartPath = reader.string(forKey: "chart.path", default: c.chartPath)
        c.dashboardAssetsPath = reader.string(forKey: "dashboard.assets_path").flatMap { $0.isEmpty ? nil : $0 }
        c.mapTiles = try mapTiles(reader)
        c.ledgerOrigin = reader.string(forKey: "ledger.origin", default: c.ledgerOrigin)
        guard isKeyName(c.ledgerOrigin) else {
            throw ConfigurationProblem.invalid(key: "ledger.origin", value: c.ledgerOrigin, expected: "a name without spaces or +, e.g. district.example/ledger")
        }
        c.witnessName = reader.string(forKey: "ledger.witness_name", default: c.witnessName)
        guard isKeyName(c.witnessName), c.witnessName != c.ledgerOrigin else {
            throw ConfigurationProblem.invalid(key: "ledger.witness_name", value: c.witnessName,
                                               expected: "a name without spaces or +, other than ledger.origin, e.g. district.example/witness")
        }
        c.telemetryRawRetentionDays = try number(reader, "telemetry.raw_retention_days", default: c.telemetryRawRetentionDays, range: 1...3650)
        c.cap = try capSettings(reader)
        c.duty = try dutySettings(reader)
        c.dutyTickSeconds = try number(reader, "duty.tick_seconds", default: c.dutyTickSeconds, range: 1...300)
        c.webhooks.maxAttempts = try number(reader, "webhooks.max_attempts", default: c.webhooks.maxAttempts, range: 1...100)
        c.webhooks.maxAgeMilliseconds = Int64(try number(reader, "webhooks.max_age_hours",
                                                         default: Int(c.webhooks.maxAgeMilliseconds / 3_600_000), range: 1...24 * 14)) * 3_600_000
        c.webhooks.timeoutMilliseconds = Int64(try number(reader, "webhooks.timeout_seconds",
                                                          default: Int(c.webhooks.timeoutMilliseconds / 1000), range: 1...120)) * 1000
        c.publicURL = reader.string(forKey: "http.public_url").flatMap { $0.isEmpty ? nil : $0 }
        if let url = c.publicURL, !(url.hasPrefix("http://") || url.hasPrefix("https://")) || url.contains(where: \.isWhitespace) {
            throw ConfigurationProblem.invalid(key: "http.public_url", value: url, expected: "an http(s) URL, e.g. https://hub.example.gov.cn")
        }
        let level = reader.string(forKey: "log.level", default: "info")
        guard let parsed = Logger.Level(rawValue: level) else {
            throw ConfigurationProblem.invalid(key: "log.level", value: level, expected: "trace|debug|info|notice|warning|error|critical")
        }
        c.logLevel = parsed
        return c
    }

    /// The optional tile server: nil unless `map.tile_url` is set; a template without {z}/{x}/{y} is refused.
    private static func mapTiles(_ reader: ConfigReader) throws -> TileSource? {
        guard let url = reader.string(forKey: "map.tile_url"), !url.isEmpty else { return nil }
        let zoom = try number(reader, "map.tile_max_zoom", default: 19, range: 0...24)
        switch TileSource.make(url: url, attribution: reader.string(forKey: "map.tile_attribution", default: ""), maxZoom: zoom) {
        case .success(let source): return source
        case .failure(let fault): throw ConfigurationProblem.invalid(key: "map.tile_url", value: url, expected: fault.expected)
        }
    }

    /// The CAP sender, its names and the identifier codes; the first invalid one is named.
    private static func capSettings(_ reader: ConfigReader) throws -> CAPSettings {
        let demo = CAPSettings.demo
        let sender = reader.string(forKey: "cap.sender", default: demo.sender)
        let name = LocalizedText(zh: reader.string(forKey: "cap.sender_name", default: demo.senderName.zh),
                                 en: reader.string(forKey: "cap.sender_name_en", default: demo.senderName.en))
        let area = reader.string(forKey: "cap.area_code", default: demo.areaCode)
        let unit = reader.string(forKey: "cap.unit_code", default: demo.unitCode)
        if let fault = CAPSettings.faults(sender: sender, areaCode: area, unitCode: unit).first {
            let value = fault.key == "cap.sender" ? sender : (fault.key == "cap.area_code" ? area : unit)
            throw ConfigurationProblem.invalid(key: fault.key, value: value, expected: fault.expected)
        }
        guard let settings = CAPSettings.make(sender: sender, senderName: name, areaCode: area, unitCode: unit) else {
            throw ConfigurationProblem.invalid(key: "cap.sender", value: sender, expected: "a valid CAP sender")
        }
        return settings
    }

    /// The default duty policy and the upper levels' units; the first invalid key is named.
    private static func dutySettings(_ reader: ConfigReader) throws -> DutySettings {
        var policy = DutyPolicy.standard
        let handover = reader.string(forKey: "duty.handover", default: policy.handover)
        guard let minute = DutyPolicy.minute(of: handover) else {
            throw ConfigurationProblem.invalid(key: "duty.handover", value: handover, expected: "hh:mm, e.g. 08:30 (Asia/Shanghai)")
        }
        policy.handoverMinute = minute
        policy.renotifyMinutes = try number(reader, "duty.renotify_minutes", default: policy.renotifyMinutes, range: 1...720)
        policy.leaderMinutes = try number(reader, "duty.leader_minutes", default: policy.leaderMinutes,
                                          range: (policy.renotifyMinutes + 1)...721)
        policy.nextLevelMinutes = try number(reader, "duty.next_level_minutes", default: policy.nextLevelMinutes, range: 1...720)
        let everyLevel = reader.string(forKey: "duty.report_every_level", default: "false")
        guard everyLevel == "true" || everyLevel == "false" else {
            throw ConfigurationProblem.invalid(key: "duty.report_every_level", value: everyLevel, expected: "true or false")
        }
        policy.reportEveryLevel = everyLevel == "true"
        func unit(_ key: String, default value: String) throws -> DepartmentID? {
            let text = reader.string(forKey: ConfigKey(stringLiteral: key), default: value)
            if text.isEmpty { return nil }
            guard let id = DepartmentID(rawValue: text) else {
                throw ConfigurationProblem.invalid(key: key, value: text, expected: DepartmentID.syntax + " (empty for none)")
            }
            return id
        }
        return DutySettings(defaultPolicy: policy, districtCentre: try unit("duty.district_department", default: ""),
                            cityUnit: try unit("duty.city_unit", default: "city"))
    }

    /// Whether `name` can name a signed-note key: not empty, no spaces, no plus sign.
    private static func isKeyName(_ name: String) -> Bool {
        !name.isEmpty && !name.contains(where: { $0 == "+" || $0.isWhitespace })
    }

    private static func number(_ reader: ConfigReader, _ key: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = reader.string(forKey: ConfigKey(stringLiteral: key)) else { return value }
        guard let parsed = Int(text), range.contains(parsed) else {
            throw ConfigurationProblem.invalid(key: key, value: text, expected: "an integer in \(range.lowerBound)…\(range.upperBound)")
        }
        return parsed
    }

    private static func values(_ flat: [String: ConfigContent]) -> [AbsoluteConfigKey: ConfigValue] {
        Dictionary(uniqueKeysWithValues: flat.map { key, content in
            (AbsoluteConfigKey(stringLiteral: key), ConfigValue(content, isSecret: key == "database.url"))
        })
    }

    /// TOML leaves as configuration values; every scalar is read as text so flags, environment and file agree.
    private static func content(_ value: TOMLValue) -> ConfigContent? {
        switch value {
        case .string(let s), .datetime(let s): .string(s)
        case .integer(let i): .string(String(i))
        case .float(let d): .string(String(d))
        case .bool(let b): .string(String(b))
        case .array, .table: nil
        }
    }
}

/// A configuration that cannot be used; the message names the key or file.
public enum ConfigurationProblem: HubProblem {
    case missingFile(String)
    case unknownKeys(file: String, keys: [String])
    case invalid(key: String, value: String, expected: String)

    public var code: String { "INVALID_CONFIGURATION" }
    public var status: Int { 500 }
    public var message: LocalizedText {
        switch self {
        case .missingFile(let file):
            LocalizedText(zh: "找不到配置文件 \(file)", en: "Configuration file \(file) not found")
        case .unknownKeys(let file, let keys):
            LocalizedText(zh: "配置文件 \(file) 含有未知的键：\(keys.joined(separator: ", "))（可用：\(HubConfiguration.keys.joined(separator: ", "))）",
                          en: "Configuration file \(file) has unknown keys: \(keys.joined(separator: ", ")) (known: \(HubConfiguration.keys.joined(separator: ", ")))")
        case .invalid(let key, let value, let expected):
            LocalizedText(zh: "配置项 \(key) 的值 \(value) 无效，应为 \(expected)", en: "Configuration \(key) = \(value) is invalid; expected \(expected)")
        }
    }
}
