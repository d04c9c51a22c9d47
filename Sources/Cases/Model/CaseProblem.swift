import Foundation
import HubKit

/// Refusals of the case loop, with stable codes.
public enum CaseProblem: HubProblem, Equatable {
    /// The action does not apply in the case's current state.
    case invalidTransition(state: CaseState, action: String)
    /// Required fields are missing; all of them are listed at once.
    case missingFields([String])
    /// The action needs a reason (returns, rejections, shelving, overrides, recategorisation, reopening).
    case reasonRequired(action: String)
    /// Dispatch to a department other than the one responsible needs an override reason.
    case dispatchOverrideRequired(suggested: DepartmentID?)
    /// The after-photo does not prove the fix: each reason is listed.
    case fixPhotoRejected([LocalizedText])
    /// The point lies outside every unit grid.
    case outOfGrid(nearestStreet: String?)
    case unknownCategory(String)
    case unknownCase(String)
    /// A closed case may be reopened only within the configured window.
    case reopenWindowPassed(days: Int)
    case invalidExtension(LocalizedText)
    /// A category or calendar change with faults, all listed.
    case invalidCategory([LocalizedText])
    case invalidCalendar([LocalizedText])

    public var code: String {
        switch self {
        case .invalidTransition: "INVALID_TRANSITION"
        case .missingFields: "MISSING_FIELDS"
        case .reasonRequired: "REASON_REQUIRED"
        case .dispatchOverrideRequired: "DISPATCH_OVERRIDE_REQUIRED"
        case .fixPhotoRejected: "FIX_PHOTO_REJECTED"
        case .outOfGrid: "OUT_OF_GRID"
        case .unknownCategory: "UNKNOWN_CATEGORY"
        case .unknownCase: "NOT_FOUND"
        case .reopenWindowPassed: "REOPEN_WINDOW_PASSED"
        case .invalidExtension: "INVALID_EXTENSION"
        case .invalidCategory: "INVALID_CATEGORY"
        case .invalidCalendar: "INVALID_CALENDAR"
        }
    }

    public var status: Int {
        switch self {
        case .invalidTransition, .reopenWindowPassed: 409
        case .missingFields: 400
        case .unknownCase: 404
        default: 422
        }
    }

    public var message: LocalizedText {
        switch self {
        case .invalidTransition(let state, let action):
            LocalizedText(zh: "案件当前状态（\(state.rawValue)）不能执行“\(action)”。", en: "A case in state \(state.rawValue) cannot \(action).")
        case .missingFields(let fields):
            LocalizedText(zh: "缺少必填项：\(fields.joined(separator: "、"))。", en: "Missing: \(fields.joined(separator: ", ")).")
        case .reasonRequired(let action):
            LocalizedText(zh: "\(Self.actionName(action).zh)必须填写原因。", en: "\(Self.actionName(action).en) needs a reason.")
        case .dispatchOverrideRequired(let suggested):
            LocalizedText(zh: "该网格的此类案件由 \(suggested?.rawValue ?? "（未配置）") 负责；派往其他部门须填写改派理由。",
                          en: "This grid and category belong to \(suggested?.rawValue ?? "(none configured)"); dispatching elsewhere needs an override reason.")
        case .fixPhotoRejected(let reasons):
            LocalizedText(zh: "处置后照片不符合要求：\(reasons.map(\.zh).joined(separator: "；"))",
                          en: "The after-photo is not accepted: \(reasons.map(\.en).joined(separator: "; "))")
        case .outOfGrid(let street):
            LocalizedText(zh: "该位置不在任何单元网格内\(street.map { "（最近的街道：\($0)）" } ?? "")，未保存。",
                          en: "The location is outside every unit grid\(street.map { " (nearest street: \($0))" } ?? ""); nothing was stored.")
        case .unknownCategory(let code):
            LocalizedText(zh: "没有案件类别 \(code)。", en: "There is no category \(code).")
        case .unknownCase(let id):
            LocalizedText(zh: "没有案件 \(id)。", en: "There is no case \(id).")
        case .reopenWindowPassed(let days):
            LocalizedText(zh: "结案已超过 \(days) 天，不能重新打开；请新建案件。", en: "Closed more than \(days) days ago; report a new case instead.")
        case .invalidExtension(let why):
            why
        case .invalidCategory(let faults):
            LocalizedText(zh: "类别未保存：\(faults.map(\.zh).joined(separator: "；"))。",
                          en: "The category was not saved: \(faults.map(\.en).joined(separator: "; ")).")
        case .invalidCalendar(let faults):
            LocalizedText(zh: "工作日历未保存：\(faults.map(\.zh).joined(separator: "；"))。",
                          en: "The working calendar was not saved: \(faults.map(\.en).joined(separator: "; ")).")
        }
    }

    /// How people call an action (journal names such as `returned` are for machines).
    static func actionName(_ name: String) -> LocalizedText {
        switch name {
        case "returned": LocalizedText(zh: "退回", en: "A return")
        case "rejected": LocalizedText(zh: "不予受理", en: "A rejection")
        case "shelved": LocalizedText(zh: "挂账", en: "Shelving")
        case "recategorised": LocalizedText(zh: "变更类别", en: "Recategorising")
        case "reopened": LocalizedText(zh: "重新打开", en: "Reopening")
        case "extension_requested": LocalizedText(zh: "延期申请", en: "An extension request")
        case "responsibility change": LocalizedText(zh: "变更责任部门", en: "A responsibility change")
        case "calendar change": LocalizedText(zh: "修改工作日历", en: "A calendar change")
        case "category change": LocalizedText(zh: "修改案件类别", en: "A category change")
        default: LocalizedText(zh: "“\(name)”", en: name)
        }
    }

    public var extensions: [String: ProblemValue] {
        switch self {
        case .missingFields(let fields): ["fields": .strings(fields)]
        case .outOfGrid(let street): street.map { ["nearestStreet": .string($0)] } ?? [:]
        case .dispatchOverrideRequired(let suggested): suggested.map { ["suggestedDepartment": .string($0.rawValue)] } ?? [:]
        case .fixPhotoRejected(let reasons): ["reasons": .strings(reasons.map(\.en)), "reasonsZh": .strings(reasons.map(\.zh))]
        default: [:]
        }
    }
}
