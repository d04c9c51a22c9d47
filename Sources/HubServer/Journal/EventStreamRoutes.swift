import Foundation
import HubKit
import Hummingbird
import NIOCore
import ServiceLifecycle

/// How the live event stream paces itself.
public struct EventStreamSettings: Sendable {
    /// A comment line is sent this often when no event came, so proxies and the page know the stream is alive.
    public var heartbeat: Duration = .seconds(15)
    /// One connection ends after this long; the client reconnects with `Last-Event-ID`, and its credential is
    /// checked again (a revoked session or disabled user stops receiving within this bound).
    public var lifetime: Duration = .seconds(600)
    /// How often the journal is read for commits made by other hub instances on the same database.
    public var poll: Duration = .milliseconds(500)

    public init() {}
}

/// The live feed of the journal as server-sent events (`text/event-stream`), for the one screen.
///
/// Each event is `id: <journal seq>`, `event: <kind>`, `data: <the event as GET /api/v1/events shows it>`.
/// A client resumes after a reconnect from `Last-Event-ID` (or `?after=`); without either it starts at the head.
/// The stream follows the journal in the database (woken by local commits, polling for other instances'), so
/// every instance sharing PostgreSQL feeds every screen. Department roles get only events carrying their
/// department; events without a department are left out for them.
struct EventStreamRoutes {
    let database: HubDatabase
    let settings: EventStreamSettings

    static let fullReaders: Set<Role> = [.admin, .auditor, .dispatcher]

    func register(on hub: HubRouter) {
        var endpoint = Endpoint(.get, "/api/v1/events/stream",
                                access: .roles(.admin, .auditor, .dispatcher, .departmentHead, .departmentOperator,
                                               apiKeyScope: "events:read"),
                                summary: "Live journal events as server-sent events, resumable from Last-Event-ID or after",
                                tag: "events",
                                query: [QueryParameter("after", "integer", "Start after this sequence number (default: Last-Event-ID, else the journal head)"),
                                        QueryParameter("kinds", "string", "Comma-separated kind prefixes to keep, e.g. case.,alarm. (default: all)"),
                                        QueryParameter("limit", "integer", "End the stream after this many events, 1–10000 (default: no limit; a script waiting for the next event uses 1)")])
        endpoint.responseMediaType = "text/event-stream"
        hub.add(endpoint, stream)
    }

    @Sendable func stream(_ request: Request, context: HubRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let department: String?
        if Self.fullReaders.contains(principal.role) {
            department = nil
        } else if let own = principal.departmentID {
            department = own.rawValue
        } else {
            throw AccessProblem.notYourDepartment
        }
        let kinds = try Self.kindPrefixes(request)
        let limit: Int? = request.uri.queryParameters["limit"] == nil ? nil
            : Int(try QueryInput.int64(request, "limit", default: 1, range: 1...10_000))
        let start: Int64
        if let resume = try Self.lastEventID(request) {
            start = resume
        } else if request.uri.queryParameters["after"] != nil {
            start = try QueryInput.int64(request, "after", default: 0, range: 0...Int64.max)
        } else {
            start = try await database.read { sql in try await Journal.head(on: sql) }
        }
        let database = self.database
        let settings = self.settings
        let body = ResponseBody { writer in
            try await writer.write(ByteBuffer(string: "retry: 2000\n: cityhub events after \(start)\n\n"))
            // A stopping hub ends its streams at once (clients reconnect to another instance or after the restart)
            // instead of waiting up to a connection's lifetime for them to drain.
            let (stop, stopper) = AsyncStream<Void>.makeStream()
            let frames = Self.frames(database: database, after: start, department: department, kinds: kinds,
                                     limit: limit, settings: settings, stop: stop)
            try await withGracefulShutdownHandler {
                for try await frame in frames {
                    try await writer.write(ByteBuffer(string: frame))
                }
            } onGracefulShutdown: {
                stopper.finish()
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok,
                        headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store",
                                  .xAccelBuffering: "no"],
                        body: body)
    }

    /// The frames to send: events as they are committed, heartbeats in the quiet, until the lifetime ends, `limit`
    /// events were sent or `stop` finishes.
    static func frames(database: HubDatabase, after: Int64, department: String?, kinds: [String], limit: Int?,
                       settings: EventStreamSettings, stop: AsyncStream<Void>) -> AsyncThrowingStream<String, any Error> {
        AsyncThrowingStream { continuation in
            let events = Task {
                do {
                    var sent = 0
                    for try await event in Journal.follow(database, after: after, department: department,
                                                          pollInterval: settings.poll) {
                        guard kinds.isEmpty || kinds.contains(where: { event.kind.hasPrefix($0) }) else { continue }
                        continuation.yield(try EventStreamRoutes.frame(event))
                        sent += 1
                        if let limit, sent >= limit { break }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error is CancellationError ? nil : error)
                }
            }
            let clock = Task {
                let deadline = ContinuousClock.now + settings.lifetime
                while ContinuousClock.now < deadline {
                    let wait = min(settings.heartbeat, deadline - ContinuousClock.now)
                    guard (try? await Task.sleep(for: wait)) != nil else { return }
                    if ContinuousClock.now < deadline { continuation.yield(": heartbeat\n\n") }
                }
                continuation.finish()
            }
            let stopper = Task {
                for await _ in stop {}
                continuation.finish()
            }
            continuation.onTermination = { _ in
                events.cancel()
                clock.cancel()
                stopper.cancel()
            }
        }
    }

    /// One event in the wire format; `data` is one line of JSON (JSON never holds a raw line break).
    static func frame(_ event: HubEvent) throws -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(event), as: UTF8.self)
        return "id: \(event.seq)\nevent: \(event.kind)\ndata: \(json)\n\n"
    }

    /// `Last-Event-ID` as a journal sequence number; nil when absent or empty (a fresh start).
    static func lastEventID(_ request: Request) throws -> Int64? {
        guard let text = request.headers[.lastEventID]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            return nil
        }
        guard let seq = Int64(text), seq >= 0 else {
            throw InputProblem.invalidField(field: "Last-Event-ID",
                                            reason: "应为日志序号（非负整数）/ a journal sequence number (a non-negative integer)")
        }
        return seq
    }

    /// `kinds=case.,alarm.`: at most 20 prefixes of letters, digits, `.`, `_` and `-`.
    static func kindPrefixes(_ request: Request) throws -> [String] {
        guard let text = request.uri.queryParameters["kinds"].map(String.init), !text.isEmpty else { return [] }
        let prefixes = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "._-"))
        guard prefixes.count <= 20, prefixes.allSatisfy({ $0.count <= 64 && $0.unicodeScalars.allSatisfy(allowed.contains) }) else {
            throw InputProblem.invalidField(field: "kinds",
                                            reason: "应为以逗号分隔的事件类型前缀（至多 20 个）/ comma-separated event kind prefixes (at most 20)")
        }
        return prefixes
    }
}
