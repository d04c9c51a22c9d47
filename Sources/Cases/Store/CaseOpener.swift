import Foundation
import HubKit

/// The Cases slice's side of HubKit's `CaseOpening`: a device-detected problem becomes a case that is reported,
/// accepted and filed by the system at once (the device is trusted as a camera above its confidence threshold is),
/// and dispatched when the caller names the department. One case per origin.
extension CaseDesk: CaseOpening {
    static let sensorFiler = Principal(kind: .apiKey, id: "sensor-filing", name: "sensor alarm filing", role: .dispatcher, departmentID: nil)

    public func openCase(_ request: CaseOpeningRequest) async throws -> CaseOpened {
        let intake = self.intake
        let store = intake.store
        if let existing = try await store.database.read({ sql in
            try await sql.raw("SELECT case_id FROM case_origins WHERE origin = \(bind: request.origin)").first()?
                .decode(column: "case_id", as: String.self)
        }) {
            return CaseOpened(caseID: existing, created: false)
        }
        let input = ReportInput(category: request.category, location: request.location, description: request.description)
        let (code, location) = try Intake.check(input, categoryExists: { catalogue.category($0) != nil }, photoRequired: false)
        guard let grid = intake.locator.grid(containing: location) else {
            throw CaseProblem.outOfGrid(nearestStreet: intake.locator.nearestStreetName(to: location))
        }
        let context = self.context
        let clock = intake.clock
        let transactions = intake.transactions
        return try await store.database.write { tx in
            if let existing = try await tx.sql.raw("SELECT case_id FROM case_origins WHERE origin = \(bind: request.origin)").first()?
                .decode(column: "case_id", as: String.self) {
                return CaseOpened(caseID: existing, created: false)
            }
            let now = clock.now()
            let record = CaseRecord(id: try await store.nextID(at: now, in: tx), source: .sensor, reporter: request.actor, reportedAt: now,
                                    location: location, description: request.description, category: code, grid: grid)
            try await intake.insert(record, photos: [], by: Self.sensorFiler, in: tx)
            try await tx.sql.raw("INSERT INTO case_origins (origin, case_id) VALUES (\(bind: request.origin), \(bind: record.id.rawValue))").run()
            var current = record
            var actions: [CaseAction] = [.accept, .file(category: code)]
            if let department = request.department { actions.append(.dispatch(department: department, overrideReason: nil)) }
            for action in actions {
                let step = try Workflow.apply(action, to: current, by: Self.sensorFiler, at: now, context: context)
                try await transactions.commit(step, replacing: current, by: Self.sensorFiler, at: now, in: tx)
                current = step.record
            }
            return CaseOpened(caseID: record.id.rawValue, created: true)
        }
    }
}
