import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform

@Suite("Background jobs: their own thread, behind the requests")
struct BackgroundJobsTests {
    /// Fluent runs a transaction's body in a task of its own; a job's body must still run on the
    /// jobs' thread, or its computations would take a request's thread.
    @Test func aJobStaysOnTheJobsThreadThroughItsTransactions() async throws {
        try await withPasserelle(.reference) { app in
            let database = app.jobsDB
            let onJobsThread = await BackgroundExecutor.task {
                var places: [String] = [place()]
                let inside = try? await database.retryingTransaction { database in
                    _ = try await database.sql.raw("SELECT 1 AS one").all()
                    return place()
                }
                places.append(inside ?? "transaction failed")
                _ = try? await database.sql.raw("SELECT 1 AS one").all()
                places.append(place())
                return places
            }.value
            #expect(onJobsThread == ["jobs", "jobs", "jobs"])
        }
    }

    /// Outside a job, a transaction runs where the caller is: requests keep their threads.
    @Test func aRequestsTransactionDoesNotMoveToTheJobsThread() async throws {
        try await withPasserelle(.reference) { app in
            let where_ = try await app.db.retryingTransaction { _ in place() }
            #expect(where_ != "jobs")
        }
    }

    /// On SQLite jobs write through their own connection; on PostgreSQL through the pool.
    @Test func jobsHaveTheirOwnSQLiteConnection() async throws {
        try await withPasserelle(.reference) { app in
            let sqlite = app.db.sql.dialect.name == "sqlite"
            #expect((app.platform.jobsDatabase != nil) == sqlite)
            let count = try await app.jobsDB.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from("communes").first(decodingColumn: "n", as: Int.self)
            #expect((count ?? 0) > 30_000)
        }
    }
}

/// The name of the thread running the caller (`Thread.current` is not available in async code).
/// « jobs » on the jobs' thread, else the thread's name, to tell where a step ran.
private func place() -> String { BackgroundExecutor.shared.isCurrentThread ? "jobs" : (Thread.current.name ?? "unnamed") }
