import Foundation
import HubKit
@testable import HubServer
import HubTestSupport
import Hummingbird
import HummingbirdTesting
import Telemetry
import Testing

/// Rules and alarms through the router: who may manage rules (and the faults of a bad set), alarms raised by
/// ingest, each department seeing and acting on its own alarms only, acknowledge/assign/comment/shelve with
/// their refusals, the grouped view, an alarm's history, and the replay of a period.
@Suite struct AlarmRouteTests {
    static let gauge = #"""
    {"id": "wl-dongshuimen", "kind": "river_gauge", "name": "东水门码头水位站", "nameEn": "Dongshuimen dock gauge",
     "location": {"type": "Point", "coordinates": [106.583, 29.553]}, "department": "water-resources",
     "groups": ["riverside"], "datum": "yellow-sea-1985", "warningLevel": 175.8, "guaranteedLevel": 176.8}
    """#

    static let rules = #"""
    {"version": 0, "rules": [
      {"id": "wl-levels", "name": "东水门水位", "nameEn": "Dongshuimen level", "station": "wl-dongshuimen", "quantity": "water_level",
       "kind": "threshold", "hysteresis": 0.1,
       "levels": [{"severity": "orange", "stationLevel": "warning"}, {"severity": "red", "stationLevel": "guaranteed"}]}
    ]}
    """#

    static func readings(_ pairs: [(Date, Double)]) -> String {
        let items = pairs.map { #"{"station": "wl-dongshuimen", "quantity": "water_level", "time": "\#(Timestamp.shanghai($0.0.milliseconds))", "value": \#($0.1)}"# }
        return #"{"observations": [\#(items.joined(separator: ","))]}"#
    }

    @Test(arguments: TestDatabases.engines)
    func rulesAndAlarms_endToEnd_withTheirDenials(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        try await hub.run { client in
            let dispatcher = try await hub.signIn("disp", role: .dispatcher)
            let water = try await hub.signIn("water", role: .departmentOperator, department: DepartmentID(rawValue: "water-resources"))
            let weather = try await hub.signIn("weather", role: .departmentHead, department: DepartmentID(rawValue: "weather"))
            let viewer = try await hub.signIn("viewer", role: .viewer)
            try await client.execute(uri: "/api/v1/telemetry/stations", method: .post, headers: .json(dispatcher), body: ByteBuffer(string: Self.gauge)) { response in
                #expect(response.status == .created)
            }
            // Rules: refused to anonymous callers and to roles outside the command centre; a bad set names its faults.
            try await client.execute(uri: "/api/v1/telemetry/rules", method: .put, headers: [.contentType: "application/json"], body: ByteBuffer(string: Self.rules)) { response in
                #expect(response.status == .unauthorized)
            }
            for token in [viewer, water] {
                try await client.execute(uri: "/api/v1/telemetry/rules", method: .put, headers: .json(token), body: ByteBuffer(string: Self.rules)) { response in
                    #expect(response.status == .forbidden)
                }
            }
            let bad = Self.rules.replacingOccurrences(of: #""station": "wl-dongshuimen""#, with: #""station": "wl-nowhere""#)
                .replacingOccurrences(of: #""hysteresis": 0.1"#, with: #""hysteresis": -1"#)
            try await client.execute(uri: "/api/v1/telemetry/rules", method: .put, headers: .json(dispatcher), body: ByteBuffer(string: bad)) { response in
                #expect(response.status == .badRequest && response.problem?.code == "INVALID_RULES")
                let codes = Set(response.problem?.faults?.compactMap { $0["code"] } ?? [])
                #expect(codes.isSuperset(of: ["UNKNOWN_STATION", "BAD_HYSTERESIS"]))
            }
            try await client.execute(uri: "/api/v1/telemetry/rules", method: .put, headers: .json(dispatcher), body: ByteBuffer(string: "{\"rules\": [{\"id\": \"Bad Id\"}]}")) { response in
                #expect(response.status.code == 422 && response.problem?.code == "INVALID_FIELD")
            }
            try await client.execute(uri: "/api/v1/telemetry/rules", method: .put, headers: .json(dispatcher), body: ByteBuffer(string: Self.rules)) { response in
                #expect(response.status == .ok)
                try #expect(response.json(RuleStore.RuleSet.self).version == 1)
            }
            try await client.execute(uri: "/api/v1/telemetry/rules", method: .put, headers: .json(dispatcher), body: ByteBuffer(string: Self.rules)) { response in
                #expect(response.status == .conflict && response.problem?.code == "STALE_RULES")
            }
            try await client.execute(uri: "/api/v1/telemetry/rules", method: .get, headers: .bearer(viewer)) { response in
                try #expect(response.json(RuleStore.RuleSet.self).rules.map(\.id.rawValue) == ["wl-levels"])
            }

            // A reading at the warning level raises an orange alarm owned by the gauge's department.
            let now = hub.clock.now
            try await client.execute(uri: "/api/v1/telemetry/observations", method: .post, headers: .json(dispatcher),
                                     body: ByteBuffer(string: Self.readings([(now.addingTimeInterval(-600), 175.5), (now, 175.9)]))) { response in
                #expect(response.status == .created)
            }
            _ = try await hub.services.telemetry.evaluator.pass()
            var id = ""
            try await client.execute(uri: "/api/v1/telemetry/alarms", method: .get, headers: .bearer(water)) { response in
                let page = try response.json(Page.self)
                #expect(page.items.count == 1 && page.items.first?.severity == .orange && page.items.first?.department.rawValue == "water-resources")
                id = page.items.first?.id.rawValue ?? ""
            }
            try await client.execute(uri: "/api/v1/telemetry/alarms", method: .get, headers: .bearer(weather)) { response in
                try #expect(response.json(Page.self).items.isEmpty)
            }
            try await client.execute(uri: "/api/v1/telemetry/alarms?department=water-resources", method: .get, headers: .bearer(weather)) { response in
                #expect(response.status == .forbidden && response.problem?.code == "NOT_YOUR_DEPARTMENT")
            }
            try await client.execute(uri: "/api/v1/telemetry/alarms/\(id)", method: .get, headers: .bearer(weather)) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/api/v1/telemetry/alarms/\(id)/acknowledge", method: .post, headers: .bearer(weather)) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/api/v1/telemetry/alarms/\(id)/acknowledge", method: .post, headers: .bearer(viewer)) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/api/v1/telemetry/alarms/a-0000000000000000/acknowledge", method: .post, headers: .bearer(water)) { response in
                #expect(response.status == .notFound && response.problem?.code == "ALARM_NOT_FOUND")
            }
            try await client.execute(uri: "/api/v1/telemetry/alarms/\(id)/acknowledge", method: .post, headers: .bearer(water)) { response in
                #expect(response.status == .ok)
                let alarm = try response.json(Alarm.self)
                #expect(alarm.acknowledged && alarm.acknowledgedBy?.hasPrefix("user:") == true)
            }
            try await client.execute(uri: "/api/v1/telemetry/alarms/\(id)/assign", method: .post, headers: .json(water),
                                     body: ByteBuffer(string: #"{"assignee": "nobody"}"#)) { response in
                #expect(response.status == .badRequest && response.problem?.code == "UNKNOWN_USER")
            }
            try await client.execute(uri: "/api/v1/telemetry/alarms/\(id)/comments", method: .post, headers: .json(water),
                                     body: ByteBuffer(string: #"{"text": "   "}"#)) { response in
                #expect(response.status == .badRequest && response.problem?.code == "BAD_COMMENT")
            }
            try await client.execute(uri: "/api/v1/telemetry/alarms/\(id)/comments", method: .post, headers: .json(water),
                                     body: ByteBuffer(string: #"{"text": "已通知泵站值班"}"#)) { response in
                #expect(response.status == .created)
            }
            try await client.execute(uri: "/api/v1/telemetry/alarms/\(id)/shelve", method: .post, headers: .json(water),
                                     body: ByteBuffer(string: #"{"until": "2026-09-21T12:00:00"}"#)) { response in
                #expect(response.status.code == 422 && response.problem?.code == "INVALID_FIELD")
            }
            let tooLate = Timestamp.shanghai(now.addingTimeInterval(25 * 3600).milliseconds)
            try await client.execute(uri: "/api/v1/telemetry/alarms/\(id)/shelve", method: .post, headers: .json(water),
                                     body: ByteBuffer(string: #"{"until": "\#(tooLate)"}"#)) { response in
                #expect(response.status == .badRequest && response.problem?.code == "BAD_SHELVE_TIME")
            }
            let inAnHour = Timestamp.shanghai(now.addingTimeInterval(3600).milliseconds)
            try await client.execute(uri: "/api/v1/telemetry/alarms/\(id)/shelve", method: .post, headers: .json(water),
                                     body: ByteBuffer(string: #"{"until": "\#(inAnHour)"}"#)) { response in
                #expect(response.status == .ok)
                try #expect(response.json(Alarm.self).shelvedUntil != nil)
            }
            try await client.execute(uri: "/api/v1/telemetry/alarms", method: .get, headers: .bearer(dispatcher)) { response in
                try #expect(response.json(Page.self).items.isEmpty)   // shelved: hidden by default
            }
            try await client.execute(uri: "/api/v1/telemetry/alarms?shelved=true&severity=orange", method: .get, headers: .bearer(dispatcher)) { response in
                try #expect(response.json(Page.self).items.count == 1)
            }
            try await client.execute(uri: "/api/v1/telemetry/alarms?severity=purple", method: .get, headers: .bearer(dispatcher)) { response in
                #expect(response.status == .badRequest && response.problem?.code == "BAD_QUERY")
            }
            try await client.execute(uri: "/api/v1/telemetry/alarms/\(id)/unshelve", method: .post, headers: .bearer(water)) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/api/v1/telemetry/alarms/groups", method: .get, headers: .bearer(dispatcher)) { response in
                let body = String(buffer: response.body)
                #expect(body.contains(#""group":"wl-levels""#) || body.contains(#""group" : "wl-levels""#))
            }
            try await client.execute(uri: "/api/v1/telemetry/alarms/\(id)", method: .get, headers: .bearer(water)) { response in
                let detail = try response.json(Detail.self)
                #expect(detail.comments.map(\.text) == ["已通知泵站值班"])
                #expect(detail.history.map(\.kind) == ["alarm.raised", "alarm.acknowledged", "alarm.commented", "alarm.shelved", "alarm.unshelved"])
            }

            // The replay of the last hour with a stricter rule: what it would have raised.
            let replay = #"""
            {"from": "\#(Timestamp.shanghai(now.addingTimeInterval(-3600).milliseconds))", "to": "\#(Timestamp.shanghai(now.milliseconds))",
             "rules": [{"id": "strict", "station": "wl-dongshuimen", "quantity": "water_level", "kind": "threshold",
                        "levels": [{"severity": "red", "stationLevel": "warning", "offset": -0.5}]}]}
            """#
            try await client.execute(uri: "/api/v1/telemetry/rules/replay", method: .post, headers: .json(dispatcher), body: ByteBuffer(string: replay)) { response in
                #expect(response.status == .ok)
                let result = try response.json(RuleReplay.Result.self)
                #expect(result.readings == 2 && result.intents.map(\.action) == [.raise] && result.intents.first?.severity == .red)
                #expect(result.activeAtEnd == ["strict|wl-dongshuimen": "red"])
            }
            try await client.execute(uri: "/api/v1/telemetry/rules/replay", method: .post, headers: .json(viewer), body: ByteBuffer(string: replay)) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/api/v1/telemetry/rules/replay", method: .post, headers: .json(dispatcher),
                                     body: ByteBuffer(string: #"{"from": "2026-09-21T10:00:00", "to": "2026-09-21T11:00:00+08:00"}"#)) { response in
                #expect(response.status.code == 422 && response.problem?.code == "INVALID_FIELD")
            }
        }
    }

    struct Page: Decodable {
        var items: [Alarm]
        var next: String?
    }

    struct Detail: Decodable {
        struct Item: Decodable { var kind: String }
        var alarm: Alarm
        var comments: [AlarmComment]
        var history: [Item]
    }
}
