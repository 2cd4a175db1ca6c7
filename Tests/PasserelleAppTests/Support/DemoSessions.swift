import Foundation
import Testing
import Vapor
@testable import PasserelleApp

/// Browsers logged in as the demo accounts (`structure`, `acheteur`, `partenaire`, `admin`…).
enum DemoSessions {
    static func browser(_ app: Application, as localPart: String) async throws -> Browser {
        let browser = Browser(app)
        try await browser.get("/connexion")
        let response = try await browser.post("/connexion", [("email", "\(localPart)@\(DemoAccounts.domain)"), ("password", DemoAccounts.password)])
        #expect(response.status == .seeOther, "log-in of \(localPart)")
        return browser
    }
}
