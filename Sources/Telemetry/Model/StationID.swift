/// A station's or device's stable identifier: 1–64 of `A–Z a–z 0–9 . _ -`, e.g. `rg-jialing-03`.
///
/// It appears in URLs, CSV files and NGSI-LD entity ids (`urn:ngsi-ld:Device:<id>`), so no other characters.
public struct StationID: RawRepresentable, Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public let rawValue: String

    public init?(rawValue: String) {
        let bytes = rawValue.utf8
        guard (1...64).contains(bytes.count), bytes.allSatisfy(Self.allowed) else { return nil }
        self.rawValue = rawValue
    }

    private static func allowed(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 45 || b == 46 || b == 95
    }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let id = StationID(rawValue: raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "a station id is 1-64 of A-Z a-z 0-9 . _ -"))
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}
