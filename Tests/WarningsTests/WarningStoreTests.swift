import Foundation
import HubKit
import HubTestSupport
import Testing
@testable import Warnings

/// The workflow through the store on both engines: state, journal and issued XML in one transaction each.
@Suite struct WarningStoreTests {
    static func desk(_ engine: DatabaseEngine, clock: TestClock) async throws -> WarningDesk {
        let database = try await TestDatabases.open(engine, migrations: [Journal.migration] + WarningDesk.migrations)
        return WarningDesk(database: database, settings: Fixtures.settings, clock: clock.clock)
    }

    @Test(arguments: TestDatabases.engines)
    func alertUpdateCancel_chainReferencesAndJournal(engine: DatabaseEngine) async throws {
        let clock = TestClock(Fixtures.july8)
        let desk = try await Self.desk(engine, clock: clock)
        var record = try await desk.compose(Fixtures.rainstorm(), by: Fixtures.composer)
        record = try await desk.approve(record.id, version: record.version, by: Fixtures.approver)
        record = try await desk.issue(record.id, version: record.version, by: Fixtures.approver)
        #expect(record.messages.map(\.identifier) == ["50010300000000_20260708103000_0"])

        clock.advance(by: 3600)
        var update = Fixtures.rainstorm(at: clock.now)
        update.colour = .orange
        update.zh.headline = "暴雨预警降为橙色"
        record = try await desk.revise(record.id, version: record.version, content: update, by: Fixtures.composer)
        #expect(record.state == .draft)
        #expect(record.isLive(at: clock.now), "the issued alert stays public while its update waits")
        record = try await desk.approve(record.id, version: record.version, by: Fixtures.approver)
        record = try await desk.issue(record.id, version: record.version, by: Fixtures.approver)
        #expect(record.messages.map(\.msgType) == [.alert, .update])
        #expect(record.messages[1].references == [record.messages[0].reference])

        clock.advance(by: 1800)
        record = try await desk.cancel(record.id, version: record.version, reason: "雨势减弱，解除预警", by: Fixtures.approver)
        #expect(record.state == .cancelled)
        #expect(record.messages[2].msgType == .cancel)
        #expect(record.messages[2].references == record.messages[..<2].map(\.reference))
        #expect(!record.isLive(at: clock.now))

        let xml = try #require(try await desk.store.messageXML(record.messages[2].identifier))
        let tree = try XMLTree.parse(xml)
        #expect(tree.first("references")?.text == record.messages[..<2].map(\.reference).joined(separator: " "))
        #expect(tree.first("note")?.text == "雨势减弱，解除预警")
        let events = try await desk.store.database.read { sql in try await Journal.events(subject: "warning:\(record.id)", on: sql) }
        #expect(events.map(\.kind) == ["warning.composed", "warning.approved", "warning.issued", "warning.revised",
                                       "warning.approved", "warning.issued", "warning.cancelled"])
        #expect(events.map(\.actor) == [Fixtures.composer.actor, Fixtures.approver.actor, Fixtures.approver.actor,
                                        Fixtures.composer.actor, Fixtures.approver.actor, Fixtures.approver.actor,
                                        Fixtures.approver.actor])
        #expect(try await desk.store.live(at: clock.now).isEmpty)
        await desk.store.database.close()
    }

    @Test(arguments: TestDatabases.engines)
    func staleVersion_isRefused_andChangesNothing(engine: DatabaseEngine) async throws {
        let clock = TestClock(Fixtures.july8)
        let desk = try await Self.desk(engine, clock: clock)
        let record = try await desk.compose(Fixtures.rainstorm(), by: Fixtures.composer)
        _ = try await desk.edit(record.id, version: 1, content: Fixtures.rainstorm(), by: Fixtures.composer)
        await #expect(throws: InputProblem.staleVersion(expected: 1, actual: 2)) {
            try await desk.approve(record.id, version: 1, by: Fixtures.approver)
        }
        let stored = try await desk.store.record(record.id)
        #expect(stored?.state == .draft)
        #expect(stored?.version == 2)
        await desk.store.database.close()
    }

    @Test(arguments: TestDatabases.engines)
    func identifiers_numberMessagesWithinOneSecond_andGiveBackRefusedNumbers(engine: DatabaseEngine) async throws {
        let clock = TestClock(Fixtures.july8)
        let desk = try await Self.desk(engine, clock: clock)
        var identifiers: [String] = []
        for attempt in 0..<3 {
            var record = try await desk.compose(Fixtures.rainstorm(), by: Fixtures.composer)
            if attempt == 1 {
                // Refused after its sequence number was taken: the number goes back with the rollback.
                await #expect(throws: WarningProblem.wrongState(action: "issue", state: .draft)) {
                    try await desk.issue(record.id, version: record.version, by: Fixtures.approver)
                }
            }
            record = try await desk.approve(record.id, version: record.version, by: Fixtures.approver)
            record = try await desk.issue(record.id, version: record.version, by: Fixtures.approver)
            identifiers += record.messages.map(\.identifier)
        }
        #expect(identifiers == ["50010300000000_20260708103000_0", "50010300000000_20260708103000_1",
                                "50010300000000_20260708103000_2"])
        await desk.store.database.close()
    }

    /// The sequence is one digit (GB/T 35965.1): an eleventh message in the same second waits for the next.
    @Test(arguments: TestDatabases.engines)
    func eleventhMessageInOneSecond_isRefused_thenTheNextSecondStartsAtZero(engine: DatabaseEngine) async throws {
        let clock = TestClock(Fixtures.july8)
        let desk = try await Self.desk(engine, clock: clock)
        var approved: [WarningRecord] = []
        for _ in 0...10 {
            let record = try await desk.compose(Fixtures.rainstorm(), by: Fixtures.composer)
            approved.append(try await desk.approve(record.id, version: record.version, by: Fixtures.approver))
        }
        for record in approved.prefix(10) {
            _ = try await desk.issue(record.id, version: record.version, by: Fixtures.approver)
        }
        let last = try #require(approved.last)
        await #expect(throws: WarningProblem.identifierSequenceExhausted) {
            try await desk.issue(last.id, version: last.version, by: Fixtures.approver)
        }
        clock.advance(by: 1)
        let issued = try await desk.issue(last.id, version: last.version, by: Fixtures.approver)
        #expect(issued.messages.map(\.identifier) == ["50010300000000_20260708103001_0"])
        await desk.store.database.close()
    }

    @Test(arguments: TestDatabases.engines)
    func feed_dropsExpiredAndCancelled(engine: DatabaseEngine) async throws {
        let clock = TestClock(Fixtures.july8)
        let desk = try await Self.desk(engine, clock: clock)
        var short = Fixtures.rainstorm()
        short.expires = Fixtures.july8.addingTimeInterval(600)
        short.onset = nil
        var ids: [WarningDraftID] = []
        for content in [Fixtures.rainstorm(), short] {
            var record = try await desk.compose(content, by: Fixtures.composer)
            record = try await desk.approve(record.id, version: record.version, by: Fixtures.approver)
            record = try await desk.issue(record.id, version: record.version, by: Fixtures.approver)
            ids.append(record.id)
        }
        #expect(Set(try await desk.store.live(at: clock.now).map(\.id)) == Set(ids))
        clock.advance(by: 600)
        #expect(try await desk.store.live(at: clock.now).map(\.id) == [ids[0]])
        let stored = try #require(try await desk.store.record(ids[0]))
        _ = try await desk.cancel(ids[0], version: stored.version, reason: "", by: Fixtures.approver)
        #expect(try await desk.store.live(at: clock.now).isEmpty)
        #expect(try await desk.store.list(states: [.cancelled], liveAt: nil, limit: 10).map(\.id) == [ids[0]])
        await desk.store.database.close()
    }

    /// Another slice drafts through HubKit's protocol only; the draft then needs a person's approval.
    @Test(arguments: TestDatabases.engines)
    func drafting_throughTheProtocol(engine: DatabaseEngine) async throws {
        let clock = TestClock(Fixtures.july8)
        let desk = try await Self.desk(engine, clock: clock)
        let drafting: any WarningDrafting = desk
        let id = try await drafting.draft(WarningDraftInput(content: Fixtures.rainstorm(), composer: "system:telemetry",
                                                            department: DepartmentID(rawValue: "command-centre"), origin: "alarm:42"))
        let record = try #require(try await desk.store.record(id))
        #expect(record.state == .draft)
        #expect(record.origin == "alarm:42")
        #expect(record.authors == ["system:telemetry"])
        var bad = Fixtures.rainstorm()
        bad.zh.headline = ""
        await #expect(throws: WarningProblem.self) {
            try await drafting.draft(WarningDraftInput(content: bad, composer: "system:telemetry"))
        }
        let approved = try await desk.approve(id, version: record.version, by: Fixtures.approver)
        #expect(approved.state == .approved)
        let events = try await desk.store.database.read { sql in try await Journal.events(subject: "warning:\(id)", on: sql) }
        #expect(events.first?.actor == "system:telemetry")
        #expect(events.first?.payload.contains("alarm:42") == true)
        await desk.store.database.close()
    }
}
