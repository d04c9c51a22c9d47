import Duty
import Foundation
import HubKit
import HubTestSupport

/// A duty desk on a fresh database with a small district: a street centre, a functional department, the command
/// centre and the city unit, each with a roster for the test day (2026-11-25, clock at 10:00 +08:00).
struct DutyFixture {
    let desk: DutyDesk
    let clock: TestClock

    static let street = DepartmentID(rawValue: "street-001")!
    static let drainage = DepartmentID(rawValue: "drainage")!
    static let centre = DepartmentID(rawValue: "command-centre")!
    static let city = DepartmentID(rawValue: "city")!
    static let day = DutyDate(year: 2026, month: 11, day: 25)
    /// 2026-11-25T10:00:00+08:00.
    static let start = Date(timeIntervalSince1970: TimeInterval(ShiftClock.bounds(of: day, handoverMinute: 600).start / 1000))

    static let departments: [Department] = [
        Department(id: street, name: "解放碑街道网格化管理中心", nameEn: "Jiefangbei", kind: .streetCentre),
        Department(id: drainage, name: "区排水管理处", nameEn: "Drainage", kind: .functional),
        Department(id: centre, name: "区数字化城市管理监督指挥中心", nameEn: "Command centre", kind: .commandCentre),
    ]

    /// `<unit>-duty`, `<unit>-leader` and `<unit>-night` for every unit, plus a disabled `retired`.
    static let people: [String: DutyPerson] = {
        var all: [String: DutyPerson] = ["retired": DutyPerson(id: "retired", name: "退休", department: nil, disabled: true)]
        for unit in [street, drainage, centre, city] {
            for role in ["duty", "leader", "night"] {
                let id = "\(unit)-\(role)"
                all[id] = DutyPerson(id: id, name: "\(unit) \(role)", department: unit, disabled: false)
            }
        }
        return all
    }()

    static let directory = DutyDirectory(
        people: { ids in DutyFixture.people.filter { ids.contains($0.key) } },
        department: { id in DutyFixture.departments.first { $0.id == id } },
        departments: { DutyFixture.departments })

    static let admin = Principal(kind: .user, id: "admin", name: "admin", role: .admin, departmentID: nil)

    /// A desk over `database`; call again with the same database to "restart" it.
    static func desk(_ database: HubDatabase, clock: TestClock, settings: DutySettings = DutySettings()) -> DutyDesk {
        DutyDesk(database: database, directory: directory, settings: settings, clock: clock.clock)
    }

    static func open(_ engine: DatabaseEngine, settings: DutySettings = DutySettings(), roster: Bool = true) async throws -> DutyFixture {
        let database = try await TestDatabases.open(engine, migrations: [Journal.migration] + DutyDesk.migrations)
        let clock = TestClock(start)
        let desk = desk(database, clock: clock, settings: settings)
        if roster {
            for unit in [street, drainage, centre, city] {
                _ = try await desk.putRotation(from: day.adding(days: -1), to: day.adding(days: 1), unit: unit,
                                               duty: ["\(unit)-duty"], leaders: ["\(unit)-leader"], deputies: [], by: admin)
            }
        }
        return DutyFixture(desk: desk, clock: clock)
    }

    func page(_ subject: String = "alarm:a-0000000000000001", unit: DepartmentID = street,
              reportEveryLevel: Bool = false) async throws -> DutyCallID {
        try await desk.page(DutyPageRequest(subject: subject, department: unit, title: LocalizedText(zh: "水位超警戒", en: "Level above warning"),
                                            severity: .critical, reportEveryLevel: reportEveryLevel, origin: "system:telemetry"))
    }

    /// Moves the clock to `minutes` after the start and ticks the watcher there.
    @discardableResult
    func tick(atMinute minutes: Double, desk: DutyDesk? = nil) async throws -> Int {
        clock.set(Self.start.addingTimeInterval(minutes * 60))
        return try await EscalationWatcher(desk: desk ?? self.desk).tick(at: clock.now)
    }

    /// The people called so far, as `unit-role` ids (`-` for an unstaffed step), in step order.
    func called(_ id: DutyCallID) async throws -> [String] {
        try await desk.calls.notifications(of: id).map { $0.person ?? "-" }
    }

    func events(kind: String) async throws -> [HubEvent] {
        try await desk.database.read { sql in try await Journal.events(after: 0, limit: 10_000, on: sql) }.filter { $0.kind == kind }
    }

    func close() async {
        await desk.database.close()
    }
}
