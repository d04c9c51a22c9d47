import Foundation
import HubKit

/// Checks of what an administrator asks for: a usable target URL, filters, a description.
public enum SubscriptionRules {
    public static let maxURLLength = 2048
    public static let maxDescriptionLength = 500

    /// The URL as it will be used, or the problem with it: http or https only, a host, no user or password,
    /// no fragment, no spaces.
    public static func checkURL(_ text: String) throws(WebhookProblem) -> String {
        guard !text.isEmpty, text.utf8.count <= maxURLLength, !text.contains(where: { $0.isWhitespace || $0.isNewline }) else {
            throw .invalidURL(String(text.prefix(100)), reason: LocalizedText(zh: "应为不含空白、不超过 \(maxURLLength) 字节的绝对地址",
                                                                             en: "expected an absolute URL without spaces, up to \(maxURLLength) bytes"))
        }
        guard let parts = URLComponents(string: text), let scheme = parts.scheme?.lowercased() else {
            throw .invalidURL(text, reason: LocalizedText(zh: "无法解析", en: "it does not parse"))
        }
        guard scheme == "http" || scheme == "https" else { throw .urlScheme(scheme) }
        guard parts.user == nil, parts.password == nil else { throw .urlCredentials }
        guard let host = parts.host, !host.isEmpty else {
            throw .invalidURL(text, reason: LocalizedText(zh: "缺少主机名", en: "it has no host"))
        }
        guard parts.fragment == nil else {
            throw .invalidURL(text, reason: LocalizedText(zh: "不能含有 # 片段", en: "it may not have a # fragment"))
        }
        return text
    }

    public static func checkDescription(_ text: String) throws(WebhookProblem) -> String {
        guard text.count <= maxDescriptionLength else { throw .descriptionTooLong(limit: maxDescriptionLength) }
        return text
    }
}
