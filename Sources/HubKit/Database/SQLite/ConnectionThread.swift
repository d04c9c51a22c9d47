import Foundation

/// A thread of its own for one database connection, usable as a task executor: code that prefers it
/// (`withTaskExecutorPreference`) runs its statements right here, one job at a time, so a transaction of many
/// statements costs two thread hops in all, and a slow query or an fsync never blocks the shared task pool.
final class ConnectionThread: TaskExecutor, @unchecked Sendable {
    private enum Work {
        case job(UnownedJob)
        case call(@Sendable () -> Void)
    }

    // Guarded by `condition`.
    private var queue: [Work] = []
    private var head = 0
    private var stopping = false
    private let condition = NSCondition()
    private let done = DispatchSemaphore(value: 0)

    init(name: String) {
        let thread = Thread { self.loop() }
        thread.name = name
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        push(.job(UnownedJob(job)))
    }

    /// Lets everything already queued on this thread run first, then resumes the caller (on its preferred
    /// executor). `Task.yield()` cannot be used for this: it does not honour task executor preferences.
    func yieldToQueued() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            perform { continuation.resume() }
        }
    }

    /// Runs `call` on this thread after what is already queued.
    func perform(_ call: @escaping @Sendable () -> Void) {
        push(.call(call))
    }

    private func push(_ work: Work) {
        condition.lock()
        queue.append(work)
        condition.signal()
        condition.unlock()
    }

    /// Runs what is queued, then ends the thread.
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
        done.wait()
    }

    private func loop() {
        while let work = next() {
            switch work {
            case .job(let job): job.runSynchronously(on: asUnownedTaskExecutor())
            case .call(let call): call()
            }
        }
        done.signal()
    }

    private func next() -> Work? {
        condition.lock()
        defer { condition.unlock() }
        while head == queue.count {
            if stopping { return nil }
            condition.wait()
        }
        let work = queue[head]
        head += 1
        if head == queue.count {
            queue.removeAll(keepingCapacity: true)
            head = 0
        }
        return work
    }
}
