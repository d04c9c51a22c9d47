@testable import Cases
import HubKit
import Testing

private let catalogue = CategoryCatalogue.standard

private let departments: Set<String> = [
    "city-management", "municipal", "sanitation", "landscaping", "law-enforcement", "drainage", "traffic-police",
    "emergency", "housing", "forestry", CategoryCatalogue.owningStreet,
]

/// CJK ideographs and full-width punctuation, which have no place in English text.
private func hasCJK(_ text: String) -> Bool {
    text.unicodeScalars.contains {
        (0x3000...0x303F).contains($0.value) || (0x3400...0x9FFF).contains($0.value)
            || (0xF900...0xFAFF).contains($0.value) || (0xFF00...0xFFEF).contains($0.value)
    }
}

private func named(_ zh: String) throws -> Category {
    try #require(catalogue.first { $0.name.zh == zh }, "no category named \(zh)")
}

@Suite struct CategoryCatalogueTests {
    @Test func catalogue_hasAtLeast36Categories() {
        #expect(catalogue.count >= 36)
    }

    @Test func everyWrittenEntry_isKept() {
        #expect(CategoryCatalogue.entries.allSatisfy { $0 != nil })
        #expect(catalogue.count == CategoryCatalogue.entries.count)
    }

    @Test func codes_areValidUniqueAndInOrder() {
        let codes = catalogue.map(\.code)
        #expect(codes.allSatisfy { CategoryCode(rawValue: $0.rawValue) == $0 })
        #expect(Set(codes).count == codes.count)
        #expect(codes == codes.sorted())
    }

    @Test func bothKinds_arePresent() {
        #expect(Set(catalogue.map(\.kind)) == Set(CategoryKind.allCases))
    }

    @Test func majorClass_hasOneNameAcrossItsCategories() {
        let byMajor = Dictionary(grouping: catalogue) { "\($0.kind.rawValue)-\($0.code.major)" }
        for (major, members) in byMajor {
            #expect(Set(members.map(\.majorName)).count == 1, "major class \(major) has several names")
        }
        #expect(byMajor.count >= 10)
    }

    @Test func sidewalkVending_isFastAndRoutine() throws {
        let vending = try named("占道经营")
        #expect(vending.code.rawValue == "E0501")
        #expect(!vending.emergency)
        #expect(vending.defaultDepartment == CategoryCatalogue.owningStreet)
        switch vending.limits[.handle] {
        case .workingHours(let hours)?: #expect(hours <= 1)
        case .minutes(let minutes)?: #expect(minutes <= 60)
        default: Issue.record("handle limit \(String(describing: vending.limits[.handle])) exceeds 1 working hour")
        }
    }

    @Test func illegalConstruction_hasFifteenWorkingDaysToHandle() throws {
        let construction = try named("违法搭建")
        #expect(construction.limits[.handle] == .workingDays(15))
        #expect(construction.duplicateWindowHours == 72)
    }

    @Test(arguments: ["道路塌陷", "道路积水"])
    func collapseAndWaterlogging_areEmergenciesDispatchedInMinutes(zh: String) throws {
        let category = try named(zh)
        #expect(category.emergency)
        #expect(category.duplicateRadiusMetres == 100)
        guard case .minutes(let minutes)? = category.limits[.dispatch] else {
            Issue.record("\(zh) is not dispatched in minutes")
            return
        }
        #expect(minutes <= 30)
    }

    @Test func manholeCovers_areEmergencyComponents() {
        let covers = catalogue.filter { $0.name.zh.hasSuffix("井盖") }
        #expect(covers.count >= 4)
        #expect(covers.allSatisfy { $0.kind == .component && $0.emergency && $0.duplicateRadiusMetres == 20 })
    }

    @Test func everyCategory_isWordedInBothLanguages() {
        for category in catalogue {
            let texts = [category.name, category.majorName, category.filingConditions, category.closingConditions]
            #expect(texts.allSatisfy { !$0.zh.isEmpty && !$0.en.isEmpty }, "\(category.code) has an empty text")
            #expect(!texts.contains { hasCJK($0.en) }, "\(category.code) has Chinese in its English text")
            #expect(texts.allSatisfy { hasCJK($0.zh) }, "\(category.code) has no Chinese in its Chinese text")
        }
    }

    @Test func defaultDepartments_areKnown() {
        for category in catalogue {
            #expect(departments.contains(category.defaultDepartment), "\(category.code): \(category.defaultDepartment)")
        }
    }

    @Test func everyCategory_hasAPositiveLimitForEveryStage() {
        for category in catalogue {
            #expect(Set(category.limits.keys) == Set(CaseStage.allCases), "\(category.code) lacks a stage limit")
            for limit in category.limits.values {
                switch limit {
                case .workingHours(let n), .workingDays(let n), .minutes(let n): #expect(n > 0, "\(category.code)")
                }
            }
        }
    }

    @Test func emergencies_respondInMinutes_othersInWorkingTime() {
        for category in catalogue {
            let accept = category.limits[.accept]
            #expect(category.emergency ? accept == .minutes(10) : accept == .workingHours(1), "\(category.code)")
        }
    }

    @Test func thresholds_areWithinRange() {
        for category in catalogue {
            #expect(category.duplicateRadiusMetres > 0 && category.duplicateWindowHours > 0, "\(category.code)")
            #expect((0.5...1).contains(category.cameraConfidenceThreshold), "\(category.code)")
        }
    }
}
