import Foundation
@testable import PasserelleAccounts
import PasserelleCore
@testable import PasserelleServices
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform

@Suite("Referrals: refer, answer from the mailed link or the space, lists, time")
struct ReferralPagesTests {
    static func form(organisation: UUID, first: String = "Noé", last: String = "Essai") -> [(String, String)] {
        [("organisation", organisation.uuidString.lowercased()), ("first_name", first), ("last_name", last), ("publics", "jeunes"),
         ("preference", "courriel"), ("email", "noe.essai@example.org"), ("referent_name", "Sacha"), ("criteria", "1"),
         ("reason", "Recherche d’un logement avant l’entrée en formation."), ("consent", "1")]
    }

    /// Refers a person from the demo structure; returns the referral's id.
    static func refer(_ app: Application, to service: Service, last: String = "Essai") async throws -> UUID {
        let structure = try await Persona.structure.browser(app)
        let organisation = try #require(try await DemoAccounts.organisation(of: "structure", on: app.db))
        try await structure.get(Links.referTo(service.id))
        let sent = try await structure.post(Links.referTo(service.id), form(organisation: organisation, last: last))
        #expect(sent.status == .seeOther)
        let location = try #require(sent.headers.first(name: .location))
        return try #require(UUID(uuidString: String(location.dropFirst("/orientations/".count).prefix(36))))
    }

    /// The answer link mailed to the service's contact about `referral`.
    static func mailedLink(_ app: Application, to service: Service, about referral: UUID) async throws -> String {
        let mails = try await Outbox.messages(to: try #require(service.email), on: app.db)
        let mail = try #require(mails.last { $0.textBody.contains(referral.uuidString.lowercased()) })
        let start = try #require(mail.textBody.range(of: "http://passerelle.test/orientations/reponse?"))
        return String(mail.textBody[start.lowerBound...].prefix { !$0.isWhitespace }).replacingOccurrences(of: "http://passerelle.test", with: "")
    }

    @Test func aStructureRefersAndTheServiceAnswersFromTheMailedLink() async throws {
        try await withPasserelle(.demo) { app in
            let service = try await Factories.partnerService(app)
            let id = try await Self.refer(app, to: service)
            let stored = try #require(try await ReferralStore.referral(id, on: app.db))
            #expect(stored.referral.state == .open && stored.referral.personLastName == "Essai" && stored.referral.criteriaChecked)
            let link = try await Self.mailedLink(app, to: service, about: id)
            let mail = try #require(try await Outbox.messages(to: service.email!, on: app.db).last)
            #expect(!mail.textBody.contains("Essai"), "no personal data in the mail")
            // No account: the link opens the referral with the person's data.
            let contact = Browser(app)
            let page = try await contact.get(link)
            #expect(page.status == .ok && page.body.text.contains("Noé Essai") && page.body.text.contains("noe.essai@example.org"))
            #expect(page.headers.first(name: "Referrer-Policy") == "no-referrer")
            let refused = try await contact.post("/orientations/reponse", Self.linkFields(link) + [("decision", "refuser")])
            #expect(refused.status == .unprocessableEntity && refused.body.text.contains("Choisissez le motif du refus"))
            let answered = try await contact.post("/orientations/reponse", Self.linkFields(link) + [("decision", "valider")])
            #expect(answered.status == .ok && answered.body.text.contains("Réponse enregistrée") && !answered.body.text.contains("Essai"))
            let after = try #require(try await ReferralStore.referral(id, on: app.db)).referral
            #expect(after.state == .accepted && after.answeredBy == "lien envoyé à \(service.email!)" && after.closedAt != nil)
            // The referrer is told, and sees the status.
            #expect(try await Outbox.messages(to: "structure@demo.passerelle.test", on: app.db).contains { $0.subject.contains("validée") })
            let referrerPage = try await Persona.structure.browser(app).get(Links.referral(id)).body.text
            #expect(referrerPage.contains("Validée le"))
            // A second answer changes nothing; the closed referral's link shows its state, not the person.
            let again = try await contact.post("/orientations/reponse", Self.linkFields(link) + [("decision", "refuser"), ("refusal_reason", "absent")])
            #expect(again.status == .gone && again.body.text.contains("est « validée »") && !again.body.text.contains("Essai"))
            let reopened = try await contact.get(link)
            #expect(reopened.status == .gone && !reopened.body.text.contains("Essai") && !reopened.body.text.contains("noe.essai"))
            #expect(try await ReferralStore.referral(id, on: app.db)?.referral.state == .accepted)
            let reads = try await Audit.entries(action: .referralRead, on: app.db).filter { $0.object == "orientation:\(id.uuidString.lowercased())" }
            #expect(reads.contains { $0.detail == "lien" } && reads.contains { $0.detail == "page" })
        }
    }

    static func linkFields(_ link: String) -> [(String, String)] {
        QueryItems.parse(String(link.split(separator: "?", maxSplits: 1)[1]))
    }

    @Test func aTamperedOrExpiredLinkChangesNothing() async throws {
        try await withPasserelle(.demo) { app in
            let service = try await Factories.partnerService(app)
            let id = try await Self.refer(app, to: service)
            let link = try await Self.mailedLink(app, to: service, about: id)
            var fields = Self.linkFields(link)
            let contact = Browser(app)
            try await contact.get(link)
            // Another expiry with the same signature.
            fields[1].1 = String(Int(fields[1].1)! + 86_400)
            let longer = try await contact.post("/orientations/reponse", fields + [("decision", "valider")])
            #expect(longer.status == .forbidden && longer.body.text.contains("Lien invalide"))
            let forged = try await contact.get("/orientations/reponse?" + QueryItems.encode([fields[0], (fields[1].0, fields[1].1), ("s", "AAAA")]))
            #expect(forged.status == .forbidden)
            // A genuine link whose time is over.
            let key = try await ReferralLinks.mailed.key(on: app.db)
            let past = ReferralLinks.path(for: id, expires: Date().addingTimeInterval(-60), recipient: service.email!, key: key)
            let expired = try await contact.get(past)
            #expect(expired.status == .gone && expired.body.text.contains("Lien expiré"))
            try await contact.get(link)
            let late = try await contact.post("/orientations/reponse", Self.linkFields(past) + [("decision", "valider")])
            #expect(late.status == .gone)
            #expect(try await ReferralStore.referral(id, on: app.db)?.referral.state == .open)
            #expect(ReferralLinks.mailed.verify(object: id.uuidString, expires: "12", signature: "", key: key) == .tampered)
        }
    }

    /// The link belongs to the address it was mailed to, while the service takes referrals.
    @Test func aLinkStopsShowingThePersonWhenTheServiceChanges() async throws {
        try await withPasserelle(.demo) { app in
            var service = try await Factories.partnerService(app)
            let id = try await Self.refer(app, to: service)
            let link = try await Self.mailedLink(app, to: service, about: id)
            #expect(try await Browser(app).get(link).body.text.contains("Noé Essai"))
            // Without the recipient's signature, a genuine link proves nothing of where it went.
            let stripped = "/orientations/reponse?" + QueryItems.encode(Self.linkFields(link).filter { $0.0 != "a" })
            let bare = try await Browser(app).get(stripped)
            #expect(bare.status == .gone && !bare.body.text.contains("Essai"))
            service.email = "nouvelle-adresse@exemple.fr"
            try await ServiceStore.save(service, on: app.db)
            let moved = try await Browser(app).get(link)
            #expect(moved.status == .gone && moved.body.text.contains("elle a changé") && moved.body.text.contains("est « ouverte »"))
            #expect(!moved.body.text.contains("Essai") && !moved.body.text.contains("noe.essai"))
            let answer = try await Browser(app).post("/orientations/reponse", Self.linkFields(link) + [("decision", "valider")])
            #expect(answer.status == .forbidden || answer.status == .gone)
            #expect(try await ReferralStore.referral(id, on: app.db)?.referral.state == .open)
            // Archived: no link shows the person any more, even a new one.
            service.status = .archived
            try await ServiceStore.save(service, on: app.db)
            let key = try await ReferralLinks.mailed.key(on: app.db)
            let fresh = ReferralLinks.path(for: id, expires: Date().addingTimeInterval(3600), recipient: service.email!, key: key)
            let archived = try await Browser(app).get(fresh)
            #expect(archived.status == .gone && archived.body.text.contains("ne reçoit plus") && !archived.body.text.contains("Essai"))
        }
    }

    @Test func onlyTheTwoOrganisationsSeeTheReferralAndTheServiceAnswers() async throws {
        try await withPasserelle(.demo) { app in
            let service = try await Factories.partnerService(app)
            let id = try await Self.refer(app, to: service)
            #expect(try await Browser(app).get(Links.referral(id)).status == .seeOther)
            for who in [Persona.buyer, .steward, .admin, .structure2] {
                let refused = try await who.browser(app).get(Links.referral(id))
                #expect(refused.status == .notFound && !refused.body.text.contains("Essai"), "\(who)")
            }
            let structure = try await Persona.structure.browser(app)
            let mine = try await structure.get(Links.referral(id)).body.text
            #expect(mine.contains("Noé Essai") && !mine.contains("Enregistrer la réponse"))
            let forged = try await structure.post(Links.referral(id) + "/reponse", [("decision", "valider")])
            #expect(forged.status == .forbidden)
            let partner = try await Persona.partner.browser(app)
            #expect(try await partner.get(Links.referral(id)).body.text.contains("Enregistrer la réponse"))
            let other = try await partner.post(Links.referral(id) + "/reponse", [("decision", "refuser"), ("refusal_reason", "autre")])
            #expect(other.status == .unprocessableEntity && other.body.text.contains("Précisez le motif"))
            let done = try await partner.post(Links.referral(id) + "/reponse", [("decision", "refuser"), ("refusal_reason", "session-complete")])
            #expect(done.status == .seeOther)
            let after = try #require(try await ReferralStore.referral(id, on: app.db)).referral
            #expect(after.state == .refused && after.refusalReason == .sessionFull && after.answeredBy == "partenaire@demo.passerelle.test")
            #expect(try await structure.get(Links.referral(id)).body.text.contains("Session complète"))
        }
    }

    @Test func theFormSaysWhoWillReadTheReferralAndRefusesWhenNobodyWould() async throws {
        try await withPasserelle(.demo) { app in
            let service = try await Factories.partnerService(app)
            let structure = try await Persona.structure.browser(app)
            #expect(try await structure.get(Links.referTo(service.id)).body.text.contains("son équipe la voit dans son espace"))
            // Without an address, the team answers from its space.
            var noAddress = service
            noAddress.email = nil
            try await ServiceStore.save(noAddress, on: app.db)
            app.serviceIndexCache.invalidate()
            #expect(try await structure.get(Links.referTo(service.id)).body.text.contains("aucun courriel ne part"))
            // Without an address nor a team, nobody would know: the form is not shown, and a post is refused.
            var nobody = noAddress
            nobody.provider = ServiceProvider(name: "Association sans équipe")
            try await ServiceStore.save(nobody, on: app.db)
            let page = try await structure.get(Links.referTo(service.id)).body.text
            #expect(page.contains("personne ne serait averti") && !page.contains("Envoyer l’orientation"))
            let organisation = try #require(try await DemoAccounts.organisation(of: "structure", on: app.db))
            let refused = try await structure.post(Links.referTo(service.id), Self.form(organisation: organisation))
            #expect(refused.status == .conflict && refused.body.text.contains("personne ne serait averti"))
        }
    }

    @Test func badReferralsAreRefusedWithTheirReasons() async throws {
        try await withPasserelle(.demo) { app in
            let service = try await Factories.partnerService(app)
            let organisation = try #require(try await DemoAccounts.organisation(of: "structure", on: app.db))
            let structure = try await Persona.structure.browser(app)
            try await structure.get(Links.referTo(service.id))
            let empty = try await structure.post(Links.referTo(service.id), [("organisation", organisation.uuidString)])
            let page = empty.body.text
            #expect(empty.status == .unprocessableEntity)
            #expect(page.contains("Prénom de la personne : obligatoire") && page.contains("Cochez l’engagement") && page.contains("href=\"#reason\""))
            // In the name of an organisation the user does not belong to.
            let partnerOrganisation = try #require(try await DemoAccounts.organisation(of: "partenaire", on: app.db))
            let outsider = try await structure.post(Links.referTo(service.id), Self.form(organisation: partnerOrganisation))
            #expect(outsider.status == .unprocessableEntity && outsider.body.text.contains("Choisissez l’organisation"))
            // A buyer refers for nobody.
            let buyer = try await Persona.buyer.browser(app)
            #expect(try await buyer.get(Links.referTo(service.id)).status == .forbidden)
            // Nothing without the form's token.
            #expect(try await structure.post(Links.referTo(service.id), Self.form(organisation: organisation), withToken: false).status == .forbidden)
            // An archived service takes no referral.
            var archivedService = service
            archivedService.status = .archived
            try await ServiceStore.save(archivedService, on: app.db)
            let archived = try await structure.get(Links.referTo(service.id))
            #expect(archived.status == .gone && archived.body.text.contains("archivé"))
            #expect(try await structure.post(Links.referTo(service.id), Self.form(organisation: organisation)).status == .gone)
            #expect(try await app.db.sql.raw("SELECT COUNT(*) AS n FROM referrals WHERE person_last_name = 'Essai'").first()?.decode(column: "n", as: Int.self) == 0)
        }
    }

    @Test func listsShowEachSideWithFiltersAndCSV() async throws {
        try await withPasserelle(.demo) { app in
            let service = try await Factories.partnerService(app)
            _ = try await Self.refer(app, to: service, last: "Lefebvre")
            let structure = try await Persona.structure.browser(app)
            let sent = try await structure.get("/orientations?vue=envoyees").body.text
            // The demo's five, this one, and three the demo's journeys started from barriers.
            #expect(sent.contains("9 orientations") && sent.contains("Noé Lefebvre") && sent.contains("Expirée") && sent.contains("Refusée"))
            #expect(try await structure.get("/orientations?vue=recues").body.text.contains("Aucune orientation reçue"))
            let accents = try await structure.get("/orientations?vue=envoyees&q=noe+lefebvre").body.text
            #expect(accents.contains("1 orientation.") && accents.contains("Noé Lefebvre"))
            let open = try await structure.get("/orientations?vue=envoyees&etat=ouverte").body.text
            #expect(open.contains("6 orientations"))
            let csv = try await structure.get("/orientations.csv?vue=envoyees&etat=expiree")
            let rows = try CSV.parse(csv.body.text)
            #expect(csv.headers.first(name: .contentDisposition)?.contains("orientations-envoyees") == true && rows.count == 2)
            #expect(rows[1].fields.contains("Expirée"))
            let received = try await Persona.partner.browser(app).get("/orientations").body.text
            #expect(received.contains("6 orientations"))
            #expect(try await Persona.buyer.browser(app).get("/orientations").body.text.contains("Aucune orientation reçue"))
            #expect(try await Browser(app).get("/orientations.csv").status == .seeOther)
            #expect(try await Audit.entries(action: .exported, on: app.db).contains { $0.object == "orientations-envoyees" })
        }
    }

    @Test func timeRemindsExpiresAndForgets() async throws {
        try await withPasserelle(.demo) { app in
            let service = try await Factories.partnerService(app)
            let id = try await Self.refer(app, to: service)
            let sent = try #require(try await ReferralStore.referral(id, on: app.db)).referral.sentAt
            let day = 86_400.0
            func mails() async throws -> [Outbox.Stored] {
                try await Outbox.messages(to: service.email!, on: app.db).filter { $0.textBody.contains(id.uuidString.lowercased()) }
            }
            func reminded() async throws -> Date? { try await ReferralStore.referral(id, on: app.db)?.referral.remindedAt }
            _ = try await ReferralFlows.housekeeping(on: app.db, publicURL: "http://passerelle.test", now: sent.addingTimeInterval(9 * day))
            let notYet = try await reminded(), firstMails = try await mails()
            #expect(notYet == nil && firstMails.count == 1)
            let tenth = try await ReferralFlows.housekeeping(on: app.db, publicURL: "http://passerelle.test", now: sent.addingTimeInterval(10 * day + 60))
            let remindedAt = try await reminded()
            #expect(tenth.reminded >= 1 && remindedAt != nil)
            let reminders = try await mails()
            #expect(reminders.count == 2 && reminders.first?.subject.contains("Rappel") == true)
            _ = try await ReferralFlows.housekeeping(on: app.db, publicURL: "http://passerelle.test", now: sent.addingTimeInterval(11 * day))
            #expect(try await mails().count == 2, "reminded once")
            let month = try await ReferralFlows.housekeeping(on: app.db, publicURL: "http://passerelle.test", now: sent.addingTimeInterval(30 * day + 60))
            #expect(month.expired >= 1)
            let expired = try #require(try await ReferralStore.referral(id, on: app.db)).referral
            #expect(expired.state == .expired && expired.answeredBy == "système")
            #expect(try await Outbox.messages(to: "structure@demo.passerelle.test", on: app.db).contains { $0.subject.contains("expirée") })
            // 24 months after closure, the person's data is blanked; the facts stay.
            let closed = try #require(expired.closedAt)
            let early = try await ReferralFlows.housekeeping(on: app.db, publicURL: "http://passerelle.test", now: closed.addingTimeInterval(700 * day))
            #expect(try await ReferralStore.referral(id, on: app.db)?.referral.personLastName == "Essai", "\(early)")
            let late = try await ReferralFlows.housekeeping(on: app.db, publicURL: "http://passerelle.test", now: closed.addingTimeInterval(732 * day))
            #expect(late.anonymised >= 1)
            let forgotten = try #require(try await ReferralStore.referral(id, on: app.db)).referral
            #expect(forgotten.personLastName == "anonymisée" && forgotten.personEmail == nil && forgotten.anonymisedAt != nil)
            #expect(forgotten.state == .expired && forgotten.serviceID == service.id)
        }
    }
}
