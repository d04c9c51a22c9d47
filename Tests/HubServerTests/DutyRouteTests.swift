import Duty
import Foundation
import HubKit
@testable import HubServer
import HubTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// Duty over HTTP: who may write and read rosters, bad input as problems, "now", and a call acknowledged by the
/// person it reached.
@Suite struct DutyRouteTests {
    static func object(_ response: TestResponse) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any] ?? [:]
    }

    static func parsed(_ response: TestResponse) -> [String: Any] {
        (try? object(response)) ?? [:]
    }

    /// The hub's clock month (the test clock starts on 2026-09-21).
    static func month(_ hub: TestHub) -> DutyMonth {
        DutyMonth(containing: ShiftClock.localDate(at: hub.clock.now.milliseconds))
    }

    static func userID(_ hub: TestHub, _ username: String) async throws -> String {
        try await hub.services.accounts.store.users().first { $0.username == username }?.id ?? ""
    }

    @Test(arguments: TestDatabases.engines)
    func roster_access_input_now_andAcknowledgement(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        let drainage = DepartmentID(rawValue: "drainage")
        let sanitation = DepartmentID(rawValue: "sanitation")
        let head = try await hub.signIn("head1", role: .departmentHead, department: drainage)
        let otherHead = try await hub.signIn("head2", role: .departmentHead, department: sanitation)
        let duty = try await hub.signIn("duty1", role: .departmentOperator, department: drainage)
        try await hub.signIn("duty2", role: .departmentOperator, department: drainage)
        let outsider = try await hub.signIn("outsider", role: .departmentOperator, department: sanitation)
        let viewer = try await hub.signIn("viewer1", role: .viewer)
        let dispatcher = try await hub.signIn("dispatcher1", role: .dispatcher)
        let dutyID = try await Self.userID(hub, "duty1")
        let leaderID = try await Self.userID(hub, "head1")
        let month = Self.month(hub)
        let today = ShiftClock.shiftDate(at: hub.clock.now.milliseconds, handoverMinute: 510)
        let days = (0..<3).map { i in
            #"{"date":"\#(month.first.adding(days: i))","duty":"\#(dutyID)","leader":"\#(leaderID)"}"#
        }
        let monthBody = #"{"days":[\#(days.joined(separator: ","))]}"#
        let today2 = #"{"duty":"\#(dutyID)","leader":"\#(leaderID)"}"#
        try await hub.run { client in
            let monthPath = "/api/v1/duty/rosters/drainage/months/\(month)"
            // Nobody signed in: 401; a viewer, an operator or another unit's head: 403.
            try await client.execute(uri: monthPath, method: .put, body: ByteBuffer(string: monthBody)) { response in
                #expect(response.status == .unauthorized)
                #expect(response.problem?.code == "UNAUTHENTICATED")
            }
            for (token, code) in [(viewer, "FORBIDDEN_ROLE"), (duty, "FORBIDDEN_ROLE"), (otherHead, "NOT_YOUR_DEPARTMENT")] {
                try await client.execute(uri: monthPath, method: .put, headers: .json(token), body: ByteBuffer(string: monthBody)) { response in
                    #expect(response.status == .forbidden)
                    #expect(response.problem?.code == code)
                }
            }
            // Bad input: unknown user, overlapping day, a date outside the month, a malformed month.
            let bad: [(String, String, String)] = [
                (monthPath, #"{"days":[{"date":"\#(month.first)","duty":"ghost","leader":"\#(leaderID)"}]}"#, "DUTY_UNKNOWN_USER"),
                (monthPath, #"{"days":[\#(days[0]),\#(days[0])]}"#, "DUTY_SHIFT_OVERLAP"),
                (monthPath, #"{"days":[{"date":"\#(month.last.adding(days: 1))","duty":"\#(dutyID)","leader":"\#(leaderID)"}]}"#, "DUTY_DATE_OUTSIDE_MONTH"),
                ("/api/v1/duty/rosters/drainage/months/2026-13", monthBody, "DUTY_INVALID_DATE"),
                ("/api/v1/duty/rosters/parks/months/\(month)", monthBody, "DUTY_UNIT_NOT_FOUND"),
            ]
            for (path, body, code) in bad {
                try await client.execute(uri: path, method: .put, headers: .json(head), body: ByteBuffer(string: body)) { response in
                    #expect(response.problem?.code == code, "\(code): \(String(buffer: response.body))")
                    #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
                }
            }
            try await client.execute(uri: monthPath, method: .put, headers: .json(head), body: ByteBuffer(string: monthBody)) { response in
                #expect(response.status == .ok, "\(String(buffer: response.body))")
                #expect((Self.parsed(response)["shifts"] as? [Any])?.count == 3)
            }
            try await client.execute(uri: "/api/v1/duty/rosters/drainage/days/\(today)", method: .put, headers: .json(head),
                                     body: ByteBuffer(string: today2)) { response in
                #expect(response.status == .ok, "\(String(buffer: response.body))")
            }
            // Who is on duty now: the unit's own people and dispatchers; not another unit's staff.
            try await client.execute(uri: "/api/v1/duty/now?department=drainage", method: .get, headers: .bearer(duty)) { response in
                let items = Self.parsed(response)["items"] as? [[String: Any]]
                #expect(items?.first?["staffed"] as? Bool == true)
                #expect((items?.first?["duty"] as? [String: Any])?["name"] as? String == "duty1")
                #expect(items?.first?["handover"] as? String == "08:30")
            }
            try await client.execute(uri: "/api/v1/duty/now", method: .get, headers: .bearer(duty)) { response in
                #expect((Self.parsed(response)["items"] as? [Any])?.count == 1)
            }
            try await client.execute(uri: "/api/v1/duty/now?department=drainage", method: .get, headers: .bearer(outsider)) { response in
                #expect(response.status == .forbidden)
                #expect(response.problem?.code == "NOT_YOUR_DEPARTMENT")
            }
            try await client.execute(uri: "/api/v1/duty/now", method: .get, headers: .bearer(dispatcher)) { response in
                #expect(((Self.parsed(response)["items"] as? [Any])?.count ?? 0) >= 2)
            }
            try await client.execute(uri: "/api/v1/duty/now?department=drainage&at=2026-09-21T10:00:00", method: .get,
                                     headers: .bearer(dispatcher)) { response in
                #expect(response.status.code == 422)
                #expect(response.problem?.code == "DATE_WITHOUT_ZONE")
            }
            try await client.execute(uri: "/api/v1/duty/rosters/drainage?from=\(month.first)&to=\(month.last)", method: .get,
                                     headers: .bearer(outsider)) { response in
                #expect(response.status == .forbidden)
            }
            // Policy: the unit's head sets it; a bad handover is refused.
            try await client.execute(uri: "/api/v1/duty/policies/drainage", method: .put, headers: .json(head),
                                     body: ByteBuffer(string: #"{"handover":"8:30"}"#)) { response in
                #expect(response.problem?.code == "DUTY_INVALID_POLICY")
            }
            try await client.execute(uri: "/api/v1/duty/policies/drainage", method: .put, headers: .json(head),
                                     body: ByteBuffer(string: #"{"renotifyMinutes":3,"leaderMinutes":6}"#)) { response in
                #expect(response.status == .ok)
                #expect(Self.parsed(response)["leaderMinutes"] as? Int == 6)
            }
            // A call: paging is for dispatchers; the person called acknowledges; others may not.
            let page = #"{"subject":"alarm:a-1","department":"drainage","title":{"zh":"积水","en":"Flooding"},"severity":"critical"}"#
            try await client.execute(uri: "/api/v1/duty/calls", method: .post, headers: .json(head), body: ByteBuffer(string: page)) { response in
                #expect(response.status == .forbidden)
            }
            var callID = ""
            try await client.execute(uri: "/api/v1/duty/calls", method: .post, headers: .json(dispatcher), body: ByteBuffer(string: page)) { response in
                #expect(response.status == .created, "\(String(buffer: response.body))")
                let call = Self.parsed(response)
                callID = call["id"] as? String ?? ""
                let notifications = call["notifications"] as? [[String: Any]]
                #expect(notifications?.first?["person"] as? String == dutyID)
                #expect((call["chain"] as? [Any])?.count == 2)
            }
            try await client.execute(uri: "/api/v1/duty/calls/\(callID)/ack", method: .post, headers: .bearer(outsider)) { response in
                #expect(response.status == .forbidden)
                #expect(response.problem?.code == "DUTY_NOT_CALLED")
            }
            try await client.execute(uri: "/api/v1/duty/calls/\(callID)", method: .get, headers: .bearer(outsider)) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/api/v1/duty/calls/dc-0000000000000000", method: .get, headers: .bearer(dispatcher)) { response in
                #expect(response.status == .notFound)
                #expect(response.problem?.code == "DUTY_CALL_NOT_FOUND")
            }
            try await client.execute(uri: "/api/v1/duty/calls?state=open", method: .get, headers: .bearer(duty)) { response in
                #expect((Self.parsed(response)["items"] as? [Any])?.count == 1)
            }
            try await client.execute(uri: "/api/v1/duty/calls?state=open", method: .get, headers: .bearer(outsider)) { response in
                #expect((Self.parsed(response)["items"] as? [Any])?.count == 0)
            }
            try await client.execute(uri: "/api/v1/duty/calls/\(callID)/ack", method: .post, headers: .bearer(duty)) { response in
                #expect(response.status == .ok, "\(String(buffer: response.body))")
                #expect(Self.parsed(response)["state"] as? String == "closed")
            }
            try await client.execute(uri: "/api/v1/duty/calls/\(callID)/ack", method: .post, headers: .bearer(duty)) { response in
                #expect(response.status == .conflict)
                #expect(response.problem?.code == "DUTY_CALL_CLOSED")
            }
            try await client.execute(uri: "/api/v1/duty/rosters/drainage/days/\(today)", method: .delete, headers: .bearer(head)) { response in
                #expect(response.status == .noContent)
            }
            try await client.execute(uri: "/api/v1/duty/rosters/drainage/days/\(today)", method: .delete, headers: .bearer(head)) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func dutyPaging_isTheDutyDesk_andTheWatcherEscalates() async throws {
        let hub = try await TestHub.start(.sqlite)
        let drainage = DepartmentID(rawValue: "drainage")
        try await hub.signIn("duty1", role: .departmentOperator, department: drainage)
        try await hub.signIn("head1", role: .departmentHead, department: drainage)
        let admin = Principal(kind: .user, id: "a", name: "a", role: .admin, departmentID: nil)
        let today = ShiftClock.shiftDate(at: hub.clock.now.milliseconds, handoverMinute: 510)
        _ = try await hub.services.duty.putDay(.init(date: today.description, duty: try await Self.userID(hub, "duty1"),
                                                     leader: try await Self.userID(hub, "head1")),
                                               unit: DepartmentID(rawValue: "drainage")!, by: admin)
        let paging: any DutyPaging = hub.services.dutyPaging
        let id = try await paging.page(DutyPageRequest(subject: "alarm:a-2", department: DepartmentID(rawValue: "drainage")!,
                                                       title: LocalizedText(zh: "积水", en: "Flooding"), origin: "system:telemetry"))
        hub.clock.advance(by: 10 * 60)
        #expect(try await hub.services.dutyWatcher.tick(at: hub.clock.now) == 2)
        #expect(try await hub.services.duty.calls.notifications(of: id).map(\.role) == [.duty, .duty, .leader])
        await hub.services.stop()
    }
}
