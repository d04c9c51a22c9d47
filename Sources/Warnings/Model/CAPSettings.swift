import HubKit

/// Who issues the hub's warnings, from configuration: the CAP `sender`, the `senderName` in both languages and
/// the codes the identifiers start with.
///
/// Invariants (checked by `make`): `sender` is not empty and has no whitespace, comma, `<` or `&`; `areaCode` is
/// 6 or 12 digits (GB/T 2260 county, or a 12-digit code below it); `unitCode` is 8 digits (GB/T 35965.1: the
/// issuing body's 3-digit sector code, 3-digit internal unit, 2-digit extension).
public struct CAPSettings: Sendable, Hashable {
    public let sender: String
    public let senderName: LocalizedText
    public let areaCode: String
    public let unitCode: String

    /// The fields that are wrong, each with what it should be; empty when all are right.
    public static func faults(sender: String, areaCode: String, unitCode: String) -> [(key: String, expected: String)] {
        var out: [(key: String, expected: String)] = []
        if sender.isEmpty || !CAPText.isToken(sender) {
            out.append(("cap.sender", "a name without spaces, commas, < or &, e.g. warnings@yuzhong.example"))
        }
        if !CAPText.isDigits(areaCode, counts: [6, 12]) {
            out.append(("cap.area_code", "6 or 12 digits, e.g. 500103"))
        }
        if !CAPText.isDigits(unitCode, counts: [8]) {
            out.append(("cap.unit_code", "8 digits (sector 3 + unit 3 + extension 2), e.g. 00000000"))
        }
        return out
    }

    /// Settings when every field is valid, else nil (ask `faults` why).
    public static func make(sender: String, senderName: LocalizedText, areaCode: String, unitCode: String) -> CAPSettings? {
        guard faults(sender: sender, areaCode: areaCode, unitCode: unitCode).isEmpty else { return nil }
        return CAPSettings(sender: sender, senderName: senderName, areaCode: areaCode, unitCode: unitCode)
    }

    private init(sender: String, senderName: LocalizedText, areaCode: String, unitCode: String) {
        self.sender = sender
        self.senderName = senderName
        self.areaCode = areaCode
        self.unitCode = unitCode
    }

    /// The demo district's settings (Chongqing Yuzhong, 500103).
    public static let demo = CAPSettings(sender: "warnings@cityhub.local",
                                         senderName: LocalizedText(zh: "CityHub 预警信息发布", en: "CityHub warning service"),
                                         areaCode: "500103", unitCode: "00000000")
}
