import Foundation
import HubKit
@testable import HubServer
import HubTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// Who may call what: every denial the access layer makes, on both storage engines.
@Suite struct AccessTests {
    @Test(arguments: TestDatabases.engines)
    func noCredential_gets401WithChallenge(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        try await hub.run { client in
            try await client.execute(uri: "/api/v1/me", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(response.problem?.code == "UNAUTHENTICATED")
                #expect(response.problem?.type == "/problems/UNAUTHENTICATED")
                #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            }
            try await client.execute(uri: "/api/v1/geo/grids", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func unknownToken_gets401(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        try await hub.run { client in
            for token in ["cht_nonsense", "chk_abc_def", "garbage", ""] {
                try await client.execute(uri: "/api/v1/me", method: .get, headers: .bearer(token)) { response in
                    #expect(response.status == .unauthorized, "token \(token)")
                }
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func wrongRole_gets403(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        let viewer = try await hub.signIn("viewer1", role: .viewer)
        let head = try await hub.journalHead()
        try await hub.run { client in
            let body = ByteBuffer(string: #"{"username":"sneaky","displayName":"x","role":"admin","password":"0123456789ab"}"#)
            try await client.execute(uri: "/api/v1/users", method: .post, headers: .json(viewer), body: body) { response in
                #expect(response.status == .forbidden)
                #expect(response.problem?.code == "FORBIDDEN_ROLE")
            }
            try await client.execute(uri: "/api/v1/events", method: .get, headers: .bearer(viewer)) { response in
                #expect(response.problem?.code == "FORBIDDEN_ROLE")
            }
            try await client.execute(uri: "/api/v1/me", method: .get, headers: .bearer(viewer)) { response in
                #expect(response.status == .ok)
            }
            #expect(try await hub.journalHead() == head)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func disabledUser_tokenStopsWorking_andCannotSignIn(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        let admin = try await hub.signIn("admin1", role: .admin)
        let inspector = try await hub.signIn("inspector1", role: .inspector)
        let user = try #require(try await hub.services.accounts.store.users().first { $0.username == "inspector1" })
        try await hub.run { client in
            try await client.execute(uri: "/api/v1/users/\(user.id)/disable", method: .post, headers: .bearer(admin)) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/api/v1/me", method: .get, headers: .bearer(inspector)) { response in
                #expect(response.status == .unauthorized)
                #expect(response.problem?.code == "INVALID_TOKEN")
            }
            let login = ByteBuffer(string: #"{"username":"inspector1","password":"inspector1-password"}"#)
            try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: [.contentType: "application/json"], body: login) { response in
                #expect(response.status == .unauthorized)
                #expect(response.problem?.code == "ACCOUNT_DISABLED")
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func expiredToken_gets401(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        let token = try await hub.signIn("dispatcher1", role: .dispatcher)
        try await hub.run { client in
            try await client.execute(uri: "/api/v1/me", method: .get, headers: .bearer(token)) { response in
                #expect(response.status == .ok)
            }
            hub.clock.advance(by: 2 * 3600 + 1)
            try await client.execute(uri: "/api/v1/me", method: .get, headers: .bearer(token)) { response in
                #expect(response.status == .unauthorized)
                #expect(response.problem?.code == "INVALID_TOKEN")
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func loggedOutToken_gets401(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        let token = try await hub.signIn("auditor1", role: .auditor)
        try await hub.run { client in
            try await client.execute(uri: "/api/v1/auth/logout", method: .post, headers: .bearer(token)) { response in
                #expect(response.status == .noContent)
            }
            try await client.execute(uri: "/api/v1/me", method: .get, headers: .bearer(token)) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func apiKey_isLimitedToItsScopes_andRevocable(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        let admin = try await hub.signIn("admin1", role: .admin)
        let (key, secret) = try await hub.services.accounts.createAPIKey(
            .init(name: "map wall", role: .viewer, departmentId: nil, scopes: ["geo:read"], expiresInDays: nil), by: "test")
        try await hub.run { client in
            try await client.execute(uri: "/api/v1/geo/streets", method: .get, headers: .bearer(secret)) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/api/v1/geo/streets", method: .get, headers: [.xAPIKey: secret]) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/api/v1/me", method: .get, headers: .bearer(secret)) { response in
                #expect(response.status == .forbidden)
                #expect(response.problem?.code == "MISSING_SCOPE")
            }
            try await client.execute(uri: "/api/v1/api-keys/\(key.id)", method: .delete, headers: .bearer(admin)) { response in
                #expect(response.status == .noContent)
            }
            try await client.execute(uri: "/api/v1/geo/streets", method: .get, headers: .bearer(secret)) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func departmentHead_seesOnlyTheirDepartment(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        let streetOne = try #require(DepartmentID(rawValue: "street-001"))
        let streetTwo = try #require(DepartmentID(rawValue: "street-002"))
        let head = try await hub.signIn("head1", role: .departmentHead, department: streetOne)
        try await hub.signIn("operator1", role: .departmentOperator, department: streetOne)
        try await hub.signIn("operator2", role: .departmentOperator, department: streetTwo)
        let users = try await hub.services.accounts.store.users()
        let own = try #require(users.first { $0.username == "operator1" })
        let other = try #require(users.first { $0.username == "operator2" })
        try await hub.run { client in
            try await client.execute(uri: "/api/v1/users/\(own.id)", method: .get, headers: .bearer(head)) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/api/v1/users/\(other.id)", method: .get, headers: .bearer(head)) { response in
                #expect(response.status == .forbidden)
                #expect(response.problem?.code == "NOT_YOUR_DEPARTMENT")
            }
            try await client.execute(uri: "/api/v1/users", method: .get, headers: .bearer(head)) { response in
                let listed = try response.json(AccountRoutes.Items<UserView>.self).items.map(\.username)
                #expect(Set(listed) == ["head1", "operator1"])
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func repeatedWrongPasswords_areRateLimited(engine: DatabaseEngine) async throws {
        let hub = try await TestHub.start(engine)
        try await hub.signIn("target1", role: .viewer)
        try await hub.run { client in
            let wrong = ByteBuffer(string: #"{"username":"target1","password":"not-the-password"}"#)
            for _ in 0..<LoginThrottle.Policy().perUsername {
                try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: [.contentType: "application/json"], body: wrong) { response in
                    #expect(response.problem?.code == "INVALID_CREDENTIALS")
                }
            }
            let right = ByteBuffer(string: #"{"username":"target1","password":"target1-password"}"#)
            try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: [.contentType: "application/json"], body: right) { response in
                #expect(response.status == .tooManyRequests)
                #expect(response.problem?.code == "RATE_LIMITED")
                #expect(Int(response.headers[.retryAfter] ?? "") ?? 0 > 0)
            }
        }
    }
}

@Suite struct RecentPrincipalsTests {
    static let someone = Principal(kind: .user, id: "u1", name: "someone", role: .inspector, departmentID: nil)

    @Test func anEntry_livesItsLifetime_andNoLonger() {
        let recent = RecentPrincipals(lifetimeMs: 2000)
        recent.remember(Self.someone, for: "h", now: 1000, readAt: recent.generation)
        #expect(recent.principal(for: "h", now: 2999) == Self.someone)
        #expect(recent.principal(for: "h", now: 3000) == nil)
    }

    @Test func aLookupThatBeganBeforeAChange_isNotKept() {
        let recent = RecentPrincipals()
        let began = recent.generation
        recent.forgetAll()    // e.g. the session was revoked while the lookup read the database
        recent.remember(Self.someone, for: "h", now: 0, readAt: began)
        #expect(recent.principal(for: "h", now: 1) == nil)
    }
}
