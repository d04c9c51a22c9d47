/// Text shown to people, in zh-CN (the default) and English.
public struct LocalizedText: Sendable, Hashable, Codable {
    public var zh: String
    public var en: String

    public init(zh: String, en: String) {
        self.zh = zh
        self.en = en
    }
}

/// An error that becomes an RFC 9457 problem+json response.
///
/// `code` is stable (UPPER_SNAKE_CASE) and documented: clients branch on it; `message` is for people.
public protocol HubProblem: Error, Sendable {
    var code: String { get }
    /// The HTTP status code the problem maps to.
    var status: Int { get }
    var message: LocalizedText { get }
    /// Extra members for the problem document (e.g. the failing field or feature); empty by default.
    var extensions: [String: ProblemValue] { get }
}

extension HubProblem {
    public var extensions: [String: ProblemValue] { [:] }
}

/// A JSON value carried in a problem document's extension members.
public enum ProblemValue: Sendable, Hashable, Codable {
    case string(String)
    case int(Int)
    case strings([String])
    case objects([[String: String]])

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let s): try container.encode(s)
        case .int(let i): try container.encode(i)
        case .strings(let a): try container.encode(a)
        case .objects(let o): try container.encode(o)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let i = try? container.decode(Int.self) { self = .int(i) }
        else if let s = try? container.decode(String.self) { self = .string(s) }
        else if let a = try? container.decode([String].self) { self = .strings(a) }
        else { self = .objects(try container.decode([[String: String]].self)) }
    }
}

/// A problem made on the spot, for the few places where a dedicated enum would add nothing.
public struct GenericProblem: HubProblem {
    public let code: String
    public let status: Int
    public let message: LocalizedText
    public let extensions: [String: ProblemValue]

    public init(code: String, status: Int, zh: String, en: String, extensions: [String: ProblemValue] = [:]) {
        self.code = code
        self.status = status
        self.message = LocalizedText(zh: zh, en: en)
        self.extensions = extensions
    }
}
