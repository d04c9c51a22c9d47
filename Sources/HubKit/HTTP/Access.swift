
/// Who may call a route. Every route declares one; the router refuses to register a route without it.
public struct Access: Sendable, Hashable {
    public enum Audience: Sendable, Hashable {
        /// No sign-in needed (health, the page shell, sign-in itself).
        case everyone
        /// Anyone signed in whose role is in the set.
        case roles(Set<Role>)
    }

    public let audience: Audience
    /// The scope an API key needs; nil means API keys may not call the route at all.
    public let apiKeyScope: String?

    public static let everyone = Access(audience: .everyone, apiKeyScope: nil)

    /// Any signed-in role.
    public static func signedIn(apiKeyScope: String? = nil) -> Access {
        Access(audience: .roles(Set(Role.allCases)), apiKeyScope: apiKeyScope)
    }

    public static func roles(_ roles: Role..., apiKeyScope: String? = nil) -> Access {
        Access(audience: .roles(Set(roles)), apiKeyScope: apiKeyScope)
    }

    /// The roles of a set a slice keeps beside its rules (e.g. who may approve a warning).
    public static func roles(in roles: Set<Role>, apiKeyScope: String? = nil) -> Access {
        Access(audience: .roles(roles), apiKeyScope: apiKeyScope)
    }

    /// Checks `principal` against this rule: 401 when nobody is signed in, 403 for a wrong role or scope.
    public func check(_ principal: Principal?) throws(AccessProblem) {
        guard case .roles(let allowed) = audience else { return }
        guard let principal else { throw .unauthenticated }
        guard allowed.contains(principal.role) else {
            throw .forbiddenRole(required: Role.allCases.filter(allowed.contains))
        }
        if principal.kind == .apiKey {
            guard let scope = apiKeyScope else { throw .missingScope("(people only)") }
            guard principal.scopes.contains(scope) else { throw .missingScope(scope) }
        }
    }

    /// The roles listed in the OpenAPI document (`x-cityhub-roles`).
    public var roleNames: [String] {
        switch audience {
        case .everyone: []
        case .roles(let roles): Role.allCases.filter(roles.contains).map(\.rawValue)
        }
    }
}

extension Principal {
    /// The department a department role (operator, head) is limited to; nil for roles that see every department's
    /// records. A department role without a department sees nothing (403).
    public func departmentLimit() throws(AccessProblem) -> DepartmentID? {
        guard role.needsDepartment else { return nil }
        guard let departmentID else { throw .notYourDepartment }
        return departmentID
    }
}
