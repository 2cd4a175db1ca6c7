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

/// Companies as organisations with their bridges: the team writes its page, chooses to make it
/// public; the list, its CSV and the API show the public pages of verified companies only.
@Suite("Jobs: companies present the bridges they offer")
struct CompanyTests {
    static func page(_ app: Application, named name: String) async throws -> UUID {
        try #require(try await app.db.sql.raw("SELECT id FROM organisations WHERE name = \(bind: name)").first(decodingColumn: "id", as: UUID.self))
    }

    @Test func theTeamWritesItsPageAndChoosesWhoReadsIt() async throws {
        try await withPasserelle(.demo) { app in
            let organisation = try await Persona.company.organisationID(app)
            let id = organisation.uuidString.lowercased()
            let company = try await Persona.company.browser(app)
            #expect(try await Browser(app).get("/entreprises/\(id)/modifier").status == .seeOther, "a visitor is asked to sign in")
            let outsider = try await Persona.structure.browser(app)
            #expect(try await outsider.get("/entreprises/\(id)/modifier").status == .notFound)
            #expect(try await company.get("/entreprises/\(id)/modifier").status == .ok)
            let before = try await CompanyStore.company(organisation, on: app.db)?.page
            let refused = try await company.post("/entreprises/\(id)/modifier", [
                ("naf", "99.99Q"), ("size", "10-49"), ("bridges", "accueil-immersion"), ("immersion_jobs", ""), ("website", "menuiserie"), ("public", "oui"),
            ])
            let text = refused.body.text
            #expect(refused.status == .unprocessableEntity && text.contains("Code NAF inconnu") && text.contains("indiquez au moins un métier à découvrir")
                    && text.contains("Site web : une adresse qui commence par https://"))
            #expect(try await CompanyStore.company(organisation, on: app.db)?.page == before, "nothing written")
            let unknownJob = try await company.post("/entreprises/\(id)/modifier", [("size", "10-49"), ("bridges", "accueil-immersion"), ("immersion_jobs", "menuisierr zzz")])
            #expect(unknownJob.status == .unprocessableEntity && unknownJob.body.text.contains("n’est pas un métier du ROME"))

            let saved = try await company.post("/entreprises/\(id)/modifier", [
                ("naf", "1623z"), ("size", "10-49"), ("bridges", "accueil-immersion"), ("bridges", "adherent-geiq"), ("immersion_jobs", "Menuisier / Menuisière"),
                ("commitments", "Un tuteur par arrivant."), ("labels", "Charte locale d’essai"), ("public", "oui"),
            ])
            #expect(saved.status == .seeOther)
            let page = try #require(try await CompanyStore.company(organisation, on: app.db)?.page)
            #expect(page.naf == "16.23Z" && page.bridges == [.immersionHost, .geiqMember] && page.isPublic && page.labels == ["Charte locale d’essai"])
            let audited = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'entreprise.page' AND object = \(bind: "entreprise:" + id)")
                .first(decodingColumn: "n", as: Int.self)
            #expect(audited == 1)
            let shown = try await Browser(app).get("/entreprises/\(id)").body.text
            #expect(shown.contains("Adhère à un GEIQ") && shown.contains("Menuisier / Menuisière") && shown.contains("Fabrication de charpentes"))
            #expect(!shown.contains("Élise"), "no person of the team on the page")
            // A prescriber proposes an immersion from it: the host is filled in.
            let partner = try await Persona.partner.browser(app)
            #expect(try await partner.get("/entreprises/\(id)").body.text.contains("Proposer une immersion"))
            #expect(try await partner.get("/immersions/nouvelle?entreprise=\(id)").body.text.contains("value=\"Menuiserie du Val de Deûle (démo)\""))

            // Made private again: gone for everyone else, kept for the team.
            #expect(try await company.post("/entreprises/\(id)/modifier", [("size", "10-49"), ("bridges", "adherent-geiq")]).status == .seeOther)
            #expect(try await Browser(app).get("/entreprises/\(id)").status == .notFound)
            #expect(try await API.get(app, "/api/v1/companies/\(id)").status == .notFound)
            #expect(try await company.get("/entreprises/\(id)").body.text.contains("Cette page n’est pas publique"))
        }
    }

    @Test func theListTheCSVAndTheAPIShowPublicPagesOfVerifiedCompaniesOnly() async throws {
        try await withPasserelle(.demo) { app in
            let publicPages = try #require(try await app.db.sql.raw("SELECT COUNT(*) AS n FROM company_pages WHERE is_public = \(bind: true)")
                .first(decodingColumn: "n", as: Int.self))
            let hosts = try #require(try await app.db.sql.raw("SELECT COUNT(*) AS n FROM company_pages WHERE is_public = \(bind: true) AND bridges LIKE '%accueil-immersion%'")
                .first(decodingColumn: "n", as: Int.self))
            #expect(publicPages > hosts && hosts > 0)
            let list = try await Browser(app).get("/entreprises").body.text
            #expect(list.contains("\(publicPages) entreprises"))
            #expect(try await Browser(app).get("/entreprises?passerelle=accueil-immersion").body.text.contains("\(hosts) entreprises"))
            let csv = try await Browser(app).get("/entreprises.csv?passerelle=accueil-immersion")
            #expect(csv.body.text.contains("Entreprise;SIRET;Commune") && csv.body.text.split(whereSeparator: \.isNewline).count == hosts + 1)
            let api = try await API.get(app, "/api/v1/companies?bridge=accueil-immersion&size=100").json
            #expect(api["total"].int == hosts && api["items"].array.allSatisfy { $0["bridges"].array.contains { $0.string == "accueil-immersion" } })
            #expect(try await API.get(app, "/api/v1/companies?departement=ZZ").status == .badRequest)
            // A private page and a company without a page are not listed, and answer 404.
            let hidden = try await Self.page(app, named: "Jardins de l’Escaut (démo)")
            #expect(try await CompanyStore.company(hidden, on: app.db)?.page?.isPublic == false)
            #expect(!list.contains("Jardins de l’Escaut") && !list.contains("Restaurant Le Pavé du Nord"))
            #expect(try await Browser(app).get("/entreprises/\(hidden.uuidString)").status == .notFound)
            #expect(try await API.get(app, "/api/v1/companies/\(hidden.uuidString)").status == .notFound)
            // An organisation waiting for verification is not shown, whatever its page says.
            let own = try await Persona.company.organisationID(app)
            try await app.db.sql.update("organisations").set("verification", to: SQLBind(OrganisationVerification.pending.rawValue)).where("id", .equal, SQLBind(own)).run()
            #expect(try await Browser(app).get("/entreprises/\(own.uuidString)").status == .notFound)
            #expect(!(try await Browser(app).get("/entreprises").body.text.contains("Menuiserie du Val de Deûle")))
            #expect(try await Persona.company.browser(app).get("/entreprises/\(own.uuidString)").status == .ok, "its team still reads it")
        }
    }
}
