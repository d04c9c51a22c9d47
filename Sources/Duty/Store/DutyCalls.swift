import Foundation
import HubKit

/// Calls: paging, acknowledging, settling and sending one step, each committed with its journal events.
extension DutyDesk: DutyPaging {
    public func page(_ request: DutyPageRequest) async throws -> DutyCallID {
        guard RosterRules.isValidSubject(request.subject) else { throw DutyProblem.invalidSubject(request.subject) }
        let chain = try await chain(for: request.department)
        let now = self.now
        let clock = self.clock
        do {
            return try await database.write { tx in
                if let open = try await calls.openCall(subject: request.subject, on: tx.sql) { return open.id }
                let policy = try await rosters.policy(unit: request.department, on: tx.sql) ?? settings.defaultPolicy
                let call = DutyCall(id: Self.newID(), subject: request.subject, unit: request.department, title: request.title,
                                    severity: request.severity, origin: request.origin,
                                    reportEveryLevel: request.reportEveryLevel || policy.reportEveryLevel, chain: chain,
                                    policy: policy, step: 0, nextDueAt: now, acknowledgedRung: nil, openedAt: now,
                                    closedAt: nil, closedBy: nil, closeReason: nil, version: 1)
                try await calls.insert(call, in: tx)
                try await Journal.append(try NewEvent(kind: "duty.paged", subject: "duty-call:\(call.id)", actor: request.origin,
                                                      department: call.unit.rawValue,
                                                      payload: DutyEvents.Paged(call: call.id.rawValue, subject: call.subject,
                                                                                unit: call.unit.rawValue, chain: chain,
                                                                                title: call.title, severity: call.severity,
                                                                                reportEveryLevel: call.reportEveryLevel)),
                                         in: tx, clock: clock)
                if let first = EscalationRules.due(call, at: now) {
                    _ = try await send(first, of: call, at: now, in: tx)
                }
                return call.id
            }
        } catch {
            // Another hub instance opened a call about the same subject at the same moment (unique index).
            if let open = try? await database.read({ sql in try await calls.openCall(subject: request.subject, on: sql) }) {
                return open.id
            }
            throw error
        }
    }

    public func settle(subject: String, by actor: String) async throws {
        let now = self.now
        try await retryingMovedCall {
            try await database.write { tx in
                guard let call = try await calls.openCall(subject: subject, on: tx.sql) else { return }
                _ = try await answer(call, reason: .settled, by: actor, at: now, in: tx)
            }
        }
    }

    /// A person acknowledges call `id`: one it reached, or any call for admins and dispatchers.
    public func acknowledge(_ id: DutyCallID, by principal: Principal) async throws -> DutyCall {
        let now = self.now
        return try await retryingMovedCall {
            try await database.write { tx in
                guard let call = try await calls.call(id, on: tx.sql) else { throw DutyProblem.unknownCall(id.rawValue) }
                guard call.isOpen else { throw DutyProblem.callClosed(id.rawValue) }
                if !DutyAccess.seesAll(principal) {
                    guard principal.kind == .user, try await calls.reached(principal.id, call: id, on: tx.sql) else {
                        throw DutyProblem.notCalled
                    }
                }
                return try await answer(call, reason: .acknowledged, by: principal.actor, at: now, in: tx)
            }
        }
    }

    /// Applies an acknowledgement or settlement with its journal event; the call unchanged when it was a repeat.
    func answer(_ call: DutyCall, reason: DutyCloseReason, by actor: String, at now: Date, in tx: Transaction) async throws -> DutyCall {
        let next: DutyCall
        switch EscalationRules.acknowledge(call, reason: reason, by: actor, at: now) {
        case .unchanged: return call
        case .close(let closed): next = closed
        case .climb(let climbing, _): next = climbing
        }
        let closes = !next.isOpen
        guard try await calls.update(next, expecting: call.version, in: tx) else { throw CallMoved() }
        let rung = call.chain[EscalationRules.currentRung(call)]
        try await Journal.append(try NewEvent(kind: reason == .settled ? "duty.settled" : "duty.acknowledged",
                                              subject: "duty-call:\(call.id)", actor: actor, department: rung.unit.rawValue,
                                              payload: DutyEvents.Answered(call: call.id.rawValue, subject: call.subject, by: actor,
                                                                           level: rung.level, unit: rung.unit.rawValue,
                                                                           closes: closes)),
                                 in: tx, clock: clock)
        return next
    }

    /// Sends `step` of `call`: advances the call (only if nobody else did: the version guard), records the
    /// notification and appends `duty.notified` in transaction `tx`. The person is whoever is on duty at `now` in the
    /// rung's roster. Returns the advanced call, or nil when another writer had already moved it (nothing written).
    func send(_ step: EscalationPlan.Step, of call: DutyCall, at now: Date, in tx: Transaction) async throws -> DutyCall? {
        let next = EscalationRules.advanced(call)
        guard try await calls.update(next, expecting: call.version, in: tx) else { return nil }
        let rung = call.chain[step.rung]
        let policy = try await rosters.policy(unit: rung.unit, on: tx.sql) ?? settings.defaultPolicy
        let date = ShiftClock.shiftDate(at: now.milliseconds, handoverMinute: policy.handoverMinute)
        let shift = try await rosters.shift(unit: rung.unit, date: date, on: tx.sql)
        let person = shift.map { step.role == .duty ? $0.duty : $0.leader }
        var name: String?
        if let person { name = try await directory.people([person])[person]?.name }
        let dueAt = call.nextDueAt ?? now
        let payload = DutyEvents.Notified(call: call.id.rawValue, subject: call.subject, title: call.title, severity: call.severity,
                                          step: step.index, level: rung.level, unit: rung.unit.rawValue, role: step.role,
                                          attempt: step.attempt, person: person, personName: name,
                                          shiftDate: date.description, dueAt: dueAt)
        let event = try await Journal.append(try NewEvent(kind: person == nil ? "duty.unstaffed" : "duty.notified",
                                                          subject: "duty-call:\(call.id)", actor: DutyEvents.actor,
                                                          department: rung.unit.rawValue, payload: payload),
                                             in: tx, clock: clock)
        try await calls.insert(DutyNotification(call: call.id, step: step.index, level: rung.level, unit: rung.unit,
                                                role: step.role, attempt: step.attempt, person: person, personName: name,
                                                dueAt: dueAt, sentAt: now, eventSeq: event.seq), in: tx)
        return next
    }

    /// Runs `body` again (up to five times) when the call moved under it (another instance escalated it meanwhile).
    func retryingMovedCall<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            do {
                return try await body()
            } catch is CallMoved where attempt < 4 {
                attempt += 1
            }
        }
    }

    static func newID() -> DutyCallID {
        var random = SystemRandomNumberGenerator()
        return DutyCallID.random(using: &random)
    }
}

/// The call changed between reading and writing it (another hub instance); the transaction is retried.
struct CallMoved: Error {}
