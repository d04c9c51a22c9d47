import Foundation
import HubKit
import Hummingbird

/// Sign-in, the caller's own account, users, departments and API keys.
struct AccountRoutes {
    let accounts: AccountService

    func register(on hub: HubRouter) {
        hub.add(Endpoint(.post, "/api/v1/auth/login", access: .everyone, summary: "Sign in with user name and password",
                         tag: "auth", request: "LoginInput", response: "LoginResult"), login)
        hub.add(Endpoint(.post, "/api/v1/auth/logout", access: .signedIn(), summary: "End this session",
                         tag: "auth", status: 204), logout)
        hub.add(Endpoint(.get, "/api/v1/me", access: .signedIn(apiKeyScope: "accounts:read"),
                         summary: "Who am I", tag: "auth", response: "Me"), me)
        hub.add(Endpoint(.post, "/api/v1/me/password", access: .signedIn(), summary: "Change my password",
                         tag: "auth", request: "PasswordChange", status: 204), changePassword)

        hub.add(Endpoint(.get, "/api/v1/users", access: .roles(.admin, .departmentHead),
                         summary: "List users (department heads see their department)", tag: "users", response: "UserList"), listUsers)
        hub.add(Endpoint(.post, "/api/v1/users", access: .roles(.admin), summary: "Create a user", tag: "users",
                         request: "NewUser", response: "CreatedUser", status: 201), createUser)
        hub.add(Endpoint(.get, "/api/v1/users/:id", access: .roles(.admin, .departmentHead),
                         summary: "One user", tag: "users", response: "User"), getUser)
        hub.add(Endpoint(.post, "/api/v1/users/:id/disable", access: .roles(.admin),
                         summary: "Disable a user and end their sessions", tag: "users", response: "User"), disable)
        hub.add(Endpoint(.post, "/api/v1/users/:id/enable", access: .roles(.admin),
                         summary: "Enable a user", tag: "users", response: "User"), enable)
        hub.add(Endpoint(.post, "/api/v1/users/:id/reset-password", access: .roles(.admin),
                         summary: "Set a new password (generated when none given) and end all sessions", tag: "users",
                         request: "PasswordReset", response: "PasswordResetResult"), resetPassword)

        hub.add(Endpoint(.get, "/api/v1/departments", access: .signedIn(apiKeyScope: "accounts:read"),
                         summary: "List departments", tag: "departments", response: "DepartmentList"), listDepartments)
        hub.add(Endpoint(.post, "/api/v1/departments", access: .roles(.admin), summary: "Create a department",
                         tag: "departments", request: "NewDepartment", response: "Department", status: 201), createDepartment)

        hub.add(Endpoint(.get, "/api/v1/api-keys", access: .roles(.admin), summary: "List API keys",
                         tag: "api-keys", response: "APIKeyList"), listKeys)
        hub.add(Endpoint(.post, "/api/v1/api-keys", access: .roles(.admin),
                         summary: "Create an API key (the secret is shown once)", tag: "api-keys",
                         request: "NewAPIKey", response: "CreatedAPIKey", status: 201), createKey)
        hub.add(Endpoint(.delete, "/api/v1/api-keys/:id", access: .roles(.admin), summary: "Revoke an API key",
                         tag: "api-keys", status: 204), revokeKey)
    }

    struct LoginInput: Decodable { var username: String; var password: String }
    struct PasswordChange: Decodable { var currentPassword: String; var newPassword: String }
    struct PasswordReset: Decodable { var password: String? }
    struct Me: Codable, Sendable {
        var kind: String; var id: String; var name: String; var role: Role; var departmentId: DepartmentID?
        var scopes: [String]
    }
    struct CreatedUser: Codable, Sendable { var user: UserView; var initialPassword: String? }
    struct CreatedKey: Codable, Sendable { var key: APIKeyView; var secret: String }
    struct Items<T: Codable & Sendable>: Codable, Sendable { var items: [T] }

    @Sendable func login(_ request: Request, context: HubRequestContext) async throws -> AccountService.LoginResult {
        let input = try await request.decodeJSON(as: LoginInput.self, context: context)
        return try await accounts.login(username: input.username, password: input.password, address: context.remoteAddress)
    }

    @Sendable func logout(_ request: Request, context: HubRequestContext) async throws -> HTTPResponse.Status {
        let principal = try context.requirePrincipal()
        if principal.kind == .user, let token = AuthMiddleware.credential(in: request) {
            try await accounts.logout(token: token, principal: principal)
        }
        return .noContent
    }

    @Sendable func me(_ request: Request, context: HubRequestContext) async throws -> Me {
        let p = try context.requirePrincipal()
        return Me(kind: p.kind.rawValue, id: p.id, name: p.name, role: p.role, departmentId: p.departmentID,
                  scopes: p.scopes.sorted())
    }

    @Sendable func changePassword(_ request: Request, context: HubRequestContext) async throws -> HTTPResponse.Status {
        let input = try await request.decodeJSON(as: PasswordChange.self, context: context)
        try await accounts.changeOwnPassword(try context.requirePrincipal(), current: input.currentPassword, new: input.newPassword)
        return .noContent
    }

    @Sendable func listUsers(_ request: Request, context: HubRequestContext) async throws -> Items<UserView> {
        let p = try context.requirePrincipal()
        if p.role == .admin { return Items(items: try await accounts.store.users()) }
        guard let department = p.departmentID else { throw AccessProblem.notYourDepartment }
        return Items(items: try await accounts.store.users(department: department))
    }

    @Sendable func getUser(_ request: Request, context: HubRequestContext) async throws -> UserView {
        let p = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        guard let user = try await accounts.store.user(id: id) else { throw InputProblem.notFound(what: "user \(id)") }
        guard p.mayActFor(user.departmentId) else { throw AccessProblem.notYourDepartment }
        return user
    }

    @Sendable func createUser(_ request: Request, context: HubRequestContext) async throws -> JSONResponse<CreatedUser> {
        let input = try await request.decodeJSON(as: AccountService.NewUser.self, context: context)
        let (user, password) = try await accounts.createUser(input, by: try context.requirePrincipal().actor)
        return JSONResponse(CreatedUser(user: user, initialPassword: password), status: .created)
    }

    @Sendable func disable(_ request: Request, context: HubRequestContext) async throws -> UserView {
        let p = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        guard id != p.id else {
            throw InputProblem.invalidField(field: "id", reason: "不能停用自己的账号 / you cannot disable yourself")
        }
        return try await accounts.setDisabled(userID: id, true, by: p.actor)
    }

    @Sendable func enable(_ request: Request, context: HubRequestContext) async throws -> UserView {
        try await accounts.setDisabled(userID: try context.parameters.require("id"), false, by: try context.requirePrincipal().actor)
    }

    @Sendable func resetPassword(_ request: Request, context: HubRequestContext) async throws -> [String: String] {
        let input = try await request.decodeJSON(as: PasswordReset.self, context: context)
        let id = try context.parameters.require("id")
        let password = try await accounts.resetPassword(userID: id, to: input.password, by: try context.requirePrincipal().actor)
        return input.password == nil ? ["temporaryPassword": password] : [:]
    }

    @Sendable func listDepartments(_ request: Request, context: HubRequestContext) async throws -> Items<Department> {
        Items(items: try await accounts.store.departments())
    }

    @Sendable func createDepartment(_ request: Request, context: HubRequestContext) async throws -> JSONResponse<Department> {
        let input = try await request.decodeJSON(as: NewDepartment.self, context: context)
        let department = Department(id: input.id, name: input.name, nameEn: input.nameEn, kind: input.kind, street: input.street)
        let created = try await accounts.createDepartment(department, by: try context.requirePrincipal().actor)
        return JSONResponse(created, status: .created)
    }

    @Sendable func listKeys(_ request: Request, context: HubRequestContext) async throws -> Items<APIKeyView> {
        Items(items: try await accounts.store.apiKeys())
    }

    @Sendable func createKey(_ request: Request, context: HubRequestContext) async throws -> JSONResponse<CreatedKey> {
        let input = try await request.decodeJSON(as: AccountService.NewAPIKey.self, context: context)
        let (key, secret) = try await accounts.createAPIKey(input, by: try context.requirePrincipal().actor)
        return JSONResponse(CreatedKey(key: key, secret: secret), status: .created)
    }

    @Sendable func revokeKey(_ request: Request, context: HubRequestContext) async throws -> HTTPResponse.Status {
        try await accounts.revokeAPIKey(id: try context.parameters.require("id"), by: try context.requirePrincipal().actor)
        return .noContent
    }
}

extension AccountService.LoginResult: ResponseEncodable {}
extension UserView: ResponseEncodable {}
extension AccountRoutes.Me: ResponseEncodable {}
extension AccountRoutes.Items: ResponseEncodable {}
