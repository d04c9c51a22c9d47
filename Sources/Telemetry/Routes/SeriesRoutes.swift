import Foundation
import HubKit
import Hummingbird

/// Time series out: aggregates per period over a range, the latest readings of a station, and the retention
/// pass on demand.
public struct SeriesRoutes: Sendable {
    let desk: TelemetryDesk
    /// At most this many buckets per answer.
    static let maximumBuckets: Int64 = 10_000

    public init(desk: TelemetryDesk) {
        self.desk = desk
    }

    public func register(on hub: HubRouter) {
        hub.add(Endpoint(.get, "/api/v1/telemetry/series", access: StationRoutes.read,
                         summary: "Aggregate one station's quantity per period (sum|avg|min|max|count), Asia/Shanghai-aligned buckets",
                         tag: "telemetry", response: "Series", query: [
                            QueryParameter("station", "string", "Station id", required: true),
                            QueryParameter("quantity", "string", Quantity.allCases.map(\.rawValue).joined(separator: " | "), required: true),
                            QueryParameter("from", "string", "Start, ISO 8601 with zone (inclusive)", required: true),
                            QueryParameter("to", "string", "End, ISO 8601 with zone (exclusive)", required: true),
                            QueryParameter("period", "string", Period.accepted.joined(separator: " | ") + " (default 1h)"),
                            QueryParameter("fn", "string", "sum | avg | min | max | count (default avg)"),
                            QueryParameter("datum", "string", "water_level: the datum to answer in (default the gauge's own); converted by the gauge's offset, 422 NO_DATUM_OFFSET when it has none"),
                         ]), aggregate)
        hub.add(Endpoint(.get, "/api/v1/telemetry/stations/:id/latest", access: StationRoutes.read,
                         summary: "The newest reading of each quantity of a station", tag: "telemetry", response: "LatestReadings"), latest)
        hub.add(Endpoint(.post, "/api/v1/telemetry/retention/run", access: .roles(.admin),
                         summary: "Run the retention pass now (it also runs hourly)", tag: "telemetry", response: "RetentionResult"), runRetention)
    }

    struct SeriesView: ResponseEncodable, Sendable {
        var station: String
        var quantity: String
        var unit: String
        var datum: String?
        var period: String
        var fn: String
        var from: String
        var to: String
        /// Buckets from here on come from raw readings, earlier ones from hourly summaries.
        var rawFrom: String
        var buckets: [SeriesBucket]
    }

    struct Reading: Codable, Sendable {
        var quantity: String
        var unit: String
        var time: String
        var value: Double
    }

    struct LatestView: ResponseEncodable, Sendable {
        var station: String
        var datum: String?
        var readings: [Reading]
    }

    struct RetentionResult: ResponseEncodable, Sendable {
        var purgedBefore: String
    }

    func visibleStation(_ id: String, _ context: HubRequestContext) throws -> StationEntry {
        let principal = try context.requirePrincipal()
        guard let entry = desk.stations.directory.snapshot[id] else { throw TelemetryProblem.stationNotFound(id) }
        if let limited = try principal.departmentLimit(), limited != entry.department { throw AccessProblem.notYourDepartment }
        return entry
    }

    @Sendable func aggregate(_ request: Request, context: HubRequestContext) async throws -> SeriesView {
        let query = request.uri.queryParameters
        func required(_ name: String) throws -> String {
            guard let value = query[name[...]].map(String.init), !value.isEmpty else { throw InputProblem.missingField(name) }
            return value
        }
        let entry = try visibleStation(try required("station"), context)
        let quantityText = try required("quantity")
        guard let quantity = Quantity(rawValue: quantityText) else {
            throw TelemetryProblem.badQuery(field: "quantity", zh: "未知观测量 \(quantityText)", en: "unknown quantity \(quantityText)")
        }
        func instant(_ name: String) throws -> Int64 { try TimeQuery.instant(try required(name), field: name) }
        let from = try instant("from")
        let to = try instant("to")
        guard from < to else { throw TelemetryProblem.badQuery(field: "to", zh: "结束时间应晚于开始时间", en: "to must be after from") }
        let periodText = query["period"].map(String.init) ?? "1h"
        guard let period = Period(periodText) else {
            throw TelemetryProblem.badQuery(field: "period", zh: Period.accepted.joined(separator: "、"), en: Period.accepted.joined(separator: ", "))
        }
        guard (to - from) / period.milliseconds <= Self.maximumBuckets else {
            throw TelemetryProblem.badQuery(field: "period", zh: "最多 \(Self.maximumBuckets) 个时段，请加大周期或缩短范围",
                                            en: "at most \(Self.maximumBuckets) buckets; use a longer period or a shorter range")
        }
        let fnText = query["fn"].map(String.init) ?? "avg"
        guard let function = AggregateFunction(rawValue: fnText) else {
            throw TelemetryProblem.badQuery(field: "fn", zh: "应为 sum、avg、min、max 或 count", en: "sum, avg, min, max or count")
        }
        var datum = quantity == .waterLevel ? entry.river?.datum : nil
        var shift = 0.0
        if let text = query["datum"].map(String.init) {
            guard quantity == .waterLevel, let river = entry.river else {
                throw TelemetryProblem.badQuery(field: "datum", zh: "只有水位站的水位有高程基面", en: "only a river gauge's water level has a datum")
            }
            guard let tag = DatumTag(rawValue: text) else { throw TelemetryProblem.badQuery(field: "datum", zh: DatumTag.syntax, en: DatumTag.syntax) }
            let table = try await DatumOffsetStore(database: desk.stations.database, clock: desk.clock).table(entry.id)
            guard let s = DatumConversion.shift(from: river.datum, to: tag, station: river.datum, offsets: table) else {
                throw TelemetryProblem.noDatumOffset(station: entry.id.rawValue, from: river.datum.rawValue, to: tag.rawValue)
            }
            datum = tag
            shift = s
        }
        let answer = try await desk.series.aggregate(stationKey: entry.key, quantity: quantity, from: from, to: to, period: period)
        return SeriesView(station: entry.id.rawValue, quantity: quantity.rawValue, unit: quantity.canonicalUnit,
                          datum: datum?.rawValue, period: period.text, fn: function.rawValue,
                          from: Timestamp.shanghai(from), to: Timestamp.shanghai(to), rawFrom: Timestamp.shanghai(answer.rawFrom),
                          buckets: answer.buckets.map {
                              SeriesBucket(start: Timestamp.shanghai($0.start),
                                           value: DatumConversion.shifted($0.summary.value(function), fn: function, count: $0.summary.count, by: shift),
                                           count: $0.summary.count)
                          })
    }

    @Sendable func latest(_ request: Request, context: HubRequestContext) async throws -> LatestView {
        let entry = try visibleStation(try context.parameters.require("id"), context)
        let readings = try await Self.readings([entry], desk: desk)[entry.id.rawValue] ?? []
        return LatestView(station: entry.id.rawValue, datum: entry.river?.datum.rawValue, readings: readings)
    }

    /// Each station's newest reading of each quantity it measures, by station id, in one read of the store.
    static func readings(_ entries: [StationEntry], desk: TelemetryDesk) async throws -> [String: [Reading]] {
        let series = entries.flatMap { entry in
            Quantity.allCases.filter(entry.kind.quantities.contains).map { (entry: entry, quantity: $0) }
        }
        let found = try await desk.observations.latest(series.map { ($0.entry.key, $0.quantity) })
        var readings: [String: [Reading]] = Dictionary(uniqueKeysWithValues: entries.map { ($0.id.rawValue, []) })
        for (s, r) in zip(series, found) {
            guard let r else { continue }
            readings[s.entry.id.rawValue, default: []].append(
                Reading(quantity: s.quantity.rawValue, unit: s.quantity.canonicalUnit, time: Timestamp.shanghai(r.at), value: r.value))
        }
        return readings
    }

    @Sendable func runRetention(_ request: Request, context: HubRequestContext) async throws -> RetentionResult {
        RetentionResult(purgedBefore: Timestamp.shanghai(try await desk.retention.run()))
    }
}
