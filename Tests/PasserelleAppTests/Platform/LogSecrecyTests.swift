import Foundation
@testable import PasserelleAccounts
import PasserelleCore
@testable import PasserelleServices
import SQLKit
import Synchronization
import Testing
import Vapor
import VaporTesting
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform

@Suite("The log never holds a request's secrets")
struct LogSecrecyTests {
    /// A 503 while passwords are being hashed: the log-in's password must not be in the log.
    @Test func aBusyLoginLeavesNoPasswordInTheLog() async throws {
        let password = "Secret-\(UUID().uuidString)"
        let lines = try await LogCapture.shared.lines {
            try await withPasserelle(.demo, adjusting: { $0.passwordWorkCapacity = 0 }) { app in
                let response = try await API.postJSON(app, "/api/v1/auth/token", #"{"email": "admin@demo.passerelle.test", "password": "\#(password)", "name": "essai"}"#)
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers.first(name: "Retry-After") != nil)
            }
        }
        // Other tests log at the same time: this one's line is the token route's 503.
        let failure = try #require(lines.first { $0.contains("msg=\"Request failed\"") && $0.contains("status=503") && $0.contains("route=/api/v1/auth/token") })
        #expect(failure.contains("route=/api/v1/auth/token") && failure.contains("request-id="))
        #expect(failure.contains("error=\"ServerError(createToken) ← Busy(503)\""), "\(failure)")
        #expect(!lines.contains { $0.contains(password) })
    }

    /// A 500 on a request that carries a live token: neither the token nor the body may be logged.
    @Test func aFailedWriteLeavesNoTokenInTheLog() async throws {
        let token = Mutex("")
        let lines = try await LogCapture.shared.lines {
            try await withPasserelle(.demo) { app in
                let email = try #require(EmailAddress("partenaire@demo.passerelle.test"))
                let user = try #require(try await AccountQueries.account(email: email, on: app.db))
                let created = try await APITokens.create(for: user.id, email: user.email, name: "essai", address: nil, on: app.db).token
                token.withLock { $0 = created }
                let organisation = try #require(try await DemoAccounts.organisation(of: "partenaire", on: app.db))
                let service = try #require(try await ServiceStore.all(on: app.db).first { $0.provider.organisationId == organisation })
                // The write cannot record its audit entry: an unforeseen failure, a 500.
                try await app.db.sql.raw("DROP TABLE audit_log").run()
                let body = Factories.serviceBody(organisation: nil, name: "Nom-secret-du-corps")
                let response = try await API.send(app, .PUT, "/api/v1/services/\(service.id.uuidString)", body, token: created)
                #expect(response.status == .internalServerError)
                #expect(!response.body.text.contains(created))
            }
        }
        let secret = token.withLock { $0 }
        let failure = try #require(lines.first { $0.contains("msg=\"Request failed\"") && $0.contains("status=500") && $0.contains("route=/api/v1/services/:id") })
        #expect(failure.contains("route=/api/v1/services/:id") && failure.contains("request-id="), "\(failure)")
        #expect(!lines.contains { $0.contains(secret) || $0.contains("Nom-secret-du-corps") || $0.contains("Bearer") })
    }
}
