import HubKit
import Testing

@Suite("Database URLs")
struct DatabaseLocationTests {
    @Test func sqliteForms() throws {
        #expect(try DatabaseLocation.parse("sqlite:data/hub.sqlite") == .sqlite(path: "data/hub.sqlite"))
        #expect(try DatabaseLocation.parse("sqlite:///var/lib/cityhub/hub.sqlite") == .sqlite(path: "/var/lib/cityhub/hub.sqlite"))
    }

    @Test func postgresFullURL() throws {
        guard case .postgres(let p) = try DatabaseLocation.parse("postgres://hub:s%40cret@db.local:6543/city?sslmode=require") else {
            Issue.record("not postgres"); return
        }
        #expect(p.host == "db.local")
        #expect(p.port == 6543)
        #expect(p.username == "hub")
        #expect(p.password == "s@cret")
        #expect(p.database == "city")
        #expect(p.tls == .require)
    }

    @Test func postgresDefaults() throws {
        guard case .postgres(let p) = try DatabaseLocation.parse("postgresql://hub@localhost") else { Issue.record("not postgres"); return }
        #expect(p.port == 5432)
        #expect(p.database == "hub")
        #expect(p.password == nil)
        #expect(p.tls == .prefer)
    }

    @Test("broken URLs are refused with a reason", arguments: [
        "mysql://x@y/z", "sqlite:", "postgres://@host/db", "postgres://u@host:notaport/db", "postgres://u@host:70000/db",
        "postgres://u@:5432/db", "postgres://u@h/db?sslmode=sometimes", "",
    ])
    func brokenURLs(text: String) {
        #expect(throws: DatabaseConfigurationError.self) { try DatabaseLocation.parse(text) }
    }

    @Test func redactedHidesPassword() throws {
        let location = try DatabaseLocation.parse("postgres://hub:topsecret@h:5432/d")
        #expect(!location.redacted.contains("topsecret"))
    }
}
