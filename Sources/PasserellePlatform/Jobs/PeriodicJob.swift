import Foundation
import Synchronization
import Vapor

/// A task that runs every `every` while the server runs (the outbox delivery, retention), and
/// stops with it. A failed run is logged; the next one comes anyway.
package final class PeriodicJob: LifecycleHandler, Sendable {
    private let name: String
    private let every: Duration
    private let work: @Sendable (Application) async throws -> Void
    private let task = Mutex<Task<Void, Never>?>(nil)

    package init(_ name: String, every: Duration, _ work: @escaping @Sendable (Application) async throws -> Void) {
        self.name = name
        self.every = every
        self.work = work
    }

    /// Starts the job now and stops it when the application shuts down. (A command runs after
    /// the application booted, so a job registered there would never see `didBoot`.)
    package func start(with application: Application) {
        application.lifecycle.use(self)
        let name = name, every = every, work = work
        task.withLock { task in
            task = BackgroundExecutor.task {
                while !Task.isCancelled {
                    do {
                        try await work(application)
                    } catch {
                        application.logger.warning("\(name) failed", metadata: ["error": .string(LoggedError.kind(of: error))])
                    }
                    try? await Task.sleep(for: every)
                }
            }
        }
    }

    /// Stops the job and waits for a run in progress, which may be writing.
    package func shutdownAsync(_ application: Application) async {
        let running = task.withLock { $0 }
        running?.cancel()
        await running?.value
    }
}
