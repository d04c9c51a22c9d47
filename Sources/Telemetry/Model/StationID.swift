import HubKit

/// A station's or device's stable identifier: 1–64 of `A–Z a–z 0–9 . _ -`, e.g. `rg-jialing-03`.
///
/// It appears in URLs, CSV files and NGSI-LD entity ids (`urn:ngsi-ld:Device:<id>`), so no other characters.
public struct StationID: CheckedString, Comparable {
    public let rawValue: String

    public init?(rawValue: String) {
        let bytes = rawValue.utf8
        guard (1...64).contains(bytes.count), bytes.allSatisfy(Self.allowed) else { return nil }
        self.rawValue = rawValue
    }

    private static func allowed(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 45 || b == 46 || b == 95
    }

    public static let syntax = "a station id is 1-64 of A-Z a-z 0-9 . _ -"
}
