import Foundation
@testable import PasserelleAccounts
@testable import PasserelleCommunity
import PasserelleCore
@testable import PasserellePurchasing
@testable import PasserelleServices
import Testing
import VaporTesting
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform

/// « Mon espace »: after log-in, each person sees what waits for them, organisation by
/// organisation, each item with its action; the figures are those of the lists the actions lead to.
@Suite("Accounts: « Mon espace », what waits for each role")
struct WorkspaceTests {
    @Test func aVisitorIsAskedToLogInAndALogInLandsOnTheWorkspace() async throws {
        try await withPasserelle { app in
            let visitor = try await app.get("/mon-espace")
            #expect(visitor.status == .seeOther && visitor.headers.first(name: .location) == "/connexion?next=%2Fmon-espace")
            let browser = Browser(app)
            try await browser.get("/connexion")
            let loggedIn = try await browser.post("/connexion", [("email", Persona.structure.email), ("password", DemoAccounts.password)])
            #expect(loggedIn.headers.first(name: .location) == "/mon-espace")
            let page = try await browser.get("/mon-espace").body.text
            #expect(page.contains("<h1>Mon espace</h1>") && page.contains("href=\"/compte\"") && page.contains("aria-current=\"page\">Mon espace"))
        }
    }

    @Test func aStructuresTeamSeesItsOpportunitiesAndWhatItsProfileLacks() async throws {
        try await withPasserelle { app in
            _ = try await Factories.publishedNeed(app)
            let structure = try await Persona.structure.structureID(app)
            let unread = try await AnswerStore.unreadCount(of: structure, on: app.db)
            let page = try await Persona.structure.browser(app).get("/mon-espace").body.text
            let name = try #require(try await DirectoryQueries.structure(id: structure, on: app.db))
            #expect(page.contains("<h2 id=\"organisation-0\">\(name.name)</h2>"))
            if unread > 0 {
                #expect(page.contains(French.count(unread, "opportunité d’achat non lue", "opportunités d’achat non lues")) && page.contains(Links.opportunities(structure)))
            } else {
                Issue.record("the demo ACI received none of the need's opportunities")
            }
            if let missing = ProfileCompleteness(of: name).sentence {
                #expect(page.contains(missing) && page.contains(DirectoryPaths.editProfile.link(structure)))
            }
        }
    }

    @Test func aNeedClosingSoonAnAnswerAStaleServiceAndTheTerritorysFiguresReachTheirPeople() async throws {
        try await withPasserelle { app in
            let soon = DateText.parisDay(Date().addingTimeInterval(3 * 86_400))
            let need = try await Factories.publishedNeed(app, Factories.completeNeed.replacingOccurrences(of: "2099-01-15", with: soon))
            let closing = "besoin ferme dans moins d’une semaine sans votre réponse"
            #expect(try await Persona.structure.browser(app).get("/mon-espace").body.text.contains(closing))
            let answer = #"{"stance": "interessee", "responses": ["Trois sites de bureaux à Lille depuis 2019."], "comment": "Équipe disponible."}"#
            #expect(try await API.answer(app, need: need, answer, token: try await Persona.structure.token(app)).status == .created)
            // Answered, it no longer waits; the buyer reads it.
            #expect(!(try await Persona.structure.browser(app).get("/mon-espace").body.text.contains(closing)))
            let unread = try await AnswerStore.unread(toNeedsOf: try await Persona.buyer.organisationID(app), on: app.db)
            #expect(unread.count >= 1)
            let buyer = try await Persona.buyer.browser(app)
            #expect(try await buyer.get("/mon-espace").body.text.contains(French.count(unread.count, "réponse de structure à lire", "réponses de structures à lire")))
            // Read on the need's page, it no longer waits; changed by the structure, it waits again.
            try await buyer.get(Links.need(need))
            #expect(try await AnswerStore.unread(toNeedsOf: try await Persona.buyer.organisationID(app), on: app.db).count == unread.count - 1)
            let changed = #"{"stance": "interessee", "responses": ["Trois sites de bureaux à Lille depuis 2019."], "comment": "Équipe disponible dès janvier."}"#
            #expect(try await API.answer(app, need: need, changed, token: try await Persona.structure.token(app)).status == .ok)
            #expect(try await AnswerStore.unread(toNeedsOf: try await Persona.buyer.organisationID(app), on: app.db).count == unread.count)

            let facilitator = try await Persona.facilitator.browser(app).get("/mon-espace").body.text
            // The facilitator reads the territory's figures as the dashboard counts them.
            let facilitatorActor = try await Policy.Actor.of(try await Persona.facilitator.userID(app), on: app.db)
            let total = TerritoryDashboard(try await DashboardStore.visible(to: facilitatorActor, departement: nil, on: app.db).rows.map(DashboardStore.figures)).total
            #expect(total.needs > 0)
            #expect(facilitator.contains("Votre territoire") && facilitator.contains(French.count(total.needs, "besoin") + ", dont ")
                    && facilitator.contains("href=\"/besoins/tableau-de-bord\""))
            #expect(!(try await Persona.buyer.browser(app).get("/mon-espace").body.text.contains("Votre territoire")))

            let partner = try await Persona.partner.organisationID(app)
            let mine = try await ServiceStore.published(on: app.db).filter { $0.provider.organisationId == partner }
            let stale = mine.filter { ServiceRules.needsReview($0, now: Date()) }.count
            var service = try #require(mine.first { !ServiceRules.needsReview($0, now: Date()) })
            service.updatedAt = Date().addingTimeInterval(-200 * 86_400)
            try await ServiceStore.save(service, on: app.db, now: service.updatedAt)
            let label = French.count(stale + 1, "service à vérifier : pas mis à jour depuis six mois", "services à vérifier : pas mis à jour depuis six mois")
            #expect(try await Persona.partner.browser(app).get("/mon-espace").body.text.contains(label))
        }
    }

    @Test func aBuyerAndAFacilitatorSeeTheNeedWaitingForValidation() async throws {
        try await withPasserelle { app in
            let submitted = try await API.postNeed(app, Factories.completeNeed, token: try await Persona.buyer.token(app))
            #expect(try submitted.json["state"].string == "soumis")
            var filter = NeedStore.Filter()
            filter.mine = true
            filter.organisations = [try await Persona.buyer.organisationID(app)]
            filter.state = .submitted
            let waiting = try await NeedStore.list(filter, on: app.db).total
            let buyer = try await Persona.buyer.browser(app).get("/mon-espace").body.text
            #expect(buyer.contains(French.count(waiting, "besoin attend sa validation", "besoins attendent leur validation")) && buyer.contains("/mes-besoins?etat=soumis"))
            let facilitatorActor = try await Policy.Actor.of(try await Persona.facilitator.userID(app), on: app.db)
            let queue = try await NeedPages.awaitingModeration(by: facilitatorActor, on: app.db).count
            #expect(queue > 0)
            let facilitator = try await Persona.facilitator.browser(app).get("/mon-espace").body.text
            #expect(facilitator.contains(French.count(queue, "besoin d’achat attend votre validation", "besoins d’achat attendent votre validation"))
                    && facilitator.contains("href=\"/besoins/a-valider\""))
            // A structure's team validates no need.
            #expect(!(try await Persona.structure.browser(app).get("/mon-espace").body.text.contains("attend votre validation")))
        }
    }

    @Test func thePlatformTeamSeesTheClaimsToDecide() async throws {
        try await withPasserelle { app in
            _ = try await Factories.confirmedAccount(app)
            let address = try #require(EmailAddress(Factories.email))
            let user = try #require(try await AccountQueries.account(email: address, on: app.db)).id
            let structure = try #require(try await app.directoryIndex().structures.first { $0.communeCode != nil }?.id)
            _ = try await ClaimQueries.create(structure: structure, user: user, status: .pending, message: "Je dirige la structure.", decidedBy: nil, on: app.db)
            let admin = try await Persona.admin.browser(app).get("/mon-espace").body.text
            #expect(admin.contains("à décider") && admin.contains("href=\"/admin/revendications\""))
            // The claimant belongs to no organisation yet: the workspace sends them back to the
            // sign-up's step they are at, the wait for the answer to their claim.
            let claimant = try await Browser.loggedIn(app)
            let workspace = try await claimant.get("/mon-espace")
            #expect(workspace.status == .seeOther && workspace.headers.first(name: .location) == "/inscription/organisation")
            let page = try await claimant.get("/inscription/organisation").body.text
            #expect(page.contains("Votre demande est envoyée") && page.contains("Demande de gestion de la fiche"))
        }
    }

    /// A referral the service declined comes back to its sender: the person needs another way.
    @Test func aDeclinedReferralComesBackToItsSender() async throws {
        try await withPasserelle(.demo) { app in
            let service = try await Factories.partnerService(app)
            let organisation = try #require(try await DemoAccounts.organisation(of: "structure", on: app.db))
            let created = try await ReferralAPITests.post(app, ReferralAPITests.body(service: service.id, organisation: organisation), token: try await Persona.structure.token(app))
            let text = try #require(try created.json["id"].string)
            let id = try #require(UUID(uuidString: text))
            let label = "orientation envoyée refusée cette semaine"
            #expect(!(try await Persona.structure.browser(app).get("/mon-espace").body.text.contains(label)))
            _ = try await ReferralFlows.answer(id, with: .refuse(.sessionFull, details: nil), by: .init(userID: nil, label: "partenaire", address: nil),
                                               publicURL: "http://localhost", on: app.db)
            let page = try await Persona.structure.browser(app).get("/mon-espace").body.text
            #expect(page.contains(label) && page.contains("/orientations?vue=envoyees&amp;etat=refusee"))
        }
    }

    /// With nothing waiting, each organisation is told where to start, with the way to do it.
    @Test func anEmptyWorkspaceSaysWhereToStart() async throws {
        try await withPasserelle(.demo) { app in
            let buyer = try await OnboardingPagesTests.newBuyer(app)
            _ = try await OnboardingPagesTests.createOrganisation(buyer)
            let page = try await buyer.get("/mon-espace").body.text
            #expect(page.contains("Déposez un premier besoin d’achat") && page.contains("href=\"/besoins/nouveau\""))
        }
    }

    /// A buyer's draft, a request to join a structure's team (for its admins only) and a
    /// registration to an event to come each wait in the workspace of the one who deals with them.
    @Test func draftsJoinRequestsAndRegistrationsWaitForTheirPeople() async throws {
        try await withPasserelle(.demo) { app in
            let draft = Factories.completeNeed.replacingOccurrences(of: #""submit": true"#, with: #""submit": false"#)
            #expect(try await API.postNeed(app, draft, token: try await Persona.buyer.token(app)).status == .created)
            var filter = NeedStore.Filter()
            filter.mine = true
            filter.organisations = [try await Persona.buyer.organisationID(app)]
            filter.state = .draft
            let drafts = try await NeedStore.list(filter, on: app.db).total
            let buyer = try await Persona.buyer.browser(app).get("/mon-espace").body.text
            #expect(buyer.contains(French.count(drafts, "brouillon à terminer", "brouillons à terminer")) && buyer.contains("/mes-besoins?etat=brouillon"))

            let structure = try await Persona.structure.structureID(app)
            _ = try await Factories.confirmedAccount(app, email: "candidate@autre-domaine.example", profile: .structure)
            let newcomer = try await Browser.loggedIn(app, email: "candidate@autre-domaine.example")
            try await newcomer.get(Links.structure(structure))
            _ = try await newcomer.post("/structures/\(structure.uuidString.lowercased())/rejoindre", [("message", "")])
            let team = try await Persona.structure.organisationID(app)
            let requests = try await Teams.joinRequests(of: team, on: app.db).count
            let admin = try await Persona.structure.browser(app).get("/mon-espace").body.text
            #expect(admin.contains(French.count(requests, "demande pour rejoindre l’équipe", "demandes pour rejoindre l’équipe"))
                    && admin.contains(AccountsPaths.team.link(team)))
            #expect(!(try await Persona.buyer.browser(app).get("/mon-espace").body.text.contains("pour rejoindre l’équipe")))

            let events = try await app.get("/api/v1/events").json["items"].array
            let webinar = try #require(events.first { $0["kind"].string == "webinaire" })
            let eventText = try #require(webinar["id"].string)
            let event = try #require(UUID(uuidString: eventText))
            let detail = try await app.get("/api/v1/events/\(eventText)").json
            let sessionText = try #require(detail["sessions"][0]["id"].string)
            let session = try #require(UUID(uuidString: sessionText))
            #expect(try await EventAPITests.register(app, event: event, sessions: [session], token: try await Persona.partner.token(app)).status == .created)
            let partner = try await Persona.partner.browser(app).get("/mon-espace").body.text
            #expect(partner.contains("à venir, la prochaine") && partner.contains("href=\"/evenements/mes-inscriptions\""))
        }
    }
}
