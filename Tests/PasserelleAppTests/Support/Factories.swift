import Foundation
@testable import PasserelleAccounts
import PasserelleCore
@testable import PasserelleServices
import Testing
import Vapor
import VaporTesting
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform

/// What the tests make before they act, through the platform's own flows and stores, never by
/// writing rows behind their backs.
enum Factories {
    /// An invented person who signs up in the tests.
    static let email = "camille.martin@exemple.fr"
    static let password = "un jardin partagé à Lens"

    static func signUpFields(email: String = email, name: String = "Camille Martin", profile: SignUpProfile = .partner) -> [(String, String)] {
        [("name", name), ("email", email), ("password", password), ("password_confirmation", password), ("accepts_terms", "oui"), ("profile", profile.rawValue)]
    }

    /// Signs up and confirms the address; returns the browser, logged out.
    static func confirmedAccount(_ app: Application, email: String = email, profile: SignUpProfile = .partner) async throws -> Browser {
        let browser = Browser(app)
        try await browser.get("/inscription")
        try await browser.post("/inscription", signUpFields(email: email, profile: profile))
        let link = try #require(try await Outbox.messages(to: email, on: app.db).first?.textBody.components(separatedBy: "/compte/verifier?").last?.prefix { !$0.isWhitespace })
        try await browser.get("/compte/verifier?" + link)
        return browser
    }

    /// A need that the demo buyer can submit: every field a submission asks for.
    static let completeNeed = """
        {"kind": "appel-d-offres", "title": "Nettoyage des locaux de la mairie de Lille",
         "description": "Entretien quotidien de 2 400 m² de bureaux, trois passages par semaine.",
         "sectors": ["nettoyage-de-locaux-16"], "place": "59350", "amount": "40k-100k", "deadline": "2099-01-15",
         "contact": {"name": "Service de la commande publique", "email": "achats@demoville.example"},
         "answer": {"channel": "link", "address": "https://marches.demoville.example/42"},
         "questions": ["Vos références en nettoyage de bureaux ?"],
         "clauses": [{"kind": "reserved_siae"}, {"kind": "insertion_hours", "hours": 1200}], "submit": true}
        """

    /// A need published at once by the demo buyer, made trusted first, and sent to its structures.
    static func publishedNeed(_ app: Application, _ body: String = completeNeed) async throws -> UUID {
        try await OrganisationQueries.trustBuyer(try await Persona.buyer.organisationID(app), on: app.db)
        let published = try await API.postNeed(app, body, token: try await Persona.buyer.token(app))
        #expect(try published.json["state"].string == "publie")
        let id = try #require(try published.json["id"].string.flatMap(UUID.init(uuidString:)))
        await app.dissemination.run(app)
        return id
    }

    /// A service of the platform's API, as its publisher sends it.
    static func serviceBody(organisation: UUID?, name: String = "Permanence mobilité", status: String = "publie") -> String {
        #"""
        {\#(organisation.map { "\"organisation\": \"\($0.uuidString.lowercased())\"," } ?? "") "nom": "\#(name)",
         "description": "Conseils pour se déplacer vers l’emploi : transports, aides, location de véhicules.",
         "type": "accompagnement", "thematiques": ["mobilite--preparer-un-permis"], "publics": ["jeunes"], "frais": "gratuit",
         "modes_accueil": ["en-presentiel"], "code_insee": "59512", "adresse": "2 rue de l’Essai", "zone_eligibilite": ["59"],
         "modes_mobilisation": ["telephoner"], "mobilisable_par": ["professionnels"], "telephone": "03 20 00 00 01",
         "volume_horaire_hebdomadaire": 3, "statut": "\#(status)"}
        """#
    }

    /// A published service of the demo partner, with an address to write to.
    static func partnerService(_ app: Application) async throws -> Service {
        let partner = try await Persona.partner.organisationID(app)
        return try #require(try await ServiceStore.published(on: app.db).first { $0.provider.organisationId == partner && $0.email != nil })
    }
}
