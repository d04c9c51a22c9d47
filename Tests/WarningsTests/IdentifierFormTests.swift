import Foundation
import Testing
@testable import Warnings

/// GB/T 35965.1 annex A: `ZZZZZZDDDUUUXX_YYYYMMDDhhmmss_N`.
@Suite struct IdentifierFormTests {
    @Test func sixDigitCode_givesTheStandardsThirtyOneCharacters() {
        let prefix = IdentifierForm.prefix(settings: Fixtures.settings, at: Fixtures.july8)
        let identifier = IdentifierForm.identifier(prefix: prefix, sequence: 0)
        #expect(identifier == "50010300000000_20260708103000_0")
        #expect(identifier.count == 31)
        #expect(CAPText.isToken(identifier))
    }

    @Test func twelveDigitCode_keepsTheCodeFirst() throws {
        let settings = try #require(CAPSettings.make(sender: "warnings@yuzhong.example", senderName: .init(zh: "渝中", en: "Yuzhong"),
                                                     areaCode: "500103001000", unitCode: "07700000"))
        let identifier = IdentifierForm.identifier(prefix: IdentifierForm.prefix(settings: settings, at: Fixtures.july8), sequence: 9)
        #expect(identifier == "50010300100007700000_20260708103000_9")
        #expect(identifier.count == 37)
    }

    @Test func settings_refuseBadSenderAndCodes() {
        #expect(CAPSettings.faults(sender: "warnings@yuzhong.example", areaCode: "500103", unitCode: "00000000").isEmpty)
        #expect(CAPSettings.faults(sender: "yuzhong warnings", areaCode: "500103", unitCode: "00000000").map { $0.key } == ["cap.sender"])
        #expect(CAPSettings.faults(sender: "a,b", areaCode: "5001", unitCode: "0").map { $0.key } == ["cap.sender", "cap.area_code", "cap.unit_code"])
        #expect(CAPSettings.make(sender: "", senderName: .init(zh: "", en: ""), areaCode: "500103", unitCode: "00000000") == nil)
    }
}
