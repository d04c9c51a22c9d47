import Cases
import Foundation
import HubKit
@testable import HubServer
import HubTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// `GET /api/v1/cases/map`: open cases only, as compact rows; department roles see only their department's.
@Suite struct CaseMapRouteTests {
    struct MapAnswer: Decodable {
        var fields: [String]
        var items: [[JSONValue]]
        var count: Int
    }

    static func insert(_ hub: TestHub, _ number: Int, state: CaseState, department: String?, due: Date?) async throws {
        let id = try #require(CaseID(rawValue: String(format: "20261125-%06d", number)))
        var record = CaseRecord(id: id, state: state, source: .inspector, reporter: "user:test", reportedAt: Date(),
                                location: GeoPoint(lon: 106.57 + Double(number) / 10_000, lat: 29.56), description: "test \(number)")
        record.department = department.flatMap(DepartmentID.init)
        record.dueAt = due
        try await hub.services.database.write { tx in try await hub.services.cases.store.insert(record, in: tx) }
    }

    @Test(arguments: TestDatabases.engines)
    func openCasesOnly_departmentRolesSeeTheirOwn_overdueMarked(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        let dispatcher = try await hub.signIn("dispatcher1", role: .dispatcher)
        let roads = try await hub.signIn("roads-op", role: .departmentOperator, department: DepartmentID(rawValue: "roads"))
        _ = try await hub.signIn("drain-op", role: .departmentOperator, department: DepartmentID(rawValue: "drainage"))
        let past = hub.clock.now.addingTimeInterval(-3600), future = hub.clock.now.addingTimeInterval(3600)
        try await Self.insert(hub, 1, state: .dispatched, department: "roads", due: past)
        try await Self.insert(hub, 2, state: .handling, department: "roads", due: future)
        try await Self.insert(hub, 3, state: .dispatched, department: "drainage", due: future)
        try await Self.insert(hub, 4, state: .closed, department: "roads", due: past)
        try await Self.insert(hub, 5, state: .reported, department: nil, due: nil)
        try await hub.run { client in
            try await client.execute(uri: "/api/v1/cases/map", method: .get, headers: .bearer(dispatcher)) { response in
                #expect(response.status == .ok)
                let answer = try response.json(MapAnswer.self)
                #expect(answer.count == 4)
                let id = try #require(answer.fields.firstIndex(of: "id"))
                let overdue = try #require(answer.fields.firstIndex(of: "overdue"))
                #expect(answer.items.map { $0[id].stringValue ?? "" } == ["20261125-000001", "20261125-000002", "20261125-000003", "20261125-000005"])
                #expect(answer.items.map { $0[overdue] } == [.bool(true), .bool(false), .bool(false), .bool(false)])
            }
            try await client.execute(uri: "/api/v1/cases/map", method: .get, headers: .bearer(roads)) { response in
                let answer = try response.json(MapAnswer.self)
                let department = try #require(answer.fields.firstIndex(of: "department"))
                #expect(answer.count == 2)
                #expect(answer.items.allSatisfy { $0[department] == .string("roads") })
            }
            try await client.execute(uri: "/api/v1/cases/map", method: .get) { response in
                #expect(response.problem?.code == "UNAUTHENTICATED")
            }
        }
    }
}
