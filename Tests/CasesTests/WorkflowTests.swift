import Foundation
import HubKit
import Testing
@testable import Cases

/// The case loop's rules, one test per rule of the issue's "Done when".
@Suite struct WorkflowTests {
    typealias F = CaseFixtures
    let context = F.context

    var filedVending: [(CaseAction, Principal)] {
        [(.accept, F.dispatcher), (.file(category: F.vending!), F.dispatcher)]
    }

    @Test func theWorkedExample_closesWithin30Minutes() throws {
        let start = F.reported()
        let record = try F.walk(filedVending + [
            (.dispatch(department: F.streetCentre!, overrideReason: nil), F.dispatcher),
            (.startHandling, F.streetOperator),
            (.reportFixed(photo: F.photo(at: F.tenOClock.addingTimeInterval(600), F.place), note: "已整改 rectified"), F.streetOperator),
            (.verify(passed: true, note: ""), F.inspector),
            (.close(note: ""), F.dispatcher),
        ], from: start)
        #expect(record.state == .closed)
        #expect(record.closedAt.map { $0.timeIntervalSince(start.reportedAt) <= 30 * 60 } == true)
        #expect(!record.everOverdue)
        #expect(record.version == 8)
    }

    @Test func dispatchToADepartmentThatDoesNotOwnTheCategory_isRefusedUnlessOverriddenWithAReason() throws {
        let filed = try F.walk(filedVending)
        #expect(filed.suggestedDepartment == F.streetCentre)
        #expect(throws: CaseProblem.dispatchOverrideRequired(suggested: F.streetCentre)) {
            try Workflow.apply(.dispatch(department: F.sanitation!, overrideReason: nil), to: filed, by: F.dispatcher, at: F.tenOClock, context: context)
        }
        #expect(throws: CaseProblem.dispatchOverrideRequired(suggested: F.streetCentre)) {
            try Workflow.apply(.dispatch(department: F.sanitation!, overrideReason: "   "), to: filed, by: F.dispatcher, at: F.tenOClock, context: context)
        }
        let step = try Workflow.apply(.dispatch(department: F.sanitation!, overrideReason: "街道人手不足，环卫代为处置"),
                                      to: filed, by: F.dispatcher, at: F.tenOClock, context: context)
        #expect(step.record.department == F.sanitation)
        #expect(step.payload["overrideReason"] == "街道人手不足，环卫代为处置")
        #expect(step.notify == [F.sanitation!])
    }

    @Test func departmentActingOnAnotherDepartmentsCase_isRefused_andClosingOwnCaseIsRefused() throws {
        let dispatched = try F.walk(filedVending + [(.dispatch(department: F.streetCentre!, overrideReason: nil), F.dispatcher)])
        #expect(throws: AccessProblem.notYourDepartment) {
            try Workflow.apply(.startHandling, to: dispatched, by: F.sanitationOperator, at: F.tenOClock, context: context)
        }
        let verified = try F.walk([
            (.startHandling, F.streetOperator),
            (.reportFixed(photo: F.photo(at: F.tenOClock.addingTimeInterval(600), F.place), note: ""), F.streetOperator),
            (.verify(passed: true, note: ""), F.dispatcher),
        ], from: dispatched)
        #expect(throws: AccessProblem.forbiddenRole(required: [.admin, .dispatcher])) {
            try Workflow.apply(.close(note: ""), to: verified, by: F.streetOperator, at: F.tenOClock, context: context)
        }
        let head = F.principal(.departmentHead, F.streetCentre)
        #expect(throws: AccessProblem.forbiddenRole(required: [.admin, .dispatcher])) {
            try Workflow.apply(.close(note: ""), to: verified, by: head, at: F.tenOClock, context: context)
        }
    }

    @Test func returnWithoutReason_isRefused_withReasonGoesBackToDispatch_andDispatchAccuracyDrops() throws {
        let dispatched = try F.walk(filedVending + [(.dispatch(department: F.streetCentre!, overrideReason: nil), F.dispatcher)])
        #expect(throws: CaseProblem.reasonRequired(action: "returned")) {
            try Workflow.apply(.returnToCentre(reason: " "), to: dispatched, by: F.streetOperator, at: F.tenOClock, context: context)
        }
        let returned = try Workflow.apply(.returnToCentre(reason: "不属于本街道 not our street"), to: dispatched,
                                          by: F.streetOperator, at: F.tenOClock, context: context).record
        #expect(returned.state == .returned)
        #expect(returned.department == nil)
        #expect(returned.stage == .dispatch)
        let before = Indicators.compute([dispatched], asOf: F.tenOClock).dispatchAccuracy
        let after = Indicators.compute([returned], asOf: F.tenOClock).dispatchAccuracy
        #expect(before == 1)
        #expect(after == 0)
        let redispatched = try Workflow.apply(.dispatch(department: F.sanitation!, overrideReason: "改派环卫"), to: returned,
                                              by: F.dispatcher, at: F.tenOClock, context: context).record
        #expect(Indicators.compute([redispatched], asOf: F.tenOClock).dispatchAccuracy == 0.5)
    }

    @Test func fixReportWithoutAPhotoTakenAfterDispatchWithin30m_isRefused() throws {
        let dispatched = try F.walk(filedVending + [(.dispatch(department: F.streetCentre!, overrideReason: nil), F.dispatcher)])
        guard let dispatchedAt = dispatched.dispatchedAt else { Issue.record("not dispatched"); return }
        let north31m = GeoPoint(lon: F.place.lon, lat: F.place.lat + 31 / 111_195)
        let north29m = GeoPoint(lon: F.place.lon, lat: F.place.lat + 29 / 111_195)
        let refused = [F.photo(at: dispatchedAt.addingTimeInterval(-60), F.place),     // before dispatch
                       F.photo(at: dispatchedAt.addingTimeInterval(60), north31m),      // too far
                       F.photo(at: dispatchedAt.addingTimeInterval(60), nil)]           // no place
        for photo in refused {
            #expect(throws: CaseProblem.self) {
                try Workflow.apply(.reportFixed(photo: photo, note: ""), to: dispatched, by: F.streetOperator, at: F.tenOClock, context: context)
            }
        }
        var noTime = F.photo(at: dispatchedAt, F.place)
        noTime.takenAt = nil
        #expect(throws: CaseProblem.self) {
            try Workflow.apply(.reportFixed(photo: noTime, note: ""), to: dispatched, by: F.streetOperator, at: F.tenOClock, context: context)
        }
        let accepted = try Workflow.apply(.reportFixed(photo: F.photo(at: dispatchedAt.addingTimeInterval(60), north29m), note: ""),
                                          to: dispatched, by: F.streetOperator, at: F.tenOClock, context: context)
        #expect(accepted.record.state == .fixReported)
    }

    @Test func failedVerification_goesToRework_countsRework_andKeepsTheDeadline() throws {
        let dispatched = try F.walk(filedVending + [(.dispatch(department: F.streetCentre!, overrideReason: nil), F.dispatcher)])
        let original = dispatched.handleDueAt
        #expect(original != nil)
        let fixed = try F.walk([(.reportFixed(photo: F.photo(at: F.tenOClock.addingTimeInterval(600), F.place), note: ""), F.streetOperator)],
                               from: dispatched)
        let step = try Workflow.apply(.verify(passed: false, note: "摊点仍在 still there"), to: fixed, by: F.inspector,
                                      at: F.tenOClock.addingTimeInterval(3600), context: context)
        #expect(step.eventKind == "case.verification_failed")
        #expect(step.record.state == .handling)
        #expect(step.record.reworkCount == 1)
        #expect(step.record.dueAt == original)
        #expect(step.record.handleDueAt == original)
        #expect(step.record.department == F.streetCentre)
        #expect(Indicators.compute([step.record], asOf: F.tenOClock).reworkRate == 1)
    }

    @Test func filingFridayAt1730_withAFourWorkingHourLimit_isDueTheNextWorkingDay() throws {
        // Friday 2026-11-20 17:30 Shanghai; sanitation's exposed garbage has a 2-working-hour handling limit,
        // so use a category with 4 working hours.
        let friday = Date(timeIntervalSince1970: 1_795_167_000)
        guard let fourHours = CategoryCatalogue.standard.first(where: { $0.limits[.handle] == .workingHours(4) }) else {
            Issue.record("no 4-hour category"); return
        }
        var start = F.reported(at: friday, category: fourHours.code)
        start.state = .accepted
        let filed = try Workflow.apply(.file(category: fourHours.code), to: start, by: F.dispatcher, at: friday, context: context).record
        let dispatched = try Workflow.apply(.dispatch(department: filed.suggestedDepartment ?? F.sanitation!, overrideReason: "x"),
                                            to: filed, by: F.dispatcher, at: friday, context: context).record
        let due = try #require(dispatched.dueAt)
        // 30 minutes on Friday, three hours on Monday morning, 30 minutes after lunch: Monday 14:30.
        #expect(due == friday.addingTimeInterval(3 * 86_400 - 3 * 3600))
        #expect(dispatched.warnAt.map { $0 < due && $0 > friday } == true)
    }

    @Test(arguments: [CaseAction.reject(reason: ""), .shelve(reason: "  "), .recategorise(category: CaseFixtures.garbage!, reason: "")])
    func sidePathsWithoutReason_areRefused(action: CaseAction) throws {
        let filed = try F.walk(filedVending)
        var accepted = F.reported()
        accepted.state = .accepted
        let target = if case .reject = action { accepted } else { filed }
        #expect(throws: CaseProblem.self) {
            try Workflow.apply(action, to: target, by: F.dispatcher, at: F.tenOClock, context: context)
        }
    }

    @Test func extension_isRequestedByTheDepartment_andApprovedByTheCentre_withApproverAndNewDeadline() throws {
        let dispatched = try F.walk(filedVending + [(.dispatch(department: F.streetCentre!, overrideReason: nil), F.dispatcher)])
        let until = try #require(dispatched.dueAt).addingTimeInterval(2 * 86_400)
        let asked = try Workflow.apply(.requestExtension(until: until, reason: "需要协调产权单位"), to: dispatched,
                                       by: F.streetOperator, at: F.tenOClock, context: context).record
        #expect(throws: AccessProblem.self) {
            try Workflow.apply(.decideExtension(approved: true, note: ""), to: asked, by: F.streetOperator, at: F.tenOClock, context: context)
        }
        let decided = try Workflow.apply(.decideExtension(approved: true, note: "同意"), to: asked, by: F.dispatcher, at: F.tenOClock, context: context)
        #expect(decided.record.dueAt == until)
        #expect(decided.record.extensionCount == 1)
        #expect(decided.payload["approver"] == F.dispatcher.actor)
    }

    @Test func shelvedCase_resumesWhereItWas_andRecategorising_reroutesAndRecomputesTheDeadline() throws {
        let dispatched = try F.walk(filedVending + [(.dispatch(department: F.streetCentre!, overrideReason: nil), F.dispatcher)])
        let shelved = try Workflow.apply(.shelve(reason: "等待预算"), to: dispatched, by: F.dispatcher, at: F.tenOClock, context: context).record
        #expect(shelved.state == .shelved)
        let resumed = try Workflow.apply(.unshelve, to: shelved, by: F.dispatcher, at: F.tenOClock, context: context).record
        #expect(resumed.state == .dispatched)
        let later = F.tenOClock.addingTimeInterval(3600)
        let moved = try Workflow.apply(.recategorise(category: F.garbage!, reason: "实为暴露垃圾"), to: resumed, by: F.dispatcher,
                                       at: later, context: context).record
        #expect(moved.state == .filed)
        #expect(moved.category == F.garbage)
        #expect(moved.suggestedDepartment == F.sanitation)
        #expect(moved.stage == .dispatch)
        #expect(moved.dueAt == context.calendar.deadline(from: later, adding: .workingHours(1)))
    }

    @Test func reopen_worksOnlyWithinTheWindow() throws {
        let closed = try F.walk(filedVending + [
            (.dispatch(department: F.streetCentre!, overrideReason: nil), F.dispatcher),
            (.reportFixed(photo: F.photo(at: F.tenOClock.addingTimeInterval(600), F.place), note: ""), F.streetOperator),
            (.verify(passed: true, note: ""), F.dispatcher), (.close(note: ""), F.dispatcher),
        ])
        let reopened = try Workflow.apply(.reopen(reason: "复发"), to: closed, by: F.dispatcher,
                                          at: F.tenOClock.addingTimeInterval(6 * 86_400), context: context).record
        #expect(reopened.state == .filed)
        #expect(throws: CaseProblem.reopenWindowPassed(days: 7)) {
            try Workflow.apply(.reopen(reason: "复发"), to: closed, by: F.dispatcher, at: F.tenOClock.addingTimeInterval(8 * 86_400), context: context)
        }
    }

    @Test func availableActions_agreeWithTheWorkflow() throws {
        let dispatched = try F.walk(filedVending + [(.dispatch(department: F.streetCentre!, overrideReason: nil), F.dispatcher)])
        let own = AvailableActions.names(for: dispatched, by: F.streetOperator, at: F.tenOClock, context: context)
        #expect(own == ["start", "return", "report_fixed", "request_extension"])
        #expect(AvailableActions.names(for: dispatched, by: F.sanitationOperator, at: F.tenOClock, context: context).isEmpty)
        let filed = try F.walk(filedVending)
        let centre = AvailableActions.names(for: filed, by: F.dispatcher, at: F.tenOClock, context: context)
        #expect(centre.contains("dispatch") && centre.contains("recategorise") && centre.contains("merge"))
        #expect(!centre.contains("close"))
    }
}
