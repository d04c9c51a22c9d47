import Foundation
import HubKit

/// Everything that can be done to a case. Each maps to one transition of `Workflow` and one journal event.
public enum CaseAction: Sendable, Hashable {
    /// The centre confirms a report describes a real problem (核实).
    case accept
    case reject(reason: String)
    /// The centre files the case (立案) with its category; the grid comes from the location.
    case file(category: CategoryCode)
    /// To the department responsible; another department needs `overrideReason`.
    case dispatch(department: DepartmentID, overrideReason: String?)
    /// The department takes the case on (签收).
    case startHandling
    /// The department sends it back to the centre (退回); the reason is mandatory.
    case returnToCentre(reason: String)
    /// The department reports the fix with an after-photo.
    case reportFixed(photo: PhotoEvidence, note: String)
    /// The centre or an inspector checks the fix on the spot (核查); a failure sends it to rework.
    case verify(passed: Bool, note: String)
    /// Only the centre closes (结案).
    case close(note: String)
    case requestExtension(until: Date, reason: String)
    case decideExtension(approved: Bool, note: String)
    /// Set aside with a reason (挂账), e.g. waiting for a budget; resumed with `unshelve`.
    case shelve(reason: String)
    case unshelve
    /// A new category: the case is routed again and its dispatch deadline recomputed.
    case recategorise(category: CategoryCode, reason: String)
    /// This report repeats `original`; its reporter follows the original from now on.
    case merge(into: CaseID)
    case reopen(reason: String)

    /// The journal event kind, `case.<name>`.
    public var name: String {
        switch self {
        case .accept: "accepted"
        case .reject: "rejected"
        case .file: "filed"
        case .dispatch: "dispatched"
        case .startHandling: "handling_started"
        case .returnToCentre: "returned"
        case .reportFixed: "fix_reported"
        case .verify(let passed, _): passed ? "verified" : "verification_failed"
        case .close: "closed"
        case .requestExtension: "extension_requested"
        case .decideExtension(let approved, _): approved ? "extension_approved" : "extension_denied"
        case .shelve: "shelved"
        case .unshelve: "unshelved"
        case .recategorise: "recategorised"
        case .merge: "merged"
        case .reopen: "reopened"
        }
    }
}
