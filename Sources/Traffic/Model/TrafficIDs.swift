/// A signalised intersection's identifier: the SUMO traffic-light id, or a site's own code.
///
/// Invariant: 1–64 characters of letters, digits and `_ - . : #`. Codable as its string (the standard library's
/// conformance for string raw values, which refuses a string `init?(rawValue:)` refuses).
public struct IntersectionID: RawRepresentable, Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public let rawValue: String

    public init?(rawValue: String) {
        guard TrafficName.isValid(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    public var description: String { rawValue }
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// A lane's identifier (SUMO lane id, e.g. `E1_0`); also the identifier of the detector on that lane.
public typealias LaneID = String

/// The names the traffic slice accepts as identifiers.
enum TrafficName {
    static func isValid(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 64 && text.unicodeScalars.allSatisfy { scalar in
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "_-.:#".unicodeScalars.contains(scalar)
        }
    }
}
