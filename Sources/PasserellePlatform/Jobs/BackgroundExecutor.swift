import Foundation
import Synchronization

/// Where background work runs: the periodic jobs and the dissemination of published needs.
///
/// Requests run on Swift's shared pool, which has one thread per core. A job left there holds one
/// of those threads for whole computations (matching 50,000 structures, writing thousands of
/// digests) and the searches queue behind it; task priorities do not help, as they only order the
/// queue. Here jobs get one thread of their own, in the idle scheduling class (`ThreadPriority`):
/// the kernel gives the cores to requests first and to jobs what requests leave.
package final class BackgroundExecutor: TaskExecutor, @unchecked Sendable {
    /// One thread for the whole process: jobs interleave at their suspension points.
    package static let shared = BackgroundExecutor(threadName: "passerelle-jobs")

    /// Whether the current task is a job's.
    @TaskLocal package static var isJob = false

    /// Starts `operation` as a job, on the jobs' thread.
    package static func task<T: Sendable>(_ operation: @escaping @Sendable () async -> T) -> Task<T, Never> {
        Task(executorPreference: shared) { await $isJob.withValue(true) { await operation() } }
    }

    /// Runs `operation` as a job when `job` says so. Fluent runs a transaction's body in a task it
    /// starts from an event loop, which has neither the jobs' thread nor the task-local values of
    /// the task that asked for the transaction: that task tells whether it was a job.
    package static func continuing<T: Sendable>(job: Bool, _ operation: @Sendable () async throws -> T) async throws -> T {
        guard job else { return try await operation() }
        return try await withTaskExecutorPreference(shared) { try await $isJob.withValue(true) { try await operation() } }
    }

    /// The jobs' thread, once started. Compared by identity: a thread's name can be changed by
    /// whatever code runs on it, its identity cannot.
    private let thread = Mutex<pthread_t?>(nil)

    /// Whether the caller runs on the jobs' thread.
    package var isCurrentThread: Bool {
        thread.withLock { $0.map { pthread_equal($0, pthread_self()) != 0 } ?? false }
    }

    /// Guards `queue` and wakes the thread when a job arrives.
    private let condition = NSCondition()
    private var queue: [UnownedJob] = []

    private init(threadName: String) {
        Thread { [self] in work(named: threadName) }.start()
    }

    package func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        queue.append(job)
        condition.signal()
        condition.unlock()
    }

    private func work(named name: String) {
        ThreadPriority.idle.apply(naming: name)
        thread.withLock { $0 = pthread_self() }
        let executor = asUnownedTaskExecutor()
        while true {
            condition.lock()
            while queue.isEmpty { condition.wait() }
            let jobs = queue
            queue.removeAll(keepingCapacity: true)
            condition.unlock()
            for job in jobs { job.runSynchronously(on: executor) }
        }
    }
}
