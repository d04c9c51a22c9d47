import Foundation
import HubKit
import Hummingbird

/// Alarms: list (current by default), grouped counts, one alarm with its comments and history, and the actions
/// people take — acknowledge, assign, comment, shelve, unshelve. Department roles see and act on their own
/// department's alarms only; the command centre sees all.
public struct AlarmRoutes: Sendable {
    let desk: TelemetryDesk

    public init(desk: TelemetryDesk) {
        self.desk = desk
    }

    static let read = Access.signedIn(apiKeyScope: "alarms:read")
    static let act = Access.roles(.admin, .dispatcher, .departmentOperator, .departmentHead, apiKeyScope: "alarms:write")

    public func register(on hub: HubRouter) {
        hub.add(Endpoint(.get, "/api/v1/telemetry/alarms", access: Self.read,
                         summary: "Alarms newest first: current ones (active, or cleared and not yet acknowledged) unless `closed=true`",
                         tag: "alarms", response: "AlarmPage", query: [
                            QueryParameter("closed", "boolean", "Include closed alarms (cleared and acknowledged)"),
                            QueryParameter("shelved", "boolean", "Include shelved alarms"),
                            QueryParameter("department", "string", "Department id"),
                            QueryParameter("rule", "string", "Rule id"),
                            QueryParameter("source", "string", "Station id, or group for N-of-M rules"),
                            QueryParameter("group", "string", "The rule's group"),
                            QueryParameter("severity", "string", "The lowest severity shown: blue | yellow | orange | red"),
                            QueryParameter("before", "string", "The previous page's `next`"),
                            QueryParameter("limit", "integer", "1–500 (default 100)"),
                         ]), list)
        hub.add(Endpoint(.get, "/api/v1/telemetry/alarms/groups", access: Self.read,
                         summary: "Current alarms counted by group and severity", tag: "alarms", response: "AlarmGroups"), groups)
        hub.add(Endpoint(.get, "/api/v1/telemetry/alarms/:id", access: Self.read, summary: "One alarm with its comments and journal history",
                         tag: "alarms", response: "AlarmDetail"), get)
        hub.add(Endpoint(.post, "/api/v1/telemetry/alarms/:id/acknowledge", access: Self.act, summary: "Acknowledge (确认) an alarm",
                         tag: "alarms", response: "Alarm"), acknowledge)
        hub.add(Endpoint(.post, "/api/v1/telemetry/alarms/:id/assign", access: Self.act,
                         summary: "Assign an alarm to a user (`assignee`: user id), or unassign with null", tag: "alarms",
                         request: "AlarmAssignInput", response: "Alarm"), assign)
        hub.add(Endpoint(.post, "/api/v1/telemetry/alarms/:id/comments", access: Self.act, summary: "Add a comment",
                         tag: "alarms", request: "AlarmCommentInput", response: "AlarmComment", status: 201), comment)
        hub.add(Endpoint(.post, "/api/v1/telemetry/alarms/:id/shelve", access: Self.act,
                         summary: "Shelve an alarm until a time at most 24 h ahead: hidden and not called out meanwhile",
                         tag: "alarms", request: "AlarmShelveInput", response: "Alarm"), shelve)
        hub.add(Endpoint(.post, "/api/v1/telemetry/alarms/:id/unshelve", access: Self.act, summary: "End a shelve now",
                         tag: "alarms", response: "Alarm"), unshelve)
    }

    struct AlarmPage: ResponseEncodable, Sendable {
        var items: [Alarm]
        var next: String?
    }

    struct AlarmGroups: ResponseEncodable, Sendable {
        var groups: [AlarmGroup]
    }

    struct AlarmDetail: ResponseEncodable, Sendable {
        var alarm: Alarm
        var comments: [AlarmComment]
        var history: [HistoryItem]
    }

    struct HistoryItem: Codable, Sendable {
        var seq: Int64
        var at: Date
        var kind: String
        var actor: String
    }

    struct AssignInput: Decodable {
        var assignee: String?
    }

    struct CommentInput: Decodable {
        var text: String
    }

    struct ShelveInput: Decodable {
        var until: String
    }


    static func authorise(_ principal: Principal) -> @Sendable (Alarm) throws -> Void {
        { alarm in
            if let limited = try principal.departmentLimit(), limited != alarm.department { throw AccessProblem.notYourDepartment }
        }
    }

    static func alarmID(_ context: HubRequestContext) throws -> AlarmID {
        let raw = try context.parameters.require("id")
        guard let id = AlarmID(rawValue: raw) else { throw TelemetryProblem.alarmNotFound(raw) }
        return id
    }


    @Sendable func list(_ request: Request, context: HubRequestContext) async throws -> AlarmPage {
        let principal = try context.requirePrincipal()
        let query = request.uri.queryParameters
        var filter = AlarmFilter()
        filter.includeClosed = try QueryInput.bool(request, "closed")
        filter.includeShelved = try QueryInput.bool(request, "shelved")
        if let raw = query["department"] {
            guard let department = DepartmentID(rawValue: String(raw)) else {
                throw TelemetryProblem.badQuery(field: "department", zh: "部门编号无效", en: "not a department id")
            }
            filter.department = department
        }
        if let limited = try principal.departmentLimit() {
            if let asked = filter.department, asked != limited { throw AccessProblem.notYourDepartment }
            filter.department = limited
        }
        if let raw = query["rule"] {
            guard let rule = RuleID(rawValue: String(raw)) else { throw TelemetryProblem.badQuery(field: "rule", zh: "规则编号无效", en: "not a rule id") }
            filter.rule = rule
        }
        filter.source = query["source"].map(String.init)
        filter.group = query["group"].map(String.init)
        if let raw = query["severity"] {
            guard let severity = Severity(rawValue: String(raw)) else {
                throw TelemetryProblem.badQuery(field: "severity", zh: "应为 blue、yellow、orange 或 red", en: "blue, yellow, orange or red")
            }
            filter.minSeverity = severity
        }
        if let raw = query["before"] {
            let parts = raw.split(separator: "~", maxSplits: 1)
            guard parts.count == 2, let at = Int64(parts[0]) else {
                throw TelemetryProblem.badQuery(field: "before", zh: "应为上一页返回的 next", en: "the previous page's next")
            }
            filter.before = (at, String(parts[1]))
        }
        let limit = Int(try QueryInput.int64(request, "limit", default: 100, range: 1...500))
        let items = try await desk.alarms.list(filter, limit: limit)
        let next = items.count == limit ? items.last.map { "\($0.raisedAt.milliseconds)~\($0.id)" } : nil
        return AlarmPage(items: items, next: next)
    }

    @Sendable func groups(_ request: Request, context: HubRequestContext) async throws -> AlarmGroups {
        let principal = try context.requirePrincipal()
        return AlarmGroups(groups: try await desk.alarms.groups(department: try principal.departmentLimit()))
    }

    @Sendable func get(_ request: Request, context: HubRequestContext) async throws -> AlarmDetail {
        let principal = try context.requirePrincipal()
        let id = try Self.alarmID(context)
        guard let alarm = try await desk.alarms.alarm(id) else { throw TelemetryProblem.alarmNotFound(id.rawValue) }
        try Self.authorise(principal)(alarm)
        let events = try await desk.alarms.database.read { sql in try await Journal.events(subject: "alarm:\(id)", on: sql) }
        return AlarmDetail(alarm: alarm, comments: try await desk.alarms.comments(id),
                           history: events.map { HistoryItem(seq: $0.seq, at: $0.at, kind: $0.kind, actor: $0.actor) })
    }

    @Sendable func acknowledge(_ request: Request, context: HubRequestContext) async throws -> JSONResponse<Alarm> {
        let principal = try context.requirePrincipal()
        let actor = principal.actor
        let alarm = try await desk.alarms.act(try Self.alarmID(context), actor: actor, authorise: Self.authorise(principal)) { alarm, now in
            AlarmLifecycle.acknowledge(alarm, by: actor, at: now)
        }
        await desk.actions.acknowledged(alarm, by: actor)
        return JSONResponse(alarm)
    }

    @Sendable func assign(_ request: Request, context: HubRequestContext) async throws -> JSONResponse<Alarm> {
        let principal = try context.requirePrincipal()
        let input = try await request.decodeJSON(as: AssignInput.self, context: context)
        if let user = input.assignee, try await !desk.userExists(user) {
            throw TelemetryProblem.badAlarmAction(code: "UNKNOWN_USER", zh: "没有用户 \(user)", en: "there is no user \(user)")
        }
        let assignee = input.assignee
        return JSONResponse(try await desk.alarms.act(try Self.alarmID(context), actor: principal.actor, authorise: Self.authorise(principal)) { alarm, now in
            AlarmLifecycle.assign(alarm, to: assignee, at: now)
        })
    }

    @Sendable func comment(_ request: Request, context: HubRequestContext) async throws -> JSONResponse<AlarmComment> {
        let principal = try context.requirePrincipal()
        let input = try await request.decodeJSON(as: CommentInput.self, context: context)
        let comment = try await desk.alarms.comment(try Self.alarmID(context), text: input.text, actor: principal.actor,
                                                    authorise: Self.authorise(principal))
        return JSONResponse(comment, status: .created)
    }

    @Sendable func shelve(_ request: Request, context: HubRequestContext) async throws -> JSONResponse<Alarm> {
        let principal = try context.requirePrincipal()
        let input = try await request.decodeJSON(as: ShelveInput.self, context: context)
        let until: Date
        do {
            until = Date(milliseconds: try Timestamp.milliseconds(input.until))
        } catch {
            throw InputProblem.invalidField(field: "until", reason: "应为带时区的 ISO 8601 时间 / an ISO 8601 time with its zone")
        }
        let actor = principal.actor
        return JSONResponse(try await desk.alarms.act(try Self.alarmID(context), actor: actor, authorise: Self.authorise(principal)) { alarm, now in
            try AlarmLifecycle.shelve(alarm, until: until, by: actor, at: now)
        })
    }

    @Sendable func unshelve(_ request: Request, context: HubRequestContext) async throws -> JSONResponse<Alarm> {
        let principal = try context.requirePrincipal()
        let actor = principal.actor
        return JSONResponse(try await desk.alarms.act(try Self.alarmID(context), actor: actor, authorise: Self.authorise(principal)) { alarm, now in
            try AlarmLifecycle.shelve(alarm, until: nil, by: actor, at: now)
        })
    }
}

extension Alarm: ResponseEncodable {}
extension AlarmComment: ResponseEncodable {}
extension RuleStore.RuleSet: ResponseEncodable {}
extension RuleReplay.Result: ResponseEncodable {}
