import NIOPosix
import Synchronization
import Vapor

/// Bcrypt runs on threads of its own, half the cores, at the background priority, behind a
/// bounded queue. A hash at the production cost takes a core for a quarter of a second: a wave of
/// log-ins must wait its turn, or be told to come back, instead of taking the cores that answer
/// searches.
package final class PasswordWork: LifecycleHandler, Sendable {
    package let threads: Int
    /// How many hashes may wait or run at once; beyond, the request is answered 503 at once.
    package let capacity: Int
    private let pool: NIOThreadPool
    private let admitted = Atomic<Int>(0)

    package struct Busy: AbortError {

        package init() {

        }
        package var status: HTTPResponseStatus { .serviceUnavailable }
        package var reason: String { "Trop de connexions en ce moment : réessayez dans quelques secondes." }
        package var headers: HTTPHeaders { ["Retry-After": "2"] }
    }

    package init(cores: Int = System.coreCount, capacity: Int? = nil) {
        threads = max(1, cores / 2)
        self.capacity = capacity ?? threads * 8
        pool = NIOThreadPool(numberOfThreads: threads)
        pool.start()
    }

    /// The application's hasher (Bcrypt), on this pool, answering on `eventLoop`.
    package struct Hasher {
        package let work: PasswordWork
        package let hasher: any PasswordHasher
        package let eventLoop: any EventLoop

        package func hash(_ password: String) async throws -> String {
            let hasher = hasher
            return try await work.run(on: eventLoop) { String(decoding: try hasher.hash(Array(password.utf8)), as: UTF8.self) }
        }

        package func verify(_ password: String, created digest: String) async throws -> Bool {
            let hasher = hasher
            return try await work.run(on: eventLoop) { try hasher.verify(Array(password.utf8), created: Array(digest.utf8)) }
        }
    }

    package func hasher(for application: Application, on eventLoop: any EventLoop) -> Hasher {
        Hasher(work: self, hasher: application.password.sync, eventLoop: eventLoop)
    }

    /// Whether a hash asked now would be refused: checked before a log-in reads the database, so
    /// that a flood of log-ins costs as little as possible.
    package var isFull: Bool { admitted.load(ordering: .relaxed) >= capacity }

    private func run<T: Sendable>(on eventLoop: any EventLoop, _ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await admitted {
            try await pool.runIfActive(eventLoop: eventLoop) {
                ThreadPriority.background.apply()
                return try work()
            }.get()
        }
    }

    private func admitted<T>(_ work: () async throws -> T) async throws -> T {
        guard admitted.add(1, ordering: .relaxed).newValue <= capacity else {
            admitted.subtract(1, ordering: .relaxed)
            throw Busy()
        }
        defer { admitted.subtract(1, ordering: .relaxed) }
        return try await work()
    }

    package func shutdownAsync(_ application: Application) async {
        try? await pool.shutdownGracefully()
    }
}

extension Request {
    /// Password hashing and checking, on the bounded pool.
    package var passwords: PasswordWork.Hasher { application.platform.passwords.hasher(for: application, on: eventLoop) }
}
