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

@Suite("Teams: invitations, join requests, roles")
struct TeamTests {
    static func team(_ app: Application) async throws -> (page: String, structure: ProfileEditPageTests.Managed) {
        let structure = try await ProfileEditPageTests.managed(app)
        let organisation = try #require(try await Teams.organisation(ofStructure: structure.id, on: app.db))
        return ("/organisations/\(organisation.id.uuidString.lowercased())", structure)
    }

    static func invitationLink(_ app: Application, to email: String) async throws -> String {
        let mail = try #require(try await Outbox.messages(to: email, on: app.db).first)
        return try #require(mail.textBody.components(separatedBy: "/invitation?").last.map { "/invitation?" + $0.prefix { !$0.isWhitespace } })
    }

    @Test func anInvitationLetsItsAddresseeJoinOnce() async throws {
        try await withPasserelle(.demo) { app in
            let (page, structure) = try await Self.team(app)
            let admin = try await Persona.structure.browser(app)
            #expect(try await admin.get(page).body.text.contains("Sacha Structure (démo) (vous)"))
            let wrong = try await admin.post(page + "/invitations", [("email", "alex"), ("role", "member")])
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.text.contains("n’est pas valide"))
            let sent = try await admin.post(page + "/invitations", [("email", "Alex@ACI-demo.example"), ("role", "member")])
            #expect(sent.body.text.contains("Invitation envoyée à alex@aci-demo.example"))
            let link = try await Self.invitationLink(app, to: "alex@aci-demo.example")

            // A visitor is asked to log in; another account may not use it.
            #expect(try await Browser(app).get(link).body.text.contains("connectez-vous"))
            _ = try await Factories.confirmedAccount(app, email: "camille@orange.fr")
            let other = try await Browser.loggedIn(app, email: "camille@orange.fr")
            try await other.get(link)
            let refused = try await other.post("/invitation", [("jeton", String(link.dropFirst("/invitation?jeton=".count)))])
            #expect(refused.status == .forbidden)
            #expect(refused.body.text.contains("envoyée à alex@aci-demo.example"))

            _ = try await Factories.confirmedAccount(app, email: "alex@aci-demo.example")
            let alex = try await Browser.loggedIn(app, email: "alex@aci-demo.example")
            #expect(try await alex.get(link).body.text.contains("Rejoindre l’équipe"))
            let joined = try await alex.post("/invitation", [("jeton", String(link.dropFirst("/invitation?jeton=".count)))])
            #expect(joined.status == .seeOther)
            #expect(joined.headers.first(name: .location) == page)
            #expect(try await alex.get(Links.structure(structure.id) + "/modifier").status == .ok)
            // A member sees the team but does not manage it.
            #expect(try await alex.get(page).status == .ok)
            #expect(try await alex.post(page + "/invitations", [("email", "x@aci-demo.example"), ("role", "member")]).status == .forbidden)
            // The link served once.
            #expect(try await alex.get(link).status == .notFound)
            #expect(try await Audit.entries(action: .invitationAccepted, on: app.db).count == 1)
        }
    }

    @Test func aRevokedInvitationNoLongerWorks() async throws {
        try await withPasserelle(.demo) { app in
            let (page, _) = try await Self.team(app)
            let admin = try await Persona.structure.browser(app)
            try await admin.get(page)
            try await admin.post(page + "/invitations", [("email", "alex@aci-demo.example"), ("role", "admin")])
            let link = try await Self.invitationLink(app, to: "alex@aci-demo.example")
            let html = try await admin.get(page).body.text
            let action = try #require(html.components(separatedBy: "action=\"").first { $0.contains("/annuler\"") }?.prefix { $0 != "\"" })
            #expect(try await admin.post(String(action), []).body.text.contains("Invitation annulée"))
            #expect(try await Browser(app).get(link).status == .notFound)
        }
    }

    @Test func aJoinRequestIsDecidedByTheTeamsAdmins() async throws {
        try await withPasserelle(.demo) { app in
            let (page, structure) = try await Self.team(app)
            _ = try await Factories.confirmedAccount(app, email: "camille@orange.fr")
            let camille = try await Browser.loggedIn(app, email: "camille@orange.fr")
            // Someone else's team is not theirs to know of: the same answer as for none.
            #expect(try await camille.get(page).status == .notFound)
            #expect(try await camille.get(Links.structure(structure.id)).body.text.contains("Demander à rejoindre l’équipe"))
            let asked = try await camille.post(Links.structure(structure.id) + "/rejoindre", [("message", "Chargée d’insertion depuis mars")])
            #expect(asked.body.text.contains("Demande envoyée"))
            #expect(try await camille.post(Links.structure(structure.id) + "/rejoindre", []).body.text.contains("Demande déjà envoyée"))
            #expect(try await Outbox.messages(to: "structure@demo.passerelle.test", on: app.db).first?.subject.contains("demande à rejoindre") == true)

            let steward = try await Persona.steward.browser(app)
            #expect(try await steward.get("/admin/revendications").body.text.contains("Camille Martin"))
            let admin = try await Persona.structure.browser(app)
            let html = try await admin.get(page).body.text
            #expect(html.contains("Chargée d’insertion depuis mars"))
            let action = try #require(html.components(separatedBy: "action=\"").first { $0.contains("/demandes/") }?.prefix { $0 != "\"" })
            #expect(try await admin.post(String(action), [("decision", "accepter")]).body.text.contains("Demande acceptée"))
            #expect(try await admin.post(String(action), [("decision", "refuser")]).status == .notFound)
            #expect(try await camille.get(Links.structure(structure.id) + "/modifier").status == .ok)
            #expect(try await Outbox.messages(to: "camille@orange.fr", on: app.db).contains { $0.subject.contains("Vous avez rejoint") })
        }
    }

    @Test func aTeamAlwaysKeepsAnAdmin() async throws {
        try await withPasserelle(.demo) { app in
            let (page, structure) = try await Self.team(app)
            let admin = try await Persona.structure.browser(app)
            let me = try #require(try await AccountQueries.account(email: EmailAddress("structure@demo.passerelle.test")!, on: app.db)).id.uuidString.lowercased()
            try await admin.get(page)
            let alone = try await admin.post(page + "/membres/\(me)/role", [("role", "member")])
            #expect(alone.status == .unprocessableEntity)
            #expect(alone.body.text.contains("au moins un administrateur"))
            #expect(try await admin.post(page + "/membres/\(me)/retirer", []).status == .unprocessableEntity)

            // Camille joins, becomes admin; then Sacha may step down, and be removed.
            _ = try await Factories.confirmedAccount(app, email: "camille@orange.fr")
            let camille = try await Browser.loggedIn(app, email: "camille@orange.fr")
            try await camille.get(Links.structure(structure.id))
            try await camille.post(Links.structure(structure.id) + "/rejoindre", [])
            let html = try await admin.get(page).body.text
            let decide = try #require(html.components(separatedBy: "action=\"").first { $0.contains("/demandes/") }?.prefix { $0 != "\"" })
            try await admin.post(String(decide), [("decision", "accepter")])
            let camilleID = try #require(try await AccountQueries.account(email: EmailAddress("camille@orange.fr")!, on: app.db)).id.uuidString.lowercased()
            #expect(try await admin.post(page + "/membres/\(camilleID)/role", [("role", "admin")]).body.text.contains("est désormais administrateur"))
            #expect(try await camille.get(page).body.text.contains("Inviter une personne"))
            let confirm = try await camille.get(page + "/membres/\(me)/retirer")
            #expect(confirm.body.text.contains("Retirer Sacha Structure (démo) de l’équipe"))
            #expect(try await camille.post(page + "/membres/\(me)/retirer", []).body.text.contains("ne fait plus partie de l’équipe"))
            #expect(try await admin.get(Links.structure(structure.id) + "/modifier").status == .forbidden)
            #expect(try await Audit.entries(action: .memberRemoved, on: app.db).count == 1)
            #expect(try await Browser(app).get(page).status == .seeOther)
        }
    }
}
