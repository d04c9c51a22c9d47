import Foundation
import HubKit

/// Sends every escalation step that has fallen due. State lives in the calls themselves (`step`, `next_due_ms`), so
/// a restarted hub resumes exactly where the last commit left off: steps that fell due while it was down are sent at
/// once, in order, one transaction each, none skipped and none twice (each advances the call's version in the same
/// transaction as its journal event, and only from the version it read). Several instances may tick the same
/// database; the version guard lets exactly one of them send each step.
public struct EscalationWatcher: Sendable {
    public let desk: DutyDesk

    public init(desk: DutyDesk) {
        self.desk = desk
    }

    /// Sends every step due by `now`; returns how many were sent.
    @discardableResult
    public func tick(at now: Date, batch: Int = 500) async throws -> Int {
        var sent = 0
        while true {
            try Task.checkCancellation()
            let ids = try await desk.calls.due(by: now, limit: batch)
            var sentThisBatch = 0
            for id in ids {
                sentThisBatch += try await escalate(id, at: now)
            }
            sent += sentThisBatch
            if ids.count < batch || sentThisBatch == 0 { return sent }
        }
    }

    /// Sends what is due for one call, each step in its own transaction.
    func escalate(_ id: DutyCallID, at now: Date) async throws -> Int {
        var sent = 0
        while try await desk.database.write({ tx -> Bool in
            guard let call = try await desk.calls.call(id, on: tx.sql), let step = EscalationRules.due(call, at: now) else {
                return false
            }
            return try await desk.send(step, of: call, at: now, in: tx) != nil
        }) {
            sent += 1
        }
        return sent
    }

    /// Ticks every `interval` until cancelled; a failing tick is reported to `onError` and retried next time.
    public func run(every interval: Duration, clock: HubClock, onError: @Sendable (any Error) -> Void) async {
        while !Task.isCancelled {
            do {
                let now = Date(timeIntervalSince1970: clock.now().timeIntervalSince1970.rounded(.down))
                try await tick(at: now)
            } catch {
                onError(error)
            }
            try? await Task.sleep(for: interval)
        }
    }
}
