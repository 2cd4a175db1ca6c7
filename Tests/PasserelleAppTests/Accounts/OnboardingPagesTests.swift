import Foundation
@testable import PasserelleAccounts
import PasserelleCore
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import PasserelleServices
@testable import PasserelleDirectory
@testable import PasserelleApp
@testable import PasserellePlatform

@Suite("Accounts: sign-up by role, finding or creating the organisation, its verification")
struct OnboardingPagesTests {
    static let buyerEmail = "commande.publique@ville-exemple.fr"

    /// A public buyer who signed up, confirmed the address and logged in.
    static func newBuyer(_ app: Application, email: String = buyerEmail) async throws -> Browser {
        _ = try await Factories.confirmedAccount(app, email: email, profile: .publicBuyer)
        return try await Browser.loggedIn(app, email: email)
    }

    static func createOrganisation(_ browser: Browser, name: String = "Ville d’Exemple", siret: String = "21590350100017", commune: String = "59350",
                                   perimeter: String = "") async throws -> TestingHTTPResponse {
        try await browser.get("/inscription/organisation")
        return try await browser.post("/inscription/organisation", [("org_name", name), ("siret", siret), ("commune_q", commune), ("commune", commune), ("perimeter", perimeter)])
    }

    @Test func aNewBuyerCreatesTheOrganisationBySiretAndWaitsForTheStewardBeforePublishing() async throws {
        try await withPasserelle(.demo) { app in
            let buyer = try await Self.newBuyer(app)
            // The workspace sends a newcomer to the step they are at.
            let workspace = try await buyer.get("/mon-espace")
            #expect(workspace.status == .seeOther && workspace.headers.first(name: .location) == "/inscription/organisation")
            let step = try await buyer.get("/inscription/organisation").body.text
            #expect(step.contains("Vous êtes <strong>un acheteur public</strong>") && step.contains("Créer votre organisation") && step.contains("aria-current=\"step\""))

            let wrongKey = try await Self.createOrganisation(buyer, siret: "21590350100018")
            #expect(wrongKey.status == .unprocessableEntity && wrongKey.body.text.contains("sa clé de contrôle est fausse"))
            #expect(wrongKey.body.text.contains("href=\"#siret\""))
            let created = try await Self.createOrganisation(buyer)
            #expect(created.status == .ok && created.body.text.contains("attend sa vérification"))
            let organisation = try #require(try await OrganisationQueries.memberships(of: try await Self.userID(app, Self.buyerEmail), on: app.db).first)
            #expect(organisation.kind == .publicBuyer && organisation.role == .admin && organisation.verification == .pending)

            // Usable at once for drafts; not for publishing.
            let page = try await buyer.get("/mon-espace").body.text
            #expect(page.contains("Ville d’Exemple") && page.contains("attend sa vérification"))
            let token = try await API.postJSON(app, "/api/v1/auth/token", #"{"email": "\#(Self.buyerEmail)", "password": "\#(Factories.password)", "name": "tests"}"#).json["token"].string
            let refused = try await API.postNeed(app, Factories.completeNeed, token: token)
            #expect(refused.status == .forbidden && refused.body.text.contains("attend sa vérification"))
            let draft = try await API.postNeed(app, Factories.completeNeed.replacingOccurrences(of: #""submit": true"#, with: #""submit": false"#), token: token)
            #expect(draft.status == .created)
            // Its pages offer no submission that would be refused, and say why.
            let needID = try #require(try draft.json["id"].string)
            let needPage = try await buyer.get("/besoins/\(needID)").body.text
            #expect(!needPage.contains("Soumettre pour publication"))
            let review = try await buyer.get("/besoins/\(needID)/modifier/5").body.text
            #expect(review.contains("attend sa vérification") && !review.contains("Soumettre le besoin"))

            // Signed in, the sign-up form leads on; the back-office lists the organisation as waiting.
            #expect(try await buyer.get("/inscription").headers.first(name: .location) == "/mon-espace")
            let listed = try await Persona.admin.browser(app).get("/admin/organisations?q=Ville").body.text
            #expect(listed.contains("Acheteur public (en attente de vérification)"))
            // The steward of the Hauts-de-France sees it in its queue and in its workspace.
            let steward = try await Persona.steward.browser(app)
            #expect(try await steward.get("/mon-espace").body.text.contains("1 organisation à vérifier"))
            let queue = try await steward.get("/admin/verifications").body.text
            #expect(queue.contains("Ville d’Exemple") && queue.contains("21590350100017") && queue.contains("ville-exemple.fr"))
            let refusalWithoutReason = try await steward.post("/admin/verifications/\(organisation.organisationID.uuidString.lowercased())", [("decision", "refuser")])
            #expect(refusalWithoutReason.status == .unprocessableEntity)
            let verified = try await steward.post("/admin/verifications/\(organisation.organisationID.uuidString.lowercased())", [("decision", "verifier")])
            #expect(verified.status == .ok && verified.body.text.contains("est vérifiée"))
            #expect(try await OrganisationQueries.verification(of: organisation.organisationID, on: app.db) == .verified)
            #expect(try await Outbox.messages(to: Self.buyerEmail, on: app.db).contains { $0.subject.contains("est vérifiée") })
            let again = try await steward.post("/admin/verifications/\(organisation.organisationID.uuidString.lowercased())", [("decision", "verifier")])
            #expect(again.status == .notFound)

            let published = try await API.postNeed(app, Factories.completeNeed, token: token)
            #expect(published.status == .created)
            let actions = try await app.db.sql.raw("SELECT action FROM audit_log WHERE object = \(bind: "organisation:" + organisation.organisationID.uuidString.lowercased())")
                .all(decodingColumn: "action", as: String.self)
            #expect(Set(actions) == ["organisation.creation", "organisation.verifiee"])
        }
    }

    @Test func aSiretAlreadyOnThePlatformIsJoinedNotCopied() async throws {
        try await withPasserelle(.demo) { app in
            let first = try await Self.newBuyer(app)
            _ = try await Self.createOrganisation(first)
            let organisation = try #require(try await OrganisationQueries.memberships(of: try await Self.userID(app, Self.buyerEmail), on: app.db).first).organisationID
            let admin = try await Persona.admin.browser(app)
            try await admin.get("/admin/verifications")
            #expect(try await admin.post("/admin/verifications/\(organisation.uuidString.lowercased())", [("decision", "verifier")]).status == .ok)

            // A colleague of the same domain finds it by SIRET and joins at once.
            let colleague = try await Self.newBuyer(app, email: "marches@ville-exemple.fr")
            let twin = try await Self.createOrganisation(colleague, name: "Mairie d’Exemple", siret: "215 903 501 00017")
            #expect(twin.status == .conflict && twin.body.text.contains("a déjà ce Nᵒ SIRET"))
            let found = try await colleague.get("/inscription/organisation?q=21590350100017").body.text
            #expect(found.contains("1 résultat") && found.contains("Acceptée aussitôt avec une adresse en @ville-exemple.fr"))
            let joined = try await colleague.post("/inscription/organisations/\(organisation.uuidString.lowercased())/rejoindre", [("message", "")])
            #expect(joined.status == .seeOther && joined.headers.first(name: .location) == "/mon-espace")
            #expect(try await OrganisationQueries.isMember(try await Self.userID(app, "marches@ville-exemple.fr"), of: organisation, on: app.db))

            // Someone writing from a personal mailbox finds it by name and asks its admins.
            let stranger = try await Self.newBuyer(app, email: "quelquun@gmail.com")
            let byName = try await stranger.get("/inscription/organisation?q=VILLE+EX%C3%89MPLE").body.text
            #expect(byName.contains("Ville d’Exemple"))
            let asked = try await stranger.post("/inscription/organisations/\(organisation.uuidString.lowercased())/rejoindre", [("message", "Nouvelle acheteuse")])
            #expect(asked.status == .ok && asked.body.text.contains("est envoyée"))
            #expect(try await Outbox.messages(to: Self.buyerEmail, on: app.db).contains { $0.textBody.contains("Nouvelle acheteuse") })
            // Leaving and coming back finds the same step: the wait.
            let back = try await Browser.loggedIn(app, email: "quelquun@gmail.com")
            #expect(try await back.get("/mon-espace").headers.first(name: .location) == "/inscription/organisation")
            #expect(try await back.get("/inscription/organisation").body.text.contains("Demande pour rejoindre « Ville d’Exemple »"))
        }
    }

    @Test func aFacilitatorsPerimeterIsGrantedByThePlatformTeamOnly() async throws {
        try await withPasserelle(.demo) { app in
            _ = try await Factories.confirmedAccount(app, email: "clauses@maison-emploi.example", profile: .facilitator)
            let facilitator = try await Browser.loggedIn(app, email: "clauses@maison-emploi.example")
            let missing = try await Self.createOrganisation(facilitator, name: "Maison de l’emploi d’Exemple", siret: "44306184100047", commune: "62498")
            #expect(missing.status == .unprocessableEntity && missing.body.text.contains("Choisissez le département ou la région"))
            let created = try await Self.createOrganisation(facilitator, name: "Maison de l’emploi d’Exemple", siret: "44306184100047", commune: "62498", perimeter: "departement:62")
            #expect(created.body.text.contains("équipe de la plateforme"))
            let organisation = try #require(try await Verifications.waiting(on: app.db).first { $0.siret == "44306184100047" })
            // Acting on a territory is nothing until granted.
            #expect(try await Policy.Actor.of(try await Self.userID(app, "clauses@maison-emploi.example"), on: app.db).memberships.first?.territory == [])

            let steward = try await Persona.steward.browser(app)
            #expect(!(try await steward.get("/admin/verifications").body.text.contains("Maison de l’emploi")))
            let byStewart = try await steward.post("/admin/verifications/\(organisation.id.uuidString.lowercased())", [("decision", "verifier")])
            #expect(byStewart.status == .forbidden)
            let admin = try await Persona.admin.browser(app)
            #expect(try await admin.get("/admin/verifications").body.text.contains("departement") == false, "the perimeter is shown by its name")
            let granted = try await admin.post("/admin/verifications/\(organisation.id.uuidString.lowercased())", [("decision", "verifier")])
            #expect(granted.status == .ok)
            let actor = try await Policy.Actor.of(try await Self.userID(app, "clauses@maison-emploi.example"), on: app.db)
            #expect(actor.memberships.first?.territory == [.departement("62")] && actor.memberships.first?.verified == true)
            let entry = try await app.db.sql.raw("SELECT detail FROM audit_log WHERE action = 'organisation.verifiee'").first(decodingColumn: "detail", as: String.self)
            #expect(entry?.contains("périmètre accordé : departement:62") == true)
        }
    }

    /// Found by a review: before its grant, a steward who signed up opened the back-office and
    /// exported every organisation.
    @Test func aStewardWaitingForItsGrantOpensNoBackOffice() async throws {
        try await withPasserelle(.demo) { app in
            _ = try await Factories.confirmedAccount(app, email: "pilotage@reseau-exemple.example", profile: .steward)
            let steward = try await Browser.loggedIn(app, email: "pilotage@reseau-exemple.example")
            let created = try await Self.createOrganisation(steward, name: "Réseau d’Exemple", siret: "44306184100047", commune: "62498", perimeter: "departement:62")
            #expect(created.status == .ok)
            for path in ["/admin", "/admin/organisations", "/admin/organisations.csv", "/admin/revendications", "/admin/verifications"] {
                #expect(try await steward.get(path).status == .forbidden, "\(path)")
            }
            let workspace = try await steward.get("/mon-espace").body.text
            #expect(!workspace.contains("/admin"))
            let organisation = try #require(try await Verifications.waiting(on: app.db).first { $0.siret == "44306184100047" })
            let admin = try await Persona.admin.browser(app)
            try await admin.get("/admin/verifications")
            #expect(try await admin.post("/admin/verifications/\(organisation.id.uuidString.lowercased())", [("decision", "verifier")]).status == .ok)
            #expect(try await steward.get("/admin/revendications").status == .ok)
        }
    }

    @Test func aJobCoachFindsTheStructureInTheDirectoryAndAsksItsTeam() async throws {
        try await withPasserelle(.demo) { app in
            _ = try await Factories.confirmedAccount(app, email: "conseillere@exemple.fr", profile: .structure)
            let coach = try await Browser.loggedIn(app, email: "conseillere@exemple.fr")
            let structure = try await Persona.structure.structureID(app)
            let name = try #require(try await app.directoryIndex().structure(id: structure)).name
            let step = try await coach.get("/inscription/organisation").body.text
            #expect(!step.contains("Créer votre organisation"), "a structure is found, never created")
            let found = try await coach.get("/inscription/organisation?q=" + (name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")).body.text
            #expect(found.contains("Demander à rejoindre l’équipe"))
            let asked = try await coach.post("/structures/\(structure.uuidString.lowercased())/rejoindre", [("message", "Conseillère en insertion")])
            #expect(asked.status == .ok)
            // Its admin accepts from the team page; the coach's workspace opens.
            let admin = try await Persona.structure.browser(app)
            let team = try await Persona.structure.organisationID(app)
            let request = try #require(try await Teams.joinRequests(of: team, on: app.db).first)
            try await admin.get("/organisations/\(team.uuidString.lowercased())")
            let accepted = try await admin.post("/organisations/\(team.uuidString.lowercased())/demandes/\(request.id.uuidString.lowercased())", [("decision", "accepter")])
            #expect(accepted.status == .seeOther || accepted.status == .ok)
            #expect(try await coach.get("/mon-espace").status == .ok)
        }
    }

    /// A structure's team made before sign-up by role is known by its public address's domain: a
    /// newcomer writing from it joins at once, and the join is audited.
    @Test func aJobCoachWritingFromTheStructuresDomainJoinsItsTeamAtOnce() async throws {
        try await withPasserelle(.demo) { app in
            let structureID = try await Persona.structure.structureID(app)
            let structure = try #require(try await DirectoryQueries.structure(id: structureID, on: app.db, includingHidden: false))
            let domain = try #require(VerificationPolicy.knownDomain(stored: nil, publicEmail: structure.email, website: structure.website))
            _ = try await Factories.confirmedAccount(app, email: "nouvelle.conseillere@" + domain, profile: .structure)
            let coach = try await Browser.loggedIn(app, email: "nouvelle.conseillere@" + domain)
            try await coach.get(Links.structure(structureID))
            let joined = try await coach.post("/structures/\(structureID.uuidString.lowercased())/rejoindre", [("message", "")])
            #expect(joined.status == .ok && joined.body.text.contains("Vous avez rejoint l’équipe"))
            let team = try await Persona.structure.organisationID(app)
            #expect(try await OrganisationQueries.isMember(try await Self.userID(app, "nouvelle.conseillere@" + domain), of: team, on: app.db))
            #expect(try await Teams.joinRequests(of: team, on: app.db).isEmpty)
            // Another domain still asks the admins.
            _ = try await Factories.confirmedAccount(app, email: "quelquun@autre-domaine.example", profile: .structure)
            let other = try await Browser.loggedIn(app, email: "quelquun@autre-domaine.example")
            try await other.get(Links.structure(structureID))
            #expect(try await other.post("/structures/\(structureID.uuidString.lowercased())/rejoindre", [("message", "")]).body.text.contains("Demande envoyée"))
        }
    }

    @Test func aPartnerWaitingForVerificationPublishesNoService() async throws {
        try await withPasserelle(.demo) { app in
            let email = "orientation@association-exemple.fr"
            _ = try await Factories.confirmedAccount(app, email: email, profile: .partner)
            let partner = try await Browser.loggedIn(app, email: email)
            #expect(try await Self.createOrganisation(partner, name: "Association d’Exemple", siret: "44306184100047", commune: "62498").status == .ok)
            let organisation = try #require(try await OrganisationQueries.memberships(of: try await Self.userID(app, email), on: app.db).first).organisationID
            let token = try #require(try await API.postJSON(app, "/api/v1/auth/token", #"{"email": "\#(email)", "password": "\#(Factories.password)", "name": "t"}"#).json["token"].string)
            let refused = try await API.send(app, .POST, "/api/v1/services", Factories.serviceBody(organisation: organisation), token: token)
            let reason = try refused.json["reason"].string
            #expect(refused.status == .forbidden && reason?.contains("attend sa vérification") == true)
            #expect(try await ServiceStore.published(on: app.db).allSatisfy { $0.provider.organisationId != organisation })
            // A draft is kept; its page offers no « Publier », and says why.
            let draft = try await API.send(app, .POST, "/api/v1/services", Factories.serviceBody(organisation: organisation, status: "brouillon"), token: token)
            #expect(draft.status == .created)
            let id = try #require(try draft.json["id"].string)
            let page = try await partner.get("/services/\(id)/modifier").body.text
            #expect(page.contains("attend sa vérification") && !page.contains(">Publier<"))
        }
    }

    @Test func anAccountWithoutAnAnswerIsAskedFirst() async throws {
        try await withPasserelle(.demo) { app in
            let browser = try await Self.newBuyer(app)
            try await app.db.sql.update("users").set("profile", to: SQLLiteral.null).where("email", .equal, SQLBind(Self.buyerEmail)).run()
            let step = try await browser.get("/inscription/organisation").body.text
            #expect(step.contains("<legend>Vous êtes…</legend>"))
            let nothing = try await browser.post("/inscription/profil", [("profile", "roi")])
            #expect(nothing.status == .unprocessableEntity && nothing.body.text.contains("Dites qui vous êtes"))
            // The radio group's error is in the summary, which leads to its first choice.
            #expect(nothing.body.text.contains("id=\"erreurs\" autofocus") && nothing.body.text.contains("href=\"#profile-structure\""))
            let chosen = try await browser.post("/inscription/profil", [("profile", "entreprise")])
            #expect(chosen.status == .seeOther)
            #expect(try await browser.get("/inscription/organisation").body.text.contains("<strong>une entreprise</strong>"))
        }
    }

    static func userID(_ app: Application, _ email: String) async throws -> UUID {
        let address = try #require(EmailAddress(email))
        return try #require(try await AccountQueries.account(email: address, on: app.db)).id
    }
}
