import ArgumentParser
import HubKit
import HubServer

/// `cityhub user add|list|disable|enable|reset-password`: account administration from the server's shell.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage user accounts.",
        subcommands: [Add.self, List.self, Disable.self, Enable.self, ResetPassword.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a user; prints a generated password when none is given.")
        @OptionGroup var common: CommonOptions
        @Argument(help: "User name (3–32 of a-z 0-9 . _ -).") var username: String
        @Option(help: "Role: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).") var role: String
        @Option(help: "Display name (default: the user name).") var name: String?
        @Option(help: "Department id (needed for department roles).") var department: String?
        @Option(help: "Password (at least 10 characters); generated when omitted.") var password: String?

        func run() async throws {
            guard let parsedRole = Role(rawValue: role) else {
                throw ValidationError("未知角色 / unknown role \(role); use one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            var departmentID: DepartmentID?
            if let department {
                guard let id = DepartmentID(rawValue: department) else { throw ValidationError("部门编号无效 / invalid department id \(department)") }
                departmentID = id
            }
            try await withServices(common) { services, _ in
                do {
                    let (user, generated) = try await services.accounts.createUser(
                        .init(username: username, displayName: name ?? username, role: parsedRole, departmentId: departmentID,
                              password: password), by: "cli")
                    print("已创建 / created \(user.username) (\(user.role.rawValue)) id \(user.id)")
                    if let generated { print("初始密码（只显示一次）/ initial password (shown once): \(generated)") }
                } catch { throw fail(error) }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users.")
        @OptionGroup var common: CommonOptions

        func run() async throws {
            try await withServices(common) { services, _ in
                for user in try await services.accounts.store.users() {
                    let state = user.disabled ? "停用 disabled" : "启用 active"
                    print("\(user.username.padding(toLength: 16, withPad: " ", startingAt: 0)) \(user.role.rawValue.padding(toLength: 20, withPad: " ", startingAt: 0)) \((user.departmentId?.rawValue ?? "-").padding(toLength: 18, withPad: " ", startingAt: 0)) \(state)  \(user.displayName)")
                }
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable a user and end their sessions.")
        @OptionGroup var common: CommonOptions
        @Argument var username: String
        func run() async throws { try await setDisabled(common, username, true) }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled user.")
        @OptionGroup var common: CommonOptions
        @Argument var username: String
        func run() async throws { try await setDisabled(common, username, false) }
    }

    struct ResetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "reset-password",
                                                        abstract: "Set a new password (generated when omitted) and end all sessions.")
        @OptionGroup var common: CommonOptions
        @Argument var username: String
        @Option(help: "The new password; generated (and must be changed at next sign-in) when omitted.") var password: String?

        func run() async throws {
            try await withServices(common) { services, _ in
                do {
                    let user = try await findUser(services, username)
                    let newPassword = try await services.accounts.resetPassword(userID: user.id, to: password, by: "cli")
                    print("已重置 / reset \(username)")
                    if password == nil { print("临时密码 / temporary password: \(newPassword)") }
                } catch { throw fail(error) }
            }
        }
    }
}

private func findUser(_ services: HubServices, _ username: String) async throws -> UserView {
    guard let user = try await services.accounts.store.users().first(where: { $0.username == username }) else {
        throw InputProblem.notFound(what: "user \(username)")
    }
    return user
}

private func setDisabled(_ common: CommonOptions, _ username: String, _ disabled: Bool) async throws {
    try await withServices(common) { services, _ in
        do {
            let user = try await findUser(services, username)
            _ = try await services.accounts.setDisabled(userID: user.id, disabled, by: "cli")
            print(disabled ? "已停用 / disabled \(username)" : "已启用 / enabled \(username)")
        } catch { throw fail(error) }
    }
}
