import Foundation
import HubKit
import SQLKit

/// Runs case changes as one transaction each: the new state, its journal event and the notifications it
/// causes are written together, or nothing is.
public struct CaseTransactions: Sendable {
    public let store: CaseStore
    public let clock: HubClock

    public init(store: CaseStore, clock: HubClock) {
        self.store = store
        self.clock = clock
    }

    /// Applies `action` to case `id` if its stored version is `version`; returns the case after it.
    public func apply(_ action: CaseAction, to id: CaseID, version: Int, by actor: Principal,
                      context: WorkflowContext) async throws -> CaseRecord {
        let now = clock.now()
        do {
            return try await store.database.write { tx in
                guard let current = try await store.record(id, on: tx.sql) else { throw CaseProblem.unknownCase(id.rawValue) }
                guard current.version == version else {
                    throw InputProblem.staleVersion(expected: version, actual: current.version)
                }
                let step = try Workflow.apply(action, to: current, by: actor, at: now, context: context)
                try await commit(step, replacing: current, by: actor, at: now, in: tx)
                return step.record
            }
        } catch AccessProblem.notYourDepartment {
            try await recordDenial(of: action, on: id, by: actor, at: now)
            throw AccessProblem.notYourDepartment
        }
    }

    /// Writes a transition: the record (version-checked), its event, its evidence, its notifications, and for a
    /// merge the reporters, who follow the original case from now on.
    public func commit(_ step: Transition, replacing current: CaseRecord, by actor: Principal, at now: Date,
                       in tx: Transaction) async throws {
        try await store.update(step.record, expecting: current.version, at: now, in: tx)
        try await Journal.append(try NewEvent(kind: step.eventKind, subject: "case:\(step.record.id)", actor: actor.actor,
                                              department: (step.record.department ?? current.department)?.rawValue,
                                              payload: step.eventPayload), in: tx, clock: clock)
        for photo in step.photos { try await store.attach(photo, to: step.record.id, in: tx) }
        if let original = step.record.mergedInto, current.mergedInto == nil {
            for reporter in try await store.reporters(of: step.record.id, in: tx) {
                try await store.addReporter(reporter, to: original, in: tx)
            }
        }
        for department in step.notify {
            try await store.notify("department:\(department)", about: step.record.id, kind: step.eventKind,
                                   at: now, version: step.record.version, in: tx)
        }
    }

    /// A refused attempt on another department's case is itself recorded, for audit.
    func recordDenial(of action: CaseAction, on id: CaseID, by actor: Principal, at now: Date) async throws {
        _ = try await store.database.write { tx in
            try await Journal.append(try NewEvent(kind: "case.access_denied", subject: "case:\(id)", actor: actor.actor,
                                                  department: actor.departmentID?.rawValue,
                                                  payload: ["action": action.name, "reason": "NOT_YOUR_DEPARTMENT"]),
                                     in: tx, clock: clock)
        }
    }
}
