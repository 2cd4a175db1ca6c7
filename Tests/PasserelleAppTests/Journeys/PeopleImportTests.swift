import Foundation
import PasserelleCore
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import PasserelleApp
@testable import PasserelleJourneys
@testable import PasserellePlatform

@Suite("Journeys: a structure imports its people and contracts from a CSV")
struct PeopleImportPageTests {
    static let header = "nom;prenom;date_naissance;commune;contact;courriel;situation;referent;accord;embauche;diagnostic_date;diagnostic_par;prescripteur;"
        + "criteres;justificatifs;contrat;contrat_debut;contrat_fin;heures_hebdo"
    static let hired = "Importé;Alix;14/03/1990;59350;courriel;alix.importe@example.org;jeunes;structure@demo.passerelle.test;oui;02/09/2026;20/08/2026;"
        + "prescripteur;Mission locale (démo);rsa;Attestation CAF;cddi;02/09/2026;01/03/2027;26"
    static let welcomed = "Importé;Sami;2001-07-30;Roubaix;;;demandeurs-emploi;;oui;;;;;;;;;;"
    static let wrong = "Importé;Noé;2001-07-30;Atlantide;;;;inconnu@example.org;;;;;;;;;;;"

    static func count(_ app: Application) async throws -> Int {
        try await app.db.sql.raw("SELECT COUNT(*) AS n FROM people").first(decodingColumn: "n", as: Int.self) ?? 0
    }

    static func send(_ browser: Browser, _ lines: [String], mode: String) async throws -> TestingHTTPResponse {
        try await browser.get("/parcours/personnes/import")
        return try await browser.postFile("/parcours/personnes/import", [("mode", mode)],
                                          file: ("fichier", "personnes.csv", ([header] + lines).joined(separator: "\n") + "\n"))
    }

    @Test func aRefusedLineStopsTheWholeImportUnlessTheValidOnesAreAskedFor() async throws {
        try await withPasserelle(.demo) { app in
            let member = try await Persona.structure.browser(app)
            let page = try await member.get("/parcours/personnes/import")
            #expect(page.status == .ok && page.body.text.contains("date_naissance") && page.headers.first(name: "X-Robots-Tag") == "noindex, nofollow")
            let before = try await Self.count(app)

            let checked = try await Self.send(member, [Self.hired, Self.welcomed], mode: "verifier")
            #expect(checked.status == .ok && checked.body.text.contains("Vérification : rien n’a été écrit") && checked.body.text.contains("2 nouveaux dossiers, "))
            #expect(try await Self.count(app) == before)

            let refused = try await Self.send(member, [Self.hired, Self.welcomed, Self.wrong], mode: "tout")
            let report = refused.body.text
            #expect(refused.status == .unprocessableEntity && report.contains("Rien n’a été écrit : des lignes sont refusées"))
            #expect(report.contains("Commune inconnue : « Atlantide »") && report.contains("« inconnu@example.org » n’est pas un membre de la structure")
                && report.contains("« oui » dans la colonne « accord »"))
            #expect(!report.contains("Commune de résidence : obligatoire"), "the commune's refusal is said once")
            #expect(try await Self.count(app) == before)

            let partial = try await Self.send(member, [Self.hired, Self.welcomed, Self.wrong], mode: "valides")
            #expect(partial.status == .ok && partial.body.text.contains("Import des lignes valides terminé") && partial.body.text.contains("1 ligne refusée"))
            #expect(try await Self.count(app) == before + 2)
            var filter = PeopleStore.Filter(structure: try await Persona.structure.structureID(app))
            filter.words = "Alix Importé"
            let alix = try #require(try await PeopleStore.list(filter, offset: 0, limit: 1, on: app.db).people.first)
            #expect(alix.stage == .inJourney && alix.email == "alix.importe@example.org" && alix.birthDate == "1990-03-14")
            let journey = try #require(try await JourneyStore.journeys(of: alix.id, on: app.db).first)
            #expect(journey.contracts.count == 1 && journey.diagnosis?.prescriber == "Mission locale (démo)")
            let imports = try await Audit.entries(action: .peopleImported, limit: 5, on: app.db)
            #expect(imports.count == 1 && imports.first?.detail == "3 lignes : 2 créées, 0 mises à jour, 1 refusées")

            // The same file again changes nothing; a renewal line adds the contract once.
            let again = try await Self.send(member, [Self.hired, Self.welcomed], mode: "tout")
            #expect(again.status == .ok && again.body.text.contains("0 nouveau dossier, 0 dossier mis à jour, 2 dossiers inchangés")
                && again.body.text.contains("embauche déjà enregistrée"))
            let renewal = Self.hired.replacingOccurrences(of: "cddi;02/09/2026;01/03/2027;26", with: "cddi;02/03/2027;01/09/2027;30")
            for _ in 0..<2 { #expect(try await Self.send(member, [Self.hired, renewal], mode: "tout").status == .ok) }
            #expect(try await JourneyStore.journeys(of: alix.id, on: app.db).first?.contracts.count == 2)
            let tooLong = Self.hired.replacingOccurrences(of: "cddi;02/09/2026;01/03/2027;26", with: "cddi;02/09/2027;01/12/2028;30")
            let over = try await Self.send(member, [tooLong], mode: "tout")
            #expect(over.status == .unprocessableEntity && over.body.text.contains("24 mois en tout, renouvellements compris"))
            // A change of contact updates the record.
            let moved = Self.welcomed.replacingOccurrences(of: "Roubaix", with: "59599")
            #expect(try await Self.send(member, [moved], mode: "tout").body.text.contains("1 dossier mis à jour"))
        }
    }

    @Test func theFileItselfIsCheckedAndOnlyMembersImport() async throws {
        try await withPasserelle(.demo) { app in
            let member = try await Persona.structure.browser(app)
            try await member.get("/parcours/personnes/import")
            let unknown = try await member.postFile("/parcours/personnes/import", [("mode", "tout")],
                                                    file: ("fichier", "p.csv", "nom;prenom;date_naissance;commune;nir\nA;B;2000-01-01;59350;1\n"))
            #expect(unknown.status == .unprocessableEntity && unknown.body.text.contains("Colonnes inconnues : nir."))
            let none = try await member.postFile("/parcours/personnes/import", [("mode", "tout")], file: ("fichier", "p.csv", ""))
            #expect(none.status == .unprocessableEntity && none.body.text.contains("Choisissez le fichier CSV à importer."))

            // The template downloads and passes a check as it is.
            let template = try await member.get("/parcours/personnes/import/modele.csv")
            #expect(template.status == .ok && template.headers.contentType?.subType == "csv")
            try await member.get("/parcours/personnes/import")
            let checked = try await member.postFile("/parcours/personnes/import", [("mode", "verifier")], file: ("fichier", "modele.csv", template.body.string))
            #expect(checked.status == .ok && checked.body.text.contains("2 nouveaux dossiers") && checked.body.text.contains("0 ligne refusée"))

            for persona in [Persona.admin, .buyer, .partner, .facilitator, .steward] {
                let browser = try await persona.browser(app)
                #expect(try await browser.get("/parcours/personnes/import").status == .forbidden, "\(persona)")
                try await browser.get("/")
                let posted = try await browser.postFile("/parcours/personnes/import", [("mode", "tout")], file: ("fichier", "p.csv", Self.header + "\n" + Self.welcomed))
                #expect(posted.status == .forbidden, "\(persona)")
            }
            #expect(try await app.get("/parcours/personnes/import").status == .seeOther)
            // Another structure's member imports into their own structure, never into this one.
            let other = try await Persona.structure2.browser(app)
            try await other.get("/parcours/personnes/import")
            let aci = try await Persona.structure.structureID(app)
            let elsewhere = try await other.postFile("/parcours/personnes/import", [("mode", "tout"), ("structure", aci.uuidString)],
                                                     file: ("fichier", "p.csv", Self.header + "\n" + Self.welcomed))
            #expect(elsewhere.status == .forbidden)
        }
    }
}
