import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
@testable import PasserelleApp

@Suite("Background jobs: their own thread, behind the requests")
struct BackgroundJobsTests {
    /// Fluent runs a transaction's body in a task of its own; a job's body must still run on the
    /// jobs' thread, or its computations would take a request's thread.
    @Test func aJobStaysOnTheJobsThreadThroughItsTransactions() async throws {
        try await withPasserelle(.reference) { app in
            let database = app.jobsDB
            let threads = try await BackgroundExecutor.task {
                var names: [String?] = [threadName()]
                let inside = try? await database.retryingTransaction { database in
                    _ = try await (database as! any SQLDatabase).raw("SELECT 1 AS one").all()
                    return threadName()
                }
                names.append(inside ?? "transaction failed")
                _ = try? await (database as! any SQLDatabase).raw("SELECT 1 AS one").all()
                names.append(threadName())
                return names
            }.value
            #expect(threads == ["passerelle-jobs", "passerelle-jobs", "passerelle-jobs"])
        }
    }

    /// Outside a job, a transaction runs where the caller is: requests keep their threads.
    @Test func aRequestsTransactionDoesNotMoveToTheJobsThread() async throws {
        try await withPasserelle(.reference) { app in
            let name = try await app.db.retryingTransaction { _ in threadName() }
            #expect(name != "passerelle-jobs")
        }
    }

    /// On SQLite jobs write through their own connection; on PostgreSQL through the pool.
    @Test func jobsHaveTheirOwnSQLiteConnection() async throws {
        try await withPasserelle(.reference) { app in
            let sqlite = (app.db as! any SQLDatabase).dialect.name == "sqlite"
            #expect((app.platform.jobsDatabase != nil) == sqlite)
            let count = try await (app.jobsDB as! any SQLDatabase).select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from("communes").first(decodingColumn: "n", as: Int.self)
            #expect((count ?? 0) > 30_000)
        }
    }
}

/// The name of the thread running the caller (`Thread.current` is not available in async code).
private func threadName() -> String? { Thread.current.name }
