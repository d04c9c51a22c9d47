import Duty
import Foundation
import HubKit
import Logging

/// The duty escalation watcher on SQLite in a fresh directory: `calls` open calls (paged 500 at a time through
/// `DutyDesk.page`, each with its first notification), then one tick five minutes later that re-notifies every one
/// (one transaction and one journal event per call), then an idle tick with nothing due. Prints one line.
func dutyBench(directory: String, calls: Int) async throws {
    var logger = Logger(label: "duty-bench")
    logger.logLevel = .warning
    let database = try await HubDatabase.open(.sqlite(path: directory + "/duty-bench.sqlite"), logger: logger)
    try await Migrator.run([Journal.migration] + DutyDesk.migrations, on: database, logger: logger)
    guard let street = DepartmentID(rawValue: "street-001"), let centre = DepartmentID(rawValue: "command-centre") else { return }
    let departments = [Department(id: street, name: "街道", nameEn: "Street", kind: .streetCentre),
                       Department(id: centre, name: "指挥中心", nameEn: "Centre", kind: .commandCentre)]
    let people = Dictionary(uniqueKeysWithValues: ["d", "l"].map { ($0, DutyPerson(id: $0, name: $0, department: street, disabled: false)) })
    let directory = DutyDirectory(people: { ids in people.filter { ids.contains($0.key) } },
                                  department: { id in departments.first { $0.id == id } }, departments: { departments })
    let clock = ManualClock(Date(timeIntervalSince1970: 1_790_000_000))
    let desk = DutyDesk(database: database, directory: directory, settings: DutySettings(), clock: clock.clock)
    let admin = Principal(kind: .user, id: "bench", name: "bench", role: .admin, departmentID: nil)
    let today = ShiftClock.localDate(at: clock.now.milliseconds)
    for unit in [street, centre] {
        _ = try await desk.putRotation(from: today.adding(days: -1), to: today.adding(days: 1), unit: unit, duty: ["d"],
                                       leaders: ["l"], deputies: [], by: admin)
    }
    let title = LocalizedText(zh: "水位超警戒", en: "Level above warning")
    let pageStarted = ContinuousClock.now
    try await withThrowingTaskGroup(of: Void.self) { group in
        for worker in 0..<16 {
            group.addTask {
                for n in stride(from: worker, to: calls, by: 16) {
                    _ = try await desk.page(DutyPageRequest(subject: "alarm:bench-\(n)", department: street, title: title,
                                                            origin: "system:bench"))
                }
            }
        }
        try await group.waitForAll()
    }
    let paging = ContinuousClock.now - pageStarted
    clock.advance(by: 5 * 60)
    let watcher = EscalationWatcher(desk: desk)
    let tickStarted = ContinuousClock.now
    let sent = try await watcher.tick(at: clock.now)
    let tick = ContinuousClock.now - tickStarted
    let idleStarted = ContinuousClock.now
    let idle = try await watcher.tick(at: clock.now)
    let idleTick = ContinuousClock.now - idleStarted
    func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
    print(String(format: "duty: %d calls paged in %.2f s (%.0f/s); tick re-notifying %d in %.2f s (%.0f steps/s); idle tick (%d due) %.1f ms",
                 calls, seconds(paging), Double(calls) / seconds(paging), sent, seconds(tick), Double(sent) / seconds(tick),
                 idle, seconds(idleTick) * 1000))
    await database.close()
}
