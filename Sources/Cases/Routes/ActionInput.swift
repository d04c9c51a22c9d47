import Foundation
import HubKit

/// The body of `POST /api/v1/cases/{id}/actions`: the action's name, the case version it was decided on, and
/// the members that action needs. Every missing member is named at once.
struct ActionInput: Decodable, Sendable {
    var action: String?
    var version: Int?
    var reason: String?
    var department: String?
    var category: String?
    var note: String?
    var passed: Bool?
    var approved: Bool?
    var until: Date?
    var into: String?
    var photo: PhotoReference?


    /// The action, except `report_fixed` whose photo must first be resolved to evidence (`photo` is returned).
    func decode() throws(CaseProblem) -> (action: CaseAction?, version: Int, photo: PhotoReference?) {
        var missing: [String] = []
        func need<T>(_ value: T?, _ name: String) -> T? {
            if value == nil { missing.append(name) }
            return value
        }
        let version = need(version, "version")
        guard let name = need(action, "action") else { throw .missingFields(missing) }
        var result: CaseAction?
        var photoReference: PhotoReference?
        switch name {
        case "accept": result = .accept
        case "reject": result = .reject(reason: reason ?? "")
        case "file":
            if let raw = need(category, "category") {
                guard let code = CategoryCode(rawValue: raw) else { throw .unknownCategory(raw) }
                result = .file(category: code)
            }
        case "dispatch":
            if let raw = need(department, "department") {
                guard let id = DepartmentID(rawValue: raw) else { throw .missingFields(["department (a department id)"]) }
                result = .dispatch(department: id, overrideReason: reason)
            }
        case "start": result = .startHandling
        case "return": result = .returnToCentre(reason: reason ?? "")
        case "report_fixed": photoReference = need(photo, "photo")
        case "verify": if let passed = need(passed, "passed") { result = .verify(passed: passed, note: note ?? "") }
        case "close": result = .close(note: note ?? "")
        case "request_extension": if let until = need(until, "until") { result = .requestExtension(until: until, reason: reason ?? "") }
        case "decide_extension": if let approved = need(approved, "approved") { result = .decideExtension(approved: approved, note: note ?? "") }
        case "shelve": result = .shelve(reason: reason ?? "")
        case "unshelve": result = .unshelve
        case "recategorise":
            if let raw = need(category, "category") {
                guard let code = CategoryCode(rawValue: raw) else { throw .unknownCategory(raw) }
                result = .recategorise(category: code, reason: reason ?? "")
            }
        case "merge":
            if let raw = need(into, "into") {
                guard let id = CaseID(rawValue: raw) else { throw .unknownCase(raw) }
                result = .merge(into: id)
            }
        case "reopen": result = .reopen(reason: reason ?? "")
        default: throw .missingFields(["action (one of \(AvailableActions.names.joined(separator: ", ")))"])
        }
        guard missing.isEmpty, let version else { throw .missingFields(missing) }
        return (result, version, photoReference)
    }
}
