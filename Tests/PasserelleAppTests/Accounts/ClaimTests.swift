import Foundation
@testable import PasserelleAccounts
import PasserelleCore
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform

@Suite("Claims of structures")
struct ClaimTests {
    struct Target: Decodable { var id: UUID; var name: String; var website: String }

    /// A demo structure with a website, and no organisation yet.
    static func structureWithWebsite(_ app: Application) async throws -> Target {
        try #require(try await app.db.sql.raw("""
            SELECT id, name, website FROM structures s WHERE website IS NOT NULL AND website <> ''
            AND NOT EXISTS (SELECT 1 FROM organisations o WHERE o.structure_id = s.id) ORDER BY name LIMIT 1
            """).first(decoding: Target.self))
    }

    @Test func anAddressOfTheStructuresDomainManagesItAtOnce() async throws {
        try await withPasserelle(.demo) { app in
            let target = try await Self.structureWithWebsite(app)
            let domain = try #require(ClaimRule.domain(ofWebsite: target.website))
            _ = try await Factories.confirmedAccount(app, email: "direction@\(domain)")
            let browser = try await Browser.loggedIn(app, email: "direction@\(domain)")
            let profile = try await browser.get(Links.structure(target.id))
            #expect(profile.body.text.contains("Demander à gérer cette fiche"))
            let claimed = try await browser.post(Links.structure(target.id) + "/revendiquer", [("message", "Directrice")])
            #expect(claimed.status == .ok)
            #expect(claimed.body.text.contains("vous administrez désormais sa fiche"))
            #expect(try await browser.get(Links.structure(target.id)).body.text.contains("Vous gérez cette fiche."))
            let account = try await browser.get("/compte").body.text
            #expect(account.contains(HTMLFragments.escape(target.name)) && account.contains("administrateur"))
            #expect(try await Audit.entries(action: .claimAccepted, on: app.db).first?.detail.contains("automatiquement") == true)
        }
    }

    @Test func otherClaimsWaitForAStewardOfTheTerritory() async throws {
        try await withPasserelle(.demo) { app in
            // Setup: a claim from a mailbox provider's address.
            let target = try await Self.structureWithWebsite(app)
            _ = try await Factories.confirmedAccount(app, email: "camille@orange.fr")
            let claimant = try await Browser.loggedIn(app, email: "camille@orange.fr")
            try await claimant.get(Links.structure(target.id))
            let asked = try await claimant.post(Links.structure(target.id) + "/revendiquer", [("message", "Encadrante technique")])
            #expect(asked.body.text.contains("Demande envoyée"))
            #expect(try await claimant.get(Links.structure(target.id)).body.text.contains("attend la décision"))
            #expect(try await claimant.post(Links.structure(target.id) + "/revendiquer", []).body.text.contains("Demande déjà envoyée"))

            // A visitor is asked to log in; a facilitator may not decide.
            #expect(try await Browser(app).get(Links.structure(target.id)).body.text.contains("pour demander à gérer sa fiche"))
            let facilitator = try await Browser.loggedIn(app, email: "facilitateur@demo.passerelle.test", password: DemoAccounts.password)
            #expect(try await facilitator.get("/admin/revendications").status == .forbidden)

            // The steward of the région sees it; refusing needs a reason.
            let steward = try await Browser.loggedIn(app, email: "dreets@demo.passerelle.test", password: DemoAccounts.password)
            let list = try await steward.get("/admin/revendications")
            #expect(list.status == .ok)
            #expect(list.body.text.contains("camille@orange.fr") && list.body.text.contains("Encadrante technique"))
            let action = try #require(list.body.text.components(separatedBy: "action=\"/admin/revendications/").dropFirst().first?.prefix { $0 != "\"" })
            let noReason = try await steward.post("/admin/revendications/" + action, [("decision", "refuser"), ("reason", "")])
            #expect(noReason.status == .unprocessableEntity)
            let accepted = try await steward.post("/admin/revendications/" + action, [("decision", "accepter"), ("reason", "")])
            #expect(accepted.body.text.contains("administre désormais"))
            #expect(try await steward.post("/admin/revendications/" + action, [("decision", "refuser"), ("reason", "trop tard")]).status == .notFound)
            #expect(try await claimant.get(Links.structure(target.id)).body.text.contains("Vous gérez cette fiche."))
            let mail = try #require(try await Outbox.messages(to: "camille@orange.fr", on: app.db).first)
            #expect(mail.subject.hasPrefix("Vous gérez la fiche"))
        }
    }

    @Test func aStewardOfAnotherTerritoryCannotDecide() async throws {
        try await withPasserelle(.demo) { app in
            let target = try await Self.structureWithWebsite(app)
            _ = try await Factories.confirmedAccount(app, email: "camille@orange.fr")
            let claimant = try await Browser.loggedIn(app, email: "camille@orange.fr")
            try await claimant.get(Links.structure(target.id))
            try await claimant.post(Links.structure(target.id) + "/revendiquer", [])
            // Setup: a steward of the Bouches-du-Rhône.
            _ = try await Factories.confirmedAccount(app, email: "pilote@ddets13.example")
            let user = try #require(try await AccountQueries.account(email: EmailAddress("pilote@ddets13.example")!, on: app.db))
            let organisation = try await OrganisationQueries.create(kind: .steward, name: "DDETS 13", territory: [.departement("13")], on: app.db)
            try await OrganisationQueries.addMember(user.id, to: organisation, role: .member, on: app.db)

            let steward = try await Browser.loggedIn(app, email: "pilote@ddets13.example")
            let list = try await steward.get("/admin/revendications")
            #expect(list.body.text.contains("Aucune demande n’attend de décision dans votre territoire."))
            #expect(list.body.text.contains("1 autre demande concerne une structure hors de votre territoire"))
            let claim = try #require(try await ClaimQueries.pending(on: app.db).first)
            let refused = try await steward.post("/admin/revendications/\(claim.id.uuidString.lowercased())", [("decision", "accepter")])
            #expect(refused.status == .forbidden)
            #expect(try await ClaimQueries.pending(on: app.db).count == 1)
        }
    }
}
