import Foundation
import HubKit
import Testing
@testable import Warnings

/// Who may take which step, in which state (pure, no database).
@Suite struct WarningWorkflowTests {
    static let id = WarningDraftID(rawValue: "w-00000000000000aa")

    func draft(by composer: Principal = Fixtures.composer) throws -> WarningRecord {
        try WarningWorkflow.compose(id: try #require(Self.id), content: Fixtures.rainstorm(), composer: composer.actor,
                                    department: composer.departmentID, origin: nil, at: Fixtures.july8).record
    }

    @Test func composerCannotApproveTheirOwnDraft() throws {
        #expect(throws: WarningProblem.ownRevision) {
            try WarningWorkflow.approve(try draft(), by: Fixtures.composer, at: Fixtures.july8)
        }
        let approved = try WarningWorkflow.approve(try draft(), by: Fixtures.approver, at: Fixtures.july8)
        #expect(approved.record.state == .approved)
        #expect(approved.record.approvedBy == Fixtures.approver.actor)
        #expect(approved.record.version == 2)
    }

    @Test func whoeverEditedTheRevision_cannotApproveIt() throws {
        let edited = try WarningWorkflow.edit(try draft(), content: Fixtures.rainstorm(), by: Fixtures.approver, at: Fixtures.july8)
        #expect(throws: WarningProblem.ownRevision) {
            try WarningWorkflow.approve(edited.record, by: Fixtures.approver, at: Fixtures.july8)
        }
    }

    @Test func departmentOperator_cannotApprove() throws {
        #expect(throws: AccessProblem.forbiddenRole(required: [.admin, .dispatcher, .departmentHead])) {
            try WarningWorkflow.approve(try draft(), by: Fixtures.operatorUser, at: Fixtures.july8)
        }
    }

    @Test func departmentHead_approvesOnlyTheirDepartmentsWarnings() throws {
        #expect(throws: AccessProblem.notYourDepartment) {
            try WarningWorkflow.approve(try draft(), by: Fixtures.otherHead, at: Fixtures.july8)
        }
        let streetOperator = Principal(kind: .user, id: "u-street", name: "街道处置员", role: .departmentOperator,
                                       departmentID: Fixtures.otherHead.departmentID)
        let approved = try WarningWorkflow.approve(try draft(by: streetOperator), by: Fixtures.otherHead, at: Fixtures.july8)
        #expect(approved.record.state == .approved)
    }

    @Test func issue_needsApproval_andAnUnexpiredWarning() throws {
        let record = try draft()
        #expect(throws: WarningProblem.wrongState(action: "issue", state: .draft)) {
            try WarningWorkflow.issue(record, by: Fixtures.approver, identifier: "x_1", sent: Fixtures.july8, settings: Fixtures.settings)
        }
        let approved = try WarningWorkflow.approve(record, by: Fixtures.approver, at: Fixtures.july8).record
        let late = Fixtures.july8.addingTimeInterval(6 * 3600)
        #expect(throws: WarningProblem.self) {
            try WarningWorkflow.issue(approved, by: Fixtures.approver, identifier: "x_1", sent: late, settings: Fixtures.settings)
        }
        let issued = try WarningWorkflow.issue(approved, by: Fixtures.approver, identifier: "x_1", sent: Fixtures.july8,
                                               settings: Fixtures.settings)
        #expect(issued.record.state == .issued)
        #expect(issued.record.messages.map(\.msgType) == [.alert])
        #expect(issued.payload["identifier"] == "x_1")
        #expect(issued.record.isLive(at: Fixtures.july8))
        #expect(!issued.record.isLive(at: late))
    }

    @Test func brokenRules_areRefusedAtCompose_withTheRuleNamed() throws {
        var content = Fixtures.rainstorm()
        content.areas[0].polygons = ["29.5,106.5 29.6,106.5 29.5,106.5"]
        do {
            _ = try WarningWorkflow.compose(id: try #require(Self.id), content: content, composer: "system:test", department: nil,
                                            origin: nil, at: Fixtures.july8)
            Issue.record("a 3-point polygon was accepted")
        } catch let problem as WarningProblem {
            #expect(problem.code == "CAP_POLYGON_TOO_FEW_POINTS")
            #expect(problem.status == 422)
            if case .objects(let faults)? = problem.extensions["faults"] {
                #expect(faults.first?["field"] == "areas[0].polygons[0]")
            } else {
                Issue.record("no faults listed")
            }
        }
    }

    @Test func cancel_needsAnIssuedMessage() throws {
        #expect(throws: WarningProblem.wrongState(action: "cancel", state: .draft)) {
            try WarningWorkflow.cancel(try draft(), by: Fixtures.approver, reason: "r", identifier: "x_2", sent: Fixtures.july8,
                                       settings: Fixtures.settings)
        }
    }
}
