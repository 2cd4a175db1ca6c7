import Foundation
@testable import PasserelleCommunity
import PasserelleCore
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform

@Suite("Community: the knowledge base, its first content, proposals and API")
struct KnowledgeBaseTests {
    @Test func theProceedingsAreThereSummarisedWithoutAnyonesContact() async throws {
        try await withPasserelle(.reference) { app in
            let rows = try await KnowledgeStore.items(state: .published, on: app.db)
            let byKind = Dictionary(grouping: rows, by: \.kind).mapValues(\.count)
            #expect(byKind[.report] == 25 && byKind[.practice] == 34 && byKind[.outlook] == 11 && byKind[.resource] == 27)
            // Every item comes from a session of the meeting but the DREETS page about the whole day,
            // and every workshop has reports.
            #expect(rows.allSatisfy { $0.eventID != nil })
            #expect(rows.filter { $0.sessionID == nil }.map(\.title) == ["Retour sur les rencontres régionales de l’inclusion dans l’emploi (DREETS Hauts-de-France)"])
            #expect(Set(rows.filter { $0.kind == .report }.compactMap(\.sessionID)).count == 10)
            let texts = rows.flatMap { [$0.title, $0.summary, $0.activity ?? "", $0.finding ?? "", $0.actions ?? "", $0.results ?? "", $0.organisationName ?? ""] }
            #expect(texts.allSatisfy { $0.range(of: #"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[a-z]{2,}"#, options: .regularExpression) == nil })
            #expect(texts.allSatisfy { $0.range(of: #"0[1-9]( ?[0-9]{2}){4}"#, options: .regularExpression) == nil })
            let malecot = try #require(rows.first { $0.title == "Le CDD Tremplin à l’entreprise adaptée Malécot" })
            #expect(malecot.figures.contains(ResultFigure(value: 8, outOf: 10, label: "sorties positives")))
            #expect(malecot.departement == "59" && malecot.structureKinds == [.ea])
            // Loaded once.
            try await Preparation.loadFirstContent(app)
            #expect(try await KnowledgeStore.items(state: .published, on: app.db).count == rows.count)
        }
    }

    @Test func theMeetingsOrganisationsAreInTheDirectoryWithTheirReports() async throws {
        try await withPasserelle(.reference) { app in
            let seeded = try await DirectoryQueries.allStructures(on: app.db).filter { $0.source == SeedOrganisations.source }
            #expect(seeded.count == 17)
            // A commune only where the proceedings give the town.
            #expect(Set(seeded.compactMap(\.communeCode)) == ["80021", "60057", "59378"])
            #expect(seeded.allSatisfy { $0.phone == nil && $0.email == nil })
            let cadiflor = try #require(seeded.first { $0.name == "Cadiflor" })
            let profile = try await app.get(Links.structure(cadiflor.id)).body.text
            #expect(profile.contains("Cadiflor : l’environnement comme atout d’une entreprise adaptée") && profile.contains("Non renseignée"))
            let reports = try await KnowledgeStore.items(state: .published, on: app.db).filter { $0.kind == .report }
            #expect(reports.filter { $0.structureID != nil }.count == 12)
            let astelles = try #require(seeded.first { $0.name.hasPrefix("Les Astelles — atelier") })
            #expect(reports.first { $0.organisationName == "Les Astelles" }?.structureID == astelles.id)
            // Written again (the mark of the first time lost), they are found, not duplicated.
            try await PlatformState.remove(Meeting2023.organisationsKey, on: app.db)
            try await Meeting2023.load(app)
            #expect(try await DirectoryQueries.allStructures(on: app.db).filter { $0.source == SeedOrganisations.source }.count == 17)
        }
        try await withPasserelle(.demo) { app in
            // Demo people speak for invented structures only.
            let sources = try await app.db.sql.raw("""
                SELECT s.source AS source FROM structures s JOIN organisations o ON o.structure_id = s.id
                """).all(decodingColumn: "source", as: String.self)
            #expect(!sources.isEmpty && sources.allSatisfy { $0 == "demo" })
        }
    }

    @Test func searchingFindsPalletsAccentsAsideAndWhatWorkedNearAmiens() async throws {
        try await withPasserelle(.reference) { app in
            let palette = try await app.get("/connaissances?q=palette").body.text
            #expect(palette.contains("Le réemploi de palettes en bois, support d’insertion"))
            let reuse = try await app.get("/connaissances?q=REEMPLOI&kind=retour-d-experience").body.text
            #expect(reuse.contains("Le réemploi de palettes en bois") && reuse.contains("Étudier une nouvelle activité"))
            let near = try await app.get("/connaissances?commune_q=Amiens&radius_km=50").body.text
            #expect(near.contains("1 résultat à moins de 50 km d’Amiens") && near.contains("Les Astelles"))
            let themed = try await app.get("/connaissances?theme=transitions-professionnelles&structure=ea").body.text
            #expect(themed.contains("Le CDD Tremplin à l’entreprise adaptée Malécot") && !themed.contains("All Inclusive"))
            let wrong = try await app.get("/connaissances?theme=kermesse&commune_q=Nullepart")
            #expect(wrong.status == .ok && wrong.body.text.contains("Thème inconnu") && wrong.body.text.contains("Commune inconnue"))
            let practices = try await app.get("/connaissances/pratiques").body.text
            #expect(practices.contains("Sécuriser ses gisements") && practices.contains("Vendre le réemploi"))
            let home = try await app.get("/connaissances").body.text
            #expect(home.contains("25 retours d’expérience, 34 bonnes pratiques, 11 perspectives, 27 ressources"))
        }
    }

    @Test func aStructureProposesAStewardSendsItBackThenPublishesIt() async throws {
        try await withPasserelle(.demo) { app in
            #expect(try await app.get("/connaissances/proposer").status == .seeOther)
            let partner = try await Persona.partner.browser(app)
            #expect(try await partner.get("/connaissances/proposer").status == .forbidden)

            let structure = try await Persona.structure.browser(app)
            let form = try await structure.get("/connaissances/proposer")
            #expect(form.status == .ok)
            let mistakes = try await structure.post("/connaissances/proposer", [("title", "Court"), ("theme", "filieres-du-reemploi"), ("activity", "Trop bref"),
                                                                              ("finding", ""), ("actions", ""), ("figures", "beaucoup")])
            #expect(mistakes.status == .unprocessableEntity)
            #expect(mistakes.body.text.contains("Le formulaire contient 5 erreurs"))
            _ = try await structure.get("/connaissances/proposer")
            let fields: [(String, String)] = [
                ("title", "Une recyclerie de vélos dans la métropole"), ("theme", "filieres-du-reemploi"), ("commune_q", "Roubaix"), ("commune", "59512"),
                ("activity", "Nous réparons des vélos donnés par les habitants et les revendons."), ("finding", "Beaucoup de vélos finissent à la déchèterie."),
                ("actions", "Collecte en déchèterie, atelier de réparation, vente à petit prix."), ("results", ""),
                ("figures", "12 salariés en insertion\n7 sorties positives sur 10"), ("programmes", "PIC IAE"), ("links", "Notre atelier | https://exemple.org/velos"),
            ]
            let sent = try await structure.post("/connaissances/proposer", fields)
            #expect(sent.status == .seeOther)
            let location = try #require(sent.headers.first(name: .location))
            let path = String(location.prefix { $0 != "?" })
            let id = try #require(UUID(uuidString: String(path.split(separator: "/").last!)))
            let row = try #require(try await KnowledgeStore.item(id, on: app.db))
            #expect(row.state == .proposed && row.structureID != nil && row.communeCode == "59512")
            #expect(row.figures.count == 2)
            // Not public before it is published.
            #expect(try await app.get(path).status == .notFound)
            #expect(try await structure.get(path).body.text.contains("Proposé, en attente de relecture"))

            let steward = try await Persona.steward.browser(app)
            #expect(try await steward.get("/connaissances/a-relire").body.text.contains("Une recyclerie de vélos"))
            _ = try await steward.get(path)
            let noReason = try await steward.post(path + "/renvoyer", [("reason", " ")])
            #expect(noReason.status == .conflict)
            _ = try await steward.get(path)
            #expect(try await steward.post(path + "/renvoyer", [("reason", "Précisez les résultats.")]).status == .seeOther)
            #expect(try await EventTests.mails(app, to: "structure@demo.passerelle.test", subject: "vous est renvoyé") == 1)
            let mine = try await structure.get("/connaissances/mes-propositions").body.text
            #expect(mine.contains("Renvoyé à son auteur") && mine.contains("Précisez les résultats."))

            _ = try await structure.get(path + "/modifier")
            var corrected = fields
            corrected[7] = ("results", "Douze personnes formées à la mécanique du cycle en un an.")
            #expect(try await structure.post(path + "/modifier", corrected).status == .seeOther)
            #expect(try await KnowledgeStore.item(id, on: app.db)?.state == .proposed)

            _ = try await steward.get(path)
            #expect(try await steward.post(path + "/publier", []).status == .seeOther)
            #expect(try await app.get(path).status == .ok)
            #expect(try await app.get("/connaissances?q=velo").body.text.contains("Une recyclerie de vélos dans la métropole"))
            let profile = try await app.get(Links.structure(try #require(row.structureID))).body.text
            #expect(profile.contains("Retours d’expérience") && profile.contains("Une recyclerie de vélos dans la métropole"))
            #expect(try await EventTests.mails(app, to: "structure@demo.passerelle.test", subject: "est publié") == 1)
            #expect(try await Audit.entries(action: .knowledgePublished, on: app.db).first?.actor == "dreets@demo.passerelle.test")
            // A structure cannot review.
            #expect(try await structure.get("/connaissances/a-relire").status == .forbidden)
        }
    }

    @Test func theReportsAPISearchesLikeThePage() async throws {
        try await withPasserelle(.reference) { app in
            let page = try await app.get("/api/v1/reports?q=palette").json
            #expect(page["total"].int == 1 && page["items"][0]["title"].string == "Le réemploi de palettes en bois, support d’insertion")
            // A word matches from a word's start: SQL narrows with « anywhere », the core decides.
            #expect(try await app.get("/api/v1/reports?q=alette").json["total"].int == 0)
            #expect(try await app.get("/api/v1/reports?q=PALETTES%20bois").json["total"].int == 1)
            #expect(try await app.get("/api/v1/reports?q=100%25_").status == .ok)
            let all = try await app.get("/api/v1/reports?size=100").json
            #expect(all["total"].int == 25 && all["pages"].int == 1)
            let near = try await app.get("/api/v1/reports?near=59350&radius_km=15").json
            let distances = near["items"].array.compactMap { $0["distance_km"].double }
            #expect(distances.count == near["items"].array.count && !distances.isEmpty && distances == distances.sorted() && distances.allSatisfy { $0 <= 15 })
            let bad = try await app.get("/api/v1/reports?near=00000&theme=kermesse")
            #expect(bad.status == .badRequest)
            #expect(try bad.json["reason"].string?.contains("Commune inconnue") == true)

            let malecot = try #require(all["items"].array.first { $0["title"].string == "Le CDD Tremplin à l’entreprise adaptée Malécot" })
            let id = try #require(malecot["id"].string)
            let detail = try await app.get("/api/v1/reports/\(id)").json
            let transitions = try Meeting2023.files(app).event.sessions.first { $0.id == "atelier-10" }?.title
            #expect(detail["finding"].string?.isEmpty == false && detail["event"]["session"].string == transitions)
            #expect(detail["figures"].array.contains { $0["text"].string == "8 sorties positives sur 10" && $0["out_of"].double == 10 })
            let practice = try #require(try await KnowledgeStore.items(state: .published, on: app.db).first { $0.kind == .practice })
            #expect(try await app.get("/api/v1/reports/\(practice.id.uuidString)").status == .notFound)
            #expect(try await app.get("/api/v1/reports/pas-un-id").status == .badRequest)
        }
    }
}
