import Foundation
import HTTPTypes
import HubKit
import Hummingbird
import HummingbirdWebSocket
import Logging

/// The gateway protocol's WebSocket endpoint, `GET /api/v1/traffic/gateway`.
///
/// The upgrade happens only for a request with a valid `signal_gateway` (or `admin`) credential; any other request
/// falls through to the router, whose route for the same path answers with the problem (401, 403, or 426 when the
/// caller may connect but did not ask for a WebSocket).
public struct GatewayEndpoint: Sendable {
    public static let path = "/api/v1/traffic/gateway"
    public static let access = Access.roles(.signalGateway, .admin, apiKeyScope: "traffic:gateway")

    let desk: TrafficDesk
    /// Resolves a bearer credential to its principal (nil when it is not valid).
    let authenticate: @Sendable (String) async -> Principal?

    public init(desk: TrafficDesk, authenticate: @escaping @Sendable (String) async -> Principal?) {
        self.desk = desk
        self.authenticate = authenticate
    }

    /// For `HTTPServerBuilder.http1WebSocketUpgrade(shouldUpgrade:)`.
    public func shouldUpgrade(_ request: HTTPRequest, logger: Logger) async -> ShouldUpgradeResult<WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>> {
        guard request.path?.split(separator: "?").first.map(String.init) == Self.path,
              let header = request.headerFields[.authorization] else { return .dontUpgrade }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer",
              let principal = await authenticate(String(parts[1]).trimmingCharacters(in: .whitespaces)),
              (try? Self.access.check(principal)) != nil else { return .dontUpgrade }
        let desk = self.desk
        return .upgrade([:]) { inbound, outbound, context in
            let session = GatewaySession(desk: desk, logger: context.logger)
            do {
                try await serve(session, inbound: inbound, outbound: outbound)
            } catch {
                context.logger.info("gateway connection ended", metadata: ["error": "\(error)"])
            }
            await session.closed()
        }
    }

    func serve(_ session: GatewaySession, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    while !Task.isCancelled {
                        try await Task.sleep(for: .milliseconds(100))
                        if let beat = await session.tick() { try await outbound.write(.text(beat)) }
                    }
                }
                defer { group.cancelAll() }
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    let text: String
                    switch message {
                    case .text(let t): text = t
                    case .binary: text = ""
                    }
                    for reply in await session.receive(text) { try await outbound.write(.text(reply)) }
                }
            }
    }
}

/// The plain-HTTP side of the gateway path: documents it and refuses what is not a WebSocket upgrade.
public struct GatewayRoutes: Sendable {
    public init() {}

    public func register(on hub: HubRouter) {
        hub.add(Endpoint(.get, GatewayEndpoint.path, access: GatewayEndpoint.access,
                         summary: "Signal-gateway protocol v1 over WebSocket (docs/TRAFFIC-GATEWAY.md); 426 without the upgrade",
                         tag: "traffic"), refuse)
    }

    @Sendable func refuse(_ request: Request, context: HubRequestContext) async throws -> Response {
        throw TrafficProblem.upgradeRequired
    }
}
