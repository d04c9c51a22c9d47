import Foundation
import Synchronization

/// Hands the readings of each batch this hub instance wrote to the alarm evaluator, so it need not read them back.
///
/// Ingest announces a batch before its transaction (`expect`) and hands it over after the commit (`deliver`) or
/// withdraws it when the transaction fails. The evaluator meets the batch's journal event and takes its readings:
/// ready, still on its way (wait for the next wake-up), or unknown (written by another instance or before a
/// restart: read from the database).
public final class ObservationFeed: Sendable {
    public enum Entry: Sendable {
        case ready([Observation])
        case pending
        case unknown
    }

    private struct Slot {
        var observations: [Observation]?
        var since: Int64
    }

    private let slots = Mutex<[String: Slot]>([:])
    private let wake: AsyncStream<Void>.Continuation
    /// Wake-ups for the evaluator: one pending at most.
    public let wakeUps: AsyncStream<Void>
    /// A batch announced this long ago and not delivered is treated as unknown (its writer is gone).
    static let patience: Int64 = 5_000

    public init() {
        (wakeUps, wake) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    func expect(_ batch: String, now: Int64) {
        slots.withLock { $0[batch] = Slot(observations: nil, since: now) }
    }

    func deliver(_ batch: String, _ observations: [Observation], now: Int64) {
        slots.withLock { slots in
            slots[batch]?.observations = observations
            // Nobody is taking them (no evaluator running): forget what is older than the patience.
            if slots.count > 10_000 { slots = slots.filter { now - $0.value.since <= Self.patience } }
        }
        wake.yield()
    }

    func withdraw(_ batch: String) {
        _ = slots.withLock { $0.removeValue(forKey: batch) }
    }

    /// Wakes the evaluator (rules changed, a clock tick is due).
    public func nudge() {
        wake.yield()
    }

    /// Takes the readings of `batch` if this instance has them.
    func take(_ batch: String, now: Int64) -> Entry {
        slots.withLock { slots in
            guard let slot = slots[batch] else { return .unknown }
            if let observations = slot.observations {
                slots.removeValue(forKey: batch)
                return .ready(observations)
            }
            if now - slot.since > Self.patience {
                slots.removeValue(forKey: batch)
                return .unknown
            }
            return .pending
        }
    }
}
