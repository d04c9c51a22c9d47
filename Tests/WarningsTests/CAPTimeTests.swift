import Foundation
import Testing
@testable import Warnings

@Suite struct CAPTimeTests {
    @Test func format_isBeijingTimeWithOffset_neverZ() {
        #expect(CAPTime.format(Fixtures.july8) == "2026-07-08T10:30:00+08:00")
        // 16:00 UTC is midnight in Beijing: the date moves on.
        #expect(CAPTime.format(Date(timeIntervalSince1970: 1_783_526_400)) == "2026-07-09T00:00:00+08:00")
        #expect(CAPTime.format(Date(timeIntervalSince1970: 0.999)) == "1970-01-01T08:00:00+08:00")
        #expect(CAPTime.basic(Fixtures.july8) == "20260708103000")
        #expect(!CAPTime.format(Fixtures.july8).contains("Z"))
    }

    @Test(arguments: [
        ("2026-07-08T10:30:00+08:00", true),
        ("2026-07-08T02:30:00-00:00", true),
        ("2026-07-08T02:30:00Z", false),
        ("2026-07-08T10:30:00+0800", false),
        ("2026-07-08T10:30:00.5+08:00", false),
        ("2026-07-08 10:30:00+08:00", false),
        ("2026-13-08T10:30:00+08:00", false),
        ("2026-07-08T24:00:00+08:00", false),
        ("2026-07-08T10:30:00", false),
    ])
    func wellFormed_onlyWithNumericOffset(text: String, valid: Bool) {
        #expect(CAPTime.isWellFormed(text) == valid)
    }

    @Test func parse_roundTripsFormat_andHonoursOffsets() {
        for seconds in stride(from: 0.0, to: 4_000_000_000, by: 86_399 * 37) {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(CAPTime.parse(CAPTime.format(date)) == date)
        }
        #expect(CAPTime.parse("2026-07-08T02:30:00-00:00") == Fixtures.july8)
        #expect(CAPTime.parse("2026-07-08T04:00:00+01:30") == Fixtures.july8)
        #expect(CAPTime.parse("2026-07-08T02:30:00Z") == nil)
    }
}
