import Foundation
import HubKit
import Hummingbird

/// Rainfall out: every rain gauge's accumulation with its grade and map colour, a basin's areal rainfall by
/// Thiessen polygons, and the CMA rainstorm signals expanded into alarm rules.
public struct RainfallRoutes: Sendable {
    let desk: TelemetryDesk
    let query: RainfallQuery

    public init(desk: TelemetryDesk) {
        self.desk = desk
        self.query = RainfallQuery(database: desk.stations.database, stations: desk.stations)
    }

    static let windowHelp = "1h | 3h | 6h | 12h | 24h | 72h | event (since the rain began; default 24h)"

    public func register(on hub: HubRouter) {
        hub.catalog.addSchemas(RainfallSchemas.all)
        hub.add(Endpoint(.get, "/api/v1/telemetry/rainfall", access: StationRoutes.read,
                         summary: "Every rain gauge's accumulation over a window at an instant, its GB/T 28592 grade and map colour",
                         tag: "telemetry", response: "RainfallMap", query: [
                            QueryParameter("window", "string", Self.windowHelp),
                            QueryParameter("at", "string", "The instant, ISO 8601 with zone (default now)"),
                            QueryParameter("dryHours", "integer", "window=event: the dry spell (hours, 1–72, default 6) that ends a rain"),
                            QueryParameter("group", "string", "Only the gauges of this group (e.g. a basin)"),
                         ]), map)
        hub.add(Endpoint(.post, "/api/v1/telemetry/rainfall/areal", access: StationRoutes.read,
                         summary: "A basin's areal rainfall: Thiessen weights of the gauges over the basin polygon, and the weighted sum",
                         tag: "telemetry", request: "ArealRainfallInput", response: "ArealRainfall"), areal)
        hub.add(Endpoint(.post, "/api/v1/telemetry/rules/templates/rainstorm-signals", access: RuleRoutes.write,
                         summary: "The CMA rainstorm signals (blue…red) as four windowSum rules, each drafting its CAP warning; checked, not taken",
                         tag: "alarms", request: "RainstormSignalsInput", response: "RainstormSignalRules"), signals)
    }

    struct GaugeView: Codable, Sendable {
        var station: String
        var name: String
        var nameEn: String
        var location: [Double]
        var millimetres: Double
        var readings: Int
        var grade: String?
        var gradeZh: String?
        var gradeEn: String?
        var colour: String
        var hex: String?
        var rainBegan: String?
        var truncated: Bool?
    }

    struct MapView: ResponseEncodable, Sendable {
        var window: String
        var at: String
        var dryHours: Int?
        /// Which table graded the amounts, or nil when the window has none.
        var grading: String?
        var gauges: [GaugeView]
    }

    static func grading(_ window: RainfallWindow) -> String? {
        switch window.gradedHours {
        case 24?, 12?: "GB/T 28592-2012 table 1 (\(window.text))"
        case 1?: "CMA hourly grading (GB/T 28592 has no 1 h table)"
        default: nil
        }
    }

    struct Parsed {
        var window: RainfallWindow
        var at: Int64
    }

    func parse(window text: String?, dryHours: Int?, at atText: String?) throws -> Parsed {
        let dry = dryHours ?? 6
        guard let window = RainfallWindow(text ?? "24h", dryHours: dry) else {
            if text == "event" {
                throw TelemetryProblem.badQuery(field: "dryHours", zh: "干燥间隔须为 1 至 72 小时", en: "the dry spell is 1 to 72 hours")
            }
            throw TelemetryProblem.badQuery(field: "window", zh: "应为 1h、3h、6h、12h、24h、72h 或 event", en: "1h, 3h, 6h, 12h, 24h, 72h or event")
        }
        var at = desk.clock.nowMilliseconds
        if let atText { at = try TimeQuery.instant(atText, field: "at") }
        return Parsed(window: window, at: at)
    }

    func view(_ g: RainfallQuery.GaugeRainfall, window: RainfallWindow) -> GaugeView {
        let event = window.gradedHours == nil
        return GaugeView(station: g.station.id.rawValue, name: g.station.name, nameEn: g.station.nameEn,
                         location: [g.station.location.lon, g.station.location.lat], millimetres: g.accumulation.millimetres,
                         readings: g.accumulation.readings, grade: g.grade?.rawValue, gradeZh: g.grade?.label.zh, gradeEn: g.grade?.label.en,
                         colour: g.colour.rawValue, hex: g.colour.hex, rainBegan: g.accumulation.rainBegan.map(Timestamp.shanghai),
                         truncated: event ? g.accumulation.truncated : nil)
    }

    @Sendable func map(_ request: Request, context: HubRequestContext) async throws -> MapView {
        let principal = try context.requirePrincipal()
        let q = request.uri.queryParameters
        var dryHours: Int?
        if let text = q["dryHours"] {
            guard let value = Int(String(text)) else {
                throw TelemetryProblem.badQuery(field: "dryHours", zh: "应为整数小时", en: "whole hours")
            }
            dryHours = value
        }
        let parsed = try parse(window: q["window"].map(String.init), dryHours: dryHours, at: q["at"].map(String.init))
        let gauges = try await query.gauges(window: parsed.window, at: parsed.at, group: q["group"].map(String.init),
                                            department: try principal.departmentLimit())
        var dry: Int?
        if case .sinceRainBegan(let hours) = parsed.window { dry = hours }
        return MapView(window: parsed.window.text, at: Timestamp.shanghai(parsed.at), dryHours: dry, grading: Self.grading(parsed.window),
                       gauges: gauges.map { view($0, window: parsed.window) })
    }

    struct ArealInput: Decodable, Sendable {
        var basin: BasinGeometry
        var group: String?
        var window: String?
        var at: String?
        var dryHours: Int?
    }

    /// A GeoJSON Polygon geometry.
    struct BasinGeometry: Decodable, Sendable {
        var polygon: GeoPolygon
        enum CodingKeys: String, CodingKey { case type, coordinates }
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            guard try c.decode(String.self, forKey: .type) == "Polygon" else {
                throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "the basin is a GeoJSON Polygon")
            }
            polygon = try c.decode(GeoPolygon.self, forKey: .coordinates)
        }
    }

    struct ArealGauge: Codable, Sendable {
        var station: String
        var weight: Double
        var areaKm2: Double
        var millimetres: Double
    }

    struct ArealView: ResponseEncodable, Sendable {
        var window: String
        var at: String
        var basinAreaKm2: Double
        var millimetres: Double
        var grade: String?
        var gradeZh: String?
        var gradeEn: String?
        var colour: String
        var gauges: [ArealGauge]
    }

    @Sendable func areal(_ request: Request, context: HubRequestContext) async throws -> ArealView {
        let principal = try context.requirePrincipal()
        let input = try await request.decodeJSON(as: ArealInput.self, context: context)
        let faults = PolygonValidator.validate(input.basin.polygon)
        if let fault = faults.first {
            throw TelemetryProblem.badQuery(field: "basin", zh: "流域多边形无效：\(fault.message.zh)", en: "the basin polygon is not valid: \(fault.message.en)")
        }
        let parsed = try parse(window: input.window, dryHours: input.dryHours, at: input.at)
        let gauges = try await query.gauges(window: parsed.window, at: parsed.at, group: input.group,
                                            department: try principal.departmentLimit())
            .filter { $0.accumulation.readings > 0 || parsed.window.gradedHours == nil }
        guard !gauges.isEmpty else {
            throw TelemetryProblem.badQuery(field: "group", zh: "没有在此时段有读数的雨量站", en: "no rain gauge has readings in the window")
        }
        let weights = Thiessen.weights(gauges: gauges.map { ($0.station.id.rawValue, $0.station.location) }, basin: input.basin.polygon)
        let amounts = Dictionary(gauges.map { ($0.station.id.rawValue, $0.accumulation.millimetres) }, uniquingKeysWith: { a, _ in a })
        let areal = (Thiessen.arealRainfall(weights, millimetres: amounts) * 100).rounded() / 100
        let grade = parsed.window.gradedHours.flatMap { RainfallClass.classify(areal, windowHours: $0) }
        return ArealView(window: parsed.window.text, at: Timestamp.shanghai(parsed.at),
                         basinAreaKm2: weights.reduce(0) { $0 + $1.areaKm2 }, millimetres: areal,
                         grade: grade?.rawValue, gradeZh: grade?.label.zh, gradeEn: grade?.label.en, colour: RainfallColour.of(areal).rawValue,
                         gauges: weights.map { ArealGauge(station: $0.id, weight: $0.weight, areaKm2: $0.areaKm2, millimetres: amounts[$0.id] ?? 0) })
    }

    struct RuleListView: ResponseEncodable, Sendable {
        var rules: [AlarmRule]
    }

    @Sendable func signals(_ request: Request, context: HubRequestContext) async throws -> RuleListView {
        _ = try context.requirePrincipal()
        let template = try await request.decodeJSON(as: RainstormSignals.Template.self, context: context)
        guard let rules = RainstormSignals.rules(template) else {
            throw InputProblem.invalidField(field: "idPrefix", reason: "规则编号前缀须为 a–z 0–9 . _ -，最多 57 个字符 / a–z 0–9 . _ -, at most 57 characters")
        }
        try await desk.rules.check(rules)
        return RuleListView(rules: rules)
    }
}
