import Foundation
import HubKit
import HubTestSupport
import Testing
@testable import Cases

/// One 100 m-ish square grid in street 500103001, and everything else outside.
struct OneGridLocator: GridLocating {
    func grid(containing point: GeoPoint) -> GridCode? {
        (106.57...106.571).contains(point.lon) && (29.56...29.561).contains(point.lat) ? CaseFixtures.grid : nil
    }
    func nearestStreetName(to point: GeoPoint) -> String? { "解放碑街道 Jiefangbei" }
}

/// The case loop against real databases: every test runs on SQLite and PostgreSQL.
@Suite struct CaseStoreTests {
    typealias F = CaseFixtures

    static func desk(_ engine: DatabaseEngine, clock: TestClock, database existing: HubDatabase? = nil) async throws -> CaseDesk {
        let database: HubDatabase
        if let existing {
            database = existing
        } else {
            database = try await TestDatabases.open(engine, migrations: [Journal.migration] + CaseMigrations.all)
        }
        return try await CaseDesk.start(database: database, dataDirectory: NSTemporaryDirectory() + "cityhub-cases-\(UUID())",
                                        locator: OneGridLocator(), clock: clock.clock,
                                        departmentExists: { _ in true }, cameraLocation: { _ in F.place })
    }

    /// Runs `body` with a fresh desk and always closes its database (an unclosed SQLite connection traps).
    static func withDesk(_ engine: DatabaseEngine, clock: TestClock, _ body: (CaseDesk) async throws -> Void) async throws {
        let desk = try await desk(engine, clock: clock)
        do {
            try await body(desk)
        } catch {
            await desk.store.database.close()
            throw error
        }
        await desk.store.database.close()
    }

    /// Uploads nothing: registers a photo row directly, as the upload route would after inspecting it.
    static func registerPhoto(_ desk: CaseDesk, sha: String, takenAt: Date?, at location: GeoPoint?) async throws {
        try await desk.store.database.write { tx in
            try await tx.sql.raw("""
                INSERT INTO photos (sha256, media_type, bytes, width, height, taken_at_ms, lon, lat, direction, uploaded_at_ms, uploaded_by)
                VALUES (\(bind: sha), 'image/jpeg', 10, NULL, NULL, \(bind: takenAt?.milliseconds), \(bind: location?.lon),
                        \(bind: location?.lat), NULL, 0, 'test')
                ON CONFLICT (sha256) DO NOTHING
                """).run()
        }
    }

    static let sha = String(repeating: "b", count: 64)

    func reportVending(_ desk: CaseDesk, at place: GeoPoint = F.place) async throws -> CaseRecord {
        try await Self.registerPhoto(desk, sha: Self.sha, takenAt: desk.clock.now(), at: F.place)
        let stored = try await desk.intake.report(ReportInput(category: "E0501", location: place, description: "占道经营",
                                                              photos: [PhotoReference(sha256: Self.sha)]),
                                                  source: .inspector, by: F.inspector)
        // The body is encoded before the case has its number; with the number put in, it must be exactly the
        // canonical JSON of the numbered record, and what the store gives back.
        #expect(stored.json == (try CanonicalJSON.encode(stored.record)))
        #expect(try await desk.store.record(stored.record.id) == stored.record)
        return stored.record
    }

    @Test(arguments: TestDatabases.engines)
    func reportOutsideEveryGrid_isRefusedNamingTheNearestStreet_andStoresNothing(engine: DatabaseEngine) async throws {
        let clock = TestClock(F.tenOClock)
        try await Self.withDesk(engine, clock: clock) { desk in
        try await Self.registerPhoto(desk, sha: Self.sha, takenAt: nil, at: nil)
        let head = try await desk.store.database.read { try await Journal.head(on: $0) }
        await #expect(throws: CaseProblem.outOfGrid(nearestStreet: "解放碑街道 Jiefangbei")) {
            try await desk.intake.report(ReportInput(category: "E0501", location: GeoPoint(lon: 106.6, lat: 29.6),
                                                     photos: [PhotoReference(sha256: Self.sha)]), source: .inspector, by: F.inspector)
        }
        #expect(try await desk.store.database.read { try await Journal.head(on: $0) } == head)
        #expect(try await desk.store.list(CaseFilter(), limit: 10).cases.isEmpty)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func secondReportNearby_isFlaggedAsPossibleDuplicate(engine: DatabaseEngine) async throws {
        let clock = TestClock(F.tenOClock)
        try await Self.withDesk(engine, clock: clock) { desk in
        let first = try await reportVending(desk)
        clock.advance(by: 600)
        let second = try await reportVending(desk)
        #expect(first.duplicateCandidates.isEmpty)
        #expect(second.duplicateCandidates.map(\.caseID) == [first.id])
        #expect(second.id.rawValue == "20261125-000002")
        }
    }

    /// The store looks for duplicates by place cell (about 55 m squares); a neighbour across a cell corner, in
    /// another row and column of cells, is found all the same, and one beyond the radius is not.
    @Test(arguments: TestDatabases.engines)
    func reportsAcrossAPlaceCellCorner_areFlagged_andBeyondTheRadiusNot(engine: DatabaseEngine) async throws {
        let clock = TestClock(F.tenOClock)
        let corner = GeoPoint(lon: ((F.place.lon + 180) * GeoCell.perDegree).rounded(.down) / GeoCell.perDegree - 180,
                              lat: ((F.place.lat + 90) * GeoCell.perDegree).rounded(.down) / GeoCell.perDegree - 90)
        let southWest = GeoPoint(lon: corner.lon - 0.0001, lat: corner.lat - 0.0001)
        let northEast = GeoPoint(lon: corner.lon + 0.0001, lat: corner.lat + 0.0001)
        let farNorthEast = GeoPoint(lon: corner.lon + 0.0004, lat: corner.lat + 0.0004)
        #expect(GeoCell.code(of: southWest) != GeoCell.code(of: northEast))
        #expect(southWest.distance(to: northEast) < 50 && southWest.distance(to: farNorthEast) > 50)
        try await Self.withDesk(engine, clock: clock) { desk in
        let first = try await reportVending(desk, at: southWest)
        let near = try await reportVending(desk, at: northEast)
        let far = try await reportVending(desk, at: farNorthEast)
        #expect(near.duplicateCandidates.map(\.caseID) == [first.id])
        #expect(!far.duplicateCandidates.map(\.caseID).contains(first.id))
        }
    }

    @Test(arguments: TestDatabases.engines)
    func warningAndOverdueNotice_fireOnceEach_alsoAcrossARestart(engine: DatabaseEngine) async throws {
        let clock = TestClock(F.tenOClock)
        try await Self.withDesk(engine, clock: clock) { desk in
        let reported = try await reportVending(desk)
        var record = try await desk.transactions.apply(.accept, to: reported.id, version: reported.version, by: F.dispatcher, context: desk.context)
        record = try await desk.transactions.apply(.file(category: F.vending!), to: record.id, version: record.version, by: F.dispatcher, context: desk.context)
        record = try await desk.transactions.apply(.dispatch(department: F.streetCentre!, overrideReason: nil), to: record.id,
                                                   version: record.version, by: F.dispatcher, context: desk.context)
        let due = try #require(record.dueAt), warn = try #require(record.warnAt)
        #expect(try await desk.watcher.tick(at: warn.addingTimeInterval(-1)) == 0)
        #expect(try await desk.watcher.tick(at: warn) == 1)
        #expect(try await desk.watcher.tick(at: warn.addingTimeInterval(1)) == 0)

        // A restart: a new desk on the same database sees what was already sent.
        let restarted = try await Self.desk(engine, clock: clock, database: desk.store.database)
        #expect(try await restarted.watcher.tick(at: warn.addingTimeInterval(2)) == 0)
        #expect(try await restarted.watcher.tick(at: due) == 1)
        #expect(try await restarted.watcher.tick(at: due.addingTimeInterval(3600)) == 0)

        let events = try await desk.store.database.read { try await Journal.events(subject: "case:\(record.id)", on: $0) }
        #expect(events.filter { $0.kind == "case.deadline_warning" }.count == 1)
        #expect(events.filter { $0.kind == "case.overdue" }.count == 1)
        let overdue = try #require(try await desk.store.record(record.id))
        #expect(overdue.everOverdue)
        let notices = try await desk.store.notifications(for: ["department:street-001", DeadlineRules.centre], unreadOnly: true, limit: 50)
        #expect(Set(notices.map(\.kind)).isSuperset(of: ["case.deadline_warning", "case.overdue", "case.dispatched"]))
        let ids = notices.map(\.id)
        #expect(try await desk.store.markRead(ids, for: ["department:sanitation"], at: due) == 0)
        #expect(try await desk.store.markRead(ids, for: ["department:street-001", DeadlineRules.centre], at: due) == ids.count)
        #expect(try await desk.store.notifications(for: ["department:street-001", DeadlineRules.centre], unreadOnly: true, limit: 50).isEmpty)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func departmentActingOnAnotherDepartmentsCase_gets403AndAnAuditEvent(engine: DatabaseEngine) async throws {
        let clock = TestClock(F.tenOClock)
        try await Self.withDesk(engine, clock: clock) { desk in
        let reported = try await reportVending(desk)
        var record = try await desk.transactions.apply(.accept, to: reported.id, version: 1, by: F.dispatcher, context: desk.context)
        record = try await desk.transactions.apply(.file(category: F.vending!), to: record.id, version: record.version, by: F.dispatcher, context: desk.context)
        record = try await desk.transactions.apply(.dispatch(department: F.streetCentre!, overrideReason: nil), to: record.id,
                                                   version: record.version, by: F.dispatcher, context: desk.context)
        let version = record.version
        await #expect(throws: AccessProblem.notYourDepartment) {
            try await desk.transactions.apply(.startHandling, to: record.id, version: version, by: F.sanitationOperator, context: desk.context)
        }
        let events = try await desk.store.database.read { try await Journal.events(subject: "case:\(record.id)", on: $0) }
        let denial = try #require(events.last)
        #expect(denial.kind == "case.access_denied")
        #expect(denial.actor == F.sanitationOperator.actor)
        #expect(try await desk.store.record(record.id)?.version == version)
        await #expect(throws: InputProblem.staleVersion(expected: version - 1, actual: version)) {
            try await desk.transactions.apply(.startHandling, to: record.id, version: version - 1, by: F.streetOperator, context: desk.context)
        }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func lowConfidenceCameraEvents_waitForAPerson_andRepeatsFold(engine: DatabaseEngine) async throws {
        let clock = TestClock(F.tenOClock)
        try await Self.withDesk(engine, clock: clock) { desk in
        let low = CameraEventInput(camera: "cam-0001", category: "E0501", confidence: 0.5, at: nil, snapshot: nil, location: nil)
        let (queued, decision) = try await desk.intake.cameraEvent(low, cameraLocation: F.place, by: F.dispatcher, context: desk.context)
        #expect(decision == .queue)
        #expect(queued.state == .reported)
        #expect(queued.awaitingReview)
        clock.advance(by: 60)
        let (again, second) = try await desk.intake.cameraEvent(low, cameraLocation: F.place, by: F.dispatcher, context: desk.context)
        #expect(second == .fold(queued.id))
        #expect(again.id == queued.id)
        clock.advance(by: 3600 * 48)
        try await desk.watcher.tick(at: clock.now)
        #expect(try await desk.store.record(queued.id)?.state == .reported)

        let confident = CameraEventInput(camera: "cam-0002", category: "E0101", confidence: 0.95, at: nil, snapshot: nil, location: nil)
        let (filed, third) = try await desk.intake.cameraEvent(confident, cameraLocation: F.place, by: F.dispatcher, context: desk.context)
        #expect(third == .file)
        #expect(filed.state == .filed)
        #expect(filed.suggestedDepartment == F.sanitation)
        var review = CaseFilter()
        review.awaitingReview = true
        #expect(try await desk.store.list(review, limit: 10).cases.map(\.id) == [queued.id])
        }
    }
}

/// The database's indicators agree with the pure definition on the same cases.
@Suite struct IndicatorQueryTests {
    typealias F = CaseFixtures

    @Test(arguments: TestDatabases.engines)
    func sqlIndicators_matchThePureDefinition_forEveryGrouping(engine: DatabaseEngine) async throws {
        let clock = TestClock(F.tenOClock)
        try await CaseStoreTests.withDesk(engine, clock: clock) { desk in
            var random = SplitMix64(seed: 42)
            let now = F.tenOClock
            let states: [CaseState] = [.closed, .closed, .closed, .handling, .dispatched, .filed, .fixReported, .returned, .rejected]
            let departments = ["street-001", "sanitation", "municipal"].compactMap(DepartmentID.init(rawValue:))
            let grids = ["500103001001001", "500103002001001", "500103003002005"].compactMap(GridCode.init(rawValue:))
            let categories = [F.vending, F.garbage].compactMap { $0 }
            try await desk.store.database.write { tx in
                for n in 0..<120 {
                    let reported = now.addingTimeInterval(-random.nextUnit() * 10 * 86_400)
                    guard let id = CaseID(rawValue: String(format: "20261120-%06d", n + 1)) else { return }
                    var c = CaseRecord(id: id, source: .inspector, reporter: "user:test", reportedAt: reported, location: F.place,
                                       description: "x", category: categories[n % 2], grid: grids[n % 3])
                    c.state = states[random.next(below: states.count)]
                    if c.state != .rejected || n % 2 == 0 {
                        c.filedAt = reported.addingTimeInterval(random.nextUnit() * 900)
                        c.department = departments[random.next(below: departments.count)]
                        c.dispatchedAt = c.filedAt?.addingTimeInterval(random.nextUnit() * 1200)
                        c.dispatchCount = 1 + (n % 5 == 0 ? 1 : 0)
                        c.returnCount = n % 5 == 0 ? 1 : 0
                        c.handleDueAt = reported.addingTimeInterval(random.nextUnit() * 8 * 86_400)
                        c.dueAt = c.state == .closed ? nil : c.handleDueAt
                    }
                    if [.closed, .fixReported].contains(c.state) {
                        c.fixReportedAt = c.dispatchedAt?.addingTimeInterval(random.nextUnit() * 3000)
                    }
                    if c.state == .closed {
                        c.verifiedAt = c.fixReportedAt?.addingTimeInterval(random.nextUnit() * 600)
                        c.closedAt = c.verifiedAt?.addingTimeInterval(random.nextUnit() * 600)
                        c.everOverdue = n % 4 == 0
                        c.reworkCount = n % 7 == 0 ? 1 : 0
                    }
                    try await desk.store.insert(c, in: tx)
                }
            }
            let all = try await desk.store.filed(from: nil, to: nil, department: nil)
            #expect(all.count > 50)
            for grouping in IndicatorGrouping.allCases {
                let pure = Indicators.grouped(all, by: grouping, asOf: now)
                let sql = try await IndicatorQuery(database: desk.store.database).run(grouping: grouping, asOf: now)
                #expect(Set(pure.keys) == Set(sql.keys), "\(grouping)")
                for (key, expected) in pure {
                    guard var got = sql[key] else { continue }
                    var want = expected
                    for stage in Set(want.stageMinutes.keys).union(got.stageMinutes.keys) {
                        let a = want.stageMinutes[stage], b = got.stageMinutes[stage]
                        #expect(a?.count == b?.count, "\(grouping) \(key) \(stage)")
                        // Every span here is under 2 h, where the database's histogram is exact to the minute.
                        #expect(abs((a?.median ?? 0) - (b?.median ?? 0)) < 1, "\(grouping) \(key) \(stage) median")
                        #expect(abs((a?.p90 ?? 0) - (b?.p90 ?? 0)) < 1, "\(grouping) \(key) \(stage) p90")
                    }
                    want.stageMinutes = [:]
                    got.stageMinutes = [:]
                    #expect(want == got, "\(grouping) \(key)")
                }
            }
        }
    }
}
