/// The faults of rule definitions that were refused.
public struct RuleFaults: Error, Sendable {
    public var faults: [TelemetryFault]
}

/// What makes a rule definition valid. Pure; every fault of every rule is named at once (`rules[2].levels[1]`), with
/// a stable code and a message in Chinese and English (docs/API.md, "Rules").
public enum RuleCheck {
    /// Checks `rules` against each other and, for station targets and station levels, against `stations`.
    /// Returns the rules unchanged when all are valid.
    public static func check(_ rules: [AlarmRule], stations: [StationID: RuleStation]) -> Result<[AlarmRule], RuleFaults> {
        var faults: [TelemetryFault] = []
        var seen: Set<RuleID> = []
        for (index, rule) in rules.enumerated() {
            let item = "rules[\(index)]"
            if !seen.insert(rule.id).inserted {
                faults.append(TelemetryFault(item: "\(item).id", code: "DUPLICATE_RULE_ID",
                                             zh: "规则编号 \(rule.id) 重复", en: "the rule id \(rule.id) is used twice"))
            }
            if RaisedAlarms.isReserved(rule.id) {
                faults.append(TelemetryFault(item: "\(item).id", code: "RESERVED_RULE_ID",
                                             zh: "规则编号 \(rule.id) 留给其他模块产生的告警（traffic.*）",
                                             en: "the rule id \(rule.id) is reserved for alarms other slices raise (traffic.*)"))
            }
            faults += check(rule, item: item, stations: stations)
        }
        return faults.isEmpty ? .success(rules) : .failure(RuleFaults(faults: faults))
    }

    /// The faults of one rule, each under `item`.
    public static func check(_ rule: AlarmRule, item: String, stations: [StationID: RuleStation]) -> [TelemetryFault] {
        var faults: [TelemetryFault] = []
        func fault(_ field: String, _ code: String, _ zh: String, _ en: String) {
            faults.append(TelemetryFault(item: "\(item).\(field)", station: rule.station?.rawValue, code: code, zh: zh, en: en))
        }
        func notForKind(_ field: String, _ present: Bool) {
            if present {
                fault(field, "FIELD_NOT_FOR_KIND", "\(rule.kind.rawValue) 规则不使用 \(field)",
                      "a \(rule.kind.rawValue) rule takes no \(field)")
            }
        }

        // Target.
        switch (rule.station, rule.group) {
        case (nil, nil), (.some, .some):
            fault("station", "BAD_TARGET", "规则须指定 station 或 group 之一", "a rule targets either a station or a group")
        case (let station?, nil):
            if stations[station] == nil {
                fault("station", "UNKNOWN_STATION", "站点 \(station) 未登记", "the station \(station) is not registered")
            }
        case (nil, let group?):
            if !StationRules.isGroupName(group) {
                fault("group", "BAD_GROUP", "分组名应为 1–40 个 a–z 0–9 - _ .", "a group is 1-40 of a-z 0-9 - _ .")
            }
        }
        let targetStation = rule.station.flatMap { stations[$0] }

        // Kind-specific fields.
        let usesDirection = rule.kind == .threshold
        notForKind("direction", !usesDirection && rule.direction != nil)
        notForKind("windowHours", rule.kind != .windowSum && rule.windowHours != nil)
        notForKind("windowMinutes", rule.kind != .rateOfRise && rule.windowMinutes != nil)
        notForKind("projectTo", rule.kind != .rateOfRise && rule.projectTo != nil)
        notForKind("member", rule.kind != .nOfM && rule.member != nil)
        if rule.kind == .windowSum, !AlarmRule.windowHoursAccepted.contains(rule.windowHours ?? 0) {
            fault("windowHours", "BAD_WINDOW", "累计时段应为 1、3、6、12、24 或 72 小时", "a window sum spans 1, 3, 6, 12, 24 or 72 hours")
        }
        if rule.kind == .windowSum, rule.quantity != .rainfall {
            fault("quantity", "QUANTITY_NOT_FOR_KIND", "滑动累计只适用于 rainfall", "window sums apply to rainfall only")
        }
        if rule.kind == .rateOfRise, !(10...1440).contains(rule.windowMinutes ?? 0) {
            fault("windowMinutes", "BAD_WINDOW", "涨率时段应为 10–1440 分钟", "a rate of rise spans 10 to 1,440 minutes")
        }
        if rule.kind == .nOfM {
            if rule.group == nil {
                fault("group", "BAD_TARGET", "N/M 规则须指定 group", "an nOfM rule targets a group")
            }
            if let member = rule.member {
                switch member.kind {
                case .threshold:
                    if member.windowHours != nil {
                        fault("member.windowHours", "FIELD_NOT_FOR_KIND", "阈值条件不使用 windowHours", "a threshold condition takes no windowHours")
                    }
                case .windowSum:
                    if !AlarmRule.windowHoursAccepted.contains(member.windowHours ?? 0) {
                        fault("member.windowHours", "BAD_WINDOW", "累计时段应为 1、3、6、12、24 或 72 小时", "a window sum spans 1, 3, 6, 12, 24 or 72 hours")
                    }
                    if member.direction != nil {
                        fault("member.direction", "FIELD_NOT_FOR_KIND", "滑动累计条件不使用 direction", "a window-sum condition takes no direction")
                    }
                default:
                    fault("member.kind", "BAD_MEMBER", "单站条件只能是 threshold 或 windowSum", "a gauge's condition is a threshold or a window sum")
                }
                if !member.value.isFinite {
                    fault("member.value", "BAD_LEVEL", "条件值须为有限数", "the condition's value must be a finite number")
                }
            } else {
                fault("member", "BAD_MEMBER", "N/M 规则须给出单站条件 member", "an nOfM rule needs the gauges' condition (member)")
            }
        }

        // Hysteresis and duration.
        if let h = rule.hysteresis, !(h.isFinite && h >= 0) {
            fault("hysteresis", "BAD_HYSTERESIS", "回差须为非负有限数", "the hysteresis must be a finite number ≥ 0")
        }
        if let d = rule.minDurationMinutes, !(0...10_080).contains(d) {
            fault("minDurationMinutes", "BAD_DURATION", "持续时间应为 0–10080 分钟", "the minimum duration is 0 to 10,080 minutes")
        }

        // Levels.
        if rule.levels.isEmpty {
            fault("levels", "NO_LEVELS", "规则须至少有一个等级", "a rule needs at least one level")
        }
        var usesStationLevel = false
        var usesNumber = false
        for (i, level) in rule.levels.enumerated() {
            let field = "levels[\(i)]"
            switch (level.value, level.stationLevel) {
            case (let value?, nil):
                usesNumber = true
                if !value.isFinite {
                    fault(field, "BAD_LEVEL", "等级值须为有限数", "a level must be a finite number")
                } else if rule.kind == .noData, value <= 0 {
                    fault(field, "BAD_LEVEL", "无数据时长须大于 0 分钟", "a no-data level is a number of minutes above 0")
                } else if rule.kind == .nOfM, value < 1 || value != value.rounded() {
                    fault(field, "BAD_LEVEL", "N/M 规则的等级是站数（正整数）", "an nOfM level counts gauges (a whole number ≥ 1)")
                }
                if level.offset != nil {
                    fault("\(field).offset", "FIELD_NOT_FOR_KIND", "offset 只与 stationLevel 一起使用", "an offset goes with a stationLevel only")
                }
            case (nil, _?):
                usesStationLevel = true
                if rule.kind != .threshold || rule.quantity != .waterLevel {
                    fault(field, "STATION_LEVEL_NOT_FOR_RULE", "站点水位只用于水位阈值规则", "a station's level serves water-level thresholds only")
                }
                if let offset = level.offset, !offset.isFinite {
                    fault("\(field).offset", "BAD_LEVEL", "offset 须为有限数", "the offset must be a finite number")
                }
            default:
                fault(field, "BAD_LEVEL", "每个等级须给出 value 或 stationLevel 之一", "each level gives either a value or a stationLevel")
            }
            if i > 0, rule.levels[i - 1].severity >= level.severity {
                fault("\(field).severity", "LEVELS_NOT_ASCENDING", "等级的严重程度须逐级升高", "severities must rise from one level to the next")
            }
        }
        if usesStationLevel && usesNumber {
            fault("levels", "LEVELS_MIXED", "同一规则不可混用数值与站点水位", "a rule's levels are all numbers or all station levels")
        }
        if usesNumber, rule.levels.count > 1 {
            let sign: Double = (rule.direction ?? .above) == .above ? 1 : -1
            let values = rule.levels.compactMap(\.value)
            if values.count == rule.levels.count, zip(values, values.dropFirst()).contains(where: { sign * $1 <= sign * $0 }) {
                fault("levels", "LEVELS_NOT_ASCENDING",
                      sign > 0 ? "等级值须随严重程度升高而增大" : "direction 为 below 时等级值须随严重程度升高而减小",
                      sign > 0 ? "level values must rise with severity" : "with direction below, level values must fall as severity rises")
            }
        }
        if usesStationLevel, rule.levels.count > 1 {
            let sign: Double = (rule.direction ?? .above) == .above ? 1 : -1
            let gauges = stations.values.filter { station in
                rule.station.map { $0 == station.id } ?? rule.group.map { station.groups.contains($0) } ?? false
            }
            for gauge in gauges.sorted(by: { $0.id < $1.id }) {
                guard let river = gauge.river else { continue }
                let values = rule.levels.compactMap { $0.reference.resolve(river) }
                if zip(values, values.dropFirst()).contains(where: { sign * $1 <= sign * $0 }) {
                    fault("levels", "LEVELS_NOT_ASCENDING", "站点 \(gauge.id) 的水位等级未随严重程度升高",
                          "at the station \(gauge.id) the levels do not rise with severity")
                    break
                }
            }
        }

        // Datums: numbers for levels are only meaningful in a stated datum, and never against another datum.
        let absoluteLevel = usesNumber || rule.projectTo?.value != nil
        if rule.quantity == .waterLevel, rule.kind == .threshold || rule.kind == .nOfM || rule.projectTo?.value != nil, absoluteLevel, rule.datum == nil {
            fault("datum", "DATUM_REQUIRED", "以数值给出的水位须注明高程基准 datum", "water levels given as numbers need their datum")
        }
        if rule.quantity != .waterLevel, rule.datum != nil {
            fault("datum", "FIELD_NOT_FOR_KIND", "只有水位规则带高程基准", "only water-level rules carry a datum")
        }
        if let target = targetStation, rule.quantity == .waterLevel {
            if let datum = rule.datum, let river = target.river, river.datum != datum {
                fault("datum", "DATUM_MISMATCH", "规则基准 \(datum) 与站点基准 \(river.datum) 不同，水位不换算",
                      "the rule's datum \(datum) is not the station's \(river.datum); levels are never converted")
            }
            let needsLevels = usesStationLevel || rule.projectTo?.stationLevel != nil
            if needsLevels, target.river == nil {
                fault("levels", "STATION_HAS_NO_LEVELS", "站点 \(target.id) 没有警戒或保证水位", "the station \(target.id) has no warning or guaranteed level")
            }
        }
        if let project = rule.projectTo {
            let ok = (project.value.map { $0.isFinite } ?? false) != (project.stationLevel != nil)
            if !ok || (project.value != nil && project.offset != nil) {
                fault("projectTo", "BAD_LEVEL", "projectTo 须给出 value 或 stationLevel 之一", "projectTo gives either a value or a stationLevel")
            }
            if project.stationLevel != nil, rule.quantity != .waterLevel {
                fault("projectTo", "STATION_LEVEL_NOT_FOR_RULE", "站点水位只用于水位规则", "a station's level serves water-level rules only")
            }
        }
        return faults
    }
}

