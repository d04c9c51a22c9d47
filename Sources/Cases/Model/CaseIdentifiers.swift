import HubKit

/// A case's identifier: `YYYYMMDD-NNNNNN` in Asia/Shanghai filing order (e.g. `20261125-000042`), a string as
/// Open311 wants service request ids to be.
public struct CaseID: RawRepresentable, Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public let rawValue: String
    public init?(rawValue: String) {
        let bytes = Array(rawValue.utf8)
        guard bytes.count == 15, bytes[8] == UInt8(ascii: "-"),
              bytes.enumerated().allSatisfy({ $0.offset == 8 || ($0.element >= 48 && $0.element <= 57) }) else { return nil }
        self.rawValue = rawValue
    }
    public var description: String { rawValue }
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// A problem category code in the national style: `C` for a component (部件) or `E` for an event (事件), then
/// the major class (2 digits) and the subclass (2 digits), e.g. `E0501` (占道经营, sidewalk vending).
/// It doubles as the Open311 `service_code`.
public struct CategoryCode: RawRepresentable, Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public let rawValue: String
    public init?(rawValue: String) {
        let bytes = Array(rawValue.utf8)
        guard bytes.count == 5, bytes[0] == UInt8(ascii: "C") || bytes[0] == UInt8(ascii: "E"),
              bytes.dropFirst().allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        self.rawValue = rawValue
    }
    public var kind: CategoryKind { rawValue.hasPrefix("C") ? .component : .event }
    /// The major class, 2 digits.
    public var major: String { String(rawValue.dropFirst().prefix(2)) }
    /// The subclass, 2 digits.
    public var sub: String { String(rawValue.suffix(2)) }
    public var description: String { rawValue }
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// Components (部件) are things: manhole covers, streetlights. Events (事件) are happenings: vending, dumping.
public enum CategoryKind: String, Sendable, Hashable, Codable, CaseIterable {
    case component, event
}
