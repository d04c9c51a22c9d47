import Cases
import Foundation
import HubKit
import HubTestSupport
import Hummingbird
import HummingbirdTesting
import Testing
@testable import HubServer

/// Categories and the working calendar are changed through the API by the centre, with a reason and the
/// version being replaced; bad changes are refused whole, with every fault named, and nothing is written.
@Suite struct CatalogueEditTests {
    struct CalendarState: Decodable {
        var version: Int
        var yearsCovered: [Int]
    }

    static func day(_ text: String) throws -> LocalDay { try #require(LocalDay(text)) }

    @Test(arguments: TestDatabases.engines)
    func calendarYear_isEnteredByAnAdministrator_andMovesDeadlines(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        let admin = try await hub.signIn("admin1", role: .admin)
        let dispatcher = try await hub.signIn("dispatcher1", role: .dispatcher)
        // New Year's Day 2027 (a Friday) off, Saturday 2 January worked instead.
        let year2027 = #"{"holidays":["2027-01-01"],"makeUpDays":["2027-01-02"],"version":1,"reason":"国务院办公厅 2027 年放假安排"}"#
        try await hub.run { client in
            try await client.execute(uri: "/api/v1/working-calendar", method: .get, headers: .bearer(dispatcher)) { response in
                let state = try response.json(CalendarState.self)
                #expect(state.version == 1)
                #expect(state.yearsCovered.contains(2026) && !state.yearsCovered.contains(2027))
            }
            try await client.execute(uri: "/api/v1/working-calendar/years/2027", method: .put, headers: .json(dispatcher),
                                     body: ByteBuffer(string: year2027)) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/api/v1/working-calendar/years/2027", method: .put,
                                     headers: [.contentType: "application/json"], body: ByteBuffer(string: year2027)) { response in
                #expect(response.status == .unauthorized)
            }
            let head = try await hub.journalHead()
            // A weekday as make-up day, a day of another year, and a day that is both: all named in one refusal.
            let faulty = #"{"holidays":["2027-01-01","2026-12-31","2027-01-09"],"makeUpDays":["2027-01-04","2027-01-09"],"version":1,"reason":"x"}"#
            try await client.execute(uri: "/api/v1/working-calendar/years/2027", method: .put, headers: .json(admin),
                                     body: ByteBuffer(string: faulty)) { response in
                #expect(response.status == .unprocessableContent)
                #expect(response.problem?.code == "INVALID_CALENDAR")
                let detail = response.problem?.detail ?? ""
                #expect(detail.contains("2026-12-31") && detail.contains("2027-01-04") && detail.contains("2027-01-09"))
            }
            for (body, code) in [(year2027.replacingOccurrences(of: "\"version\":1", with: "\"version\":7"), "STALE_VERSION"),
                                 (year2027.replacingOccurrences(of: "国务院办公厅 2027 年放假安排", with: " "), "REASON_REQUIRED"),
                                 (#"{"holidays":["2027-02-30"],"makeUpDays":[],"version":1,"reason":"x"}"#, nil),
                                 (#"{"holidays":"2027-01-01","version":1}"#, nil)] {
                try await client.execute(uri: "/api/v1/working-calendar/years/2027", method: .put, headers: .json(admin),
                                         body: ByteBuffer(string: body)) { response in
                    #expect(response.status.code >= 400 && response.status.code < 500, "\(body)")
                    if let code { #expect(response.problem?.code == code) }
                }
            }
            try await client.execute(uri: "/api/v1/working-calendar/years/abcd", method: .put, headers: .json(admin),
                                     body: ByteBuffer(string: year2027)) { response in
                #expect(response.problem?.code == "INVALID_FIELD")
            }
            #expect(try await hub.journalHead() == head)
            try await client.execute(uri: "/api/v1/working-calendar/years/2027", method: .put, headers: .json(admin),
                                     body: ByteBuffer(string: year2027)) { response in
                #expect(response.status == .ok)
                let state = try response.json(CalendarState.self)
                #expect(state.version == 2 && state.yearsCovered.contains(2027))
            }
            try await client.execute(uri: "/api/v1/working-calendar/history", method: .get, headers: .bearer(dispatcher)) { response in
                #expect(String(buffer: response.body).contains("国务院办公厅 2027 年放假安排"))
            }
            // In force at once, and stored: a catalogue read afresh from the database has it too.
            let calendar = hub.services.cases.calendar
            #expect(!calendar.isWorkingDay(try Self.day("2027-01-01")))
            #expect(calendar.isWorkingDay(try Self.day("2027-01-02")))
            let fresh = CaseCatalogue(database: hub.services.database)
            try await fresh.reload()
            #expect(fresh.calendar == calendar && fresh.calendarVersion.version == 2)
            // 4 working hours from 10:00 on New Year's Day (now a holiday) run on the make-up Saturday, which works
            // Monday's hours: 09:00–12:00 and 14:00–15:00.
            let start = try #require(ISO8601DateFormatter().date(from: "2027-01-01T10:00:00+08:00"))
            let due = calendar.deadline(from: start, adding: .workingHours(4))
            #expect(due == ISO8601DateFormatter().date(from: "2027-01-02T15:00:00+08:00"))
        }
    }

    @Test(arguments: TestDatabases.engines)
    func workingHours_areValidated_andSaturdayCanBecomeAWorkingDay(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        let admin = try await hub.signIn("admin1", role: .admin)
        let office = #"[{"start":540,"end":720},{"start":840,"end":1080}]"#
        try await hub.run { client in
            let overlapping = #"{"hours":{"1":[{"start":540,"end":720},{"start":700,"end":800}],"8":[],"3":[{"start":900,"end":1500}]},"version":1,"reason":"x"}"#
            try await client.execute(uri: "/api/v1/working-calendar/hours", method: .put, headers: .json(admin),
                                     body: ByteBuffer(string: overlapping)) { response in
                #expect(response.problem?.code == "INVALID_CALENDAR")
                let detail = response.problem?.detail ?? ""
                #expect(detail.contains("时段重叠") && detail.contains("星期须为") && detail.contains("900–1500"))
            }
            let withSaturday = #"{"hours":{"1":\#(office),"2":\#(office),"3":\#(office),"4":\#(office),"5":\#(office),"6":[{"start":540,"end":720}]},"version":1,"reason":"周六上午办公"}"#
            try await client.execute(uri: "/api/v1/working-calendar/hours", method: .put, headers: .json(admin),
                                     body: ByteBuffer(string: withSaturday)) { response in
                #expect(response.status == .ok)
            }
            // Saturday 28 November 2026 is an ordinary Saturday.
            #expect(hub.services.cases.calendar.isWorkingDay(try Self.day("2026-11-28")))
        }
    }

    @Test(arguments: TestDatabases.engines)
    func categories_areCreatedAndChangedByTheCentre_withHistory_andFaultsNamed(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        let dispatcher = try await hub.signIn("dispatcher1", role: .dispatcher)
        let operatorToken = try await hub.signIn("operator1", role: .departmentOperator, department: DepartmentID(rawValue: "sanitation"))
        let template = try #require(CategoryCatalogue.standard.first { $0.code.rawValue == "E0501" })
        var draft = template
        draft.code = try #require(CategoryCode(rawValue: "E0599"))
        draft.name = LocalizedText(zh: "夜市摊点超时经营", en: "Night-market stall past hours")
        let created = draft
        @Sendable func body(_ category: Category, version: Int?, reason: String) throws -> ByteBuffer {
            struct Input: Encodable { var category: Category; var version: Int?; var reason: String }
            return ByteBuffer(data: try JSONEncoder().encode(Input(category: category, version: version, reason: reason)))
        }
        try await hub.run { client in
            try await client.execute(uri: "/api/v1/case-categories/E0599", method: .put, headers: .json(operatorToken),
                                     body: try body(created, version: nil, reason: "新增")) { response in
                #expect(response.status == .forbidden)
            }
            var faulty = created
            faulty.name = LocalizedText(zh: "", en: "x")
            faulty.duplicateRadiusMetres = 0
            faulty.limits[.handle] = .workingHours(0)
            try await client.execute(uri: "/api/v1/case-categories/E0598", method: .put, headers: .json(dispatcher),
                                     body: try body(faulty, version: nil, reason: "新增")) { response in
                #expect(response.problem?.code == "INVALID_CATEGORY")
                let detail = response.problem?.detail ?? ""
                #expect(detail.contains("E0598") && detail.contains("name") && detail.contains("重复案件半径")
                        && detail.contains("handle"))
            }
            try await client.execute(uri: "/api/v1/case-categories/E0599", method: .put, headers: .json(dispatcher),
                                     body: try body(created, version: nil, reason: "夜市治理专项")) { response in
                #expect(response.status == .ok)
                let stored = try response.json(Category.self)
                #expect(stored.version == 1)
            }
            try await client.execute(uri: "/api/v1/case-categories/E0599", method: .put, headers: .json(dispatcher),
                                     body: try body(created, version: nil, reason: "again")) { response in
                #expect(response.problem?.code == "STALE_VERSION")
            }
            var changed = created
            changed.limits[.handle] = .workingHours(2)
            try await client.execute(uri: "/api/v1/case-categories/E0599", method: .put, headers: .json(dispatcher),
                                     body: try body(changed, version: 1, reason: "时限缩短")) { response in
                let stored = try response.json(Category.self)
                #expect(stored.version == 2)
            }
            try await client.execute(uri: "/api/v1/case-categories/E0599", method: .put, headers: .json(dispatcher),
                                     body: try body(changed, version: 1, reason: "stale")) { response in
                #expect(response.status == .conflict)
            }
            try await client.execute(uri: "/api/v1/case-categories/E0599", method: .get, headers: .bearer(operatorToken)) { response in
                #expect(String(buffer: response.body).contains("夜市摊点超时经营"))
            }
            try await client.execute(uri: "/api/v1/case-categories/E0599/history", method: .get, headers: .bearer(operatorToken)) { response in
                let text = String(buffer: response.body)
                #expect(text.contains("category.created") && text.contains("category.changed") && text.contains("时限缩短"))
            }
        }
        #expect(hub.services.cases.catalogue.category(try #require(CategoryCode(rawValue: "E0599")))?.limits[.handle] == .workingHours(2))
    }
}
