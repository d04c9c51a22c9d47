import HubKit

/// The Duty slice's refusals. Codes are stable: clients branch on them.
public enum DutyProblem: HubProblem, Equatable {
    case unknownUnit(String)
    case unknownPeople([String])
    case disabledPeople([String])
    case overlappingShift(date: String)
    case samePerson(date: String)
    case dateOutsideMonth(date: String, month: String)
    case invalidDate(field: String, text: String)
    case dateWithoutZone(field: String)
    case invalidPolicy(field: String, reason: String)
    case rangeTooLong(days: Int, limit: Int)
    case emptyRotation(field: String)
    case invalidSubject(String)
    case unknownCall(String)
    case notCalled
    case callClosed(String)

    public var code: String {
        switch self {
        case .unknownUnit: "DUTY_UNIT_NOT_FOUND"
        case .unknownPeople: "DUTY_UNKNOWN_USER"
        case .disabledPeople: "DUTY_USER_DISABLED"
        case .overlappingShift: "DUTY_SHIFT_OVERLAP"
        case .samePerson: "DUTY_SAME_PERSON"
        case .dateOutsideMonth: "DUTY_DATE_OUTSIDE_MONTH"
        case .invalidDate: "DUTY_INVALID_DATE"
        case .dateWithoutZone: "DATE_WITHOUT_ZONE"
        case .invalidPolicy: "DUTY_INVALID_POLICY"
        case .rangeTooLong: "DUTY_RANGE_TOO_LONG"
        case .emptyRotation: "DUTY_EMPTY_ROTATION"
        case .invalidSubject: "DUTY_INVALID_SUBJECT"
        case .unknownCall: "DUTY_CALL_NOT_FOUND"
        case .notCalled: "DUTY_NOT_CALLED"
        case .callClosed: "DUTY_CALL_CLOSED"
        }
    }

    public var status: Int {
        switch self {
        case .unknownUnit, .unknownCall: 404
        case .notCalled: 403
        case .callClosed: 409
        default: 422
        }
    }

    public var message: LocalizedText {
        switch self {
        case .unknownUnit(let id):
            LocalizedText(zh: "没有部门或值班单位 \(id)。", en: "There is no department or duty unit \(id).")
        case .unknownPeople(let ids):
            LocalizedText(zh: "以下用户不存在：\(ids.joined(separator: "、"))。", en: "No such users: \(ids.joined(separator: ", ")).")
        case .disabledPeople(let ids):
            LocalizedText(zh: "以下用户已停用，不能排班：\(ids.joined(separator: "、"))。",
                          en: "These users are disabled and cannot be on duty: \(ids.joined(separator: ", ")).")
        case .overlappingShift(let date):
            LocalizedText(zh: "\(date) 的班次重复：每个单位每天只有一个 24 小时班次。",
                          en: "Two shifts for \(date): a unit has one 24-hour shift a day.")
        case .samePerson(let date):
            LocalizedText(zh: "\(date) 的值班员、带班领导和副班须为不同的人。",
                          en: "On \(date) the person on duty, the leader and the deputy must be different people.")
        case .dateOutsideMonth(let date, let month):
            LocalizedText(zh: "\(date) 不在 \(month) 月内。", en: "\(date) is not in the month \(month).")
        case .invalidDate(let field, let text):
            LocalizedText(zh: "字段 \(field) 的日期 \(text) 无效，应为 YYYY-MM-DD（月份为 YYYY-MM）。",
                          en: "Field \(field): \(text) is not a date YYYY-MM-DD (a month is YYYY-MM).")
        case .dateWithoutZone(let field):
            LocalizedText(zh: "字段 \(field) 的时间缺少时区（如 +08:00 或 Z）。",
                          en: "Field \(field) has a time without a zone (add +08:00 or Z).")
        case .invalidPolicy(let field, let reason):
            LocalizedText(zh: "值班策略的 \(field) 无效：\(reason)", en: "Duty policy \(field) is invalid: \(reason)")
        case .rangeTooLong(let days, let limit):
            LocalizedText(zh: "日期范围为 \(days) 天，上限 \(limit) 天。", en: "The range spans \(days) days; the limit is \(limit).")
        case .emptyRotation(let field):
            LocalizedText(zh: "轮班名单 \(field) 不能为空。", en: "The rotation list \(field) must not be empty.")
        case .invalidSubject(let subject):
            LocalizedText(zh: "呼叫事由 \(subject) 无效，应为 类别:编号（至多 120 个字符）。",
                          en: "The call subject \(subject) is invalid; it is kind:id, at most 120 characters.")
        case .unknownCall(let id):
            LocalizedText(zh: "没有值班呼叫 \(id)。", en: "There is no duty call \(id).")
        case .notCalled:
            LocalizedText(zh: "只有被呼叫的值班人员或调度员可以确认此呼叫。",
                          en: "Only a person this call reached, or a dispatcher, may acknowledge it.")
        case .callClosed(let id):
            LocalizedText(zh: "值班呼叫 \(id) 已结束。", en: "The duty call \(id) is already closed.")
        }
    }

    public var extensions: [String: ProblemValue] {
        switch self {
        case .unknownPeople(let ids), .disabledPeople(let ids): ["users": .strings(ids)]
        case .overlappingShift(let date), .samePerson(let date): ["date": .string(date)]
        case .dateOutsideMonth(let date, let month): ["date": .string(date), "month": .string(month)]
        case .invalidDate(let field, _), .dateWithoutZone(let field), .invalidPolicy(let field, _), .emptyRotation(let field):
            ["field": .string(field)]
        case .rangeTooLong(_, let limit): ["limit": .int(limit)]
        default: [:]
        }
    }
}
