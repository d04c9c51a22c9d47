import Foundation
import HubKit
import Testing
@testable import Warnings

/// The message-level rules the CAP schema does not check, each at its edge.
@Suite struct MessageRulesTests {
    static let alertReference = "warnings@cityhub.local,50010300000000_20260708103000_0,2026-07-08T10:30:00+08:00"

    func message(_ msgType: CAPMsgType = .alert, references: [String] = []) -> CAPMessage {
        MessageBuilder.message(Fixtures.rainstorm(), msgType: msgType, identifier: "50010300000000_20260708103000_0",
                               sent: Fixtures.july8, earlier: [], settings: Fixtures.settings)
            .with { $0.references = references }
    }

    @Test func builtAlert_isValid() {
        #expect(MessageRules.faults(of: message()).isEmpty)
    }

    @Test(arguments: [
        ("50010300000000_20260708103000_0", [CAPRule]()),
        ("500103,00000000_20260708103000_0", [.identifierForbiddenCharacter]),
        ("500103 00000000", [.identifierForbiddenCharacter]),
        ("500103\t0", [.identifierForbiddenCharacter]),
        ("a<b", [.identifierForbiddenCharacter]),
        ("a&b", [.identifierForbiddenCharacter]),
        ("", [.identifierForbiddenCharacter]),
    ] as [(String, [CAPRule])])
    func identifier(text: String, expected: [CAPRule]) {
        #expect(MessageRules.faults(of: message().with { $0.identifier = text }).rules == expected)
    }

    @Test(arguments: [
        ("warnings@yuzhong.example", [CAPRule]()),
        ("warnings @yuzhong.example", [.senderForbiddenCharacter]),
        ("yuzhong,warnings", [.senderForbiddenCharacter]),
        ("R&D", [.senderForbiddenCharacter]),
    ] as [(String, [CAPRule])])
    func sender(text: String, expected: [CAPRule]) {
        #expect(MessageRules.faults(of: message().with { $0.sender = text }).rules == expected)
    }

    @Test func references_onUpdateAndCancel_notOnAlert() {
        #expect(MessageRules.faults(of: message(.update)).rules == [.referencesMissing])
        #expect(MessageRules.faults(of: message(.cancel)).rules == [.referencesMissing])
        #expect(MessageRules.faults(of: message(.alert, references: [Self.alertReference])).rules == [.referencesUnexpected])
        #expect(MessageRules.faults(of: message(.update, references: [Self.alertReference])).isEmpty)
        #expect(MessageRules.faults(of: message(.cancel, references: [Self.alertReference])).isEmpty)
    }

    @Test(arguments: [
        "warnings@cityhub.local,50010300000000_20260708103000_0",
        "warnings@cityhub.local,50010300000000_20260708103000_0,2026-07-08T02:30:00Z",
        "warnings at cityhub,id,2026-07-08T10:30:00+08:00",
        "a,b,c,2026-07-08T10:30:00+08:00",
    ])
    func malformedReference_isNamed(reference: String) {
        #expect(MessageRules.faults(of: message(.update, references: [reference])).rules == [.referenceMalformed])
    }

    @Test func sent_withZ_isRefused() {
        let faults = MessageRules.faults(of: message().with { $0.sent = "2026-07-08T02:30:00Z" })
        #expect(faults.rules == [.timeFormat])
        #expect(faults.first?.field == "sent")
        #expect(MessageRules.faults(of: message().with { $0.sent = "2026-07-08T10:30:00+08:00" }).isEmpty)
        #expect(MessageRules.faults(of: message().with { $0.infos[0].expires = "2026-07-08T16:30:00" }).rules == [.timeFormat])
    }

    @Test func zhInfo_mustComeFirst() {
        #expect(MessageRules.faults(of: message().with { $0.infos.reverse() }).rules == [.zhInfoMissing])
        #expect(MessageRules.faults(of: message().with { $0.infos = [] }).rules == [.zhInfoMissing])
    }

    @Test func infoTimes_andAreas_areCheckedAgain() {
        #expect(MessageRules.faults(of: message().with { $0.infos[1].expires = $0.infos[1].effective }).rules ==
                [.expiresNotAfterEffective])
        #expect(MessageRules.faults(of: message().with { $0.infos[0].areas[0].polygons = ["29.5,106.5 29.6,106.5 29.6,106.6 29.5,106.6"] })
            .rules == [.polygonNotClosed])
    }
}

extension CAPMessage {
    func with(_ change: (inout CAPMessage) -> Void) -> CAPMessage {
        var copy = self
        change(&copy)
        return copy
    }
}
