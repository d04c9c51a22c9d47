import Foundation
import HubKit
import Telemetry
import Testing

/// Rule definitions: the documented JSON decodes, and bad definitions are refused with their codes.
@Suite struct RuleDefinitionTests {
    typealias F = RuleFixture

    static let documented = """
    [
      {"id": "wl-dongshuimen-levels", "name": "东水门水位", "nameEn": "Dongshuimen level", "station": "wl-1",
       "quantity": "water_level", "kind": "threshold", "hysteresis": 0.1, "minDurationMinutes": 10,
       "levels": [{"severity": "orange", "stationLevel": "warning"}, {"severity": "red", "stationLevel": "guaranteed"}]},
      {"id": "wl-low", "station": "wl-1", "quantity": "water_level", "datum": "yellow-sea-1985", "kind": "threshold",
       "direction": "below", "levels": [{"severity": "yellow", "value": 160.0}]},
      {"id": "upper-rain-24h", "group": "jialing-upper", "quantity": "rainfall", "kind": "windowSum", "windowHours": 24,
       "levels": [{"severity": "blue", "value": 50}, {"severity": "yellow", "value": 100}], "hysteresis": 5},
      {"id": "wl-rise", "station": "wl-1", "quantity": "water_level", "kind": "rateOfRise", "windowMinutes": 180,
       "levels": [{"severity": "orange", "value": 0.1}], "projectTo": {"stationLevel": "warning"}},
      {"id": "upper-silent", "group": "jialing-upper", "quantity": "rainfall", "kind": "noData",
       "levels": [{"severity": "yellow", "value": 90}, {"severity": "orange", "value": 180}]},
      {"id": "upper-3-of-5", "group": "jialing-upper", "quantity": "rainfall", "kind": "nOfM",
       "member": {"kind": "windowSum", "windowHours": 24, "value": 50}, "levels": [{"severity": "orange", "value": 3}]}
    ]
    """

    @Test func theDocumentedExamples_decode_andPass() throws {
        let rules = try JSONDecoder().decode([AlarmRule].self, from: Data(Self.documented.utf8))
        #expect(rules.map(\.kind) == [.threshold, .threshold, .windowSum, .rateOfRise, .noData, .nOfM])
        switch RuleCheck.check(rules, stations: F.stations) {
        case .success: break
        case .failure(let faults): Issue.record("unexpected faults: \(faults.faults.map(\.code))")
        }
        let again = try JSONDecoder().decode([AlarmRule].self, from: JSONEncoder().encode(rules))
        #expect(again == rules)
    }

    static func codes(_ rule: AlarmRule) -> [String] {
        switch RuleCheck.check([rule], stations: F.stations) {
        case .success: []
        case .failure(let f): f.faults.map(\.code)
        }
    }

    static let w = F.rule("r")

    @Test(arguments: [
        (AlarmRule(id: w, quantity: .rainfall, kind: .threshold, levels: [SeverityLevel(.red, value: 1)]), "BAD_TARGET"),
        (AlarmRule(id: w, station: F.id("nope"), quantity: .rainfall, kind: .threshold, levels: [SeverityLevel(.red, value: 1)]), "UNKNOWN_STATION"),
        (AlarmRule(id: w, group: "Bad Group", quantity: .rainfall, kind: .threshold, levels: [SeverityLevel(.red, value: 1)]), "BAD_GROUP"),
        (AlarmRule(id: w, group: "g", quantity: .rainfall, kind: .threshold, levels: []), "NO_LEVELS"),
        (AlarmRule(id: w, group: "g", quantity: .rainfall, kind: .threshold, levels: [SeverityLevel(.red)]), "BAD_LEVEL"),
        (AlarmRule(id: w, group: "g", quantity: .rainfall, kind: .threshold, levels: [SeverityLevel(.red, value: .nan)]), "BAD_LEVEL"),
        (AlarmRule(id: w, group: "g", quantity: .rainfall, kind: .threshold,
                   levels: [SeverityLevel(.red, value: 1), SeverityLevel(.orange, value: 2)]), "LEVELS_NOT_ASCENDING"),
        (AlarmRule(id: w, group: "g", quantity: .rainfall, kind: .threshold,
                   levels: [SeverityLevel(.yellow, value: 2), SeverityLevel(.red, value: 1)]), "LEVELS_NOT_ASCENDING"),
        (AlarmRule(id: w, group: "g", quantity: .rainfall, kind: .threshold, levels: [SeverityLevel(.red, value: 1)], hysteresis: -1), "BAD_HYSTERESIS"),
        (AlarmRule(id: w, group: "g", quantity: .rainfall, kind: .threshold, levels: [SeverityLevel(.red, value: 1)], minDurationMinutes: -5), "BAD_DURATION"),
        (AlarmRule(id: w, group: "g", quantity: .rainfall, kind: .windowSum, levels: [SeverityLevel(.red, value: 1)], windowHours: 2), "BAD_WINDOW"),
        (AlarmRule(id: w, group: "g", quantity: .waterLevel, kind: .windowSum, levels: [SeverityLevel(.red, value: 1)], windowHours: 1), "QUANTITY_NOT_FOR_KIND"),
        (AlarmRule(id: w, group: "g", quantity: .rainfall, kind: .threshold, levels: [SeverityLevel(.red, value: 1)], windowHours: 1), "FIELD_NOT_FOR_KIND"),
        (AlarmRule(id: w, group: "g", quantity: .waterLevel, kind: .rateOfRise, levels: [SeverityLevel(.red, value: 1)], windowMinutes: 5), "BAD_WINDOW"),
        (AlarmRule(id: w, group: "g", quantity: .rainfall, kind: .noData, levels: [SeverityLevel(.red, value: 0)]), "BAD_LEVEL"),
        (AlarmRule(id: w, group: "g", quantity: .rainfall, kind: .nOfM, levels: [SeverityLevel(.red, value: 3)]), "BAD_MEMBER"),
        (AlarmRule(id: w, group: "g", quantity: .rainfall, kind: .nOfM, levels: [SeverityLevel(.red, value: 2.5)],
                   member: MemberCondition(kind: .threshold, value: 1)), "BAD_LEVEL"),
        (AlarmRule(id: w, station: F.id("wl-1"), quantity: .rainfall, kind: .nOfM, levels: [SeverityLevel(.red, value: 2)],
                   member: MemberCondition(kind: .threshold, value: 1)), "BAD_TARGET"),
        (AlarmRule(id: w, group: "g", quantity: .rainfall, kind: .nOfM, levels: [SeverityLevel(.red, value: 2)],
                   member: MemberCondition(kind: .noData, value: 1)), "BAD_MEMBER"),
        (AlarmRule(id: w, station: F.id("wl-1"), quantity: .waterLevel, kind: .threshold, levels: [SeverityLevel(.red, value: 176)]), "DATUM_REQUIRED"),
        (AlarmRule(id: w, station: F.id("wl-1"), quantity: .waterLevel, datum: DatumTag(rawValue: "wusong")!, kind: .threshold,
                   levels: [SeverityLevel(.red, value: 5)]), "DATUM_MISMATCH"),
        (AlarmRule(id: w, station: F.id("rg-1"), quantity: .waterLevel, kind: .threshold,
                   levels: [SeverityLevel(.red, stationLevel: .warning)]), "STATION_HAS_NO_LEVELS"),
        (AlarmRule(id: w, station: F.id("rg-1"), quantity: .rainfall, kind: .threshold,
                   levels: [SeverityLevel(.red, stationLevel: .warning)]), "STATION_LEVEL_NOT_FOR_RULE"),
        (AlarmRule(id: w, station: F.id("wl-1"), quantity: .waterLevel, datum: F.yellowSea, kind: .threshold,
                   levels: [SeverityLevel(.orange, value: 170), SeverityLevel(.red, stationLevel: .guaranteed)]), "LEVELS_MIXED"),
        (AlarmRule(id: w, station: F.id("wl-1"), quantity: .waterLevel, kind: .threshold,
                   levels: [SeverityLevel(.orange, stationLevel: .guaranteed), SeverityLevel(.red, stationLevel: .warning)]), "LEVELS_NOT_ASCENDING"),
    ] as [(AlarmRule, String)])
    func badDefinitions_areRefusedWithTheirCode(rule: AlarmRule, code: String) {
        #expect(Self.codes(rule).contains(code), "\(Self.codes(rule))")
    }

    @Test func aRepeatedID_isRefused_andEveryFaultIsNamed() {
        let one = AlarmRule(id: Self.w, group: "g", quantity: .rainfall, kind: .threshold, levels: [SeverityLevel(.red, value: 1)])
        var two = one
        two.hysteresis = -1
        guard case .failure(let f) = RuleCheck.check([one, two], stations: F.stations) else {
            Issue.record("accepted")
            return
        }
        #expect(f.faults.map(\.item) == ["rules[1].id", "rules[1].hysteresis"])
        #expect(f.faults.map(\.code) == ["DUPLICATE_RULE_ID", "BAD_HYSTERESIS"])
        #expect(f.faults.allSatisfy { !$0.message.zh.isEmpty && !$0.message.en.isEmpty })
        #expect(TelemetryProblem.invalidRules(f.faults).code == "INVALID_RULES")
    }

    @Test func aBadRuleIDOrKind_failsToDecode() {
        let bad = [#"{"id": "Bad ID", "group": "g", "quantity": "rainfall", "kind": "threshold", "levels": []}"#,
                   #"{"id": "ok", "group": "g", "quantity": "rainfall", "kind": "median", "levels": []}"#]
        for text in bad {
            #expect(throws: DecodingError.self) { try JSONDecoder().decode(AlarmRule.self, from: Data(text.utf8)) }
        }
    }
}
