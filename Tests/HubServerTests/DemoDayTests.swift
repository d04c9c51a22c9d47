import Cases
import Foundation
import HubKit
@testable import HubServer
import HubTestSupport
import Testing

/// Loading the demo plays one working day of cases whose indicators look like a real centre's day.
@Suite struct DemoDayTests {
    @Test func demoDay_playsAWorkingDay_withMeaningfulIndicators_once() async throws {
        let hub = try await TestHub.start(.sqlite)
        let seeder = DemoSeeder(services: hub.services)
        let started = Date()
        #expect(try await seeder.load(logger: TestDatabases.logger))
        let seconds = Date().timeIntervalSince(started)

        let desk = hub.services.cases
        let opening = DemoDay.opening(before: hub.clock.now, calendar: desk.calendar)
        let closing = opening.addingTimeInterval(10 * 3600)
        #expect(desk.calendar.isWorkingDay(desk.calendar.localDay(of: opening)))
        #expect(closing < hub.clock.now)

        let stored = try await hub.services.database.read { sql in try await HubMeta.value(DemoDay.playedKey, on: sql) }
        let summary = try JSONDecoder().decode(DemoDaySummary.self, from: Data((stored ?? "").utf8))
        #expect(summary.skipped == 0)
        #expect((150...260).contains(summary.reports))

        let cases = try await desk.store.filed(from: opening, to: closing, department: nil)
        let values = Indicators.compute(cases, asOf: closing)
        print("demo day \(summary.day): \(summary.reports) reports, \(summary.cases) cases, load \(String(format: "%.2f", seconds)) s;",
              "filed \(values.filed), closed \(values.closed), dueToClose \(values.dueToClose), overdueOpen \(values.overdueOpen),",
              "closureRate \(values.closureRate ?? -1), onTime \(values.onTimeClosureRate ?? -1),",
              "dispatchAccuracy \(values.dispatchAccuracy ?? -1), rework \(values.reworkRate ?? -1),",
              "within30 \(values.shareClosedWithin30Minutes ?? -1), stages \(values.stageMinutes.mapValues { Int($0.median) })")
        #expect(values.filed >= 100)
        let closure = try #require(values.closureRate)
        #expect(closure > 0.5 && closure < 1)
        let onTime = try #require(values.onTimeClosureRate)
        #expect(onTime > 0 && onTime <= closure)
        #expect(try #require(values.dispatchAccuracy) < 1)
        #expect(try #require(values.reworkRate) > 0)
        #expect(values.overdueOpen > 0)
        #expect(try #require(values.shareClosedWithin30Minutes) > 0)

        var review = CaseFilter()
        (review.awaitingReview, review.states) = (true, [.reported])
        #expect(try await desk.store.list(review, limit: 50).cases.isEmpty == false)
        for state in [CaseState.rejected, .merged] {
            var filter = CaseFilter()
            filter.states = [state]
            #expect(try await desk.store.list(filter, limit: 50).cases.isEmpty == false, "no \(state) case")
        }
        var extended = CaseFilter()
        extended.states = [.dispatched, .handling]
        #expect(try await desk.store.list(extended, limit: 500).cases.contains { $0.extensionCount == 1 })

        let exampleID = try #require(summary.example.flatMap(CaseID.init(rawValue:)))
        let example = try #require(try await desk.store.record(exampleID))
        #expect(example.state == .closed && example.category?.rawValue == "E0501" && example.address == DemoDay.exampleAddress)
        #expect(example.department?.rawValue.hasPrefix("street-") == true)
        let closedAt = try #require(example.closedAt)
        #expect(closedAt.timeIntervalSince(example.reportedAt) < 30 * 60)
        #expect(desk.calendar.localDay(of: example.reportedAt) == desk.calendar.localDay(of: opening))
        #expect(try await desk.store.photos(of: exampleID).contains { $0.purpose == .fix })

        let head = try await hub.journalHead()
        #expect(try await seeder.load(logger: TestDatabases.logger) == false)
        #expect(try await DemoDay(services: hub.services).play(logger: TestDatabases.logger) == nil)
        #expect(try await hub.journalHead() == head)
        await hub.services.stop()
    }

    @Test func demoDayPlan_isDeterministic() {
        let context = WorkflowContext(category: { code in CategoryCatalogue.standard.first { $0.code == code } },
                                      responsible: { _, _ in nil }, calendar: .chinaDefault)
        let spots = (0..<50).map { GeoPoint(lon: 106.5 + Double($0) * 0.001, lat: 29.55) }
        func make() -> DemoDayPlan {
            DemoDayPlan.make(opening: Date(timeIntervalSince1970: 1_790_000_000), seed: DemoDay.seed, spots: spots,
                             cameras: [(id: "camera-0001", position: spots[0])], examplePlace: spots[1], inspectors: 6,
                             context: context, locate: { _ in nil })
        }
        let a = make(), b = make()
        #expect(a.steps.map(\.at) == b.steps.map(\.at))
        #expect(a.reports.map(\.location) == b.reports.map(\.location))
        #expect(zip(a.steps, a.steps.dropFirst()).allSatisfy { $0.at <= $1.at })
    }
}
