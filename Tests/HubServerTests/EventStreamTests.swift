import Foundation
import HubKit
@testable import HubServer
import HubTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// The live feed `GET /api/v1/events/stream`: resume, order, department filtering, denials and another writer.
/// Each stream here ends after the events it expects (`limit`), so a loaded machine cannot cut it short; the
/// lifetime (default 1.5 s here) only ends the refusals' and the quiet streams.
@Suite("Event stream")
struct EventStreamTests {
    struct Note: Encodable { var n: Int }

    static func start(_ engine: DatabaseEngine, lifetime: Duration = .milliseconds(1500)) async throws -> TestHub {
        try await TestHub.start(engine) { configuration in
            configuration.eventStream.lifetime = lifetime
            configuration.eventStream.heartbeat = .milliseconds(300)
            configuration.eventStream.poll = .milliseconds(100)
        }
    }

    static func append(_ database: HubDatabase, kind: String = "test.noted", department: String?, n: Int) async throws -> Int64 {
        try await database.write { tx in
            try await Journal.append(try NewEvent(kind: kind, subject: "test:\(n)", actor: "system", department: department,
                                                  payload: Note(n: n)), in: tx, clock: .system).seq
        }
    }

    /// The stream's events as (id, kind, data), in the order sent.
    struct Frame: Equatable { var id: Int64; var kind: String; var data: String }

    static func frames(_ body: String) -> [Frame] {
        body.components(separatedBy: "\n\n").compactMap { block in
            var id: Int64?, kind: String?, data: String?
            for line in block.split(separator: "\n") {
                if line.hasPrefix("id: ") { id = Int64(line.dropFirst(4)) }
                if line.hasPrefix("event: ") { kind = String(line.dropFirst(7)) }
                if line.hasPrefix("data: ") { data = String(line.dropFirst(6)) }
            }
            guard let id, let kind, let data else { return nil }
            return Frame(id: id, kind: kind, data: data)
        }
    }

    @Test("resumes after ?after= and after Last-Event-ID, with events in journal order", arguments: TestDatabases.engines)
    func resumesAfterSequenceNumber(engine: DatabaseEngine) async throws {
        let hub = try await Self.start(engine, lifetime: .seconds(120))
        let dispatcher = try await hub.signIn("dispatcher1", role: .dispatcher)
        var written: [Int64] = []
        for n in 1...5 { written.append(try await Self.append(hub.services.database, department: "drainage", n: n)) }
        let seqs = written
        let after = seqs[1]
        try await hub.run { client in
            try await client.execute(uri: "/api/v1/events/stream?after=\(after)&kinds=test.&limit=3", method: .get,
                                     headers: .bearer(dispatcher)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/event-stream") == true)
                let body = String(buffer: response.body)
                let frames = Self.frames(body)
                #expect(frames.map(\.id) == Array(seqs[2...]))
                #expect(frames.allSatisfy { $0.kind == "test.noted" })
                let first = try JSONDecoder().decode([String: JSONValue].self, from: Data(frames[0].data.utf8))
                #expect(first["payload"] == .string(#"{"n":3}"#))
                #expect(first["department"] == .string("drainage"))
                #expect(body.hasPrefix("retry: 2000"))
            }
            var resume = HTTPFields.bearer(dispatcher)
            resume[.lastEventID] = "\(seqs[3])"
            try await client.execute(uri: "/api/v1/events/stream?after=0&kinds=test.&limit=1", method: .get, headers: resume) { response in
                #expect(Self.frames(String(buffer: response.body)).map(\.id) == [seqs[4]])
            }
            // Quiet until the next commit: heartbeats keep the connection alive meanwhile.
            let writer = Task {
                try await Task.sleep(for: .milliseconds(1500))
                return try await Self.append(hub.services.database, department: "drainage", n: 6)
            }
            try await client.execute(uri: "/api/v1/events/stream?after=\(seqs[4])&kinds=test.&limit=1", method: .get,
                                     headers: .bearer(dispatcher)) { response in
                let body = String(buffer: response.body)
                let next = try await writer.value
                #expect(body.contains(": heartbeat"))
                #expect(Self.frames(body).map(\.id) == [next])
            }
        }
    }

    @Test("events committed while the stream is open arrive in order, also when another writer commits them",
          arguments: TestDatabases.engines)
    func followsNewCommitsInOrder(engine: DatabaseEngine) async throws {
        // The stream starts at the head read before any commit (a slow start of the request cannot skip them) and
        // ends after the six events (`limit`), however slowly a loaded machine commits them.
        let hub = try await Self.start(engine, lifetime: .seconds(120))
        let dispatcher = try await hub.signIn("dispatcher1", role: .dispatcher)
        let database = hub.services.database
        let head = try await hub.journalHead()
        // A second handle on the same database stands for another hub instance: its commits do not signal ours.
        var other: HubDatabase?
        if case .postgres = hub.services.configuration.database {
            other = try await HubDatabase.open(hub.services.configuration.database, logger: TestDatabases.logger)
        }
        let second = other
        try await hub.run { client in
            let writer = Task {
                try await Task.sleep(for: .milliseconds(300))
                var written: [Int64] = []
                for n in 1...6 {
                    let target = n.isMultiple(of: 2) ? (second ?? database) : database
                    written.append(try await Self.append(target, department: nil, n: n))
                }
                return written
            }
            try await client.execute(uri: "/api/v1/events/stream?after=\(head)&kinds=test.&limit=6", method: .get,
                                     headers: .bearer(dispatcher)) { response in
                let written = try await writer.value
                #expect(Self.frames(String(buffer: response.body)).map(\.id) == written)
            }
        }
        await second?.close()
    }

    @Test("a department's operator and head get only their department's events; others are refused",
          arguments: TestDatabases.engines)
    func filtersByDepartment(engine: DatabaseEngine) async throws {
        let hub = try await Self.start(engine, lifetime: .seconds(120))
        let operatorToken = try await hub.signIn("roads-op", role: .departmentOperator, department: DepartmentID(rawValue: "roads"))
        let head = try await hub.signIn("roads-head", role: .departmentHead, department: DepartmentID(rawValue: "roads"))
        let viewer = try await hub.signIn("viewer1", role: .viewer)
        let inspector = try await hub.signIn("inspector1", role: .inspector)
        let start = try await hub.journalHead()
        let roads = try await Self.append(hub.services.database, department: "roads", n: 1)
        _ = try await Self.append(hub.services.database, department: "drainage", n: 2)
        _ = try await Self.append(hub.services.database, department: nil, n: 3)
        let roadsAgain = try await Self.append(hub.services.database, department: "roads", n: 4)
        try await hub.run { client in
            for token in [operatorToken, head] {
                try await client.execute(uri: "/api/v1/events/stream?after=\(start)&limit=2", method: .get,
                                         headers: .bearer(token)) { response in
                    #expect(response.status == .ok)
                    let frames = Self.frames(String(buffer: response.body))
                    #expect(frames.map(\.id) == [roads, roadsAgain])
                    #expect(!String(buffer: response.body).contains("drainage"))
                }
            }
            for token in [viewer, inspector] {
                try await client.execute(uri: "/api/v1/events/stream", method: .get, headers: .bearer(token)) { response in
                    #expect(response.status == .forbidden)
                    #expect(response.problem?.code == "FORBIDDEN_ROLE")
                }
            }
            try await client.execute(uri: "/api/v1/events/stream", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(response.problem?.code == "UNAUTHENTICATED")
            }
        }
    }

    @Test("a bad Last-Event-ID, after or kinds is a 422 problem", arguments: TestDatabases.engines)
    func badInputIsAProblem(engine: DatabaseEngine) async throws {
        let hub = try await Self.start(engine)
        let dispatcher = try await hub.signIn("dispatcher1", role: .dispatcher)
        try await hub.run { client in
            var headers = HTTPFields.bearer(dispatcher)
            headers[.lastEventID] = "seven"
            try await client.execute(uri: "/api/v1/events/stream", method: .get, headers: headers) { response in
                #expect(response.status == .unprocessableContent)
                #expect(response.problem?.code == "INVALID_FIELD")
            }
            for query in ["after=-1", "after=x", "kinds=case%20x", "kinds=a;b", "limit=0", "limit=many"] {
                try await client.execute(uri: "/api/v1/events/stream?\(query)", method: .get,
                                         headers: .bearer(dispatcher)) { response in
                    #expect(response.status == .unprocessableContent, "\(query)")
                    #expect(response.problem?.code == "INVALID_FIELD", "\(query)")
                }
            }
        }
    }
}
