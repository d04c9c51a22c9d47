import Foundation
import HubKit
import Hummingbird

/// The staff API of warnings: compose, edit, approve, issue, revise, withdraw, cancel, and JSON lists.
/// Drafts are for signed-in staff only; the public sees issued messages through `CAPRoutes`.
public struct WarningRoutes: Sendable {
    let desk: WarningDesk

    public init(desk: WarningDesk) {
        self.desk = desk
    }

    /// People who compose and revise; approving steps are for people only (no API keys), by design of four eyes.
    static var composers: Access { .roles(in: WarningWorkflow.composers) }
    static var approvers: Access { .roles(in: WarningWorkflow.approvers) }

    public func register(on hub: HubRouter) {
        hub.catalog.addSchemas(WarningSchemas.all)
        hub.add(Endpoint(.post, "/api/v1/warnings", access: .roles(in: WarningWorkflow.composers, apiKeyScope: "warnings:draft"),
                         summary: "Compose a warning draft (CAP 1.2 content; zh-CN required, English optional)", tag: "warnings",
                         request: "WarningDraft", response: "Warning", status: 201), compose)
        hub.add(Endpoint(.get, "/api/v1/warnings", access: .signedIn(apiKeyScope: "warnings:read"),
                         summary: "Warnings, newest change first: drafts, approved, issued, cancelled", tag: "warnings",
                         response: "WarningList", query: Self.listQuery), list)
        hub.add(Endpoint(.get, "/api/v1/warnings/:id", access: .signedIn(apiKeyScope: "warnings:read"),
                         summary: "One warning with the chain of CAP messages it issued", tag: "warnings", response: "Warning"), detail)
        hub.add(Endpoint(.put, "/api/v1/warnings/:id", access: Self.composers,
                         summary: "Edit the pending revision (voids an approval)", tag: "warnings",
                         request: "WarningContentInput", response: "Warning"), edit)
        hub.add(Endpoint(.post, "/api/v1/warnings/:id/approve", access: Self.approvers,
                         summary: "Approve the pending revision (not by anyone who composed or edited it)", tag: "warnings",
                         request: "WarningVersionInput", response: "Warning"), approve)
        hub.add(Endpoint(.post, "/api/v1/warnings/:id/issue", access: Self.approvers,
                         summary: "Issue the approved revision: CAP Alert first, Update after", tag: "warnings",
                         request: "WarningVersionInput", response: "Warning"), issue)
        hub.add(Endpoint(.post, "/api/v1/warnings/:id/revise", access: Self.composers,
                         summary: "Start an update of an issued warning (approved and issued as CAP Update)", tag: "warnings",
                         request: "WarningContentInput", response: "Warning"), revise)
        hub.add(Endpoint(.post, "/api/v1/warnings/:id/withdraw", access: Self.composers,
                         summary: "Drop the pending revision (a never-issued warning is withdrawn)", tag: "warnings",
                         request: "WarningVersionInput", response: "Warning"), withdraw)
        hub.add(Endpoint(.post, "/api/v1/warnings/:id/cancel", access: Self.approvers,
                         summary: "Cancel an issued warning (CAP Cancel naming every earlier message)", tag: "warnings",
                         request: "WarningCancelInput", response: "Warning"), cancel)
    }

    static let listQuery = [
        QueryParameter("state", "string", "Comma-separated: draft, approved, issued, cancelled, withdrawn"),
        QueryParameter("live", "boolean", "Only warnings whose latest message is public now"),
        QueryParameter("limit", "integer", "1–500 (default 100)"),
    ]

    /// A warning as staff pages show it.
    struct WarningView: ResponseEncodable, Sendable {
        var warning: WarningRecord
        /// Whether its latest message is public now (issued, not cancelled, not expired).
        var live: Bool
        /// The message type the pending revision would be issued as.
        var nextMsgType: CAPMsgType?
        /// Paths of the CAP XML of every message issued, in chain order.
        var alerts: [String]
    }

    struct WarningList: ResponseEncodable, Sendable {
        var items: [WarningView]
    }

    func view(_ record: WarningRecord) -> WarningView {
        WarningView(warning: record, live: record.isLive(at: desk.clock.now()),
                    nextMsgType: record.state == .draft || record.state == .approved ? record.pendingMsgType : nil,
                    alerts: record.messages.map { "/cap/alerts/\($0.identifier).xml" })
    }

    @Sendable func compose(_ request: Request, context: HubRequestContext) async throws -> JSONResponse<WarningView> {
        let principal = try context.requirePrincipal()
        let content = try await request.decodeJSON(as: WarningDraft.self, context: context)
        return JSONResponse(view(try await desk.compose(content, by: principal)), status: .created)
    }

    @Sendable func list(_ request: Request, context: HubRequestContext) async throws -> WarningList {
        let query = request.uri.queryParameters
        let states: [WarningState] = try query["state"].map { raw in
            try raw.split(separator: ",").map { part -> WarningState in
                guard let state = WarningState(rawValue: String(part)) else {
                    throw InputProblem.invalidField(field: "state", reason: WarningState.allCases.map(\.rawValue).joined(separator: " | "))
                }
                return state
            }
        } ?? []
        let limit = Int(try QueryInput.int64(request, "limit", default: 100, range: 1...500))
        let records = try await desk.store.list(states: states, liveAt: query["live"] == "true" ? desk.clock.now() : nil,
                                                limit: limit)
        return WarningList(items: records.map(view))
    }

    @Sendable func detail(_ request: Request, context: HubRequestContext) async throws -> WarningView {
        let id = try warningID(context)
        guard let record = try await desk.store.record(id) else { throw WarningProblem.unknownWarning(id.rawValue) }
        return view(record)
    }

    @Sendable func edit(_ request: Request, context: HubRequestContext) async throws -> WarningView {
        let input = try await request.decodeJSON(as: ContentInput.self, context: context)
        return view(try await desk.edit(try warningID(context), version: input.version, content: input.content,
                                        by: try context.requirePrincipal()))
    }

    @Sendable func approve(_ request: Request, context: HubRequestContext) async throws -> WarningView {
        let input = try await request.decodeJSON(as: VersionInput.self, context: context)
        return view(try await desk.approve(try warningID(context), version: input.version, by: try context.requirePrincipal()))
    }

    @Sendable func issue(_ request: Request, context: HubRequestContext) async throws -> WarningView {
        let input = try await request.decodeJSON(as: VersionInput.self, context: context)
        return view(try await desk.issue(try warningID(context), version: input.version, by: try context.requirePrincipal()))
    }

    @Sendable func revise(_ request: Request, context: HubRequestContext) async throws -> WarningView {
        let input = try await request.decodeJSON(as: ContentInput.self, context: context)
        return view(try await desk.revise(try warningID(context), version: input.version, content: input.content,
                                          by: try context.requirePrincipal()))
    }

    @Sendable func withdraw(_ request: Request, context: HubRequestContext) async throws -> WarningView {
        let input = try await request.decodeJSON(as: VersionInput.self, context: context)
        return view(try await desk.withdraw(try warningID(context), version: input.version, by: try context.requirePrincipal()))
    }

    @Sendable func cancel(_ request: Request, context: HubRequestContext) async throws -> WarningView {
        let input = try await request.decodeJSON(as: CancelInput.self, context: context)
        return view(try await desk.cancel(try warningID(context), version: input.version, reason: input.reason,
                                          by: try context.requirePrincipal()))
    }

    func warningID(_ context: HubRequestContext) throws -> WarningDraftID {
        let raw = try context.parameters.require("id")
        guard let id = WarningDraftID(rawValue: raw) else { throw WarningProblem.unknownWarning(raw) }
        return id
    }
}
