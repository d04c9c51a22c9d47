import Foundation
import HubKit

/// A person's account as the API shows it (never the password hash).
public struct UserView: Sendable, Hashable, Codable {
    public var id: String
    public var username: String
    public var displayName: String
    public var role: Role
    public var departmentId: DepartmentID?
    public var disabled: Bool
    public var mustChangePassword: Bool
    public var createdAt: Date
    public var version: Int
}

/// A user row with its password hash, for sign-in only.
struct UserCredentials: Sendable {
    var user: UserView
    var passwordHash: String
}

/// What an administrator gives to create a department; it starts enabled at version 1.
public struct NewDepartment: Sendable, Codable {
    public var id: DepartmentID
    public var name: String
    public var nameEn: String
    public var kind: DepartmentKind
    public var street: StreetCode?
}

/// A machine's API key as the API shows it; the secret is shown once, at creation.
public struct APIKeyView: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var role: Role
    public var departmentId: DepartmentID?
    public var scopes: [String]
    public var createdAt: Date
    public var expiresAt: Date?
    public var revoked: Bool
}

/// The scopes an API key may hold. Routes name the scope a key needs; people are limited by role alone.
public enum APIScope {
    public static let all: Set<String> = ["geo:read", "geo:write", "events:read", "accounts:read", "cases:read", "cases:report",
                                          "cases:camera", "ledger:read", "notary:write",
                                          "telemetry:read", "stations:write", "observations:write",
                                          "warnings:draft", "warnings:read", "duty:read", "duty:page",
                                          "traffic:read", "traffic:gateway", "traffic:camera"]
}

/// Rules for names and passwords, shared by the API and the command line.
public enum AccountRules {
    public static let minimumPasswordLength = 10

    /// 3–32 of a-z, 0-9, '.', '_' and '-'.
    public static func isValidUsername(_ name: String) -> Bool {
        (3...32).contains(name.utf8.count) && name.utf8.allSatisfy {
            ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 46 || $0 == 95 || $0 == 45
        }
    }

    public static func checkPassword(_ password: String) throws(InputProblem) {
        guard password.count >= minimumPasswordLength else {
            throw .invalidField(field: "password", reason: "至少 \(minimumPasswordLength) 个字符 / at least \(minimumPasswordLength) characters")
        }
    }

    /// A random password of 16 characters from an alphabet without look-alike letters.
    public static func generatePassword() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<16).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }
}
