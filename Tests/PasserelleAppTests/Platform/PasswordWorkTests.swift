import Foundation
import Testing
import Vapor
import VaporTesting
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform

@Suite("Password hashing: its own threads, a bounded queue")
struct PasswordWorkTests {
    @Test func halfTheCoresAndABoundedQueue() {
        #expect(PasswordWork(cores: 1).threads == 1)
        #expect(PasswordWork(cores: 2).threads == 1)
        #expect(PasswordWork(cores: 8).threads == 4 && PasswordWork(cores: 8).capacity == 32)
    }

    @Test func beyondTheQueueRequestsAreToldToComeBack() async throws {
        try await withPasserelle(.reference) { app in
            // Cost 10: about 60 ms a hash, so the 8 admitted ones still run while the 12 others ask.
            app.passwords.use(.bcrypt(cost: 10))
            let work = PasswordWork(cores: 2)
            let hasher = work.hasher(for: app, on: app.eventLoopGroup.next())
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        do { return try await hasher.verify("secret", created: try await hasher.hash("secret")) } catch { return false }
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 8)
            // Once the wave has passed, the queue is free again.
            let digest = try await hasher.hash("secret")
            let matches = try await hasher.verify("secret", created: digest)
            #expect(matches)
            await work.shutdownAsync(app)
        }
    }

    @Test func aBusyAnswerIs503WithRetryAfter() {
        let answer = PublicError.from(PasswordWork.Busy(), environment: .production)
        #expect(answer.status == .serviceUnavailable && answer.headers.first(name: .retryAfter) == "2")
        #expect(answer.reason.hasPrefix("Trop de connexions"))
    }
}
