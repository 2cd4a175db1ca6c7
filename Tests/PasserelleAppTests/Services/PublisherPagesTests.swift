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

@Suite("My organisation's services: create, edit with the quality checklist, statuses, review")
struct PublisherPagesTests {
    static func fields(organisation: UUID?, name: String = "Permanence logement") -> [(String, String)] {
        var fields: [(String, String)] = [
            ("name", name), ("description", "Conseils pour trouver un logement, constituer un dossier et demander les aides."),
            ("type", "accompagnement"), ("thematiques", "logement-hebergement--louer-un-logement"), ("publics", "jeunes"),
            ("fee", "gratuit"), ("reception_modes", "en-presentiel"), ("commune_q", "Roubaix"), ("commune", "59512"), ("address", "1 rue de l’Essai"),
            ("zone", "59"), ("mobilisation_modes", "envoyer-un-courriel"), ("mobilisers", "professionnels"), ("email", "logement@example.org"),
            ("weekly_hours", "2,5"),
        ]
        if let organisation { fields.insert(("organisation", organisation.uuidString.lowercased()), at: 0) }
        return fields
    }

    @Test func aPartnerCreatesEditsAndArchivesAService() async throws {
        try await withPasserelle(.demo) { app in
            let organisation = try #require(try await DemoAccounts.organisation(of: "partenaire", on: app.db))
            let partner = try await Persona.partner.browser(app)
            #expect(try await partner.get("/services/gestion").body.text.contains("Nouveau service"))
            try await partner.get("/services/nouveau")
            let created = try await partner.post("/services/nouveau", Self.fields(organisation: organisation))
            #expect(created.status == .seeOther, "\(created.body.text)")
            let location = try #require(created.headers.first(name: .location))
            let id = try #require(UUID(uuidString: String(location.dropFirst("/services/".count).prefix(36))))
            #expect(try await partner.get(location).body.text.contains("Service enregistré en brouillon"))
            let service = try #require(try await ServiceStore.service(id, on: app.db))
            #expect(service.status == .draft && service.provider.organisationId == organisation && service.weeklyHours == 2.5)
            #expect(service.coordinates != nil && service.zone.codes == ["59"])
            // A draft is not found by the search, nor shown.
            #expect(try await app.get(Links.service(id)).status == .notFound)
            let edit = try await partner.get(Links.service(id) + "/modifier").body.text
            #expect(edit.contains("Qualité :") && edit.contains("Téléphone") && edit.contains("Publier"))
            // Publishing asks first, then the service is found around Roubaix.
            #expect(try await partner.get(Links.service(id) + "/statut?vers=publie").body.text.contains("apparaîtra dans la recherche"))
            #expect(try await partner.post(Links.service(id) + "/statut", [("vers", "publie")]).status == .seeOther)
            let found = try await app.get("/api/v1/services?commune=59512&thematique=logement-hebergement&size=100").json
            #expect(found["items"].array.contains { $0["id"].string == id.uuidString.lowercased() })
            // Editing: bad values are named, good ones saved.
            try await partner.get(Links.service(id) + "/modifier")
            var bad = Self.fields(organisation: nil)
            bad.removeAll { $0.0 == "email" || $0.0 == "thematiques" }
            bad.append(("weeks", "beaucoup"))
            let refused = try await partner.post(Links.service(id) + "/modifier", bad)
            let page = refused.body.text
            #expect(refused.status == .unprocessableEntity)
            #expect(page.contains("Cochez au moins une thématique") && page.contains("indiquez l’adresse") && page.contains("nombre entier"))
            let saved = try await partner.post(Links.service(id) + "/modifier", Self.fields(organisation: nil, name: "Permanence logement des jeunes"))
            #expect(saved.status == .seeOther)
            #expect(try await ServiceStore.service(id, on: app.db)?.name == "Permanence logement des jeunes")
            try await partner.get(Links.service(id) + "/statut?vers=archive")
            #expect(try await partner.post(Links.service(id) + "/statut", [("vers", "archive")]).status == .seeOther)
            #expect(try await ServiceStore.service(id, on: app.db)?.status == .archived)
            let actions = try await Audit.entries(on: app.db).filter { $0.object == "service:\(id.uuidString.lowercased())" }.map(\.action)
            #expect(Set(actions) == ["service.creation", "service.modification", "service.statut"])
        }
    }

    @Test func othersMayNotEdit() async throws {
        try await withPasserelle(.demo) { app in
            let organisation = try #require(try await DemoAccounts.organisation(of: "partenaire", on: app.db))
            let service = try #require(try await ServiceStore.all(on: app.db).first { $0.provider.organisationId == organisation })
            #expect(try await Browser(app).get(Links.service(service.id) + "/modifier").status == .seeOther)
            for who in [Persona.structure, .buyer, .admin] {
                let other = try await who.browser(app)
                #expect(try await other.get(Links.service(service.id) + "/modifier").status == .forbidden, "\(who)")
            }
            let structure = try await Persona.structure.browser(app)
            try await structure.get("/services/gestion")
            #expect(try await structure.post(Links.service(service.id) + "/statut", [("vers", "archive")]).status == .forbidden)
            // The structure publishes in its own name only.
            try await structure.get("/services/nouveau")
            let foreign = try await structure.post("/services/nouveau", Self.fields(organisation: organisation))
            #expect(foreign.status == .unprocessableEntity && foreign.body.text.contains("Choisissez l’organisation qui publie"))
            #expect(try await Persona.buyer.browser(app).get("/services/nouveau").status == .forbidden)
        }
    }

    @Test func aServiceUnchangedForSixMonthsIsRemindedOnce() async throws {
        try await withPasserelle(.demo) { app in
            let organisation = try #require(try await DemoAccounts.organisation(of: "partenaire", on: app.db))
            let now = Date()
            let stale = try await ServiceStore.all(on: app.db).filter { $0.provider.organisationId == organisation && ServiceRules.needsReview($0, now: now) }
            #expect(!stale.isEmpty)
            let first = try await ServiceReviews.remind(on: app.db, publicURL: "http://passerelle.test", now: now)
            #expect(first == stale.count)
            let mails = try await Outbox.messages(to: "partenaire@demo.passerelle.test", on: app.db).filter { $0.subject.hasPrefix("À vérifier") }
            #expect(mails.count == stale.count)
            #expect(try await ServiceReviews.remind(on: app.db, publicURL: "http://passerelle.test", now: now.addingTimeInterval(86_400)) == 0)
            // Saved since: fresh for six more months, then reminded again.
            var service = stale[0]
            service.updatedAt = now
            try await ServiceStore.save(service, on: app.db)
            #expect(try await ServiceReviews.remind(on: app.db, publicURL: "http://passerelle.test", now: now.addingTimeInterval(86_400)) == 0)
            #expect(try await ServiceReviews.remind(on: app.db, publicURL: "http://passerelle.test", now: now.addingTimeInterval(190 * 86_400)) >= 1)
        }
    }
}
