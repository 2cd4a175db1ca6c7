import Fluent
import Foundation
@testable import PasserelleAccounts
import PasserelleCore
import Testing
import Vapor
import VaporTesting
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform

/// The demo accounts (`DemoAccounts`) by the role they play, as the tests act with them.
enum Persona: String, CaseIterable {
    /// The platform team.
    case admin
    /// A member of the demo ACI's team.
    case structure
    /// A member of the demo EI's team.
    case structure2
    case buyer = "acheteur"
    case partner = "partenaire"
    case facilitator = "facilitateur"
    /// The DREETS of the région.
    case steward = "dreets"
    /// The demo company, which posts offers.
    case company = "entreprise"

    var email: String { "\(rawValue)@\(DemoAccounts.domain)" }

    /// A browser logged in as this persona.
    func browser(_ app: Application) async throws -> Browser {
        try await Browser.loggedIn(app, email: email, password: DemoAccounts.password)
    }

    /// A fresh API token of this persona.
    func token(_ app: Application) async throws -> String {
        let created = try await API.postJSON(app, "/api/v1/auth/token", #"{"email": "\#(email)", "password": "\#(DemoAccounts.password)", "name": "tests"}"#)
        return try #require(try created.json["token"].string)
    }

    func userID(_ app: Application) async throws -> UUID {
        let address = try #require(EmailAddress(email))
        return try #require(try await AccountQueries.account(email: address, on: app.db)).id
    }

    /// The persona's first organisation.
    func organisationID(_ app: Application) async throws -> UUID {
        try #require(try await OrganisationQueries.memberships(of: try userID(app), on: app.db).first).organisationID
    }

    /// The directory structure the persona's team runs (`structure`: the ACI, `structure2`: the EI).
    func structureID(_ app: Application) async throws -> UUID {
        try #require(try await OrganisationQueries.memberships(of: try userID(app), on: app.db).compactMap(\.structureID).first)
    }
}

extension Browser {
    /// A browser that logged in with these credentials.
    static func loggedIn(_ app: Application, email: String = Factories.email, password: String = Factories.password) async throws -> Browser {
        let browser = Browser(app)
        try await browser.get("/connexion")
        let response = try await browser.post("/connexion", [("email", email), ("password", password)])
        #expect(response.status == .seeOther)
        return browser
    }
}
