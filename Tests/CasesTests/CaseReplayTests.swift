import Foundation
import HubKit
import HubTestSupport
import Testing
@testable import Cases

/// `ledger audit` replays every case's events against its stored row; these tests hold the replay to the workflow
/// and show that an edited, missing or unexplained row is named.
@Suite struct CaseReplayTests {
    typealias F = CaseFixtures

    /// Every kind of transition, folded from its event as committed, gives exactly the record's facts.
    @Test func replayingEveryTransition_givesTheRecordsFacts() throws {
        // Dispatched again at +10 h, fixed at +18 h and +22 h: the after-photo is from +17 h.
        let fixed = F.photo(at: F.tenOClock.addingTimeInterval(17 * 3600), F.place)
        let loop: [(CaseAction, Principal)] = [
            (.accept, F.dispatcher), (.file(category: F.vending!), F.dispatcher),
            (.dispatch(department: F.streetCentre!, overrideReason: nil), F.dispatcher),
            (.returnToCentre(reason: "不属本街道 not ours"), F.streetOperator),
            (.dispatch(department: F.streetCentre!, overrideReason: nil), F.dispatcher), (.startHandling, F.streetOperator),
            (.requestExtension(until: F.tenOClock.addingTimeInterval(7 * 86_400), reason: "等待材料 waiting"), F.streetOperator),
            (.decideExtension(approved: true, note: ""), F.dispatcher),
            (.reportFixed(photo: fixed, note: ""), F.streetOperator), (.verify(passed: false, note: "未整改"), F.inspector),
            (.reportFixed(photo: fixed, note: ""), F.streetOperator), (.verify(passed: true, note: ""), F.inspector),
            (.close(note: ""), F.dispatcher), (.reopen(reason: "又出现 back again"), F.dispatcher),
            (.recategorise(category: F.garbage!, reason: "实为垃圾 garbage"), F.dispatcher),
            (.shelve(reason: "待预算 budget"), F.dispatcher), (.unshelve, F.dispatcher),
        ]
        try expectReplayMatches(loop)
        try expectReplayMatches([(.merge(into: try #require(CaseID(rawValue: "20261125-000009"))), F.dispatcher)])
        try expectReplayMatches([(.reject(reason: "不是问题 not a problem"), F.dispatcher)])
    }

    private func expectReplayMatches(_ actions: [(CaseAction, Principal)]) throws {
        var record = F.reported()
        var replay = ReplayedCase()
        replay.apply(kind: "case.reported", payload: ["category": record.category?.rawValue ?? "", "grid": record.grid?.rawValue ?? "",
                                                      "lon": String(record.location.lon), "lat": String(record.location.lat)], seq: 1)
        #expect(replay.differences(from: ReplayedCase.facts(of: record)).isEmpty)
        for (offset, (action, actor)) in actions.enumerated() {
            let step = try Workflow.apply(action, to: record, by: actor, at: F.tenOClock.addingTimeInterval(Double(offset + 1) * 7200),
                                          context: F.context)
            record = step.record
            replay.apply(kind: step.eventKind, payload: step.eventPayload, seq: Int64(offset + 2))
            let differences = replay.differences(from: ReplayedCase.facts(of: record))
            #expect(differences.isEmpty, "after \(step.eventKind): \(differences)")
        }
        // Events that change nothing leave the replay as it is.
        let before = replay.facts
        replay.apply(kind: "case.access_denied", payload: ["action": "close", "reason": "NOT_YOUR_DEPARTMENT"], seq: 99)
        replay.apply(kind: "case.camera_event_folded", payload: ["camera": "cam-1", "confidence": "0.9"], seq: 100)
        #expect(replay.facts == before)
    }

    @Test(arguments: TestDatabases.engines)
    func editingOneCaseRow_isNamed_withWhatAndWhere(engine: DatabaseEngine) async throws {
        let clock = TestClock(F.tenOClock)
        try await CaseStoreTests.withDesk(engine, clock: clock) { desk in
            let audit = CaseReplayAudit(store: desk.store, pageSize: 2)
            var ids: [CaseID] = []
            for n in 0..<5 {
                try await CaseStoreTests.registerPhoto(desk, sha: CaseStoreTests.sha, takenAt: clock.now, at: F.place)
                let stored = try await desk.intake.report(ReportInput(category: "E0501", location: F.place, description: "占道经营 \(n)",
                                                                      photos: [PhotoReference(sha256: CaseStoreTests.sha)]),
                                                          source: .inspector, by: F.inspector)
                ids.append(stored.record.id)
            }
            var record = try await desk.transactions.apply(.accept, to: ids[1], version: 1, by: F.dispatcher, context: desk.context)
            record = try await desk.transactions.apply(.file(category: F.vending!), to: record.id, version: record.version,
                                                       by: F.dispatcher, context: desk.context)
            record = try await desk.transactions.apply(.dispatch(department: F.streetCentre!, overrideReason: nil), to: record.id,
                                                       version: record.version, by: F.dispatcher, context: desk.context)
            _ = try await desk.transactions.apply(.merge(into: ids[0]), to: ids[2], version: 1, by: F.dispatcher, context: desk.context)
            let clean = try await audit.run()
            #expect(clean.checked == 5 && clean.divergences.isEmpty, "\(clean.divergences)")

            // The state column of a dispatched case set to closed.
            try await desk.store.database.write { tx in
                try await tx.sql.raw("UPDATE cases SET state = 'closed' WHERE id = \(bind: ids[1].rawValue)").run()
            }
            let edited = try await audit.run()
            #expect(edited.divergences.map(\.description) == [
                "case:\(ids[1]) state: stored closed, events give dispatched (last event journal seq \(edited.divergences.first?.lastSeq ?? 0))",
            ])
            #expect((edited.divergences.first?.lastSeq ?? 0) > 0)
            try await desk.store.database.write { tx in
                try await tx.sql.raw("UPDATE cases SET state = 'dispatched' WHERE id = \(bind: ids[1].rawValue)").run()
            }

            // The record kept as JSON given to another department.
            try await desk.store.database.write { tx in
                try await tx.sql.raw("""
                    UPDATE cases SET body = replace(body, '"department":"street-001"', '"department":"sanitation"') WHERE id = \(bind: ids[1].rawValue)
                    """).run()
            }
            #expect(try await audit.run().divergences.map { "\($0.subject) \($0.field) \($0.stored) \($0.replayed)" }
                    == ["case:\(ids[1]) body.department sanitation street-001"])
            try await desk.store.database.write { tx in
                try await tx.sql.raw("""
                    UPDATE cases SET body = replace(body, '"department":"sanitation"', '"department":"street-001"') WHERE id = \(bind: ids[1].rawValue)
                    """).run()
            }
            #expect(try await audit.run().divergences.isEmpty)

            // The merge target of the merged case changed in its record.
            try await desk.store.database.write { tx in
                try await tx.sql.raw("UPDATE cases SET body = replace(body, \(bind: "\"mergedInto\":\"\(ids[0])\""), \(bind: "\"mergedInto\":\"\(ids[3])\"")) WHERE id = \(bind: ids[2].rawValue)").run()
            }
            #expect(try await audit.run().divergences.map(\.field) == ["body.mergedInto"])

            try await desk.store.database.write { tx in
                try await tx.sql.raw("UPDATE cases SET body = replace(body, \(bind: "\"mergedInto\":\"\(ids[3])\""), \(bind: "\"mergedInto\":\"\(ids[0])\"")) WHERE id = \(bind: ids[2].rawValue)").run()
            }

            // The last case's row deleted (its events remain), and a row that no event explains.
            let unexplained = F.reported(id: "20261125-000099")
            try await desk.store.database.write { tx in
                for table in ["case_reporters", "case_photos"] {
                    try await tx.sql.raw("DELETE FROM \(unsafeRaw: table) WHERE case_id = \(bind: ids[4].rawValue)").run()
                }
                try await tx.sql.raw("DELETE FROM cases WHERE id = \(bind: ids[4].rawValue)").run()
                try await desk.store.insert(unexplained, body: nil, in: tx)
            }
            let rows = try await audit.run()
            #expect(rows.divergences.map { "\($0.subject) \($0.field) \($0.stored) \($0.replayed)" }
                    == ["case:\(ids[4]) row missing reported", "case:\(unexplained.id) row present no events"])
        }
    }
}
