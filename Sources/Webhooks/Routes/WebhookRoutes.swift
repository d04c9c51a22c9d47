import Foundation
import HubKit
import Hummingbird

/// Administrators' API of outgoing webhooks: subscriptions (the secret shown once, on creation and rotation),
/// their delivery state, and the dead-letter list with replay. Administrators only: a subscription sends every
/// department's events to an outside address.
public struct WebhookRoutes: Sendable {
    let desk: WebhookDesk

    public init(desk: WebhookDesk) {
        self.desk = desk
    }

    public func register(on hub: HubRouter) {
        hub.catalog.addSchemas(WebhookSchemas.all)
        let admin = Access.roles(.admin)
        hub.add(Endpoint(.post, "/api/v1/webhooks", access: admin,
                         summary: "Subscribe a URL to journal events (Standard Webhooks); the signing secret is shown only in this answer",
                         tag: "webhooks", request: "WebhookInput", response: "WebhookCreated", status: 201), create)
        hub.add(Endpoint(.get, "/api/v1/webhooks", access: admin, summary: "Every webhook subscription with its delivery state",
                         tag: "webhooks", response: "WebhookList"), list)
        hub.add(Endpoint(.get, "/api/v1/webhooks/:id", access: admin, summary: "One webhook subscription with its delivery state",
                         tag: "webhooks", response: "Webhook"), detail)
        hub.add(Endpoint(.put, "/api/v1/webhooks/:id", access: admin,
                         summary: "Change a subscription's URL, filters, department, description or enabled flag (with its version)",
                         tag: "webhooks", request: "WebhookInput", response: "Webhook"), change)
        hub.add(Endpoint(.delete, "/api/v1/webhooks/:id", access: admin,
                         summary: "Remove a subscription with its delivery state and dead letters", tag: "webhooks", status: 204), remove)
        hub.add(Endpoint(.post, "/api/v1/webhooks/:id/rotate-secret", access: admin,
                         summary: "A new signing secret, shown only in this answer; the old one keeps signing beside it for 24 hours",
                         tag: "webhooks", response: "WebhookCreated"), rotate)
        hub.add(Endpoint(.get, "/api/v1/webhooks/:id/dead-letters", access: admin,
                         summary: "Events given up on (and replays), oldest first, with the last error", tag: "webhooks",
                         response: "WebhookDeadLetterList", query: Self.deadLetterQuery), deadLetters)
        hub.add(Endpoint(.post, "/api/v1/webhooks/:id/dead-letters/:seq/replay", access: admin,
                         summary: "Send a dead letter again (same webhook-id), with fresh attempts", tag: "webhooks",
                         response: "WebhookDeadLetter"), replay)
    }

    static let deadLetterQuery = [
        QueryParameter("state", "string", "dead | queued | delivered (default: all)"),
        QueryParameter("after", "integer", "Only events after this journal seq (paging)"),
        QueryParameter("limit", "integer", "1–500 (default 100)"),
    ]

    /// A subscription as the API shows it: never its secret.
    struct SubscriptionView: ResponseEncodable, Sendable {
        var subscription: WebhookSubscription
        var delivery: DeliveryStatus?
    }

    struct Created: ResponseEncodable, Sendable {
        var webhook: SubscriptionView
        /// The signing secret (`whsec_…`); shown only here.
        var secret: String
    }

    struct SubscriptionList: ResponseEncodable, Sendable {
        var items: [SubscriptionView]
    }

    struct DeadLetterList: ResponseEncodable, Sendable {
        var items: [DeadLetter]
    }

    func view(_ subscription: WebhookSubscription) async throws -> SubscriptionView {
        SubscriptionView(subscription: subscription, delivery: try await desk.deliveries.status(subscription.id))
    }

    @Sendable func create(_ request: Request, context: HubRequestContext) async throws -> JSONResponse<Created> {
        let principal = try context.requirePrincipal()
        let settings = try await request.decodeJSON(as: SubscriptionInput.self, context: context)
            .checked(departmentExists: desk.departmentExists)
        let (subscription, secret) = try await desk.subscriptions.create(settings, by: principal)
        return JSONResponse(Created(webhook: try await view(subscription), secret: secret.text), status: .created)
    }

    @Sendable func list(_ request: Request, context: HubRequestContext) async throws -> SubscriptionList {
        var items: [SubscriptionView] = []
        for subscription in try await desk.subscriptions.list() { items.append(try await view(subscription)) }
        return SubscriptionList(items: items)
    }

    @Sendable func detail(_ request: Request, context: HubRequestContext) async throws -> SubscriptionView {
        let id = try webhookID(context)
        guard let subscription = try await desk.subscriptions.subscription(id) else { throw WebhookProblem.unknownSubscription(id.rawValue) }
        return try await view(subscription)
    }

    @Sendable func change(_ request: Request, context: HubRequestContext) async throws -> SubscriptionView {
        let principal = try context.requirePrincipal()
        let id = try webhookID(context)
        let input = try await request.decodeJSON(as: SubscriptionInput.self, context: context)
        guard let version = input.version else { throw InputProblem.missingField("version") }
        let settings = try await input.checked(departmentExists: desk.departmentExists)
        return try await view(try await desk.subscriptions.update(id, version: version, to: settings, by: principal))
    }

    @Sendable func remove(_ request: Request, context: HubRequestContext) async throws -> HTTPResponse.Status {
        let principal = try context.requirePrincipal()
        let id = try webhookID(context)
        guard try await desk.subscriptions.remove(id, by: principal) else { throw WebhookProblem.unknownSubscription(id.rawValue) }
        return .noContent
    }

    @Sendable func rotate(_ request: Request, context: HubRequestContext) async throws -> Created {
        let principal = try context.requirePrincipal()
        let (subscription, secret) = try await desk.subscriptions.rotateSecret(try webhookID(context), by: principal)
        return Created(webhook: try await view(subscription), secret: secret.text)
    }

    @Sendable func deadLetters(_ request: Request, context: HubRequestContext) async throws -> DeadLetterList {
        let id = try webhookID(context)
        guard try await desk.subscriptions.subscription(id) != nil else { throw WebhookProblem.unknownSubscription(id.rawValue) }
        let state: DeadLetter.State? = try request.uri.queryParameters["state"].map { raw in
            guard let state = DeadLetter.State(rawValue: String(raw)) else {
                throw InputProblem.invalidField(field: "state", reason: DeadLetter.State.allCases.map(\.rawValue).joined(separator: " | "))
            }
            return state
        }
        let after = try QueryInput.int64(request, "after", default: 0, range: 0...Int64.max)
        let limit = Int(try QueryInput.int64(request, "limit", default: 100, range: 1...500))
        return DeadLetterList(items: try await desk.deliveries.deadLetters(id, state: state, after: after, limit: limit))
    }

    @Sendable func replay(_ request: Request, context: HubRequestContext) async throws -> DeadLetter {
        let principal = try context.requirePrincipal()
        let id = try webhookID(context)
        let raw = try context.parameters.require("seq")
        guard let seq = Int64(raw), seq > 0 else { throw WebhookProblem.unknownDeadLetter(subscription: id.rawValue, seq: 0) }
        return try await desk.deliveries.replay(id, seq: seq, by: principal)
    }

    func webhookID(_ context: HubRequestContext) throws -> WebhookID {
        let raw = try context.parameters.require("id")
        guard let id = WebhookID(rawValue: raw) else { throw WebhookProblem.unknownSubscription(raw) }
        return id
    }
}

extension DeadLetter: ResponseEncodable {}
