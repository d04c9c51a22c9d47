import HubKit

/// The sentences an alarm intent carries, in Chinese and English. Numbers to three decimals at most; times in
/// Asia/Shanghai.
enum RuleReasons {
    static func number(_ value: Double) -> String {
        let rounded = (value * 1000).rounded() / 1000
        if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int64(rounded)) }
        return String(rounded)
    }

    static func quantity(_ q: Quantity) -> (zh: String, en: String) {
        switch q {
        case .rainfall: ("雨量", "rainfall")
        case .waterLevel: ("水位", "water level")
        case .waterDepth: ("积水深度", "water depth")
        case .intensity: ("车流量", "traffic intensity")
        case .occupancy: ("占有率", "occupancy")
        case .averageSpeed: ("平均车速", "average speed")
        case .temperature: ("气温", "temperature")
        case .relativeHumidity: ("相对湿度", "relative humidity")
        case .windSpeed: ("风速", "wind speed")
        }
    }

    static func text(action: AlarmIntent.Action, rule: AlarmRule, binding: RuleEngine.Binding, source: String,
                     severity: Severity, previous: Severity?, value: Double, threshold: Double, next: Int?,
                     projectedAt: Int64?, members: Int) -> LocalizedText {
        let unit = rule.quantity.canonicalUnit == "1" ? "" : " \(rule.quantity.canonicalUnit)"
        let q = quantity(rule.quantity)
        let v = number(value)
        let t = number(threshold)
        let levelName = next.flatMap { binding.levelNames.indices.contains($0) ? binding.levelNames[$0] : nil }
        let mark = levelName.map { (zh: "\($0.zh) \(t)\(unit)", en: "the \($0.en) \(t)\(unit)") } ?? (zh: "\(t)\(unit)", en: "\(t)\(unit)")
        let measureUnit = switch rule.kind {
        case .noData: " min"
        case .nOfM: ""
        case .rateOfRise: "\(unit)/h"
        default: unit
        }
        let below = (rule.direction ?? .above) == .below
        let measure: (zh: String, en: String)
        switch rule.kind {
        case .threshold:
            measure = (below ? "\(source) \(q.zh) \(v)\(unit)，低于或等于 \(mark.zh)" : "\(source) \(q.zh) \(v)\(unit)，达到 \(mark.zh)",
                       below ? "\(source) \(q.en) \(v)\(unit), at or below \(mark.en)" : "\(source) \(q.en) \(v)\(unit), at or above \(mark.en)")
        case .windowSum:
            let h = rule.windowHours ?? 0
            measure = ("\(source) 近 \(h) 小时累计\(q.zh) \(v)\(unit)，达到 \(t)\(unit)",
                       "\(source) \(q.en) over the last \(h) h \(v)\(unit), at or above \(t)\(unit)")
        case .rateOfRise:
            let m = rule.windowMinutes ?? 0
            var zh = "\(source) 近 \(m) 分钟\(q.zh)每小时上涨 \(v)\(unit)，达到 \(t)\(unit)/h"
            var en = "\(source) \(q.en) rising \(v)\(unit)/h over the last \(m) min, at or above \(t)\(unit)/h"
            if let projectedAt, let target = binding.projectTo {
                let when = Timestamp.shanghai(projectedAt)
                zh += "；按此速度预计 \(when) 达到 \(number(target))\(unit)"
                en += "; at this rate \(number(target))\(unit) is reached at \(when)"
            }
            measure = (zh, en)
        case .noData:
            measure = ("\(source) 已 \(v) 分钟无\(q.zh)数据，达到 \(t) 分钟", "\(source) has sent no \(q.en) for \(v) min, at or above \(t) min")
        case .nOfM:
            measure = ("\(source) 的 \(members) 站中 \(v) 站满足条件，达到 \(t) 站", "\(v) of the \(members) gauges of \(source) meet the condition, at or above \(t)")
        }
        let name = rule.name.map { "【\($0)】" } ?? "【\(rule.id)】"
        let nameEn = "[\(rule.nameEn ?? rule.name ?? rule.id.rawValue)] "
        switch action {
        case .raise:
            return LocalizedText(zh: "\(name)\(severity.label.zh)告警：\(measure.zh)。", en: "\(nameEn)\(severity.label.en) alarm: \(measure.en).")
        case .changeSeverity:
            let up = previous.map { severity > $0 } ?? true
            if up {
                return LocalizedText(zh: "\(name)升级为\(severity.label.zh)：\(measure.zh)。", en: "\(nameEn)raised to \(severity.label.en): \(measure.en).")
            }
            return LocalizedText(zh: "\(name)降级为\(severity.label.zh)：当前 \(v)\(measureUnit)，已越过 \(t)\(measureUnit)。",
                                 en: "\(nameEn)lowered to \(severity.label.en): now \(v)\(measureUnit), past \(t)\(measureUnit).")
        case .clear:
            return LocalizedText(zh: "\(name)\(severity.label.zh)告警解除：\(source) 当前 \(v)\(measureUnit)，已越过解除线 \(t)\(measureUnit)。",
                                 en: "\(nameEn)\(severity.label.en) alarm cleared: \(source) now \(v)\(measureUnit), past the clearing line \(t)\(measureUnit).")
        }
    }
}
