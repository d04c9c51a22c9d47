import Foundation
import HubKit

/// Checks of what the centre may change in the catalogue: categories and the working calendar. Pure; every fault
/// is named, in Chinese and English, so one refusal lists everything to correct.
public enum CatalogueEdits {
    /// What is wrong with `category` as a new version of the category at `code` (empty when nothing).
    public static func faults(of category: Category, at code: CategoryCode) -> [LocalizedText] {
        var faults: [LocalizedText] = []
        if category.code != code {
            faults.append(LocalizedText(zh: "正文中的编码 \(category.code) 与地址中的 \(code) 不一致",
                                        en: "code \(category.code) in the body differs from \(code) in the path"))
        }
        for (field, text) in [("name", category.name), ("majorName", category.majorName)]
        where text.zh.trimmed.isEmpty || text.en.trimmed.isEmpty {
            faults.append(LocalizedText(zh: "\(field) 需要中文和英文名称", en: "\(field) needs both a Chinese and an English name"))
        }
        for (stage, limit) in category.limits.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            let value = switch limit { case .workingHours(let n), .workingDays(let n), .minutes(let n): n }
            if value <= 0 || value > 10_000 {
                faults.append(LocalizedText(zh: "\(stage.rawValue) 时限须在 1 到 10000 之间", en: "limit for \(stage.rawValue) must be 1 to 10000"))
            }
        }
        if !(1...5_000).contains(category.duplicateRadiusMetres) {
            faults.append(LocalizedText(zh: "重复案件半径须在 1 到 5000 米之间", en: "duplicateRadiusMetres must be 1 to 5000"))
        }
        if !(1...720).contains(category.duplicateWindowHours) {
            faults.append(LocalizedText(zh: "重复案件时间窗须在 1 到 720 小时之间", en: "duplicateWindowHours must be 1 to 720"))
        }
        if !(0...1).contains(category.cameraConfidenceThreshold) {
            faults.append(LocalizedText(zh: "摄像头置信度阈值须在 0 到 1 之间", en: "cameraConfidenceThreshold must be 0 to 1"))
        }
        if category.defaultDepartment.trimmed.isEmpty {
            faults.append(LocalizedText(zh: "需要默认责任部门（部门编号或 street）", en: "defaultDepartment is needed (a department id or street)"))
        }
        return faults
    }

    /// `calendar` with the holidays and make-up working days of `year` replaced by those given (the yearly
    /// announcement of 国务院办公厅). Days outside the year, a day that is both, or a make-up day that is not a
    /// Saturday or Sunday are refused.
    public static func settingYear(_ year: Int, holidays: [LocalDay], makeUpDays: [LocalDay],
                                   in calendar: WorkingCalendar) throws(CaseProblem) -> WorkingCalendar {
        var faults: [LocalizedText] = []
        guard (2000...2100).contains(year) else {
            throw .invalidCalendar([LocalizedText(zh: "年份须在 2000 到 2100 之间", en: "the year must be 2000 to 2100")])
        }
        for day in holidays + makeUpDays where day.year != year {
            faults.append(LocalizedText(zh: "\(day) 不在 \(year) 年内", en: "\(day) is not in \(year)"))
        }
        for day in Set(holidays).intersection(makeUpDays).sorted() {
            faults.append(LocalizedText(zh: "\(day) 不能既是假日又是调休上班日", en: "\(day) cannot be both a holiday and a make-up working day"))
        }
        for day in makeUpDays where day.weekday < 6 {
            faults.append(LocalizedText(zh: "调休上班日 \(day) 不是周末", en: "make-up working day \(day) is not a Saturday or Sunday"))
        }
        guard faults.isEmpty else { throw .invalidCalendar(faults) }
        var next = calendar
        next.holidays = next.holidays.filter { $0.year != year }.union(holidays)
        next.makeUpDays = next.makeUpDays.filter { $0.year != year }.union(makeUpDays)
        return next
    }

    /// `calendar` with new working periods per ISO weekday (1 = Monday) and for make-up days. Periods are minutes
    /// after local midnight; each must lie within the day and they must not overlap.
    public static func settingHours(_ hours: [Int: [WorkingPeriod]], makeUpHours: [WorkingPeriod]?,
                                    in calendar: WorkingCalendar) throws(CaseProblem) -> WorkingCalendar {
        var faults: [LocalizedText] = []
        for weekday in hours.keys.sorted() where !(1...7).contains(weekday) {
            faults.append(LocalizedText(zh: "星期须为 1（周一）到 7（周日），不是 \(weekday)", en: "weekday must be 1 (Monday) to 7 (Sunday), not \(weekday)"))
        }
        let named = hours.sorted { $0.key < $1.key }.map { ("\($0.key)", $0.value) } + [("makeUp", makeUpHours ?? [])]
        for (label, periods) in named {
            for period in periods where !(0 <= period.start && period.start < period.end && period.end <= 1440) {
                faults.append(LocalizedText(zh: "\(label)：时段 \(period.start)–\(period.end) 须在 0 到 1440 分钟内且开始早于结束",
                                            en: "\(label): period \(period.start)–\(period.end) must lie within 0…1440 minutes and start before it ends"))
            }
            let sorted = periods.sorted { $0.start < $1.start }
            for (a, b) in zip(sorted, sorted.dropFirst()) where b.start < a.end {
                faults.append(LocalizedText(zh: "\(label)：时段重叠", en: "\(label): periods overlap"))
            }
        }
        if hours.values.allSatisfy(\.isEmpty) {
            faults.append(LocalizedText(zh: "每周至少要有一个工作时段", en: "the week needs at least one working period"))
        }
        guard faults.isEmpty else { throw .invalidCalendar(faults) }
        var next = calendar
        next.hours = hours
        next.makeUpHours = makeUpHours
        return next
    }

    /// The years for which the calendar holds holidays, i.e. for which an announcement was entered.
    public static func yearsCovered(_ calendar: WorkingCalendar) -> [Int] {
        Set(calendar.holidays.map(\.year)).sorted()
    }
}

private extension String {
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
