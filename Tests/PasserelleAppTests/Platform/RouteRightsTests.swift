import Foundation
@testable import PasserelleAccounts
@testable import PasserelleCommunity
import PasserelleCore
@testable import PasserelleServices
@testable import PasserelleJobs
import Testing
import Vapor
import VaporTesting
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform

/// Every state-changing page checks, in this order, the form's CSRF token, then the rights, then
/// what the form says: a refusal never depends on the data it names. The walk covers every POST
/// route the application registers, so that a new one is held to it from the start.
@Suite("Every form: CSRF, then rights, then input")
struct RouteRightsTests {
    /// Open to visitors: their forms are how one gets an account, or answer a signed mailed link.
    static let openToVisitors: Set<String> = ["/inscription", "/connexion", "/deconnexion", "/mot-de-passe-oublie", "/mot-de-passe/nouveau", "/orientations/reponse",
                                                   "/candidatures/reponse-par-lien", "/immersions/signature"]
    /// Open to every account, whatever its organisations: its own account, claims and join
    /// requests, an invitation sent to its address, registrations to events.
    static let openToAccounts: Set<String> = [
        "/compte/mot-de-passe", "/compte/adresse", "/compte/jetons", "/compte/jetons/:token/revoquer", "/compte/supprimer", "/invitation",
        "/structures/:id/revendiquer", "/structures/:id/rejoindre", "/evenements/:id/inscription",
        "/inscription/profil", "/inscription/organisation", "/inscription/organisations/:id/rejoindre",
    ]
    /// Objects of one person or one organisation: to anyone else they answer as if they did not exist.
    static let privateObjects: Set<String> = [
        "/evenements/inscriptions/:rid/sessions", "/evenements/inscriptions/:rid/annuler", "/evenements/inscriptions/:rid/sessions/:sid/annuler",
        "/connaissances/:id/modifier", "/orientations/:id/reponse",
        "/organisations/:id/invitations", "/organisations/:id/invitations/:invitation/annuler", "/organisations/:id/membres/:user/role",
        "/organisations/:id/membres/:user/retirer", "/organisations/:id/demandes/:request",
        "/parcours/personnes/:id/modifier", "/parcours/personnes/:id/embauche", "/parcours/personnes/:id/accord",
        "/parcours/personnes/:id/freins", "/parcours/personnes/:id/freins/:barrier", "/parcours/personnes/:id/actions",
        "/parcours/personnes/:id/actions/:action", "/parcours/personnes/:id/sortie", "/parcours/personnes/:id/suivi", "/parcours/personnes/:id/reouverture",
        "/parcours/personnes/:id/effacement", "/parcours/personnes/:id/freins/:barrier/orienter", "/parcours/personnes/:id/partages",
        "/parcours/personnes/:id/agrement", "/parcours/personnes/:id/contrats",
        "/candidatures/:id/reponse", "/candidatures/:id/accueil", "/immersions/:id/modifier", "/immersions/:id/etat", "/immersions/:id/bilan",
        "/profils/personne/:id", "/profils/:id/retrait", "/profils/demandes/:id", "/candidatures/:id/embauche", "/entreprises/:id/modifier",
    ]

    /// A value for each route parameter: real objects of the demo, so that a handler that looked
    /// at them before the rights would answer something else.
    static func parameters(_ app: Application) async throws -> [String: String] {
        func text(_ id: UUID?, _ what: String) throws -> String { try #require(id, "a demo \(what)").uuidString.lowercased() }
        let need: UUID? = try await Factories.publishedNeed(app)
        let events = try await EventStore.list(EventStore.Filter(), on: app.db).rows
        let eventID = try #require((events.first { $0.title.contains("Journée") } ?? events.first)?.id)
        let registration = try await EventStore.registrants(of: eventID, on: app.db).first?.registration.id
        let session = try await EventStore.sessions(of: eventID, on: app.db).first?.id
        let partner = try await DemoAccounts.organisation(of: "partenaire", on: app.db)
        let service = try await ServiceStore.published(on: app.db).first { $0.provider.organisationId == partner }?.id
        let referral = try await ReferralStore.open(sentBefore: .distantFuture, limit: 1, on: app.db).first?.referral.id
        let item = try await KnowledgeStore.items(state: .published, on: app.db).first?.id
        let structureOrganisation = try await DemoAccounts.organisation(of: "structure", on: app.db)
        let email = try #require(EmailAddress("structure@demo.passerelle.test"))
        let structureUser = try #require(try await AccountQueries.account(email: email, on: app.db))
        let structure = try await OrganisationQueries.memberships(of: structureUser.id, on: app.db)
            .first { $0.organisationID == structureOrganisation }?.structureID
        let offer = try await OfferStore.search(OfferQuery(), centre: nil, on: app.db).offers.first?.offer.id
        return [
            "/offres": try text(offer, "offer"),
            "/besoins": try text(need, "need"), "/evenements": try text(eventID, "event"), "/services": try text(service, "service"),
            "/orientations": try text(referral, "referral"), "/connaissances": try text(item, "report"), "/structures": try text(structure, "structure"),
            "/organisations": try text(partner, "organisation"), ":rid": try text(registration, "registration"),
            ":session": try text(session, "session"), ":slug": try #require(try await EventStore.themes(on: app.db).first?.slug),
            ":number": "1", ":step": "1",
        ]
    }

    static func path(of route: Route, with values: [String: String]) -> (pattern: String, path: String) {
        let pattern = "/" + route.path.map(\.description).joined(separator: "/")
        let first = "/" + (route.path.first?.description ?? "")
        let path = "/" + route.path.map { component -> String in
            guard case .parameter(let name) = component else { return component.description }
            return values[name == "id" ? first : ":" + name] ?? UUID().uuidString.lowercased()
        }.joined(separator: "/")
        return (pattern, path)
    }

    /// A form that would reach the data-dependent answers of the handlers that read it first.
    static func probe(_ values: [String: String]) -> [(String, String)] {
        [("outcome", "attribue"), ("winner", "structure:" + (values["/structures"] ?? "")), ("structure", values["/structures"] ?? ""),
         ("decision", "accepter"), ("message", "essai"), ("stance", "interesse"), ("month", "2026-01"), ("hours", "10"), ("organisation", "")]
    }

    static let csrfRefusal = "Ce formulaire a expiré"

    static func isLogIn(_ response: TestingHTTPResponse) -> Bool {
        response.status == .seeOther && response.headers.first(name: .location)?.hasPrefix("/connexion") == true
    }

    @Test func everyFormRefusesTheWrongPeopleBeforeReadingIt() async throws {
        try await withPasserelle(.demo) { app in
            let values = try await Self.parameters(app)
            let routes = app.routes.all.filter { $0.method == .POST && $0.path.first?.description != "api" }
            #expect(routes.count >= 60, "\(routes.count) POST pages")

            // An account of no organisation: the wrong role for every restricted form.
            let input = SignUp.Input(name: "Claude Sansrôle", email: "claude.sansrole@exemple.fr", password: "une phrase assez longue",
                                     passwordConfirmation: "une phrase assez longue", acceptsTerms: true, profile: "entreprise")
            guard case .success(let signUp) = input.validate() else { Issue.record("sign-up"); return }
            let id = try await AccountQueries.create(signUp, passwordHash: app.password.hash("une phrase assez longue"), on: app.db)
            try await AccountQueries.markVerified(id, on: app.db)
            let account = try await Browser.loggedIn(app, email: "claude.sansrole@exemple.fr", password: "une phrase assez longue")
            try await account.get("/compte")
            let visitor = Browser(app)
            try await visitor.get("/connexion")
            #expect(visitor.cookies["passerelle_session"] == nil, "a visitor's form costs no session")

            for route in routes {
                let (pattern, path) = Self.path(of: route, with: values)
                // Without a token, every form is refused before anything else, whoever sends it.
                let forged = try await Browser(app).post(path, Self.probe(values), withToken: false)
                #expect(forged.status == .forbidden && forged.body.text.contains(Self.csrfRefusal), "\(pattern) without a token: \(forged.status)")
                let forgedByAccount = try await account.post(path, Self.probe(values), withToken: false)
                #expect(forgedByAccount.status == .forbidden && forgedByAccount.body.text.contains(Self.csrfRefusal), "\(pattern) without a token, signed in: \(forgedByAccount.status)")
                guard !Self.openToVisitors.contains(pattern) else { continue }

                let byVisitor = try await visitor.post(path, Self.probe(values))
                // The token was right: a 403 here is the rights' refusal, not the CSRF check's.
                #expect(!byVisitor.body.text.contains(Self.csrfRefusal), "\(pattern): the visitor's token was refused")
                let visitorOK = Self.isLogIn(byVisitor) || byVisitor.status == .forbidden || (Self.privateObjects.contains(pattern) && byVisitor.status == .notFound)
                #expect(visitorOK, "\(pattern) by a visitor: \(byVisitor.status) \(byVisitor.body.text.prefix(300))")
                guard !Self.openToAccounts.contains(pattern) else { continue }

                let byAccount = try await account.post(path, Self.probe(values))
                #expect(!byAccount.body.text.contains(Self.csrfRefusal), "\(pattern): the account's token was refused")
                let accountOK = byAccount.status == .forbidden || (Self.privateObjects.contains(pattern) && byAccount.status == .notFound)
                #expect(accountOK, "\(pattern) by an account of no organisation: \(byAccount.status) \(byAccount.body.text.prefix(300))")
            }
        }
    }

    /// The API's writes behind a token refuse a request without a valid one before the body is
    /// read: a body that is not even JSON gets the same 401.
    @Test func everyAPIWriteAsksForItsTokenFirst() async throws {
        try await withPasserelle(.demo) { app in
            let values = try await Self.parameters(app)
            let writes = try APIDocs().tokenOperations.filter { !$0.hasPrefix("GET ") }
            #expect(writes.count >= 8, "\(writes)")
            for route in app.routes.all where writes.contains(route.method.rawValue + " /" + route.path.map(\.description).joined(separator: "/")) {
                let (pattern, path) = Self.path(of: route, with: values)
                for authorization in [nil, "Bearer pas_inconnu"] {
                    var headers = HTTPHeaders()
                    headers.contentType = .json
                    if let authorization { headers.replaceOrAdd(name: .authorization, value: authorization) }
                    let response = try await app.testing().sendRequest(route.method, path, headers: headers, body: ByteBuffer(string: "{pas du json"))
                    #expect(response.status == .unauthorized, "\(route.method) \(pattern) with \(authorization ?? "no token"): \(response.status)")
                }
            }
        }
    }
}
