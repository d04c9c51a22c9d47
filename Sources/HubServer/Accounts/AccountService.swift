import Foundation
import HubKit
import Logging

/// The account use cases: sign-in, sessions, users, departments and API keys. Each change writes its state
/// and its journal event in one transaction.
public struct AccountService: Sendable {
    public let store: AccountStore
    public let hasher: PasswordHasher
    public let throttle: LoginThrottle
    public let clock: HubClock
    /// How long a sign-in lasts.
    public let sessionLifetime: TimeInterval
    /// Credentials seen in the last two seconds (see `RecentPrincipals`).
    let recent = RecentPrincipals()

    public init(store: AccountStore, hasher: PasswordHasher, throttle: LoginThrottle = LoginThrottle(),
                clock: HubClock = .system, sessionLifetime: TimeInterval = 12 * 3600) {
        self.store = store
        self.hasher = hasher
        self.throttle = throttle
        self.clock = clock
        self.sessionLifetime = sessionLifetime
    }

    private var database: HubDatabase { store.database }

    // MARK: sign-in

    public struct LoginResult: Sendable, Codable {
        public var token: String
        public var expiresAt: Date
        public var user: UserView
    }

    public func login(username: String, password: String, address: String?) async throws -> LoginResult {
        let now = clock.now()
        if let wait = await throttle.retryAfter(username: username, address: address, now: now) {
            throw AccessProblem.rateLimited(retryAfterSeconds: wait)
        }
        let credentials = try await store.credentials(username: username)
        // An unknown user costs the same bcrypt time as a known one, so timing reveals nothing.
        let valid = try await hasher.verify(password, hash: credentials?.passwordHash ?? Self.decoyHash)
        guard let credentials, valid else {
            await throttle.recordFailure(username: username, address: address, now: now)
            throw AccessProblem.invalidCredentials
        }
        guard !credentials.user.disabled else { throw AccessProblem.accountDisabled }
        await throttle.recordSuccess(username: username)
        let token = Secrets.token(prefix: "cht_")
        let expires = now.addingTimeInterval(sessionLifetime)
        let user = credentials.user
        try await database.write { tx in
            try await store.insertSession(tokenHash: Secrets.digest(token), userID: user.id, at: now.milliseconds,
                                          expires: expires.milliseconds, in: tx)
            try await Journal.append(try NewEvent(kind: "session.opened", subject: "user:\(user.id)", actor: "user:\(user.id)",
                                                  department: user.departmentId?.rawValue,
                                                  payload: ["expiresAt": expires.milliseconds]), in: tx, clock: clock)
        }
        return LoginResult(token: token, expiresAt: expires, user: user)
    }

    /// Ends the session of `token` (idempotent: an already revoked token changes nothing).
    public func logout(token: String, principal: Principal) async throws {
        defer { recent.forgetAll() }
        try await database.write { tx in
            guard try await store.revokeSession(tokenHash: Secrets.digest(token), at: clock.nowMilliseconds, in: tx) != nil
            else { return }
            try await Journal.append(try NewEvent(kind: "session.closed", subject: "user:\(principal.id)",
                                                  actor: principal.actor, department: principal.departmentID?.rawValue,
                                                  payload: [String: String]()), in: tx, clock: clock)
        }
    }

    /// The principal behind a bearer credential: a session token (`cht_…`) or an API key (`chk_<id>_<secret>`).
    public func authenticate(bearer: String) async throws -> Principal {
        let now = clock.nowMilliseconds
        let hash = Secrets.digest(bearer)
        if let known = recent.principal(for: hash, now: now) { return known }
        let generation = recent.generation
        let found: Principal?
        if bearer.hasPrefix("chk_") {
            let parts = bearer.dropFirst(4).split(separator: "_", maxSplits: 1)
            found = parts.count == 2 ? try await store.principal(apiKeyID: String(parts[0]), secretHash: hash, now: now) : nil
        } else if bearer.hasPrefix("cht_") {
            found = try await store.principal(sessionHash: hash, now: now)
        } else {
            found = nil
        }
        guard let found else { throw AccessProblem.invalidToken }
        recent.remember(found, for: hash, now: now, readAt: generation)
        return found
    }

    // MARK: users

    public struct NewUser: Sendable, Codable {
        public var username: String
        public var displayName: String
        public var role: Role
        public var departmentId: DepartmentID?
        /// When nil a password is generated and returned once.
        public var password: String?

        public init(username: String, displayName: String, role: Role, departmentId: DepartmentID? = nil,
                    password: String? = nil) {
            self.username = username
            self.displayName = displayName
            self.role = role
            self.departmentId = departmentId
            self.password = password
        }
    }

    /// Creates a user; returns it with the generated password when none was given.
    public func createUser(_ input: NewUser, by actor: String) async throws -> (user: UserView, generatedPassword: String?) {
        guard AccountRules.isValidUsername(input.username) else {
            throw InputProblem.invalidField(field: "username", reason: "3–32 个小写字母、数字或 . _ - / 3–32 of a-z, 0-9, . _ -")
        }
        let displayName = input.displayName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !displayName.isEmpty, displayName.count <= 64 else {
            throw InputProblem.invalidField(field: "displayName", reason: "1–64 个字符 / 1–64 characters")
        }
        if input.role.isMachine {
            throw InputProblem.invalidField(field: "role", reason: "该角色只能用于接口密钥 / this role is for API keys only")
        }
        if input.role.needsDepartment && input.departmentId == nil {
            throw InputProblem.invalidField(field: "departmentId", reason: "该角色必须属于一个部门 / this role needs a department")
        }
        let generated = input.password == nil ? AccountRules.generatePassword() : nil
        let password = input.password ?? generated ?? ""
        try AccountRules.checkPassword(password)
        let hash = try await hasher.hash(password)
        let user = UserView(id: UUID().uuidString.lowercased(), username: input.username, displayName: displayName,
                            role: input.role, departmentId: input.departmentId, disabled: false,
                            mustChangePassword: generated != nil, createdAt: clock.now(), version: 1)
        try await database.write { tx in
            if let department = input.departmentId, try await store.department(department, on: tx.sql) == nil {
                throw InputProblem.invalidField(field: "departmentId", reason: "没有部门 \(department) / no department \(department)")
            }
            do {
                try await store.insertUser(user, passwordHash: hash, in: tx)
            } catch where DatabaseFailure.isUniqueViolation(error) {
                throw InputProblem.conflict("user \(input.username)")
            }
            try await Journal.append(try NewEvent(kind: "user.created", subject: "user:\(user.id)", actor: actor,
                                                  department: user.departmentId?.rawValue,
                                                  payload: ["role": user.role.rawValue, "username": user.username]),
                                     in: tx, clock: clock)
        }
        return (user, generated)
    }

    /// Disables or re-enables a user; disabling also ends every session of theirs.
    public func setDisabled(userID: String, _ disabled: Bool, by actor: String) async throws -> UserView {
        defer { recent.forgetAll() }
        return try await database.write { tx in
            guard let user = try await store.user(id: userID, on: tx.sql) else { throw InputProblem.notFound(what: "user \(userID)") }
            guard user.disabled != disabled else { return user }
            let now = clock.nowMilliseconds
            try await store.setDisabled(userID: userID, disabled, at: now, in: tx)
            if disabled { try await store.revokeSessions(userID: userID, at: now, in: tx) }
            try await Journal.append(try NewEvent(kind: disabled ? "user.disabled" : "user.enabled", subject: "user:\(userID)",
                                                  actor: actor, department: user.departmentId?.rawValue,
                                                  payload: [String: String]()), in: tx, clock: clock)
            guard let updated = try await store.user(id: userID, on: tx.sql) else { throw InputProblem.notFound(what: "user \(userID)") }
            return updated
        }
    }

    /// Sets a new password (generated when nil, then it must be changed at next sign-in) and ends all sessions.
    public func resetPassword(userID: String, to newPassword: String?, by actor: String) async throws -> String {
        let password = newPassword ?? AccountRules.generatePassword()
        try AccountRules.checkPassword(password)
        let hash = try await hasher.hash(password)
        defer { recent.forgetAll() }
        try await database.write { tx in
            guard let user = try await store.user(id: userID, on: tx.sql) else { throw InputProblem.notFound(what: "user \(userID)") }
            try await store.setPassword(userID: userID, hash: hash, mustChange: newPassword == nil, in: tx)
            try await store.revokeSessions(userID: userID, at: clock.nowMilliseconds, in: tx)
            try await Journal.append(try NewEvent(kind: "user.password_reset", subject: "user:\(userID)", actor: actor,
                                                  department: user.departmentId?.rawValue, payload: [String: String]()),
                                     in: tx, clock: clock)
        }
        return password
    }

    /// A signed-in person changes their own password, proving the current one.
    public func changeOwnPassword(_ principal: Principal, current: String, new: String) async throws {
        guard principal.kind == .user, let credentials = try await store.credentials(username: principal.name) else {
            throw AccessProblem.invalidToken
        }
        guard try await hasher.verify(current, hash: credentials.passwordHash) else {
            throw AccessProblem.invalidCredentials
        }
        try AccountRules.checkPassword(new)
        let hash = try await hasher.hash(new)
        try await database.write { tx in
            try await store.setPassword(userID: principal.id, hash: hash, mustChange: false, in: tx)
            try await Journal.append(try NewEvent(kind: "user.password_changed", subject: "user:\(principal.id)",
                                                  actor: principal.actor, department: principal.departmentID?.rawValue,
                                                  payload: [String: String]()), in: tx, clock: clock)
        }
    }

    /// Creates the first administrator when there are no users yet; returns its password to print once.
    public func ensureFirstAdmin() async throws -> (username: String, password: String)? {
        guard try await store.userCount() == 0 else { return nil }
        let (_, password) = try await createUser(
            NewUser(username: "admin", displayName: "系统管理员 Administrator", role: .admin), by: "system")
        return password.map { ("admin", $0) }
    }

    // MARK: departments

    public func createDepartment(_ department: Department, by actor: String) async throws -> Department {
        let name = department.name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 64 else {
            throw InputProblem.invalidField(field: "name", reason: "1–64 个字符 / 1–64 characters")
        }
        if department.kind == .streetCentre && department.street == nil {
            throw InputProblem.invalidField(field: "street", reason: "街道网格中心必须指定街道 / a street centre needs its street")
        }
        try await database.write { tx in
            do {
                try await store.insert(department, at: clock.nowMilliseconds, in: tx)
            } catch where DatabaseFailure.isUniqueViolation(error) {
                throw InputProblem.conflict("department \(department.id)")
            }
            try await Journal.append(try NewEvent(kind: "department.created", subject: "department:\(department.id)",
                                                  actor: actor, department: department.id.rawValue, payload: department),
                                     in: tx, clock: clock)
        }
        return department
    }

    // MARK: API keys

    public struct NewAPIKey: Sendable, Codable {
        public var name: String
        public var role: Role
        public var departmentId: DepartmentID?
        public var scopes: [String]
        public var expiresInDays: Int?
    }

    /// Creates an API key; the returned secret (`chk_<id>_<secret>`) is shown only this once.
    public func createAPIKey(_ input: NewAPIKey, by actor: String) async throws -> (key: APIKeyView, secret: String) {
        guard (1...64).contains(input.name.count) else {
            throw InputProblem.invalidField(field: "name", reason: "1–64 个字符 / 1–64 characters")
        }
        guard !input.scopes.isEmpty, let unknown = Optional(Set(input.scopes).subtracting(APIScope.all)), unknown.isEmpty else {
            throw InputProblem.invalidField(field: "scopes", reason: "可选范围 / allowed: \(APIScope.all.sorted().joined(separator: ", "))")
        }
        guard input.role != .admin else {
            throw InputProblem.invalidField(field: "role", reason: "接口密钥不能是管理员 / an API key cannot be an administrator")
        }
        if let days = input.expiresInDays, !(1...3650).contains(days) {
            throw InputProblem.invalidField(field: "expiresInDays", reason: "1–3650")
        }
        let id = Secrets.identifier()
        let secret = Secrets.token(prefix: "chk_\(id)_")
        let now = clock.now()
        let key = APIKeyView(id: id, name: input.name, role: input.role, departmentId: input.departmentId,
                             scopes: input.scopes.sorted(), createdAt: now,
                             expiresAt: input.expiresInDays.map { now.addingTimeInterval(Double($0) * 86_400) }, revoked: false)
        try await database.write { tx in
            if let department = input.departmentId, try await store.department(department, on: tx.sql) == nil {
                throw InputProblem.invalidField(field: "departmentId", reason: "没有部门 \(department) / no department \(department)")
            }
            try await store.insertAPIKey(key, secretHash: Secrets.digest(secret), createdBy: actor, in: tx)
            try await Journal.append(try NewEvent(kind: "apikey.created", subject: "apikey:\(id)", actor: actor,
                                                  department: key.departmentId?.rawValue,
                                                  payload: ["name": key.name, "role": key.role.rawValue,
                                                            "scopes": key.scopes.joined(separator: " ")]),
                                     in: tx, clock: clock)
        }
        return (key, secret)
    }

    public func revokeAPIKey(id: String, by actor: String) async throws {
        defer { recent.forgetAll() }
        try await database.write { tx in
            guard try await store.revokeAPIKey(id: id, at: clock.nowMilliseconds, in: tx) else {
                throw InputProblem.notFound(what: "API key \(id)")
            }
            try await Journal.append(try NewEvent(kind: "apikey.revoked", subject: "apikey:\(id)", actor: actor,
                                                  payload: [String: String]()), in: tx, clock: clock)
        }
    }

    /// A valid bcrypt hash of a random string, verified against when the user name is unknown.
    private static let decoyHash = "$2b$12$C6UzMDM.H6dfI/f/IKxGhuAQ7Ug0v6TnX9g1dvNPQVcGQZxwXq8m6"
}
