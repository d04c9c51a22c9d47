import Foundation
import HubKit
import HubTestSupport
import SQLKit
import Testing

@Suite("Fixed statements and event ids")
struct FixedSQLTests {
    @Test func placeholders_areCounted() {
        #expect(FixedSQL("INSERT INTO t (a, b) VALUES (?, ?)").valueCount == 2)
        #expect(FixedSQL("SELECT 1").valueCount == 0)
    }

    /// On PostgreSQL the `?` become `$1…$n`; a wrong count or order would fail here.
    @Test("a fixed statement writes and reads back on every engine", arguments: TestDatabases.engines)
    func fixedStatement_runsOnEveryEngine(engine: DatabaseEngine) async throws {
        let db = try await TestDatabases.open(engine, migrations: [Migration(id: "t.0001", portable: [
            "CREATE TABLE fixed_probe (id TEXT PRIMARY KEY, n BIGINT, note TEXT)",
        ])])
        defer { Task { await db.close() } }
        let insert = FixedSQL("INSERT INTO fixed_probe (id, n, note) VALUES (?, ?, ?) RETURNING n")
        let row = try await db.write { tx in try await tx.sql.first(insert(["a", Int64(41), String?.none])) }
        #expect(try row?.decode(column: "n", as: Int64.self) == 41)
        let rows = try await db.read { sql in try await sql.all(FixedSQL("SELECT note FROM fixed_probe WHERE id = ?")(["a"])) }
        #expect(rows.count == 1)
        #expect(try rows.first?.decode(column: "note", as: String?.self) == nil)
    }

    @Test func eventIDs_areVersion7UUIDs_orderedByTime() {
        let earlier = EventID.make(atMilliseconds: 1_764_000_000_000)
        let later = EventID.make(atMilliseconds: 1_764_000_000_001)
        for id in [earlier, later] {
            let parsed = UUID(uuidString: id)
            #expect(parsed != nil)
            #expect(id == id.lowercased())
            let bytes = Array(id.utf8)
            #expect(bytes[14] == UInt8(ascii: "7"))
            #expect([UInt8(ascii: "8"), UInt8(ascii: "9"), UInt8(ascii: "a"), UInt8(ascii: "b")].contains(bytes[19]))
        }
        #expect(earlier < later)
        #expect(earlier.hasPrefix("019ab697-e800-7"))   // 1,764,000,000,000 ms is 0x019AB697E800
        #expect(EventID.make(atMilliseconds: 5) != EventID.make(atMilliseconds: 5))
    }
}
