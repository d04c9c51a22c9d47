import Foundation
import HubKit
import Hummingbird

/// The crest forecast of a river gauge from upstream gauges (lagged linear regression), with its error on the
/// gauge's own history stated beside it.
public struct ForecastRoutes: Sendable {
    let desk: TelemetryDesk
    let forecaster: CrestForecaster

    public init(desk: TelemetryDesk) {
        self.desk = desk
        forecaster = CrestForecaster(series: desk.series)
    }

    /// The lead time whose leave-one-flood-out error gives the answer's band, and the leads reported.
    static let bandLead = 6
    static let leads = [3, 6]

    public func register(on hub: HubRouter) {
        hub.catalog.addSchemas(ForecastSchemas.all)
        hub.add(Endpoint(.get, "/api/v1/telemetry/forecast/crest", access: StationRoutes.read,
                         summary: "Forecast a river gauge's crest (level in its datum, time) from upstream gauges, with its error on the history",
                         tag: "telemetry", response: "CrestForecast", query: [
                            QueryParameter("station", "string", "The downstream river gauge", required: true),
                            QueryParameter("at", "string", "Forecast as of this instant, ISO 8601 with zone (default now)"),
                            QueryParameter("upstream", "string", "Comma-separated upstream river gauges (default: river gauges sharing no group with the station)"),
                            QueryParameter("historyDays", "integer", "Days of history to fit and test on, 14–366 (default 120)"),
                         ]), forecast)
    }

    struct InputView: Codable, Sendable {
        var station: String
        var datum: String?
        var lagHours: Int
        var coefficient: Double
        var correlation: Double
    }

    struct EvaluationView: Codable, Sendable {
        var leadHours: Int
        var floods: Int
        var levelMAE: Double?
        var hourMAE: Double?
        var levelMaxError: Double?
    }

    struct ForecastView: ResponseEncodable, Sendable {
        var station: String
        var datum: String
        var at: String
        var level: Double
        var time: String
        var beyondHorizon: Bool
        var horizonHours: Int
        var band: [Double]
        var bandBasis: String
        var warningLevel: Double
        var guaranteedLevel: Double
        var method: String
        var intercept: Double
        var samples: Int
        var inputs: [InputView]
        var evaluation: [EvaluationView]
    }

    @Sendable func forecast(_ request: Request, context: HubRequestContext) async throws -> ForecastView {
        let principal = try context.requirePrincipal()
        let q = request.uri.queryParameters
        guard let id = q["station"].map(String.init), !id.isEmpty else { throw InputProblem.missingField("station") }
        let directory = desk.stations.directory.snapshot
        guard let target = directory[id] else { throw TelemetryProblem.stationNotFound(id) }
        if let limited = try principal.departmentLimit(), limited != target.department { throw AccessProblem.notYourDepartment }
        guard let river = target.river else { throw TelemetryProblem.notARiverGauge(id) }
        var at = desk.clock.nowMilliseconds
        if let text = q["at"].map(String.init) { at = try TimeQuery.instant(text, field: "at") }
        var days = CrestForecaster.defaultHistoryDays
        if let text = q["historyDays"] {
            guard let value = Int(String(text)), (14...366).contains(value) else {
                throw TelemetryProblem.badQuery(field: "historyDays", zh: "应为 14 至 366 天", en: "14 to 366 days")
            }
            days = value
        }
        let upstream: [StationEntry]
        if let text = q["upstream"].map(String.init) {
            upstream = try text.split(separator: ",").map { name in
                guard let entry = directory[String(name)], entry.river != nil, entry.id != target.id else {
                    throw TelemetryProblem.badQuery(field: "upstream", zh: "\(name) 不是其他水位站", en: "\(name) is not another river gauge")
                }
                return entry
            }
        } else {
            upstream = CrestForecaster.defaultUpstream(of: target, in: directory)
        }
        guard !upstream.isEmpty else {
            throw TelemetryProblem.badQuery(field: "upstream", zh: "没有上游水位站", en: "there are no upstream river gauges")
        }
        let outcome = try await forecaster.forecast(target, upstream: upstream, at: at, days: days, leads: Self.leads)
        let (model, crest, evaluations) = (outcome.model, outcome.crest, outcome.evaluations)
        let band = evaluations.first { $0.leadHours == Self.bandLead }?.levelMaxError
        let round = { (x: Double) in (x * 100).rounded() / 100 }
        return ForecastView(
            station: id, datum: river.datum.rawValue, at: Timestamp.shanghai(at), level: round(crest.level),
            time: Timestamp.shanghai(crest.hour * 3_600_000), beyondHorizon: crest.beyondHorizon, horizonHours: model.horizonHours,
            band: band.map { [round(crest.level - $0), round(crest.level + $0)] } ?? [],
            bandBasis: band == nil ? "历史中没有可检验的洪水 / no flood in the history to test on"
                : "± 留一场洪水检验中提前 \(Self.bandLead) 小时的最大误差 / ± the largest error of leave-one-flood-out forecasts \(Self.bandLead) h ahead",
            warningLevel: river.warningLevel, guaranteedLevel: river.guaranteedLevel,
            method: "lagged linear regression on upstream levels, lags by cross-correlation (docs/ARCHITECTURE.md, Crest forecast)",
            intercept: model.intercept, samples: model.samples,
            inputs: model.inputs.map { InputView(station: $0.station, datum: directory[$0.station]?.river?.datum.rawValue, lagHours: $0.lagHours,
                                                 coefficient: $0.coefficient, correlation: $0.correlation) },
            evaluation: evaluations.map { EvaluationView(leadHours: $0.leadHours, floods: $0.trials.count, levelMAE: $0.levelMAE.map(round),
                                                         hourMAE: $0.hourMAE, levelMaxError: $0.levelMaxError.map(round)) })
    }
}

/// JSON Schemas of the forecast route.
enum ForecastSchemas {
    typealias S = TelemetrySchemas

    static var all: [String: JSONValue] {
        ["CrestForecast": ["type": "object", "required": ["station", "datum", "level", "time"], "properties": [
            "station": S.string, "datum": S.string, "at": S.string, "level": S.number, "time": S.string, "beyondHorizon": ["type": "boolean"],
            "horizonHours": S.integer, "band": S.array(S.number), "bandBasis": S.string, "warningLevel": S.number,
            "guaranteedLevel": S.number, "method": S.string, "intercept": S.number, "samples": S.integer,
            "inputs": S.array(["type": "object", "properties": ["station": S.string, "datum": S.string, "lagHours": S.integer,
                                                                 "coefficient": S.number, "correlation": S.number]]),
            "evaluation": S.array(["type": "object", "properties": ["leadHours": S.integer, "floods": S.integer, "levelMAE": S.number,
                                                                     "hourMAE": S.number, "levelMaxError": S.number]]),
        ]]]
    }
}
