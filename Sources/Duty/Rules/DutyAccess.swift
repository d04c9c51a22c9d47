import HubKit

/// Who may do what with rosters and calls. Pure.
public enum DutyAccess {
    /// Admins and the command centre's dispatchers manage every roster; a department head manages their own unit's.
    public static func mayManage(_ principal: Principal, unit: DepartmentID) -> Bool {
        switch principal.role {
        case .admin, .dispatcher: true
        case .departmentHead: principal.departmentID == unit
        default: false
        }
    }

    /// Admins and dispatchers see every unit's duty; everyone else their own department's.
    public static func maySee(_ principal: Principal, unit: DepartmentID) -> Bool {
        seesAll(principal) || principal.departmentID == unit
    }

    public static func seesAll(_ principal: Principal) -> Bool {
        principal.role == .admin || principal.role == .dispatcher
    }
}
