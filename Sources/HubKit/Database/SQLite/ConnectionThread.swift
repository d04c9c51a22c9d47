import Foundation

/// A thread of its own for one database connection, usable as a task executor: code that prefers it
/// (`withTaskExecutorPreference`) runs its statements right here, one job at a time, so a transaction of many
/// statements costs two thread hops in all, and a slow query or an fsync never blocks the shared task pool.
final class ConnectionThread: TaskExecutor, @unchecked Sendable {
    // Guarded by `condition`.
    private var queue: [UnownedJob] = []
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
        let job = UnownedJob(job)
        condition.lock()
        queue.append(job)
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
        while let job = next() {
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
        done.signal()
    }

    private func next() -> UnownedJob? {
        condition.lock()
        defer { condition.unlock() }
        while head == queue.count {
            if stopping { return nil }
            condition.wait()
        }
        let job = queue[head]
        head += 1
        if head == queue.count {
            queue.removeAll(keepingCapacity: true)
            head = 0
        }
        return job
    }
}
