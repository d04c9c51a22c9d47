import Foundation
import HubKit
@testable import HubServer
import HubTestSupport
import Hummingbird
import HummingbirdTesting
import Prometheus

/// A hub on a fresh database of one engine, with a movable clock and a cheap bcrypt cost, for router tests.
struct TestHub {
    let services: HubServices
    let clock: TestClock
    var configuration = HubConfiguration()

    static func start(_ engine: DatabaseEngine, configure: (inout HubConfiguration) -> Void = { _ in }) async throws -> TestHub {
        var configuration = HubConfiguration()
        configuration.database = try await TestDatabases.location(engine)
        configuration.dataDirectory = TestDatabases.scratchFolder.appendingPathComponent("data-\(UUID().uuidString)").path
        configuration.bcryptCost = 4
        configuration.sessionHours = 2
        configure(&configuration)
        let clock = TestClock()
        let services = try await HubServices.start(configuration, logger: TestDatabases.logger, clock: clock.clock)
        return TestHub(services: services, clock: clock, configuration: configuration)
    }

    /// A new hub on the same database and clock, as after a restart (stop this one first, e.g. by `run`).
    func restarted() async throws -> TestHub {
        let services = try await HubServices.start(configuration, logger: TestDatabases.logger, clock: clock.clock)
        return TestHub(services: services, clock: clock, configuration: configuration)
    }

    /// Runs `body` against the router of this hub, then closes the database (so checks of stored state belong
    /// inside `body`).
    func run(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let router = HubApplication.buildRouter(services: services, metrics: PrometheusCollectorRegistry())
        let app = Application(router: router, logger: TestDatabases.logger)
        do {
            try await app.test(.router, body)
        } catch {
            await services.stop()
            throw error
        }
        await services.stop()
    }

    /// Runs `body` against this hub served on a real loopback socket (a free port, `client.port`), then closes the
    /// database.
    func runLive(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let router = HubApplication.buildRouter(services: services, metrics: PrometheusCollectorRegistry())
        let app = Application(router: router, server: HubApplication.server(services: services),
                              configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              logger: TestDatabases.logger)
        do {
            try await app.test(.live, body)
        } catch {
            await services.stop()
            throw error
        }
        await services.stop()
    }

    /// Creates a user and signs them in; returns the bearer token.
    @discardableResult
    func signIn(_ username: String, role: Role, department: DepartmentID? = nil) async throws -> String {
        if let department, try await services.accounts.store.department(department) == nil {
            _ = try await services.accounts.createDepartment(
                Department(id: department, name: "测试部门 \(department)", nameEn: "Test \(department)", kind: .functional),
                by: "test")
        }
        _ = try await services.accounts.createUser(
            .init(username: username, displayName: username, role: role, departmentId: department, password: "\(username)-password"),
            by: "test")
        return try await services.accounts.login(username: username, password: "\(username)-password", address: nil).token
    }

    func journalHead() async throws -> Int64 {
        try await services.database.read { sql in try await Journal.head(on: sql) }
    }
}

extension HTTPFields {
    static func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }
    static func json(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)", .contentType: "application/json"] }
}

/// A decoded problem+json body.
struct ProblemBody: Decodable {
    var type: String
    var code: String
    var status: Int
    var detail: String
    var faults: [[String: String]]?
}

extension TestResponse {
    var problem: ProblemBody? {
        guard headers[.contentType]?.hasPrefix("application/problem+json") == true else { return nil }
        return try? JSONDecoder().decode(ProblemBody.self, from: Data(buffer: body))
    }

    func json<T: Decodable>(_ type: T.Type) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(type, from: Data(buffer: body))
    }
}
