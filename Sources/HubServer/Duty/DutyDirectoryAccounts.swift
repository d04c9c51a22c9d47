import Duty
import HubKit

extension DutyDirectory {
    /// The duty slice's view of the hub's accounts and departments.
    init(accounts: AccountStore) {
        self.init(
            people: { ids in
                var found: [String: DutyPerson] = [:]
                for user in try await accounts.users(ids: ids) {
                    found[user.id] = DutyPerson(id: user.id, name: user.displayName, department: user.departmentId,
                                                disabled: user.disabled)
                }
                return found
            },
            department: { try await accounts.department($0) },
            departments: { try await accounts.departments() })
    }
}
