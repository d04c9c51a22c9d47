import HubKit

/// Checks raw readings against the registry and physics: every fault is named, and a batch with any fault is
/// refused whole (the caller writes nothing). Pure.
public enum ObservationCheck {
    /// Readings more than this far in the future are refused (clock errors, wrong zones).
    public static let futureAllowanceMilliseconds: Int64 = 10 * 60_000
    /// 2000-01-01T00:00:00Z: nothing older is a reading of a registered device.
    public static let earliest: Int64 = 946_684_800_000

    public struct Result: Sendable {
        /// Unique by key, in input order.
        public var observations: [Observation]
        public var faults: [TelemetryFault]
    }

    public static func check(_ raws: [RawObservation], stations: [String: StationEntry], now: Int64) -> Result {
        var faults: [TelemetryFault] = []
        var observations: [Observation] = []
        observations.reserveCapacity(raws.count)
        var seen: [Observation.Key: (index: Int, item: String)] = [:]
        seen.reserveCapacity(raws.count)
        var lastStation: (name: String, entry: StationEntry?) = ("", nil)
        var lastQuantity: (name: String, quantity: Quantity?) = ("", nil)
        for raw in raws {
            func fault(_ code: String, _ zh: String, _ en: String) {
                faults.append(TelemetryFault(item: raw.item, station: raw.station, code: code, zh: zh, en: en))
            }
            if raw.station != lastStation.name { lastStation = (raw.station, stations[raw.station]) }
            guard let entry = lastStation.entry else {
                fault("UNKNOWN_STATION", "站点 \(raw.station) 未登记", "the station \(raw.station) is not registered")
                continue
            }
            guard entry.status != .retired else {
                fault("STATION_RETIRED", "站点 \(raw.station) 已停用", "the station \(raw.station) is retired")
                continue
            }
            if raw.quantity != lastQuantity.name { lastQuantity = (raw.quantity, Quantity(rawValue: raw.quantity)) }
            guard let quantity = lastQuantity.quantity else {
                fault("UNKNOWN_QUANTITY", "未知观测量 \(raw.quantity)", "unknown quantity \(raw.quantity) (\(Quantity.allCases.map(\.rawValue).joined(separator: ", ")))")
                continue
            }
            guard entry.kind.quantities.contains(quantity) else {
                fault("QUANTITY_NOT_FOR_KIND", "\(entry.kind.label.zh)不测量 \(quantity.rawValue)",
                      "a \(entry.kind.label.en) does not report \(quantity.rawValue)")
                continue
            }
            let at: Int64
            do {
                at = try Timestamp.milliseconds(raw.time)
            } catch .noZone {
                fault("TIMESTAMP_WITHOUT_ZONE", "时间 \(raw.time) 缺少时区（如 +08:00 或 Z）",
                      "the time \(raw.time) has no zone (e.g. +08:00 or Z)")
                continue
            } catch {
                fault("BAD_TIMESTAMP", "时间 \(raw.time) 不是 ISO 8601 格式", "the time \(raw.time) is not ISO 8601")
                continue
            }
            guard at >= earliest, at <= now + futureAllowanceMilliseconds else {
                fault("TIMESTAMP_OUT_OF_RANGE", "时间 \(raw.time) 早于 2000 年或晚于当前时间 10 分钟以上",
                      "the time \(raw.time) is before 2000 or more than 10 minutes in the future")
                continue
            }
            guard raw.value.isFinite else {
                fault("BAD_VALUE", "数值无效", "the value is not a finite number")
                continue
            }
            guard let conversion = Units.conversion(raw.unit, for: quantity) else {
                fault("UNSUPPORTED_UNIT", "\(quantity.rawValue) 不接受单位 \(raw.unit ?? "")，可用：\(Units.accepted(for: quantity))",
                      "\(quantity.rawValue) does not take the unit \(raw.unit ?? ""); accepted: \(Units.accepted(for: quantity))")
                continue
            }
            if quantity == .waterLevel, let datum = raw.datum, datum != entry.river?.datum.rawValue {
                let theirs = entry.river?.datum.rawValue ?? "（未设基准 / none）"
                fault("DATUM_MISMATCH", "水位基准 \(datum) 与站点基准 \(theirs) 不同，不做换算",
                      "the level's datum \(datum) differs from the gauge's datum \(theirs); levels are never converted silently")
                continue
            }
            let value = conversion.apply(raw.value)
            let range = Plausibility.range(quantity, levels: entry.river)
            guard range.contains(value) else {
                fault("IMPLAUSIBLE_VALUE", "\(quantity.rawValue) = \(value) \(quantity.canonicalUnit) 超出合理范围 \(range.lowerBound)…\(range.upperBound)",
                      "\(quantity.rawValue) = \(value) \(quantity.canonicalUnit) is outside the plausible range \(range.lowerBound)…\(range.upperBound)")
                continue
            }
            let observation = Observation(stationKey: entry.key, station: entry.id, quantity: quantity, at: at, value: value)
            if let earlier = seen[observation.key] {
                if observations[earlier.index].value != value {
                    fault("CONFLICT_IN_BATCH", "与 \(earlier.item) 同一时刻数值不同", "differs from \(earlier.item) at the same instant")
                }
                continue
            }
            seen[observation.key] = (observations.count, raw.item)
            observations.append(observation)
        }
        return Result(observations: observations, faults: faults)
    }
}
