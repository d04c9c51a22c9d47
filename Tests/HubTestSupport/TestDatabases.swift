import Foundation
import HubKit
import Logging

/// Databases for storage tests: every storage test runs once per engine. SQLite always; PostgreSQL when
/// `CITYHUB_TEST_POSTGRES_URL` names a server (`scripts/test` starts one). In CI a missing PostgreSQL is an
/// error, never a silent skip.
public enum TestDatabases {
    public static var postgresURL: String? { ProcessInfo.processInfo.environment["CITYHUB_TEST_POSTGRES_URL"] }

    public static var engines: [DatabaseEngine] {
        let ci = ProcessInfo.processInfo.environment["CI"] != nil
        return postgresURL != nil || ci ? [.sqlite, .postgres] : [.sqlite]
    }

    public static let logger: Logger = {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        return logger
    }()

    /// This test process's scratch folder, `$TMPDIR/cityhub-tests/run-<pid>`. Folders of earlier runs whose
    /// process has ended are removed the first time it is asked for, so repeated runs do not fill the disk.
    public static let scratchFolder: URL = {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("cityhub-tests")
        for name in (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? [] {
            let pid = name.hasPrefix("run-") ? Int32(name.dropFirst(4)) : nil
            if pid.map({ kill($0, 0) != 0 && errno == ESRCH }) ?? true {
                try? FileManager.default.removeItem(at: root.appendingPathComponent(name))
            }
        }
        return root.appendingPathComponent("run-\(getpid())")
    }()

    /// A fresh, empty database of `engine` (a new SQLite file or a new PostgreSQL database).
    public static func location(_ engine: DatabaseEngine) async throws -> DatabaseLocation {
        let name = "cityhub_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        switch engine {
        case .sqlite:
            let folder = scratchFolder.appendingPathComponent(name)
            return .sqlite(path: folder.appendingPathComponent("hub.sqlite").path)
        case .postgres:
            guard let url = postgresURL else { throw MissingPostgres() }
            let admin = try await HubDatabase.open(try DatabaseLocation.parse(url), logger: logger)
            do {
                try await admin.read { sql in try await sql.raw("CREATE DATABASE \(unsafeRaw: name)").run() }
            } catch {
                await admin.close()
                throw error
            }
            await admin.close()
            guard case .postgres(var target) = try DatabaseLocation.parse(url) else { throw MissingPostgres() }
            target.database = name
            return .postgres(target)
        }
    }

    /// A fresh migrated database with the HubKit tables.
    public static func open(_ engine: DatabaseEngine, migrations: [Migration]) async throws -> HubDatabase {
        let database = try await HubDatabase.open(try await location(engine), logger: logger)
        try await Migrator.run(migrations, on: database, logger: logger)
        return database
    }

    public struct MissingPostgres: Error, CustomStringConvertible {
        public var description: String {
            "PostgreSQL tests need CITYHUB_TEST_POSTGRES_URL (scripts/test starts a server and sets it)"
        }
    }
}

/// The clock tests move forward; starts at a fixed instant unless told otherwise.
public typealias TestClock = ManualClock

extension ManualClock {
    public convenience init() {
        self.init(Date(timeIntervalSince1970: 1_790_000_000))
    }
}
