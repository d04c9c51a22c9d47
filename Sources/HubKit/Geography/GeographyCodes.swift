/// A unit-grid code (单元网格编码): 15 digits = county 6 + street 3 + community 3 + grid 3.
public struct GridCode: RawRepresentable, Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public let rawValue: String

    /// Accepts exactly 15 ASCII digits.
    public init?(rawValue: String) {
        guard rawValue.utf8.count == 15, rawValue.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        self.rawValue = rawValue
    }

    public var county: CountyCode { CountyCode(uncheckedRaw: String(rawValue.prefix(6))) }
    public var street: StreetCode { StreetCode(uncheckedRaw: String(rawValue.prefix(9))) }
    public var community: CommunityCode { CommunityCode(uncheckedRaw: String(rawValue.prefix(12))) }
    public var description: String { rawValue }
    public static func < (a: GridCode, b: GridCode) -> Bool { a.rawValue < b.rawValue }
}

/// A county/district administrative code: 6 digits (e.g. 500103).
public struct CountyCode: RawRepresentable, Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public let rawValue: String
    public init?(rawValue: String) {
        guard rawValue.isDigits(count: 6) else { return nil }
        self.rawValue = rawValue
    }
    init(uncheckedRaw: String) { rawValue = uncheckedRaw }
    public var description: String { rawValue }
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// A street (街道) code: the county's 6 digits + 3.
public struct StreetCode: RawRepresentable, Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public let rawValue: String
    public init?(rawValue: String) {
        guard rawValue.isDigits(count: 9) else { return nil }
        self.rawValue = rawValue
    }
    init(uncheckedRaw: String) { rawValue = uncheckedRaw }
    public var county: CountyCode { CountyCode(uncheckedRaw: String(rawValue.prefix(6))) }
    public var description: String { rawValue }
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// A community (社区) code: the street's 9 digits + 3.
public struct CommunityCode: RawRepresentable, Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public let rawValue: String
    public init?(rawValue: String) {
        guard rawValue.isDigits(count: 12) else { return nil }
        self.rawValue = rawValue
    }
    init(uncheckedRaw: String) { rawValue = uncheckedRaw }
    public var street: StreetCode { StreetCode(uncheckedRaw: String(rawValue.prefix(9))) }
    public var description: String { rawValue }
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

extension String {
    func isDigits(count: Int) -> Bool {
        utf8.count == count && utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
    }
}
