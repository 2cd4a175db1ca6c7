import Fluent
import FluentSQLiteDriver
import NIOPosix
import Vapor

/// The database connection of background jobs, on SQLite. SQLite works inside the process, on
/// the thread that runs a statement: with the application's connections, the thousands of rows
/// a publication writes would take the application's database threads at the requests'
/// priority. Jobs get a connection of their own, on threads of their own (one runs the
/// statements, one is the connection's event loop) in the idle scheduling class. PostgreSQL
/// does the work in its own processes, so there jobs share the application's connections
/// (`Application.jobsDB`).
package final class JobsDatabase: LifecycleHandler, Sendable {
    private let threadPool: NIOThreadPool
    /// The connection's own event loop, where its statements complete: not the requests' ones.
    private let eventLoopGroup: MultiThreadedEventLoopGroup
    private let databases: Databases

    package init(sqlitePath path: String) async throws {
        threadPool = NIOThreadPool(numberOfThreads: 1)
        threadPool.start()
        try await threadPool.runIfActive { ThreadPriority.idle.apply(naming: "passerelle-jdb") }
        eventLoopGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        try await eventLoopGroup.next().submit { ThreadPriority.idle.apply(naming: "passerelle-jel") }.get()
        databases = Databases(threadPool: threadPool, on: eventLoopGroup)
        databases.use(.sqlite(.file(path), connectionPoolTimeout: .seconds(30)), as: .sqlite)
        try await SQLiteTuning.apply(to: database(logger: Logger(label: "passerelle.jobs")))
    }

    package func database(logger: Logger) -> any Database {
        // `nil` only after shutdown, when no job runs any more.
        databases.database(logger: logger, on: eventLoopGroup.next())!
    }

    package func shutdownAsync(_ application: Application) async {
        await databases.shutdownAsync()
        try? await eventLoopGroup.shutdownGracefully()
        try? await threadPool.shutdownGracefully()
    }
}

extension Application {
    /// The database background jobs write with: their own connection on SQLite, the
    /// application's pool on PostgreSQL.
    package var jobsDB: any Database {
        platform.jobsDatabase?.database(logger: logger) ?? db
    }
}
