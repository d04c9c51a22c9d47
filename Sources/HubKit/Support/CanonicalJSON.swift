import Foundation

/// JSON with sorted keys and no escaped slashes: the same value always gives the same bytes, which the
/// journal (and later the ledger) relies on.
public enum CanonicalJSON {
    public static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
