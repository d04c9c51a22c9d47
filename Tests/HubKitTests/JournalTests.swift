import Foundation
import HubKit
import HubTestSupport
import Testing

@Suite("Event journal")
struct JournalTests {
    struct Payload: Codable, Sendable { var n: Int }

    static let migrations = [Journal.migration, HubMeta.migration]

    @Test("storage engines under test are reported")
    func reportEngines() {
        print("storage engines under test: \(TestDatabases.engines.map(\.rawValue).joined(separator: ", "))")
        #expect(TestDatabases.engines.contains(.sqlite))
    }

    @Test("concurrent appends get gap-free, unique, ordered numbers", arguments: TestDatabases.engines)
    func concurrentAppendsAreGapFree(engine: DatabaseEngine) async throws {
        let db = try await TestDatabases.open(engine, migrations: Self.migrations)
        defer { Task { await db.close() } }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<200 {
                group.addTask {
                    _ = try await db.write { tx in
                        try await Journal.append(try NewEvent(kind: "test.appended", subject: "t:\(i)", actor: "system",
                                                              payload: Payload(n: i)), in: tx, clock: .system)
                    }
                }
            }
            try await group.waitForAll()
        }
        let events = try await db.read { sql in try await Journal.events(after: 0, limit: 1000, on: sql) }
        #expect(events.map(\.seq) == Array(1...200))
        #expect(Set(events.map(\.subject)).count == 200)
        #expect(try await db.read { try await Journal.head(on: $0) } == 200)
        await db.close()
    }

    @Test("concurrent writers that fail leave nothing, and the others stay gap-free (group commit)", arguments: TestDatabases.engines)
    func failingWritersInAGroupFailAlone(engine: DatabaseEngine) async throws {
        struct Refused: Error {}
        let db = try await TestDatabases.open(engine, migrations: Self.migrations)
        let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
            for i in 0..<300 {
                group.addTask {
                    do {
                        _ = try await db.write { tx in
                            try await Journal.append(try NewEvent(kind: "test.appended", subject: "t:\(i)", actor: "system",
                                                                  payload: Payload(n: i)), in: tx, clock: .system)
                            if i % 7 == 3 { throw Refused() }
                        }
                        return true
                    } catch is Refused {
                        return false
                    }
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        let succeeded = outcomes.filter { $0 }.count
        let events = try await db.read { sql in try await Journal.events(after: 0, limit: 1000, on: sql) }
        #expect(succeeded == 300 - (0..<300).filter { $0 % 7 == 3 }.count)
        #expect(events.map(\.seq) == Array(1...Int64(succeeded)))
        #expect(events.allSatisfy { event in
            guard let n = Int(event.subject.dropFirst(2)) else { return false }
            return n % 7 != 3
        })
        await db.close()
    }

    @Test("a rolled-back transaction leaves neither state nor event, and no gap", arguments: TestDatabases.engines)
    func rollbackLeavesNoGap(engine: DatabaseEngine) async throws {
        let db = try await TestDatabases.open(engine, migrations: Self.migrations)
        struct Boom: Error {}
        try await db.write { tx in
            try await Journal.append(try NewEvent(kind: "a", subject: "s", actor: "system", payload: Payload(n: 1)), in: tx, clock: .system)
        }
        await #expect(throws: Boom.self) {
            try await db.write { tx in
                try await HubMeta.set("half", to: "written", in: tx)
                try await Journal.append(try NewEvent(kind: "b", subject: "s", actor: "system", payload: Payload(n: 2)), in: tx, clock: .system)
                throw Boom()
            }
        }
        try await db.write { tx in
            try await Journal.append(try NewEvent(kind: "c", subject: "s", actor: "system", payload: Payload(n: 3)), in: tx, clock: .system)
        }
        let events = try await db.read { sql in try await Journal.events(after: 0, limit: 10, on: sql) }
        #expect(events.map(\.seq) == [1, 2])
        #expect(events.map(\.kind) == ["a", "c"])
        #expect(try await db.read { try await HubMeta.value("half", on: $0) } == nil)
        await db.close()
    }

    @Test("events after a number, limited, and per department", arguments: TestDatabases.engines)
    func readAfterAndByDepartment(engine: DatabaseEngine) async throws {
        let db = try await TestDatabases.open(engine, migrations: Self.migrations)
        for i in 1...10 {
            try await db.write { tx in
                try await Journal.append(try NewEvent(kind: "k", subject: "s\(i)", actor: "system",
                                                      department: i.isMultiple(of: 2) ? "drainage" : "sanitation",
                                                      payload: Payload(n: i)), in: tx, clock: .system)
            }
        }
        let page = try await db.read { try await Journal.events(after: 3, limit: 4, on: $0) }
        #expect(page.map(\.seq) == [4, 5, 6, 7])
        let drainage = try await db.read { try await Journal.events(after: 0, limit: 100, department: "drainage", on: $0) }
        #expect(drainage.map(\.seq) == [2, 4, 6, 8, 10])
        #expect(page.first?.payload == #"{"n":4}"#)
        await db.close()
    }

    @Test("follow yields existing and newly committed events in order", arguments: TestDatabases.engines)
    func followSeesNewCommits(engine: DatabaseEngine) async throws {
        let db = try await TestDatabases.open(engine, migrations: Self.migrations)
        func append(_ n: Int) async throws {
            try await db.write { tx in
                try await Journal.append(try NewEvent(kind: "k", subject: "s", actor: "system", payload: Payload(n: n)), in: tx, clock: .system)
            }
        }
        try await append(1)
        try await append(2)
        let stream = Journal.follow(db, after: 1, pollInterval: .seconds(5))
        var iterator = stream.makeAsyncIterator()
        let first = try await iterator.next()
        #expect(first?.seq == 2)
        try await append(3)
        let second = try await iterator.next()
        #expect(second?.seq == 3)
        await db.close()
    }

    @Test("migrations run once however often they are started", arguments: TestDatabases.engines)
    func migrationsAreIdempotent(engine: DatabaseEngine) async throws {
        let db = try await TestDatabases.open(engine, migrations: Self.migrations)
        let again = try await Migrator.run(Self.migrations, on: db, logger: TestDatabases.logger)
        #expect(again.isEmpty)
        #expect(try await Migrator.appliedIDs(on: db) == Self.migrations.map(\.id))
        await db.close()
    }
}
