import Foundation
import HubKit
import Hummingbird

/// Alarm rule management: read the set, replace it, put or delete one rule, check rules without taking them, and
/// replay a recorded period to see which alarms rules would have raised. The command centre writes; staff read.
public struct RuleRoutes: Sendable {
    let desk: TelemetryDesk

    public init(desk: TelemetryDesk) {
        self.desk = desk
    }

    static let read = Access.signedIn(apiKeyScope: "telemetry:read")
    static let write = Access.roles(.admin, .dispatcher, apiKeyScope: "rules:write")

    public func register(on hub: HubRouter) {
        hub.catalog.addSchemas(AlarmSchemas.all)
        hub.add(Endpoint(.get, "/api/v1/telemetry/rules", access: Self.read, summary: "The alarm rules in force and their version",
                         tag: "alarms", response: "RuleSet"), list)
        hub.add(Endpoint(.put, "/api/v1/telemetry/rules", access: Self.write,
                         summary: "Replace every rule (all or nothing; `version` must be current, 409 when stale; 400 INVALID_RULES names each fault)",
                         tag: "alarms", request: "RuleSetInput", response: "RuleSet"), replace)
        hub.add(Endpoint(.post, "/api/v1/telemetry/rules/check", access: Self.write,
                         summary: "Check rules without taking them: 200 when valid, else 400 INVALID_RULES", tag: "alarms",
                         request: "RuleList", response: "RuleCheckResult"), check)
        hub.add(Endpoint(.post, "/api/v1/telemetry/rules/replay", access: Self.write,
                         summary: "Replay stored observations of a period through rules (the given ones or those in force); nothing is written",
                         tag: "alarms", request: "ReplayInput", response: "ReplayResult"), replay)
        hub.add(Endpoint(.get, "/api/v1/telemetry/rules/status", access: Self.read,
                         summary: "The rules evaluator on this hub instance: whether it evaluates, its journal position, readings evaluated",
                         tag: "alarms", response: "EvaluatorStatus"), status)
        hub.add(Endpoint(.put, "/api/v1/telemetry/rules/:id", access: Self.write, summary: "Add or replace one rule",
                         tag: "alarms", request: "AlarmRule", response: "RuleSet"), put)
        hub.add(Endpoint(.delete, "/api/v1/telemetry/rules/:id", access: Self.write, summary: "Remove one rule; its open alarms stay until handled",
                         tag: "alarms", response: "RuleSet"), delete)
    }

    struct RuleSetInput: Decodable {
        var version: Int?
        var rules: [AlarmRule]
    }

    struct CheckResult: ResponseEncodable {
        var valid: Bool
        var rules: Int
    }

    @Sendable func list(_ request: Request, context: HubRequestContext) async throws -> JSONResponse<RuleStore.RuleSet> {
        _ = try context.requirePrincipal()
        return JSONResponse(try await desk.rules.current())
    }

    @Sendable func replace(_ request: Request, context: HubRequestContext) async throws -> JSONResponse<RuleStore.RuleSet> {
        let principal = try context.requirePrincipal()
        let input = try await request.decodeJSON(as: RuleSetInput.self, context: context)
        let set = try await desk.rules.replace(input.rules, expectedVersion: input.version, actor: principal.actor)
        desk.evaluator.feed.nudge()
        return JSONResponse(set)
    }

    @Sendable func check(_ request: Request, context: HubRequestContext) async throws -> CheckResult {
        _ = try context.requirePrincipal()
        let rules = try await request.decodeJSON(as: [AlarmRule].self, context: context)
        try await desk.rules.check(rules)
        return CheckResult(valid: true, rules: rules.count)
    }

    @Sendable func put(_ request: Request, context: HubRequestContext) async throws -> JSONResponse<RuleStore.RuleSet> {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let rule = try await request.decodeJSON(as: AlarmRule.self, context: context)
        guard rule.id.rawValue == id else { throw InputProblem.invalidField(field: "id", reason: "与路径不一致 / differs from the path") }
        let set = try await desk.rules.put(rule, actor: principal.actor)
        desk.evaluator.feed.nudge()
        return JSONResponse(set)
    }

    @Sendable func delete(_ request: Request, context: HubRequestContext) async throws -> JSONResponse<RuleStore.RuleSet> {
        let principal = try context.requirePrincipal()
        let raw = try context.parameters.require("id")
        guard let id = RuleID(rawValue: raw) else { throw TelemetryProblem.ruleNotFound(raw) }
        let set = try await desk.rules.delete(id, actor: principal.actor)
        desk.evaluator.feed.nudge()
        return JSONResponse(set)
    }

    struct StatusBody: ResponseEncodable {
        var evaluator: AlarmEvaluator.Status
        var journalHead: Int64
        var lag: Int64
    }

    @Sendable func status(_ request: Request, context: HubRequestContext) async throws -> StatusBody {
        _ = try context.requirePrincipal()
        let status = await desk.evaluator.status()
        let head = try await desk.rules.database.read { sql in try await Journal.head(on: sql) }
        return StatusBody(evaluator: status, journalHead: head, lag: head - status.cursor)
    }

    @Sendable func replay(_ request: Request, context: HubRequestContext) async throws -> JSONResponse<RuleReplay.Result> {
        _ = try context.requirePrincipal()
        let input = try await request.decodeJSON(as: RuleReplay.Input.self, context: context)
        return JSONResponse(try await RuleReplay(database: desk.rules.database, rules: desk.rules).run(input))
    }
}
