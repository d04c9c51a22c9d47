import Foundation
import HubKit
@testable import Cases

/// Shared pieces for case tests: principals of each role, a context with the standard catalogue, and cases
/// in a given state.
enum CaseFixtures {
    static let street = StreetCode(rawValue: "500103001")
    static let grid = GridCode(rawValue: "500103001001001")
    static let streetCentre = DepartmentID(rawValue: "street-001")
    static let sanitation = DepartmentID(rawValue: "sanitation")
    static let vending = CategoryCode(rawValue: "E0501")
    static let garbage = CategoryCode(rawValue: "E0101")
    /// Inside the test grid: a 100 m square south-west corner at (106.57, 29.56).
    static let place = GeoPoint(lon: 106.5705, lat: 29.5605)

    static func principal(_ role: Role, _ department: DepartmentID? = nil, id: String = UUID().uuidString) -> Principal {
        Principal(kind: .user, id: id, name: role.rawValue, role: role, departmentID: department)
    }

    static let dispatcher = principal(.dispatcher, id: "dispatcher")
    static let inspector = principal(.inspector, id: "inspector")
    static var streetOperator: Principal { principal(.departmentOperator, streetCentre, id: "street-operator") }
    static var sanitationOperator: Principal { principal(.departmentOperator, sanitation, id: "sanitation-operator") }

    static var context: WorkflowContext {
        let categories = Dictionary(uniqueKeysWithValues: CategoryCatalogue.standard.map { ($0.code, $0) })
        return WorkflowContext(category: { categories[$0] },
                               responsible: { grid, code in
                                   guard let category = categories[code] else { return nil }
                                   return category.defaultDepartment == "street"
                                       ? DepartmentID(rawValue: "street-\(grid.street.rawValue.suffix(3))")
                                       : DepartmentID(rawValue: category.defaultDepartment)
                               },
                               calendar: .chinaDefault)
    }

    /// Wednesday 2026-11-25 10:00 in Shanghai.
    static let tenOClock = Date(timeIntervalSince1970: 1_795_572_000)

    static func reported(at time: Date = tenOClock, category: CategoryCode? = vending, id: String = "20261125-000001") -> CaseRecord {
        guard let caseID = CaseID(rawValue: id) else { preconditionFailure("bad fixture id") }
        return CaseRecord(id: caseID, source: .inspector, reporter: "user:inspector", reportedAt: time, location: place,
                          description: "占道经营 sidewalk vending", category: category, grid: grid)
    }

    /// Runs actions in order from a fresh report, each a minute after the last; returns the final record.
    static func walk(_ actions: [(CaseAction, Principal)], from start: CaseRecord = reported(),
                     at time: Date = tenOClock) throws -> CaseRecord {
        var record = start
        for (offset, (action, actor)) in actions.enumerated() {
            record = try Workflow.apply(action, to: record, by: actor, at: time.addingTimeInterval(Double(offset + 1) * 60),
                                        context: context).record
        }
        return record
    }

    static func photo(at time: Date, _ location: GeoPoint?) -> PhotoEvidence {
        PhotoEvidence(sha256: String(repeating: "a", count: 64), mediaType: "image/jpeg", purpose: .fix, takenAt: time,
                      location: location, origin: .exif, uploadedAt: time, uploadedBy: "user:street-operator")
    }
}
