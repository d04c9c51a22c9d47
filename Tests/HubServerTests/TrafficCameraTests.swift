import Foundation
import HubKit
@testable import HubServer
import HubTestSupport
import Hummingbird
import HummingbirdTesting
import Testing
import Traffic

/// Camera violations over HTTP: who may record and read, and illegal parking opening a case in the case loop.
@Suite struct TrafficCameraTests {
    @Test(arguments: TestDatabases.engines)
    func violations_recorded_andIllegalParking_opensACase(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        _ = try await hub.services.importGeography(Data(CaseRouteTests.geography.utf8), actor: "test")
        let police = try await hub.signIn("police1", role: .trafficPolice)
        let dispatcher = try await hub.signIn("dispatcher1", role: .dispatcher)
        let headToken = try await hub.signIn("head1", role: .departmentHead, department: DepartmentID(rawValue: "roads"))
        let (_, camera) = try await hub.services.accounts.createAPIKey(
            .init(name: "camera 17", role: .trafficPolice, departmentId: nil, scopes: ["traffic:camera"], expiresInDays: nil), by: "test")
        let parked = #"{"kind":"illegalParking","camera":"cam-17","location":{"lon":106.5705,"lat":29.5605},"licensePlate":"渝A12345","observedAt":"2026-09-21T10:00:00+08:00","evidence":"clip/17/0001.mp4"}"#
        let jumping = #"{"kind":"queueJumping","camera":"cam-17","intersection":"C","location":{"lon":106.5705,"lat":29.5605},"observedAt":"2026-09-21T10:01:00+08:00"}"#
        try await hub.run { client in
            try await client.execute(uri: "/api/v1/traffic/violations", method: .post, headers: .json(dispatcher),
                                     body: ByteBuffer(string: parked)) { r in
                #expect(r.status == .forbidden)
            }
            try await client.execute(uri: "/api/v1/traffic/violations", method: .post, headers: .json(police),
                                     body: ByteBuffer(string: #"{"kind":"speeding","camera":"c","location":{"lon":1,"lat":1},"observedAt":"2026-09-21T10:00:00+08:00"}"#)) { r in
                #expect(r.status == .unprocessableContent)
            }
            var caseID = ""
            try await client.execute(uri: "/api/v1/traffic/violations", method: .post,
                                     headers: [.authorization: "Bearer \(camera)", .contentType: "application/json"],
                                     body: ByteBuffer(string: parked)) { r in
                #expect(r.status == .created, "\(String(buffer: r.body))")
                let body = (try? JSONSerialization.jsonObject(with: Data(buffer: r.body)) as? [String: Any]) ?? [:]
                caseID = body["caseID"] as? String ?? ""
            }
            #expect(!caseID.isEmpty)
            try await client.execute(uri: "/api/v1/cases/\(caseID)", method: .get, headers: .bearer(dispatcher)) { r in
                #expect(r.status == .ok, "\(String(buffer: r.body))")
                #expect(String(buffer: r.body).contains(TrafficDesk.illegalParkingCategory))
            }
            try await client.execute(uri: "/api/v1/traffic/violations", method: .post, headers: .json(police),
                                     body: ByteBuffer(string: jumping)) { r in
                #expect(r.status == .created)
            }
            try await client.execute(uri: "/api/v1/traffic/violations", method: .get, headers: .bearer(headToken)) { r in
                #expect(r.status == .forbidden)
            }
            try await client.execute(uri: "/api/v1/traffic/violations", method: .get, headers: .bearer(dispatcher)) { r in
                let body = (try? JSONSerialization.jsonObject(with: Data(buffer: r.body)) as? [String: Any]) ?? [:]
                #expect((body["items"] as? [[String: Any]])?.map { $0["kind"] as? String } == ["queueJumping", "illegalParking"])
            }
            let kinds = try await hub.services.database.read { sql in try await Journal.events(after: 0, limit: 10_000, on: sql) }
                .map(\.kind).filter { $0.hasPrefix("traffic.violation") }
            #expect(kinds == ["traffic.violation.recorded", "traffic.violation.case", "traffic.violation.recorded"])
        }
    }
}
