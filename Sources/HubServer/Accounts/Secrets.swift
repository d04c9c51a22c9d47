import Crypto
import Foundation
import HummingbirdBcrypt
import NIOPosix

/// Opaque secrets (session tokens, API key secrets) and their stored digests.
enum Secrets {
    /// 32 random bytes, base64url without padding, after a readable prefix such as `cht_`.
    static func token(prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return prefix + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// SHA-256 hex digest: what the database keeps instead of the secret.
    static func digest(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).hexString
    }

    /// Short random identifier (hex), for ids that are not secret.
    static func identifier(bytes: Int = 8) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) }.hexString
    }
}

/// bcrypt hashing off the event loops (it is deliberately slow).
public struct PasswordHasher: Sendable {
    /// bcrypt cost factor (4–31); 12 in production, lower in tests.
    public let cost: UInt8

    public init(cost: UInt8 = 12) {
        self.cost = min(max(cost, 4), 31)
    }

    public func hash(_ password: String) async throws -> String {
        let cost = cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}
