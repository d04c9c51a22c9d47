import Synchronization

/// Wakes every subscriber after a commit. Each subscriber gets a stream that holds at most one pending
/// wake-up, so a slow reader is never flooded: it simply re-reads the journal once.
public final class CommitSignal: Sendable {
    private let subscribers = Mutex<[Int: AsyncStream<Void>.Continuation]>([:])
    private let nextID = Mutex(0)

    public init() {}

    public func signal() {
        subscribers.withLock { all in
            for continuation in all.values { continuation.yield() }
        }
    }

    /// A stream of wake-ups; it ends when the consumer stops iterating.
    public func subscribe() -> AsyncStream<Void> {
        let id = nextID.withLock { value in
            value += 1
            return value
        }
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLock { $0.removeValue(forKey: id) }
        }
        subscribers.withLock { $0[id] = continuation }
        return stream
    }
}
