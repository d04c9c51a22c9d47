import Foundation
import HubKit
import Testing
@testable import Cases

@Suite struct IndicatorTests {
    typealias F = CaseFixtures

    /// A filed case with a handling deadline relative to `now`, closed or not, on time or not.
    func record(_ n: Int, dueIn hours: Double, closed: Bool, late: Bool = false, now: Date) -> CaseRecord {
        var c = F.reported(at: now.addingTimeInterval(-48 * 3600), id: String(format: "20261125-%06d", n))
        c.filedAt = c.reportedAt
        c.dispatchedAt = c.reportedAt
        c.dispatchCount = 1
        c.department = F.streetCentre
        c.handleDueAt = now.addingTimeInterval(hours * 3600)
        c.dueAt = c.handleDueAt
        if closed {
            c.state = .closed
            c.fixReportedAt = now.addingTimeInterval(-3600)
            c.verifiedAt = now.addingTimeInterval(-1800)
            c.closedAt = now.addingTimeInterval(-900)
            c.everOverdue = late
        } else {
            c.state = .handling
        }
        return c
    }

    @Test func tenCasesDue_sevenOnTime_oneLate_twoOverdue_threeNotYetDue_giveTheStandardRates() {
        let now = F.tenOClock
        var cases: [CaseRecord] = []
        for n in 1...7 { cases.append(record(n, dueIn: -1, closed: true, now: now)) }
        cases.append(record(8, dueIn: -1, closed: true, late: true, now: now))
        for n in 9...10 { cases.append(record(n, dueIn: -2, closed: false, now: now)) }
        for n in 11...13 { cases.append(record(n, dueIn: 5, closed: false, now: now)) }
        let v = Indicators.compute(cases, asOf: now)
        #expect(v.dueToClose == 10)
        #expect(v.closed == 8)
        #expect(v.closureRate == 0.8)
        #expect(v.onTimeClosureRate == 0.7)
        #expect(v.overdueOpen == 2)
        #expect(v.filed == 13)
    }

    @Test func rejectedAndMergedReports_doNotCount() {
        var rejected = F.reported()
        rejected.state = .rejected
        rejected.filedAt = F.tenOClock
        #expect(Indicators.compute([rejected], asOf: F.tenOClock).filed == 0)
    }

    @Test func percentiles_andGrouping() {
        #expect(Indicators.percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.5) == 5.5)
        #expect(Indicators.percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9) == 9.1)
        let histogram = [(value: 3.0, count: 2), (value: 1.0, count: 1), (value: 10.0, count: 1)]
        #expect(Indicators.percentile(histogram: histogram, 0.5) == Indicators.percentile([1, 3, 3, 10], 0.5))
        #expect(Indicators.percentile(histogram: histogram, 0.9) == Indicators.percentile([1, 3, 3, 10], 0.9))
        let now = F.tenOClock
        let groups = Indicators.grouped([record(1, dueIn: -1, closed: true, now: now)], by: .month, asOf: now)
        #expect(groups.keys.sorted() == ["2026-11"])
        #expect(Indicators.periodLabel(now, .week) == "2026-W48")
        let csv = IndicatorCSV.render(groups, grouping: .month)
        #expect(csv.hasPrefix("month,filed,due_to_close"))
        #expect(csv.contains("2026-11,1,1,1,1,1.0000,1.0000"))
    }
}

@Suite struct DuplicateTests {
    typealias F = CaseFixtures

    func category(_ code: CategoryCode?) throws -> Category {
        try #require(CategoryCatalogue.standard.first { $0.code == code })
    }

    func open(_ offsetMetres: Double, hoursEarlier: Double, category: CategoryCode?) -> CaseRecord {
        var c = F.reported(at: F.tenOClock.addingTimeInterval(-hoursEarlier * 3600), category: category, id: "20261124-000009")
        c.location = GeoPoint(lon: F.place.lon, lat: F.place.lat + offsetMetres / 111_195)
        return c
    }

    @Test func aReportOfTheSameCategoryWithin50mAnd24h_isFlagged_butNotAt51mOr25hOrAnotherCategory() throws {
        let vending = try category(F.vending)
        #expect(vending.duplicateRadiusMetres == 50)
        func flagged(_ other: CaseRecord) -> [DuplicateCandidate] {
            DuplicateFinder.candidates(for: F.place, category: vending, at: F.tenOClock, among: [NearbyCase(other)])
        }
        let hit = flagged(open(49.5, hoursEarlier: 23.9, category: F.vending))
        #expect(hit.count == 1)
        #expect(hit.first.map { abs($0.distanceMetres - 49.5) < 0.5 } == true)
        #expect(flagged(open(51, hoursEarlier: 1, category: F.vending)).isEmpty)
        #expect(flagged(open(10, hoursEarlier: 25, category: F.vending)).isEmpty)
        #expect(flagged(open(10, hoursEarlier: 1, category: F.garbage)).isEmpty)
        var closed = open(10, hoursEarlier: 1, category: F.vending)
        closed.state = .closed
        #expect(flagged(closed).isEmpty)
    }

    @Test func searchBox_holdsEveryPointWithinTheRadius() {
        let box = DuplicateFinder.searchBox(around: F.place, metres: 50)
        for bearing in stride(from: 0.0, to: 360, by: 15) {
            let r = bearing * .pi / 180
            let p = GeoPoint(lon: F.place.lon + 50 * sin(r) / (111_195 * cos(F.place.lat * .pi / 180)),
                             lat: F.place.lat + 50 * cos(r) / 111_195)
            #expect(box.contains(p))
        }
    }
}

@Suite struct IntakeTests {
    @Test func filingWithoutCategoryLocationOrPhoto_listsEveryMissingFieldInOne400() {
        do {
            _ = try Intake.check(ReportInput(description: "something"), categoryExists: { _ in true })
            Issue.record("accepted")
        } catch {
            #expect(error == .missingFields(["category", "location", "photos"]))
            #expect(error.status == 400)
        }
    }

    @Test func aLowConfidenceCameraEvent_neverBecomesACaseByItself() throws {
        let vending = try #require(CategoryCatalogue.standard.first { $0.code == CaseFixtures.vending })
        #expect(Intake.decide(confidence: vending.cameraConfidenceThreshold - 0.01, category: vending, at: CaseFixtures.tenOClock,
                              lastFold: nil) == .queue)
        #expect(Intake.decide(confidence: vending.cameraConfidenceThreshold, category: vending, at: CaseFixtures.tenOClock,
                              lastFold: nil) == .file)
        let id = try #require(CaseID(rawValue: "20261125-000003"))
        let recent = (caseID: id, at: CaseFixtures.tenOClock.addingTimeInterval(-300), open: true)
        #expect(Intake.decide(confidence: 0.99, category: vending, at: CaseFixtures.tenOClock, lastFold: recent) == .fold(id))
        let stale = (caseID: id, at: CaseFixtures.tenOClock.addingTimeInterval(-3600), open: true)
        #expect(Intake.decide(confidence: 0.5, category: vending, at: CaseFixtures.tenOClock, lastFold: stale) == .queue)
    }
}
