import HubKit

/// One bad item of a batch, an import or a station: where it is, what is wrong, in both languages.
public struct TelemetryFault: Sendable, Hashable {
    /// Where: `observations[3]`, `series[0].points[5]`, `line 17`, `entities[2].precipitation`, `features[4]`.
    public var item: String
    public var station: String?
    /// Stable code, e.g. `UNKNOWN_STATION`, `TIMESTAMP_WITHOUT_ZONE`.
    public var code: String
    public var message: LocalizedText

    public init(item: String, station: String? = nil, code: String, zh: String, en: String) {
        self.item = item
        self.station = station
        self.code = code
        self.message = LocalizedText(zh: zh, en: en)
    }

    var object: [String: String] {
        var out = ["item": item, "code": code, "message": message.zh, "messageEn": message.en]
        if let station { out["station"] = station }
        return out
    }
}

/// Refusals of the telemetry slice. Codes are stable and documented in docs/API.md.
public enum TelemetryProblem: HubProblem {
    /// A batch with bad items; nothing of it was written.
    case badObservations([TelemetryFault])
    /// Observations that differ from stored ones for the same station, quantity and time (and are not corrections).
    case conflictingObservations([TelemetryFault])
    /// A station create, update or import with faults; nothing was written.
    case invalidStations([TelemetryFault])
    /// Alarm rule definitions with faults (`RuleCheck`); none was taken.
    case invalidRules([TelemetryFault])
    case stationNotFound(String)
    case alarmNotFound(String)
    case ruleNotFound(String)
    /// An action on an alarm that its state or the input does not allow.
    case badAlarmAction(code: String, zh: String, en: String)
    /// The rules changed since the version the caller read.
    case staleRules(expected: Int, actual: Int)
    case stationExists(String)
    case staleVersion(expected: Int, actual: Int)
    case badQuery(field: String, zh: String, en: String)
    case unsupportedMediaType(String)
    /// A level asked for in a datum the gauge has no offset to: never shown in the wrong datum.
    case noDatumOffset(station: String, from: String, to: String)
    /// Datums belong to river gauges only.
    case notARiverGauge(String)
    /// Too little history (or no upstream reading) to fit or run the crest forecast.
    case forecastUnavailable(String)
    /// A gauge has no water-level reading at or before the time asked.
    case noReading(String)

    /// At most this many faults are listed; the count says how many there were.
    static let listedFaults = 1000

    public var code: String {
        switch self {
        case .badObservations: "BAD_OBSERVATIONS"
        case .conflictingObservations: "CONFLICTING_OBSERVATIONS"
        case .invalidStations: "INVALID_STATIONS"
        case .invalidRules: "INVALID_RULES"
        case .stationNotFound: "STATION_NOT_FOUND"
        case .alarmNotFound: "ALARM_NOT_FOUND"
        case .ruleNotFound: "RULE_NOT_FOUND"
        case .badAlarmAction(let code, _, _): code
        case .staleRules: "STALE_RULES"
        case .stationExists: "STATION_EXISTS"
        case .staleVersion: "STALE_VERSION"
        case .badQuery: "BAD_QUERY"
        case .unsupportedMediaType: "UNSUPPORTED_MEDIA_TYPE"
        case .noDatumOffset: "NO_DATUM_OFFSET"
        case .notARiverGauge: "NOT_A_RIVER_GAUGE"
        case .forecastUnavailable: "FORECAST_UNAVAILABLE"
        case .noReading: "NO_READING"
        }
    }

    public var status: Int {
        switch self {
        case .badObservations, .invalidStations, .invalidRules, .badQuery, .badAlarmAction: 400
        case .conflictingObservations, .stationExists, .staleVersion, .staleRules: 409
        case .stationNotFound, .alarmNotFound, .ruleNotFound: 404
        case .unsupportedMediaType: 415
        case .noDatumOffset, .notARiverGauge, .forecastUnavailable, .noReading: 422
        }
    }

    public var message: LocalizedText {
        func first(_ faults: [TelemetryFault]) -> (zh: String, en: String) {
            guard let f = faults.first else { return ("", "") }
            return ("\(f.item)：\(f.message.zh)", "\(f.item): \(f.message.en)")
        }
        switch self {
        case .badObservations(let faults):
            let f = first(faults)
            return LocalizedText(zh: "观测数据有 \(faults.count) 处错误，整批未写入。首个：\(f.zh)",
                                 en: "The observations have \(faults.count) fault(s); nothing of the batch was written. First: \(f.en)")
        case .conflictingObservations(let faults):
            let f = first(faults)
            return LocalizedText(zh: "\(faults.count) 条观测与已存数值不同（如属更正，请标记 correction），整批未写入。首个：\(f.zh)",
                                 en: "\(faults.count) observation(s) differ from stored values (mark them as a correction if they are); nothing was written. First: \(f.en)")
        case .invalidStations(let faults):
            let f = first(faults)
            return LocalizedText(zh: "站点数据有 \(faults.count) 处错误，未写入任何内容。首个：\(f.zh)",
                                 en: "The stations have \(faults.count) fault(s); nothing was written. First: \(f.en)")
        case .invalidRules(let faults):
            let f = first(faults)
            return LocalizedText(zh: "告警规则有 \(faults.count) 处错误，均未采用。首个：\(f.zh)",
                                 en: "The rules have \(faults.count) fault(s); none was taken. First: \(f.en)")
        case .stationNotFound(let id):
            return LocalizedText(zh: "找不到站点 \(id)。", en: "There is no station \(id).")
        case .stationExists(let id):
            return LocalizedText(zh: "站点 \(id) 已存在。", en: "The station \(id) exists already.")
        case .staleVersion(let expected, let actual):
            return LocalizedText(zh: "站点已被他人修改（您的版本 \(expected)，当前版本 \(actual)），请刷新后重试。",
                                 en: "The station changed meanwhile (your version \(expected), now \(actual)); reload and try again.")
        case .alarmNotFound(let id):
            return LocalizedText(zh: "找不到告警 \(id)。", en: "There is no alarm \(id).")
        case .ruleNotFound(let id):
            return LocalizedText(zh: "找不到告警规则 \(id)。", en: "There is no alarm rule \(id).")
        case .badAlarmAction(_, let zh, let en):
            return LocalizedText(zh: zh + "。", en: en.prefix(1).uppercased() + en.dropFirst() + ".")
        case .staleRules(let expected, let actual):
            return LocalizedText(zh: "告警规则已被他人修改（您的版本 \(expected)，当前版本 \(actual)），请刷新后重试。",
                                 en: "The rules changed meanwhile (your version \(expected), now \(actual)); reload and try again.")
        case .badQuery(let field, let zh, let en):
            return LocalizedText(zh: "查询参数 \(field) 有误：\(zh)", en: "The query parameter \(field) is wrong: \(en)")
        case .unsupportedMediaType(let type):
            return LocalizedText(zh: "不支持的内容类型 \(type)。", en: "The content type \(type) is not supported here.")
        case .noDatumOffset(let station, let from, let to):
            return LocalizedText(zh: "站点 \(station) 没有 \(from) 与 \(to) 之间的基面换算值，不能换算水位（请管理员登记该站的基面差）。",
                                 en: "The station \(station) has no offset between \(from) and \(to); its levels cannot be converted (an administrator can record the offset).")
        case .notARiverGauge(let id):
            return LocalizedText(zh: "\(id) 不是水位站，没有高程基面。", en: "\(id) is not a river gauge and has no height datum.")
        case .forecastUnavailable(let id):
            return LocalizedText(zh: "\(id) 的历史或上游读数不足，无法预报洪峰。",
                                 en: "There is too little history or upstream data to forecast the crest at \(id).")
        case .noReading(let id):
            return LocalizedText(zh: "水位站 \(id) 在该时刻及之前没有水位读数。", en: "The gauge \(id) has no water-level reading at or before that time.")
        }
    }

    public var extensions: [String: ProblemValue] {
        switch self {
        case .badObservations(let faults), .conflictingObservations(let faults), .invalidStations(let faults), .invalidRules(let faults):
            ["faults": .objects(faults.prefix(Self.listedFaults).map(\.object)), "faultCount": .int(faults.count)]
        case .staleVersion(_, let actual), .staleRules(_, let actual): ["currentVersion": .int(actual)]
        case .badQuery(let field, _, _): ["field": .string(field)]
        case .noDatumOffset(let station, let from, let to): ["station": .string(station), "from": .string(from), "to": .string(to)]
        default: [:]
        }
    }
}
