import Duty
import Foundation
import HubKit

/// The demo district's duty rosters (值班表): every department, the command centre and the city level get a
/// rotation of people on duty and leaders on call from the day before this month began to the end of next month,
/// so `serve --demo` shows who is on duty. The rostered staff are accounts without a password (they cannot sign
/// in); the demo's own dispatcher, street operator, street head and drainage operator take turns too.
struct DemoDutyRoster {
    let services: HubServices

    /// One rostered person of the demo.
    struct Person {
        var username: String
        var name: String
        var unit: DepartmentID
    }

    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗")
    static let givenNames = ["建国", "秀英", "志强", "丽娟", "海燕", "立新", "红梅", "国庆", "晓东", "春兰", "宏伟", "静怡"]

    /// The rostered people of every unit: two on duty and two leaders, named deterministically.
    static func people(units: [DepartmentID]) -> (duty: [DepartmentID: [Person]], leaders: [DepartmentID: [Person]]) {
        var duty: [DepartmentID: [Person]] = [:]
        var leaders: [DepartmentID: [Person]] = [:]
        var n = 0
        func next(_ unit: DepartmentID, _ kind: String, _ index: Int, title: String) -> Person {
            defer { n += 1 }
            let name = "\(surnames[n % surnames.count])\(givenNames[(n * 7) % givenNames.count])"
            return Person(username: "duty.\(unit.rawValue).\(kind)\(index)", name: "\(title) \(name)", unit: unit)
        }
        for unit in units {
            duty[unit] = (1...2).map { next(unit, "d", $0, title: "值班员") }
            leaders[unit] = (1...2).map { next(unit, "l", $0, title: "带班领导") }
        }
        return (duty, leaders)
    }

    func load() async throws {
        let clock = services.clock
        let departments = try await services.accounts.store.departments()
        let units = departments.map(\.id) + (services.configuration.duty.cityUnit.map { [$0] } ?? [])
        let (dutyPeople, leaderPeople) = Self.people(units: units)
        let existing = Dictionary(try await services.accounts.store.users().map { ($0.username, $0.id) }) { first, _ in first }
        var ids: [String: String] = [:]
        try await services.database.write { tx in
            for person in Array(dutyPeople.values.joined()) + Array(leaderPeople.values.joined()) where existing[person.username] == nil {
                let department = departments.contains { $0.id == person.unit } ? person.unit : nil
                let user = UserView(id: UUID().uuidString.lowercased(), username: person.username, displayName: person.name,
                                    role: .viewer, departmentId: department, disabled: false, mustChangePassword: true,
                                    createdAt: clock.now(), version: 1)
                // Not a bcrypt hash: no password opens this account until an administrator sets one.
                try await services.accounts.store.insertUser(user, passwordHash: "!", in: tx)
                ids[person.username] = user.id
            }
        }
        ids.merge(existing) { new, _ in new }
        let admin = Principal(kind: .user, id: "demo", name: "demo", role: .admin, departmentID: nil)
        let today = ShiftClock.localDate(at: clock.nowMilliseconds)
        let month = DutyMonth(containing: today)
        let from = month.first.adding(days: -1)
        let to = DutyMonth(containing: month.last.adding(days: 1)).last
        for unit in units {
            var duty = (dutyPeople[unit] ?? []).compactMap { ids[$0.username] }
            var leaders = (leaderPeople[unit] ?? []).compactMap { ids[$0.username] }
            for (username, role) in Self.ownAccounts where DemoSeeder.accounts.contains(where: { $0.username == username && $0.department == unit }) {
                if let id = ids[username] {
                    if role == .duty { duty.insert(id, at: 0) } else { leaders.insert(id, at: 0) }
                }
            }
            _ = try await services.duty.putRotation(from: from, to: to, unit: unit, duty: duty, leaders: leaders, deputies: [],
                                                    by: admin)
        }
    }

    /// Demo accounts that can sign in and take turns in their unit's roster.
    static let ownAccounts: [(String, DutyRole)] = [("dispatcher", .duty), ("operator", .duty), ("drainage", .duty), ("head", .leader)]
}
