import Foundation

/// CAP identifiers in the form of GB/T 35965.1 (annex A): `<unit code>_<YYYYMMDDhhmmss>_<N>`, where the unit code
/// is the administrative division code followed by the 8-digit sector/unit/extension code, the time is the issue
/// time in Beijing time, and N (0–9) numbers the messages one unit issues within the same second.
/// With a 6-digit division code this is the standard's 31-character form, e.g. `50010300000000_20260708103000_0`;
/// a 12-digit code (a street) takes the same place and makes it 37 characters.
public enum IdentifierForm {
    /// The highest sequence number: the standard gives N one digit.
    public static let maximumSequence = 9

    /// The part before the sequence, shared by every message of one unit in one second.
    public static func prefix(settings: CAPSettings, at sent: Date) -> String {
        "\(settings.areaCode)\(settings.unitCode)_\(CAPTime.basic(sent))"
    }

    public static func identifier(prefix: String, sequence: Int) -> String {
        "\(prefix)_\(sequence)"
    }
}
