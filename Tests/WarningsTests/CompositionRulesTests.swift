import Foundation
import HubKit
import Testing
@testable import Warnings

@Suite struct CompositionRulesTests {
    @Test func rainstorm_isValid() {
        #expect(CompositionRules.faults(of: Fixtures.rainstorm(), now: Fixtures.july8).isEmpty)
    }

    @Test func zhInfo_isRequired_englishIsOptional() {
        var draft = Fixtures.rainstorm()
        draft.en = nil
        #expect(CompositionRules.faults(of: draft).isEmpty)
        draft.zh.headline = "  "
        draft.zh.description = ""
        let faults = CompositionRules.faults(of: draft)
        #expect(faults.rules == [.zhInfoMissing, .zhInfoMissing])
        #expect(faults.map(\.field) == ["zh.headline", "zh.description"])
        draft = Fixtures.rainstorm()
        draft.en?.description = ""
        #expect(CompositionRules.faults(of: draft).map(\.field) == ["en.description"])
    }

    @Test func colourAndSeverity_mustAgree_oneIsRequired() {
        var draft = Fixtures.rainstorm()
        draft.severity = .severe
        #expect(CompositionRules.faults(of: draft).rules == [.colourSeverityMismatch])
        draft.severity = .extreme
        #expect(CompositionRules.faults(of: draft).isEmpty)
        draft.colour = nil
        draft.severity = nil
        #expect(CompositionRules.faults(of: draft).rules == [.requiredElementMissing])
    }

    @Test func colourLevels_mapToSeverities() {
        #expect(WarningColour.allCases.map(\.severity) == [.extreme, .severe, .moderate, .minor])
        #expect(WarningColour(severity: .unknown) == nil)
        var draft = Fixtures.rainstorm()
        draft.colour = .yellow
        draft.severity = nil
        #expect(CompositionRules.normalised(draft).severity == .moderate)
        draft.colour = nil
        draft.severity = .minor
        #expect(CompositionRules.normalised(draft).colour == .blue)
    }

    @Test func expires_mustBeAfterEffective_atTheEdge() {
        var draft = Fixtures.rainstorm()
        draft.expires = Fixtures.july8
        #expect(CompositionRules.faults(of: draft).rules.contains(.expiresNotAfterEffective))
        draft.expires = Fixtures.july8.addingTimeInterval(1)
        draft.onset = nil
        #expect(CompositionRules.faults(of: draft).isEmpty)
        draft.onset = Fixtures.july8.addingTimeInterval(2)
        #expect(CompositionRules.faults(of: draft).rules == [.onsetAfterExpires])
    }

    @Test func expires_inThePast_isRefusedWhenTheClockIsGiven() {
        let draft = Fixtures.rainstorm()
        #expect(CompositionRules.faults(of: draft, now: draft.expires).rules == [.alreadyExpired])
        #expect(CompositionRules.faults(of: draft, now: draft.expires.addingTimeInterval(-1)).isEmpty)
    }

    @Test func areas_areRequired_andChecked() {
        var draft = Fixtures.rainstorm()
        draft.areas = []
        #expect(CompositionRules.faults(of: draft).rules == [.areaMissing])
        draft.areas = [.init(description: "", polygons: ["29.5,106.5 29.6,106.5 29.5,106.5"], circles: ["x"], geocodes: ["1"])]
        #expect(CompositionRules.faults(of: draft).rules ==
                [.requiredElementMissing, .polygonTooFewPoints, .circleMalformed, .geocodeMalformed])
        #expect(CompositionRules.faults(of: draft).map(\.field) ==
                ["areas[0].description", "areas[0].polygons[0]", "areas[0].circles[0]", "areas[0].geocodes[0]"])
    }

    @Test func controlCharacters_cannotReachXML() {
        var draft = Fixtures.rainstorm()
        draft.zh.description = "暴雨\u{0007}"
        #expect(CompositionRules.faults(of: draft).rules == [.textForbiddenCharacter])
        draft.zh.description = "第一行\n第二行\t<b>&\"'"
        #expect(CompositionRules.faults(of: draft).isEmpty)
    }

    @Test func normalised_dropsFractionsOfSeconds() {
        var draft = Fixtures.rainstorm()
        draft.expires = Fixtures.july8.addingTimeInterval(3600.75)
        #expect(CompositionRules.normalised(draft).expires == Fixtures.july8.addingTimeInterval(3600))
    }
}
