import Foundation
import HubKit
import Hummingbird

/// Reports in, cases out: intake, the case actions, inboxes and search, a case's page data and timeline.
public struct CaseRoutes: Sendable {
    let desk: CaseDesk

    public init(desk: CaseDesk) {
        self.desk = desk
    }

    public func register(on hub: HubRouter) {
        hub.catalog.addSchemas(CaseSchemas.all)
        hub.add(Endpoint(.post, "/api/v1/reports", access: .roles(.admin, .dispatcher, .inspector, apiKeyScope: "cases:report"),
                         summary: "Report a problem with category, location and photos (already uploaded)", tag: "cases",
                         request: "ReportInput", response: "Case", status: 201), report)
        hub.add(Endpoint(.post, "/api/v1/camera-events", access: .roles(.admin, .dispatcher, .inspector, apiKeyScope: "cases:camera"),
                         summary: "A video-analytics detection; low confidence waits for a person", tag: "cases",
                         request: "CameraEventInput", response: "CameraEventResult", status: 201), cameraEvent)
        hub.add(Endpoint(.get, "/api/v1/cases", access: .signedIn(apiKeyScope: "cases:read"),
                         summary: "Inboxes and search: the caller's department only for department roles", tag: "cases",
                         response: "CasePage", query: Self.listQuery), list)
        hub.add(Endpoint(.get, "/api/v1/cases/map", access: .signedIn(apiKeyScope: "cases:read"),
                         summary: "Every open case as a compact row for the map: the caller's department only for department roles",
                         tag: "cases", response: "CaseMap"), map)
        hub.add(Endpoint(.get, "/api/v1/cases/:id", access: .signedIn(apiKeyScope: "cases:read"),
                         summary: "One case with its photos", tag: "cases", response: "CaseDetail"), detail)
        hub.add(Endpoint(.get, "/api/v1/cases/:id/timeline", access: .signedIn(apiKeyScope: "cases:read"),
                         summary: "Every journal event of one case, oldest first", tag: "cases", response: "EventList"), timeline)
        hub.add(Endpoint(.post, "/api/v1/cases/:id/actions", access: .roles(.admin, .dispatcher, .inspector, .departmentOperator, .departmentHead),
                         summary: "Move a case on: accept, file, dispatch, start, return, report_fixed, verify, close, …",
                         tag: "cases", request: "CaseActionInput", response: "Case"), act)
        hub.add(Endpoint(.get, "/api/v1/notifications", access: .signedIn(),
                         summary: "My and my department's notices: assignments, warnings, overdue", tag: "cases",
                         response: "NotificationList", query: [QueryParameter("unread", "boolean", "Only unread (default true)")]),
                notifications)
        hub.add(Endpoint(.post, "/api/v1/notifications/read", access: .signedIn(),
                         summary: "Mark my or my department's notices read", tag: "cases", request: "NotificationIds",
                         response: "ReadResult"), markRead)
    }

    static let listQuery = [
        QueryParameter("box", "string", "dispatcher | department | mine | review (intake queue)"),
        QueryParameter("state", "string", "Comma-separated states"),
        QueryParameter("category", "string", "Category code, e.g. E0501"),
        QueryParameter("street", "string", "Street code (9 digits)"),
        QueryParameter("overdue", "boolean", "Only cases past their current deadline"),
        QueryParameter("q", "string", "Text in id, description, address"),
        QueryParameter("cursor", "string", "From the previous page's `next`"),
        QueryParameter("limit", "integer", "1–200 (default 50)"),
    ]

    struct CaseDetail: ResponseEncodable, Sendable {
        var `case`: CaseRecord
        var photos: [PhotoEvidence]
        /// Actions the caller may try now, for the console's buttons.
        var actions: [String]
        /// Names of the reporter and the photos' uploaders.
        var actors: [String: String]
    }

    struct CameraEventResult: ResponseEncodable, Sendable {
        var `case`: CaseRecord
        /// `queued` (waits for a person), `filed` (confident, filed automatically) or `folded` (into `case`).
        var decision: String
    }

    @Sendable func report(_ request: Request, context: HubRequestContext) async throws -> JSONText {
        let principal = try context.requirePrincipal()
        let input = try await request.decodeJSON(as: ReportInput.self, context: context)
        let source: ReportSource = principal.kind == .apiKey ? .citizen : .inspector
        return JSONText(try await desk.intake.report(input, source: source, by: principal).json, status: .created)
    }

    @Sendable func cameraEvent(_ request: Request, context: HubRequestContext) async throws -> JSONResponse<CameraEventResult> {
        let principal = try context.requirePrincipal()
        let input = try await request.decodeJSON(as: CameraEventInput.self, context: context)
        let (record, decision) = try await desk.intake.cameraEvent(input, cameraLocation: input.camera.flatMap(desk.cameraLocation),
                                                                  by: principal, context: desk.context)
        let label = switch decision { case .fold: "folded"; case .queue: "queued"; case .file: "filed" }
        return JSONResponse(CameraEventResult(case: record, decision: label), status: label == "folded" ? .ok : .created)
    }

    @Sendable func list(_ request: Request, context: HubRequestContext) async throws -> JSONText {
        let principal = try context.requirePrincipal()
        var filter = CaseFilter()
        let query = request.uri.queryParameters
        switch query["box"].map(String.init) {
        case "mine"?: filter.reporter = principal.actor
        case "review"?: filter.awaitingReview = true; filter.states = [.reported]
        case "department"?: filter.department = principal.departmentID
        case "dispatcher"?: filter.states = [.reported, .accepted, .filed, .returned, .fixReported, .verified]
        case nil: break
        case let other?: throw InputProblem.invalidField(field: "box", reason: "dispatcher | department | mine | review, not \(other)")
        }
        if Workflow.limitedToOwnDepartment(principal) {
            guard let department = principal.departmentID else { throw AccessProblem.notYourDepartment }
            filter.department = department
        }
        if let states = query["state"] {
            filter.states = try states.split(separator: ",").map { raw in
                guard let state = CaseState(rawValue: String(raw)) else {
                    throw InputProblem.invalidField(field: "state", reason: CaseState.allCases.map(\.rawValue).joined(separator: " | "))
                }
                return state
            }
        }
        if let raw = query["category"] {
            guard let code = CategoryCode(rawValue: String(raw)) else { throw CaseProblem.unknownCategory(String(raw)) }
            filter.category = code
        }
        if let raw = query["street"] {
            guard let street = StreetCode(rawValue: String(raw)) else { throw InputProblem.invalidField(field: "street", reason: "9 digits") }
            filter.street = street
        }
        if query["overdue"] == "true" { filter.overdueAt = desk.clock.now() }
        filter.text = query["q"].map(String.init)
        if let token = query["cursor"] {
            guard let cursor = CaseCursor(token: String(token)) else { throw InputProblem.invalidField(field: "cursor", reason: "from `next`") }
            filter.cursor = cursor
        }
        let limit = Int(try QueryInput.int64(request, "limit", default: 50, range: 1...200))
        // The stored bodies are already the API's JSON for a case: the page is assembled around them.
        let page = try await desk.store.listJSON(filter, limit: limit)
        let next = page.next.map { ",\"next\":\"\($0.token)\"" } ?? ""
        return JSONText("{\"items\":[" + page.bodies.joined(separator: ",") + "]" + next + "}")
    }

    @Sendable func detail(_ request: Request, context: HubRequestContext) async throws -> CaseDetail {
        let record = try await visibleCase(request, context)
        let actions = AvailableActions.names(for: record, by: try context.requirePrincipal(), at: desk.clock.now(),
                                             context: desk.context)
        let photos = try await desk.store.photos(of: record.id)
        let actors = try await desk.actorNames(Set([record.reporter] + photos.map(\.uploadedBy)))
        return CaseDetail(case: record, photos: photos, actions: actions, actors: actors)
    }

    @Sendable func timeline(_ request: Request, context: HubRequestContext) async throws -> EventList {
        let record = try await visibleCase(request, context)
        let events = try await desk.store.database.read { sql in
            try await Journal.events(subject: "case:\(record.id)", on: sql)
        }
        return EventList(items: events, actors: try await desk.actorNames(Set(events.map(\.actor))))
    }

    @Sendable func act(_ request: Request, context: HubRequestContext) async throws -> CaseRecord {
        let principal = try context.requirePrincipal()
        let id = try caseID(context)
        let input = try await request.decodeJSON(as: ActionInput.self, context: context)
        let (decoded, version, photo) = try input.decode()
        var action = decoded
        if let photo {
            let evidence = try await desk.store.database.read { sql in
                try await desk.intake.resolve([photo], purpose: .fix, by: principal, at: desk.clock.now(), on: sql)
            }
            if let first = evidence.first { action = .reportFixed(photo: first, note: input.note ?? "") }
        }
        guard let action else { throw CaseProblem.missingFields(["action"]) }
        if case .dispatch(let department, _) = action, !(try await desk.departmentExists(department)) {
            throw InputProblem.invalidField(field: "department", reason: "没有部门 \(department) / no department \(department)")
        }
        return try await desk.transactions.apply(action, to: id, version: version, by: principal, context: desk.context)
    }

    @Sendable func notifications(_ request: Request, context: HubRequestContext) async throws -> NotificationList {
        let recipients = DeadlineRules.recipients(of: try context.requirePrincipal())
        let unreadOnly = request.uri.queryParameters["unread"] != "false"
        return NotificationList(items: try await desk.store.notifications(for: recipients, unreadOnly: unreadOnly, limit: 200))
    }

    struct NotificationIds: Decodable, Sendable { var ids: [String] }
    struct ReadResult: ResponseEncodable, Sendable { var marked: Int }

    @Sendable func markRead(_ request: Request, context: HubRequestContext) async throws -> ReadResult {
        let principal = try context.requirePrincipal()
        let input = try await request.decodeJSON(as: NotificationIds.self, context: context)
        guard input.ids.count <= 500 else { throw InputProblem.invalidField(field: "ids", reason: "at most 500") }
        return ReadResult(marked: try await desk.store.markRead(input.ids, for: DeadlineRules.recipients(of: principal), at: desk.clock.now()))
    }

    struct NotificationList: ResponseEncodable, Sendable { var items: [CaseNotification] }

    /// The case, if the caller may see it: department roles only their own department's cases.
    /// Open cases for the one screen's map as rows of `fields` (one small array each, not whole case bodies), so
    /// 10,000 cases are one short answer; department roles get only their department's.
    @Sendable func map(_ request: Request, context: HubRequestContext) async throws -> JSONText {
        let principal = try context.requirePrincipal()
        var department: DepartmentID?
        if Workflow.limitedToOwnDepartment(principal) {
            guard let own = principal.departmentID else { throw AccessProblem.notYourDepartment }
            department = own
        }
        let now = desk.clock.now()
        let points = try await desk.store.mapPoints(department: department, now: now)
        var text = "{\"fields\":[\"id\",\"lon\",\"lat\",\"state\",\"overdue\",\"grid\",\"category\",\"department\"],\"items\":["
        text.reserveCapacity(64 + points.count * 96)
        for (index, point) in points.enumerated() {
            if index > 0 { text += "," }
            text += "[\(Self.quoted(point.id)),\(point.lon),\(point.lat),\(Self.quoted(point.state)),\(point.overdue),"
            text += "\(point.grid.map(Self.quoted) ?? "null"),\(point.category.map(Self.quoted) ?? "null"),"
            text += "\(point.department.map(Self.quoted) ?? "null")]"
        }
        text += "],\"count\":\(points.count),\"at\":\"\(ISO8601DateFormatter().string(from: now))\"}"
        return JSONText(text)
    }

    /// A JSON string literal (identifiers and codes here are plain ASCII, but escape anyway).
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    func visibleCase(_ request: Request, _ context: HubRequestContext) async throws -> CaseRecord {
        let principal = try context.requirePrincipal()
        let id = try caseID(context)
        guard let record = try await desk.store.record(id) else { throw CaseProblem.unknownCase(id.rawValue) }
        if Workflow.limitedToOwnDepartment(principal), record.department != principal.departmentID {
            throw AccessProblem.notYourDepartment
        }
        return record
    }

    func caseID(_ context: HubRequestContext) throws -> CaseID {
        let raw = try context.parameters.require("id")
        guard let id = CaseID(rawValue: raw) else { throw CaseProblem.unknownCase(raw) }
        return id
    }
}
