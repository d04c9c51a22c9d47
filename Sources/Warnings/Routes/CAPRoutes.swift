import Foundation
import HubKit
import Hummingbird

/// The public face of warnings: each issued CAP message as `application/cap+xml`, and an Atom feed of the
/// current ones for aggregators. Nobody needs to sign in; drafts are never here.
public struct CAPRoutes: Sendable {
    let desk: WarningDesk
    /// The hub's public base URL for the feed's links (e.g. `https://hub.example.gov.cn`); taken from the request's
    /// Host header when nil.
    let publicURL: String?

    public init(desk: WarningDesk, publicURL: String?) {
        self.desk = desk
        self.publicURL = publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
    }

    public func register(on hub: HubRouter) {
        var alert = Endpoint(.get, "/cap/alerts/{identifier}.xml", access: .everyone,
                             summary: "One issued CAP 1.2 message, exactly as issued", tag: "cap")
        alert.responseMediaType = "application/cap+xml"
        hub.add(alert, self.alert)
        var feed = Endpoint(.get, "/cap/feed.xml", access: .everyone,
                            summary: "Atom feed of current alerts (issued, not cancelled, not expired)", tag: "cap")
        feed.responseMediaType = "application/atom+xml"
        hub.add(feed, self.feed)
    }

    @Sendable func alert(_ request: Request, context: HubRequestContext) async throws -> Response {
        let identifier = try context.parameters.require("identifier")
        guard CAPText.isToken(identifier), let xml = try await desk.store.messageXML(identifier) else {
            throw WarningProblem.unknownAlert(identifier)
        }
        return Response.text(xml, type: "application/cap+xml", headers: [.cacheControl: "public, max-age=31536000, immutable"])
    }

    @Sendable func feed(_ request: Request, context: HubRequestContext) async throws -> Response {
        let now = desk.clock.now()
        let entries = try await desk.store.live(at: now).compactMap { record -> AtomFeed.Entry? in
            guard let last = record.messages.last else { return nil }
            let content = record.issuedContent ?? record.content
            return AtomFeed.Entry(identifier: last.identifier, headline: last.headline, sent: last.sentAt, msgType: last.msgType,
                                  severity: content.severity?.rawValue ?? "Unknown", event: content.event,
                                  areaDescription: content.areas.map(\.description).joined(separator: "、"))
        }
        let name = desk.settings.senderName
        let xml = AtomFeed.document(entries: entries, baseURL: baseURL(request), title: "\(name.zh) 当前预警 / current warnings",
                                    author: name.zh, now: now)
        return Response.text(xml, type: "application/atom+xml; charset=utf-8", headers: [.cacheControl: "public, max-age=30"])
    }

    func baseURL(_ request: Request) -> String {
        if let publicURL { return publicURL }
        let host = request.head.authority ?? "localhost"
        return "http://\(host)"
    }
}
