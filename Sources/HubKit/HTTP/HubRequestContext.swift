import Foundation
import Logging
import Hummingbird
import NIOCore

/// The request context every CityHub route sees: who is calling (set by `AuthMiddleware`), their preferred
/// language and where they connect from.
public struct HubRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The authenticated caller; nil until `AuthMiddleware` recognised a token or key.
    public var principal: Principal?
    /// The language for messages meant for people, from `Accept-Language` (zh-CN unless English is asked for).
    public var language: Language = .zh
    /// The peer's IP address, for rate limiting; nil in in-process tests.
    public let remoteAddress: String?

    /// JSON bodies are limited to 1 MiB; routes that take files read their body with their own limit.
    public var maxUploadSize: Int { 1 << 20 }

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress
    }

    /// The caller, or a 401 problem when nobody is signed in.
    public func requirePrincipal() throws(AccessProblem) -> Principal {
        guard let principal else { throw .unauthenticated }
        return principal
    }

    public var requestID: String {
        logger[metadataKey: "hb.request.id"].map { "\($0)" } ?? "-"
    }
}

/// The two languages of the hub's people-facing text.
public enum Language: String, Sendable {
    case zh = "zh-CN"
    case en

    /// Picks English only when the highest-weighted acceptable language is English.
    public static func negotiate(_ header: String?) -> Language {
        guard let header else { return .zh }
        var best: (language: Language, weight: Double)?
        for part in header.split(separator: ",") {
            let pieces = part.split(separator: ";")
            let tag = pieces.first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
            var weight = 1.0
            for parameter in pieces.dropFirst() {
                let kv = parameter.split(separator: "=", maxSplits: 1)
                if kv.count == 2, kv[0].trimmingCharacters(in: .whitespaces) == "q" {
                    weight = Double(kv[1].trimmingCharacters(in: .whitespaces)) ?? 0
                }
            }
            let language: Language? = tag.hasPrefix("en") ? .en : (tag.hasPrefix("zh") ? .zh : nil)
            if let language, weight > (best?.weight ?? -1) { best = (language, weight) }
        }
        return best?.language ?? .zh
    }
}

extension LocalizedText {
    public func text(in language: Language) -> String {
        language == .en ? en : zh
    }
}
