import Foundation
@testable import PasserelleAccounts
import PasserelleCore
@testable import PasserelleJobs
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import PasserelleApp
@testable import PasserellePlatform

/// Applications: a referent or a prescriber proposes a person for an offer; the employer answers
/// from its space or from the mailed link; nobody else sees the person.
@Suite("Jobs: applications sent, answered and kept to their two teams")
struct ApplicationTests {
    static let base = "http://passerelle.test"

    /// An offer the persona's team posts, published; its id.
    static func post(_ app: Application, by persona: Persona, contract: String = "cdi") async throws -> UUID {
        let employer = try await persona.browser(app)
        try await employer.get("/offres/nouvelle")
        let created = try await employer.post("/offres/nouvelle", OfferTests.offerForm(try OfferTests.title(app, job: "H2206"), contract: contract))
        let location = try #require(created.headers.first(name: .location))
        return try #require(UUID(uuidString: String(location.dropFirst("/offres/".count).prefix(36))))
    }

    static func applicationCount(_ app: Application) async throws -> Int? {
        try await app.db.sql.raw("SELECT COUNT(*) AS n FROM job_applications").first(decodingColumn: "n", as: Int.self)
    }

    static func body(organisation: UUID, consent: Bool = true, last: String = "Essai") -> String {
        """
        {"organisation": "\(organisation.uuidString)", "first_name": "Noé", "last_name": "\(last)", "email": "noe.essai@example.org",
         "message": "Noé a tenu un poste de pose en chantier d’insertion pendant un an.", "consent": \(consent)}
        """
    }

    static func apply(_ app: Application, to offer: UUID, as persona: Persona, consent: Bool = true, last: String = "Essai") async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        headers.bearerAuthorization = BearerAuthorization(token: try await persona.token(app))
        return try await API.postJSON(app, "/api/v1/offers/\(offer.uuidString)/applications",
                                      body(organisation: try await persona.organisationID(app), consent: consent, last: last), headers: headers)
    }

    /// The answer link mailed to `recipient` about `application`.
    static func mailedLink(_ app: Application, to recipient: String, about application: String) async throws -> String {
        let mail = try #require(try await Outbox.messages(to: recipient, on: app.db).last { $0.textBody.contains(application) })
        let start = try #require(mail.textBody.range(of: base + "/candidatures/reponse-par-lien?"))
        return String(mail.textBody[start.lowerBound...].prefix { !$0.isWhitespace }).replacingOccurrences(of: base, with: "")
    }

    static func linkFields(_ link: String) -> [(String, String)] {
        QueryItems.parse(String(link.split(separator: "?", maxSplits: 1)[1]))
    }

    @Test func aPrescriberAppliesAndTheCompanyAnswersFromTheMailedLink() async throws {
        try await withPasserelle(.demo) { app in
            let offer = try await Self.post(app, by: .company)
            let partner = try await Persona.partner.browser(app)
            #expect(try await partner.get("/offres/\(offer.uuidString)").body.text.contains("Proposer une candidature"))
            #expect(try await Browser(app).get("/offres/\(offer.uuidString)").body.text.contains("Se connecter pour proposer une candidature"))
            try await partner.get("/offres/\(offer.uuidString)/candidater")
            let fields: [(String, String)] = [("first_name", "Noé"), ("last_name", "Essai"), ("email", "noe.essai@example.org"), ("message", "Disponible dès lundi.")]
            let before = try await Self.applicationCount(app)
            let refused = try await partner.post("/offres/\(offer.uuidString)/candidater", fields)
            #expect(refused.status == .unprocessableEntity && refused.body.text.contains("Cochez l’accord") && refused.body.text.contains("href=\"#consent\""))
            #expect(try await Self.applicationCount(app) == before, "nothing leaves without the person's agreement")
            let sent = try await partner.post("/offres/\(offer.uuidString)/candidater", fields + [("consent", "oui")])
            #expect(sent.status == .seeOther)
            let location = try #require(sent.headers.first(name: .location))
            let id = String(location.dropFirst("/candidatures/".count).prefix(36))
            #expect(try await partner.get(location).body.text.contains("Candidature envoyée"))

            let link = try await Self.mailedLink(app, to: Persona.company.email, about: id)
            let mail = try #require(try await Outbox.messages(to: Persona.company.email, on: app.db).last)
            #expect(!mail.textBody.contains("Essai") && !mail.textBody.contains("noe.essai"), "no personal data in the mail")
            // Without an account, the link shows the person and takes the answer.
            let contact = Browser(app)
            let page = try await contact.get(link)
            #expect(page.status == .ok && page.body.text.contains("Noé Essai") && page.body.text.contains("Disponible dès lundi."))
            #expect(page.headers.first(name: "Referrer-Policy") == "no-referrer")
            let noReason = try await contact.post("/candidatures/reponse-par-lien", Self.linkFields(link) + [("change", "refuser")])
            #expect(noReason.status == .unprocessableEntity && noReason.body.text.contains("Choisissez le motif du refus"))
            let withdraw = try await contact.post("/candidatures/reponse-par-lien", Self.linkFields(link) + [("change", "annuler")])
            #expect(withdraw.status == .unprocessableEntity, "the employer does not cancel the applicant's application")
            let interview = try await contact.post("/candidatures/reponse-par-lien", Self.linkFields(link) + [("change", "entretien"), ("note", "Mardi 10 h à l’atelier.")])
            #expect(interview.status == .ok && interview.body.text.contains("Réponse enregistrée"))
            // A tampered link shows nothing and changes nothing.
            let tampered = Self.linkFields(link).map { $0.0 == "s" ? ($0.0, String($0.1.dropLast()) + ($0.1.hasSuffix("A") ? "B" : "A")) : $0 }
            let forged = try await contact.post("/candidatures/reponse-par-lien", tampered + [("change", "accepter")])
            #expect(forged.status == .forbidden && !forged.body.text.contains("Essai"))
            let uuid = try #require(UUID(uuidString: id))
            let stored = try #require(try await ApplicationStore.application(uuid, on: app.db)).application
            #expect(stored.state == .interview && stored.employerNote == "Mardi 10 h à l’atelier." && stored.answeredBy == "lien envoyé à \(Persona.company.email)")
            #expect(try await Outbox.messages(to: Persona.partner.email, on: app.db).contains { $0.subject.contains("entretien prévu") })

            let accepted = try await contact.post("/candidatures/reponse-par-lien", Self.linkFields(link) + [("change", "accepter")])
            #expect(accepted.status == .ok && accepted.body.text.contains("« acceptée »") && !accepted.body.text.contains("Essai"))
            let again = try await contact.get(link)
            #expect(again.status == .gone && !again.body.text.contains("Essai"))
            let sender = try await partner.get(location).body.text
            #expect(sender.contains("Acceptée") && sender.contains("Mardi 10 h à l’atelier."))
            let reads = try await Audit.entries(action: .applicationRead, on: app.db).filter { $0.object == "candidature:\(id)" }
            #expect(reads.contains { $0.actor == "lien envoyé à \(Persona.company.email)" } && reads.contains { $0.actor == Persona.partner.email })
        }
    }

    @Test func theApplicationIsTheTwoTeamsAloneWithRightsCheckedOnEachSide() async throws {
        try await withPasserelle(.demo) { app in
            let offer = try await Self.post(app, by: .company)
            let before = try await Self.applicationCount(app)
            #expect(try await Self.apply(app, to: offer, as: .partner, consent: false).status == .badRequest)
            #expect(try await Self.applicationCount(app) == before)
            let created = try await Self.apply(app, to: offer, as: .partner)
            #expect(created.status == .created)
            let json = try created.json
            let id = try #require(json["id"].string)
            #expect(json["state"].string == "nouvelle" && json["last_name"].string == "Essai")
            #expect(try await Self.apply(app, to: offer, as: .partner).status == .conflict, "one open application per person and offer")
            #expect(try await Self.apply(app, to: offer, as: .company).status == .forbidden, "a company does not apply")

            // Who reads it: the employer and the sender; anyone else is told it does not exist.
            let employer = try await API.get(app, "/api/v1/applications/\(id)", token: try await Persona.company.token(app))
            let employerJSON = try employer.json
            #expect(employer.status == .ok && employerJSON["email"].string == "noe.essai@example.org")
            for outsider in [Persona.structure2, .buyer, .admin, .steward] {
                #expect(try await API.get(app, "/api/v1/applications/\(id)", token: try await outsider.token(app)).status == .notFound, "\(outsider)")
                #expect(try await outsider.browser(app).get("/candidatures/\(id)").status == .notFound, "\(outsider)")
            }
            #expect(try await API.get(app, "/api/v1/applications/\(id)").status == .unauthorized)
            #expect(try await Browser(app).get("/candidatures/\(id)").status == .seeOther)
            let received = try await API.get(app, "/api/v1/applications?side=received", token: try await Persona.company.token(app)).json
            #expect(received["items"].array.contains { $0["id"].string == id })
            let sentList = try await API.get(app, "/api/v1/applications?side=sent&state=nouvelle", token: try await Persona.partner.token(app)).json
            #expect(sentList["items"].array.contains { $0["id"].string == id })
            let strangers = try await API.get(app, "/api/v1/applications?side=received", token: try await Persona.structure2.token(app)).json
            #expect(!strangers["items"].array.contains { $0["id"].string == id })

            // Each side does its own: the sender cancels, the employer answers.
            let partner = try await Persona.partner.browser(app)
            try await partner.get("/candidatures/\(id)")
            #expect(try await partner.post("/candidatures/\(id)/reponse", [("change", "accepter")]).status == .forbidden)
            let company = try await Persona.company.browser(app)
            let companyPage = try await company.get("/candidatures/\(id)").body.text
            #expect(companyPage.contains("Noé Essai") && companyPage.contains("Proposer un entretien") && !companyPage.contains("Annuler la candidature"))
            #expect(try await company.post("/candidatures/\(id)/reponse", [("change", "annuler"), ("confirm", "oui")]).status == .forbidden)
            let unconfirmed = try await partner.post("/candidatures/\(id)/reponse", [("change", "annuler")])
            #expect(unconfirmed.status == .unprocessableEntity && unconfirmed.body.text.contains("Cochez la confirmation"))
            #expect(try await partner.post("/candidatures/\(id)/reponse", [("change", "annuler"), ("confirm", "oui")]).status == .seeOther)
            let uuid = try #require(UUID(uuidString: id))
            let cancelled = try await ApplicationStore.application(uuid, on: app.db)
            #expect(cancelled?.application.state == .cancelled)
            let late = try await company.post("/candidatures/\(id)/reponse", [("change", "accepter")])
            #expect(late.status == .unprocessableEntity && late.body.text.contains("ne change plus"))

            // A closed offer takes none.
            #expect(try await OfferStore.move(offer, from: .published, to: .closed, on: app.db))
            let closed = try await Self.apply(app, to: offer, as: .partner, last: "Autre")
            let closedJSON = try closed.json
            #expect(closed.status == .conflict && closedJSON["reason"].string?.contains("ne reçoit plus de candidatures") == true)
            #expect(try await API.get(app, "/api/v1/applications/not-a-uuid", token: try await Persona.partner.token(app)).status == .badRequest)
        }
    }

    @Test func anAcceptedApplicationToAnInsertionPostOpensTheRecordThenTheHiring() async throws {
        try await withPasserelle(.demo) { app in
            let offer = try await Self.post(app, by: .structure, contract: "cddi")
            let id = try #require(try await Self.apply(app, to: offer, as: .partner).json["id"].string)
            let structure = try await Persona.structure.browser(app)
            try await structure.get("/candidatures/\(id)")
            #expect(try await structure.post("/candidatures/\(id)/reponse", [("change", "accepter")]).status == .seeOther)
            let page = try await structure.get("/candidatures/\(id)").body.text
            #expect(page.contains("Ouvrir son dossier, puis enregistrer l’embauche"))
            let form = try await structure.get("/candidatures/\(id)/accueil")
            #expect(form.status == .ok && form.body.text.contains("Ouvrir le dossier de Noé Essai"))
            let me = try await Persona.structure.userID(app).uuidString.lowercased()
            let fields: [(String, String)] = [("birth_date", "1990-04-12"), ("commune_q", "Lille"), ("commune", "59350"), ("preference", "courriel"),
                                              ("email", "noe.essai@example.org"), ("referent", me)]
            let missing = try await structure.post("/candidatures/\(id)/accueil", fields)
            #expect(missing.status == .unprocessableEntity && missing.body.text.contains("Cochez l’accord"))
            let opened = try await structure.post("/candidatures/\(id)/accueil", fields + [("consent", "1")])
            #expect(opened.status == .seeOther)
            let hire = try #require(opened.headers.first(name: .location))
            #expect(hire.hasPrefix("/parcours/personnes/") && hire.hasSuffix("/embauche"))
            let uuid = try #require(UUID(uuidString: id))
            let welcomed = try #require(try await ApplicationStore.application(uuid, on: app.db)?.application.welcomedPersonID)
            #expect(hire.contains(welcomed.uuidString.lowercased()))
            #expect(try await structure.get(hire).status == .ok)
            // Opened once: the form now leads to the hiring.
            #expect(try await structure.get("/candidatures/\(id)/accueil").headers.first(name: .location) == hire)
            // The prescriber does not open the employer's records.
            #expect(try await Persona.partner.browser(app).get("/candidatures/\(id)/accueil").status == .conflict)
        }
    }

    @Test func timeRemindsTheEmployerThenLeavesTheApplicationUnansweredThenBlanksIt() async throws {
        try await withPasserelle(.demo) { app in
            let offer = try await Self.post(app, by: .company)
            let id = try #require(try await Self.apply(app, to: offer, as: .partner).json["id"].string)
            let uuid = try #require(UUID(uuidString: id))
            let sent = try #require(try await ApplicationStore.application(uuid, on: app.db)).application.sentAt
            let day = 86_400.0
            func mails() async throws -> [Outbox.Stored] { try await Outbox.messages(to: Persona.company.email, on: app.db).filter { $0.textBody.contains(id) } }
            _ = try await ApplicationFlows.housekeeping(on: app.db, publicURL: Self.base, now: sent.addingTimeInterval(9 * day))
            #expect(try await mails().count == 1)
            let tenth = try await ApplicationFlows.housekeeping(on: app.db, publicURL: Self.base, now: sent.addingTimeInterval(10 * day + 60))
            #expect(tenth.reminded >= 1)
            let reminders = try await mails()
            #expect(reminders.count == 2 && reminders.contains { $0.subject.contains("Rappel") })
            _ = try await ApplicationFlows.housekeeping(on: app.db, publicURL: Self.base, now: sent.addingTimeInterval(11 * day))
            #expect(try await mails().count == 2, "reminded once")
            let month = try await ApplicationFlows.housekeeping(on: app.db, publicURL: Self.base, now: sent.addingTimeInterval(30 * day + 60))
            #expect(month.expired >= 1)
            let expired = try #require(try await ApplicationStore.application(uuid, on: app.db)).application
            #expect(expired.state == .unanswered && expired.answeredBy == "système")
            #expect(try await Outbox.messages(to: Persona.partner.email, on: app.db).contains { $0.subject.contains("sans réponse") })
            let closed = try #require(expired.closedAt)
            _ = try await ApplicationFlows.housekeeping(on: app.db, publicURL: Self.base, now: closed.addingTimeInterval(730 * day + day))
            let blanked = try #require(try await ApplicationStore.application(uuid, on: app.db)).application
            #expect(blanked.lastName == "anonymisée" && blanked.email == nil && blanked.anonymisedAt != nil && blanked.state == .unanswered)
        }
    }
}
