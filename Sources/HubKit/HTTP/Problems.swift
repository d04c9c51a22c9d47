
/// Refusals of the access layer. Codes are stable: clients branch on them.
public enum AccessProblem: HubProblem, Equatable {
    case unauthenticated
    case invalidToken
    case forbiddenRole(required: [Role])
    case missingScope(String)
    case notYourDepartment
    case invalidCredentials
    case accountDisabled
    case rateLimited(retryAfterSeconds: Int)

    public var code: String {
        switch self {
        case .unauthenticated: "UNAUTHENTICATED"
        case .invalidToken: "INVALID_TOKEN"
        case .forbiddenRole: "FORBIDDEN_ROLE"
        case .missingScope: "MISSING_SCOPE"
        case .notYourDepartment: "NOT_YOUR_DEPARTMENT"
        case .invalidCredentials: "INVALID_CREDENTIALS"
        case .accountDisabled: "ACCOUNT_DISABLED"
        case .rateLimited: "RATE_LIMITED"
        }
    }

    public var status: Int {
        switch self {
        case .unauthenticated, .invalidToken, .invalidCredentials, .accountDisabled: 401
        case .forbiddenRole, .missingScope, .notYourDepartment: 403
        case .rateLimited: 429
        }
    }

    public var message: LocalizedText {
        switch self {
        case .unauthenticated:
            LocalizedText(zh: "请先登录。", en: "Please sign in first.")
        case .invalidToken:
            LocalizedText(zh: "登录凭据无效、已过期或已被注销，请重新登录。",
                          en: "The sign-in token is invalid, expired or revoked; please sign in again.")
        case .forbiddenRole(let roles):
            LocalizedText(zh: "您的角色无权执行此操作，需要：\(roles.map(\.label.zh).joined(separator: "、"))。",
                          en: "Your role may not do this; it needs: \(roles.map(\.label.en).joined(separator: ", ")).")
        case .missingScope(let scope):
            LocalizedText(zh: "此接口密钥缺少权限范围 \(scope)。", en: "This API key lacks the scope \(scope).")
        case .notYourDepartment:
            LocalizedText(zh: "这不是您所在部门的数据。", en: "This belongs to another department.")
        case .invalidCredentials:
            LocalizedText(zh: "用户名或密码不正确。", en: "The user name or password is not correct.")
        case .accountDisabled:
            LocalizedText(zh: "该账号已停用，请联系系统管理员。", en: "This account is disabled; ask an administrator.")
        case .rateLimited(let seconds):
            LocalizedText(zh: "登录失败次数过多，请在 \(seconds) 秒后重试。",
                          en: "Too many failed sign-ins; try again in \(seconds) seconds.")
        }
    }

    public var extensions: [String: ProblemValue] {
        switch self {
        case .forbiddenRole(let roles): ["requiredRoles": .strings(roles.map(\.rawValue))]
        case .missingScope(let scope): ["requiredScope": .string(scope)]
        case .rateLimited(let seconds): ["retryAfter": .int(seconds)]
        default: [:]
        }
    }
}

/// Refusals of request input: bodies, fields and parameters.
public enum InputProblem: HubProblem, Equatable {
    case malformedJSON(String)
    case invalidField(field: String, reason: String)
    case missingField(String)
    case payloadTooLarge(limitBytes: Int)
    case notFound(what: String)
    case conflict(String)
    case staleVersion(expected: Int, actual: Int)

    public var code: String {
        switch self {
        case .malformedJSON: "MALFORMED_JSON"
        case .invalidField: "INVALID_FIELD"
        case .missingField: "MISSING_FIELD"
        case .payloadTooLarge: "PAYLOAD_TOO_LARGE"
        case .notFound: "NOT_FOUND"
        case .conflict: "CONFLICT"
        case .staleVersion: "STALE_VERSION"
        }
    }

    public var status: Int {
        switch self {
        case .malformedJSON: 400
        case .invalidField, .missingField: 422
        case .payloadTooLarge: 413
        case .notFound: 404
        case .conflict, .staleVersion: 409
        }
    }

    public var message: LocalizedText {
        switch self {
        case .malformedJSON(let detail):
            LocalizedText(zh: "请求内容不是有效的 JSON：\(detail)", en: "The request body is not valid JSON: \(detail)")
        case .invalidField(let field, let reason):
            LocalizedText(zh: "字段 \(field) 无效：\(reason)", en: "Field \(field) is invalid: \(reason)")
        case .missingField(let field):
            LocalizedText(zh: "缺少必填字段 \(field)。", en: "The required field \(field) is missing.")
        case .payloadTooLarge(let limit):
            LocalizedText(zh: "请求内容过大，上限为 \(limit) 字节。", en: "The request body is too large; the limit is \(limit) bytes.")
        case .notFound(let what):
            LocalizedText(zh: "未找到：\(what)", en: "Not found: \(what)")
        case .conflict(let what):
            LocalizedText(zh: "已存在：\(what)", en: "Already exists: \(what)")
        case .staleVersion(let expected, let actual):
            LocalizedText(zh: "数据已被他人修改（您的版本 \(expected)，当前版本 \(actual)），请刷新后重试。",
                          en: "Someone changed this meanwhile (your version \(expected), now \(actual)); reload and retry.")
        }
    }

    public var extensions: [String: ProblemValue] {
        switch self {
        case .invalidField(let field, _), .missingField(let field): ["field": .string(field)]
        case .payloadTooLarge(let limit): ["limit": .int(limit)]
        case .staleVersion(let expected, let actual): ["expectedVersion": .int(expected), "currentVersion": .int(actual)]
        default: [:]
        }
    }
}
