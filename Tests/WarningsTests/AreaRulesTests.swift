import Testing
@testable import Warnings

/// CAP 1.2 §3.2.4 area rules at their edges.
@Suite struct AreaRulesTests {
    @Test(arguments: [
        (Fixtures.polygon, [CAPRule]()),
        ("29.5,106.5 29.6,106.5 29.6,106.6 29.5,106.5", []),
        ("29.5,106.5 29.6,106.5 29.5,106.5", [.polygonTooFewPoints]),
        ("29.5,106.5 29.6,106.5 29.6,106.6 29.5,106.6", [.polygonNotClosed]),
        ("29.5,106.5 29.6,106.5 29.6,106.6", [.polygonTooFewPoints, .polygonNotClosed]),
        ("29.5,106.5  29.6,106.5 29.6,106.6 29.5,106.5", [.polygonMalformed]),
        ("29.5,106.5,29.6,106.5,29.6,106.6,29.5,106.5", [.polygonMalformed]),
        ("29.5;106.5 29.6,106.5 29.6,106.6 29.5;106.5", [.polygonMalformed]),
        ("29.5,106.5 1e1,106.5 29.6,106.6 29.5,106.5", [.polygonMalformed]),
        (" 29.5,106.5 29.6,106.5 29.6,106.6 29.5,106.5", [.polygonMalformed]),
        ("90.0001,106.5 29.6,106.5 29.6,106.6 90.0001,106.5", [.coordinateOutOfRange]),
        ("-90,180 29.6,106.5 29.6,-180 -90,180", []),
        ("29.5,180.5 29.6,106.5 29.6,106.6 29.5,180.5", [.coordinateOutOfRange]),
    ] as [(String, [CAPRule])])
    func polygon(text: String, expected: [CAPRule]) {
        #expect(AreaRules.polygon(text, field: "p").rules == expected)
    }

    @Test(arguments: [
        ("29.56,106.58 1.5", [CAPRule]()),
        ("29.56,106.58 0", []),
        ("29.56,106.58", [.circleMalformed]),
        ("29.56,106.58 -1", [.circleMalformed]),
        ("29.56,106.58  1.5", [.circleMalformed]),
        ("29.56 106.58 1.5", [.circleMalformed]),
        ("95,106.58 1.5", [.coordinateOutOfRange]),
    ] as [(String, [CAPRule])])
    func circle(text: String, expected: [CAPRule]) {
        #expect(AreaRules.circle(text, field: "c").rules == expected)
    }

    @Test(arguments: [("500103", true), ("500103001001", true), ("50010", false), ("5001030", false), ("50010a", false)])
    func geocode(code: String, valid: Bool) {
        #expect(AreaRules.geocode(code, field: "g").isEmpty == valid)
    }
}
