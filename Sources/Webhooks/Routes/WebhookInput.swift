import HubKit

/// A subscription as an administrator sends it (create: no version; change: with the version read).
struct SubscriptionInput: Decodable, Sendable {
    var url: String
    var events: [String]
    var department: String?
    var description: String?
    var enabled: Bool?
    var version: Int?

    /// The settings after every check, or the first problem; the department must exist.
    func checked(departmentExists: @Sendable (DepartmentID) async throws -> Bool) async throws -> WebhookStore.Settings {
        let url = try SubscriptionRules.checkURL(url)
        _ = try EventFilter.parse(all: events)
        let description = try SubscriptionRules.checkDescription(description ?? "")
        var department: String?
        if let raw = self.department, !raw.isEmpty {
            guard let id = DepartmentID(rawValue: raw), try await departmentExists(id) else {
                throw InputProblem.invalidField(field: "department", reason: "没有此部门 / no such department: \(raw)")
            }
            department = id.rawValue
        }
        var unique: [String] = []
        for event in events where !unique.contains(event) { unique.append(event) }
        return WebhookStore.Settings(url: url, events: unique, department: department, description: description,
                                     enabled: enabled ?? true)
    }
}
