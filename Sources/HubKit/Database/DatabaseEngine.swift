import Foundation

/// The SQL engines CityHub runs on. Every query is written once through SQLKit; the engine only changes
/// connection set-up and the few statements that differ (transaction start, locks).
public enum DatabaseEngine: String, Sendable, Hashable, Codable {
    case sqlite
    case postgres
}

/// Where the database lives, parsed from `--database-url`.
///
/// Accepted forms: `sqlite:///absolute/path.sqlite`, `sqlite:relative/path.sqlite`,
/// `postgres://user:password@host:port/database?sslmode=disable|prefer|require`.
public enum DatabaseLocation: Sendable, Hashable {
    case sqlite(path: String)
    case postgres(PostgresLocation)

    public var engine: DatabaseEngine {
        switch self {
        case .sqlite: .sqlite
        case .postgres: .postgres
        }
    }

    /// A form safe to print: the password is masked.
    public var redacted: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .postgres(let p): "postgres://\(p.username)@\(p.host):\(p.port)/\(p.database)"
        }
    }

    public static func parse(_ text: String) throws(DatabaseConfigurationError) -> DatabaseLocation {
        if text.hasPrefix("sqlite://") {
            let path = String(text.dropFirst("sqlite://".count))
            guard !path.isEmpty else { throw .invalidURL(text, reason: "missing path") }
            return .sqlite(path: path)
        }
        if text.hasPrefix("sqlite:") {
            let path = String(text.dropFirst("sqlite:".count))
            guard !path.isEmpty else { throw .invalidURL(text, reason: "missing path") }
            return .sqlite(path: path)
        }
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            return .postgres(try PostgresLocation.parse(text))
        }
        throw .invalidURL(text, reason: "scheme must be sqlite: or postgres://")
    }
}

/// A PostgreSQL server and database.
public struct PostgresLocation: Sendable, Hashable {
    public enum TLSMode: String, Sendable, Hashable { case disable, prefer, require }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode

    static func parse(_ text: String) throws(DatabaseConfigurationError) -> PostgresLocation {
        let rest = text.drop(while: { $0 != ":" }).dropFirst(3)
        let (authority, pathAndQuery) = rest.firstIndex(of: "/").map { (rest[..<$0], rest[$0...].dropFirst()) }
            ?? (rest, Substring(""))
        let (pathPart, query) = pathAndQuery.firstIndex(of: "?").map {
            (pathAndQuery[..<$0], pathAndQuery[$0...].dropFirst())
        } ?? (pathAndQuery, Substring(""))
        var userInfo: Substring = ""
        var hostPort = authority
        if let at = authority.lastIndex(of: "@") {
            userInfo = authority[..<at]
            hostPort = authority[authority.index(after: at)...]
        }
        let userParts = userInfo.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let username = userParts.first.map { String($0).removingPercentEncodingSafely } ?? ""
        let password = userParts.count > 1 ? String(userParts[1]).removingPercentEncodingSafely : nil
        var host = String(hostPort)
        var port = 5432
        if let colon = hostPort.lastIndex(of: ":"), !hostPort.hasSuffix("]") {
            host = String(hostPort[..<colon])
            guard let parsed = Int(hostPort[hostPort.index(after: colon)...]), (1...65535).contains(parsed) else {
                throw .invalidURL(text, reason: "port must be a number from 1 to 65535")
            }
            port = parsed
        }
        guard !host.isEmpty else { throw .invalidURL(text, reason: "missing host") }
        guard !username.isEmpty else { throw .invalidURL(text, reason: "missing user name") }
        let database = pathPart.isEmpty ? username : String(pathPart)
        var tls = TLSMode.prefer
        for pair in query.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1)
            guard kv.count == 2, kv[0] == "sslmode" else { continue }
            switch kv[1] {
            case "disable": tls = .disable
            case "prefer", "allow": tls = .prefer
            case "require", "verify-ca", "verify-full": tls = .require
            default: throw .invalidURL(text, reason: "unknown sslmode \(kv[1])")
            }
        }
        return PostgresLocation(host: host, port: port, username: username, password: password,
                                database: database, tls: tls)
    }
}

/// A database URL or set-up that cannot be used.
public enum DatabaseConfigurationError: HubProblem, Equatable {
    case invalidURL(String, reason: String)

    public var code: String { "INVALID_DATABASE_URL" }
    public var status: Int { 500 }
    public var message: LocalizedText {
        switch self {
        case .invalidURL(_, let reason):
            LocalizedText(zh: "数据库地址无效：\(reason)", en: "Invalid database URL: \(reason)")
        }
    }
}

extension String {
    var removingPercentEncodingSafely: String { removingPercentEncoding ?? self }
}
