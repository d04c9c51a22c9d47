/// A string with a syntax of its own (an id, a code, a tag): made only through `init?(rawValue:)`, so a value
/// always holds; decoded from JSON the same way, with the syntax named in the error a client sees.
public protocol CheckedString: RawRepresentable<String>, Sendable, Hashable, Codable, CustomStringConvertible {
    init?(rawValue: String)
    /// The syntax in words, for error messages: `1–64 of A–Z a–z 0–9 . _ -`.
    static var syntax: String { get }
}

extension CheckedString {
    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self(rawValue: raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: Self.syntax))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }
}

extension CheckedString where Self: Comparable {
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}
