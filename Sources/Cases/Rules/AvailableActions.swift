import Foundation
import HubKit

/// Which actions a person may take on a case now, by asking the workflow itself with a representative of each
/// action, so the console's buttons can never disagree with the rules.
public enum AvailableActions {
    /// The API's action names, in the order the console shows them.
    public static let names = ["accept", "reject", "file", "dispatch", "start", "return", "report_fixed", "verify", "close",
                               "request_extension", "decide_extension", "shelve", "unshelve", "recategorise", "merge", "reopen"]

    public static func names(for record: CaseRecord, by principal: Principal, at now: Date, context: WorkflowContext) -> [String] {
        names.filter { name in
            guard let action = probe(name, record: record) else {
                // A fix report needs a photo, so it is judged by state and department alone.
                return name == "report_fixed" && [.dispatched, .handling].contains(record.state)
                    && record.department != nil && principal.departmentID == record.department
            }
            return (try? Workflow.apply(action, to: record, by: principal, at: now, context: context)) != nil
        }
    }

    /// A representative action per name, to ask the workflow whether the caller could take it now.
    static func probe(_ name: String, record: CaseRecord) -> CaseAction? {
        let otherCategory = CategoryCode(rawValue: record.category?.rawValue == "E0699" ? "E0101" : "E0699")
        let otherCase = CaseID(rawValue: record.id.rawValue == "19700101-000001" ? "19700101-000002" : "19700101-000001")
        switch name {
        case "accept": return .accept
        case "reject": return .reject(reason: "probe")
        case "file": return (record.category ?? otherCategory).map { .file(category: $0) }
        case "dispatch":
            return (record.suggestedDepartment ?? DepartmentID(rawValue: "command-centre")).map { .dispatch(department: $0, overrideReason: "probe") }
        case "start": return .startHandling
        case "return": return .returnToCentre(reason: "probe")
        case "verify": return .verify(passed: true, note: "")
        case "close": return .close(note: "")
        case "request_extension": return record.dueAt.map { .requestExtension(until: $0.addingTimeInterval(86_400), reason: "probe") }
        case "decide_extension": return .decideExtension(approved: false, note: "")
        case "shelve": return .shelve(reason: "probe")
        case "unshelve": return .unshelve
        case "recategorise": return otherCategory.map { .recategorise(category: $0, reason: "probe") }
        case "merge": return otherCase.map { .merge(into: $0) }
        case "reopen": return .reopen(reason: "probe")
        default: return nil
        }
    }
}
