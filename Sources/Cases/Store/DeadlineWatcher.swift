import Foundation
import HubKit

/// Sends the 75 % warnings and overdue notices. Each tick looks up the cases whose next alert is due (an index
/// on `next_alert_at_ms`), applies `DeadlineRules` and commits every alert with its journal event; state lives
/// in the cases themselves, so a restart resumes exactly where the last commit left off.
public struct DeadlineWatcher: Sendable {
    public let transactions: CaseTransactions
    public static let actor = Principal(kind: .apiKey, id: "deadline-watcher", name: "deadline watcher", role: .dispatcher,
                                        departmentID: nil)

    public init(transactions: CaseTransactions) {
        self.transactions = transactions
    }

    /// Sends every alert due by `now`; returns how many were sent.
    @discardableResult
    public func tick(at now: Date, batch: Int = 500) async throws -> Int {
        var sent = 0
        while true {
            // A backlog of alerts (after a long stop) must not hold up shutdown.
            try Task.checkCancellation()
            let ids = try await transactions.store.alertsDue(by: now, limit: batch)
            if ids.isEmpty { return sent }
            for id in ids {
                sent += try await alert(id, at: now)
            }
            if ids.count < batch { return sent }
        }
    }

    /// Sends what is due for one case, warning before overdue, each in its own transaction.
    func alert(_ id: CaseID, at now: Date) async throws -> Int {
        var sent = 0
        while try await transactions.store.database.write({ tx -> Bool in
            guard let current = try await transactions.store.record(id, on: tx.sql),
                  let step = DeadlineRules.alert(for: current, at: now) else { return false }
            try await transactions.commit(step, replacing: current, by: Self.actor, at: now, in: tx)
            if step.eventKind == "case.overdue" {
                try await transactions.store.notify(DeadlineRules.centre, about: id, kind: step.eventKind, at: now,
                                                    version: step.record.version, in: tx)
            }
            return true
        }) {
            sent += 1
        }
        return sent
    }

    /// Ticks every `interval` until cancelled; a failing tick is logged by the caller's handler and retried.
    public func run(every interval: Duration, clock: HubClock, onError: @Sendable (any Error) -> Void) async {
        while !Task.isCancelled {
            do {
                try await tick(at: clock.now())
            } catch {
                onError(error)
            }
            try? await Task.sleep(for: interval)
        }
    }
}
