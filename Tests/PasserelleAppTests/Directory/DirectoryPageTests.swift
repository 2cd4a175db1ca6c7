import Foundation
import PasserelleCore
import Testing
import Vapor
import VaporTesting
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform

@Suite("Directory pages")
struct DirectoryPageTests {
    @Test func searchPageWithoutFiltersListsTheDirectory() async throws {
        try await withPasserelle { app in
            let response = try await app.get("/structures")
            #expect(response.status == .ok)
            let html = response.body.text
            #expect(html.contains("<title>Structures inclusives — Passerelle</title>"))
            #expect(html.contains("<h1>Annuaire des structures inclusives</h1>"))
            #expect(html.contains("structures correspondent à cette recherche"))
            #expect(html.contains("Insertion (SIAE et GEIQ)") && html.contains("Handicap (EA, EATT, ESAT)"))
            #expect(html.components(separatedBy: "class=\"result\"").count - 1 == 20)
            #expect(html.contains("rel=\"next\""))
            #expect(html.contains("href=\"#contenu\""))
        }
    }

    @Test func typedCommuneIsUnderstoodWithoutJavaScript() async throws {
        try await withPasserelle { app in
            let html = try await app.get("/structures?q=nettoyage&commune_q=lille&mode=near&radius_km=20").body.text
            #expect(html.contains("Commune retenue : Lille (59)"))
            #expect(html.contains("située à Lille") || html.contains("km de Lille"))
            #expect(html.contains("Structures inclusives près de Lille"))
            #expect(html.contains("/api/v1/structures.csv?q=nettoyage&amp;near=59350&amp;radius_km=20") || html.contains("/api/v1/structures.csv?q=nettoyage&near=59350&radius_km=20"))
        }
    }

    @Test func coversSearchShowsWhyEachStructureMatches() async throws {
        try await withPasserelle { app in
            let html = try await app.get("/structures?covers=62498&sector=nettoyage-de-locaux-16").body.text
            #expect(html.contains("secteur Nettoyage de locaux"))
            #expect(html.contains("intervient"))
            #expect(html.contains("checked") )
        }
    }

    @Test func problemsAreShownOnThePage() async throws {
        try await withPasserelle(.reference) { app in
            let unknownPlace = try await app.get("/structures?commune_q=zzzzqx")
            #expect(unknownPlace.status == .ok)
            #expect(unknownPlace.body.text.contains("Aucune commune ne correspond à « zzzzqx »"))
            let badKind = try await app.get("/structures?kind=xyz")
            #expect(badKind.body.text.contains("Type de structure inconnu"))
            let empty = try await app.get("/structures?q=introuvable")
            #expect(empty.body.text.contains("Aucune structure ne correspond à cette recherche."))
            #expect(empty.body.text.contains("élargir la recherche"))
        }
    }

    @Test func userTextIsEscaped() async throws {
        try await withPasserelle(.reference) { app in
            let html = try await app.get("/structures?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E").body.text
            #expect(!html.contains("<script>alert(1)</script>"))
            #expect(html.contains("&lt;script&gt;"))
        }
    }

    @Test func profileShowsEverythingAndLinksToOpenData() async throws {
        try await withPasserelle { app in
            let structure = try #require(try await app.directoryIndex().structures.first { $0.name == "EA Malécot" })
            let response = try await app.get("/structures/\(structure.id.uuidString.lowercased())")
            #expect(response.status == .ok)
            let html = response.body.text
            #expect(html.contains("<h1>EA Malécot</h1>"))
            #expect(html.contains("Entreprise adaptée"))
            #expect(html.contains("Marcq-en-Barœul (59)") && html.contains("110 personnes ayant une RQTH"))
            // What the proceedings do not say is said not to be known.
            #expect(html.contains("<dt>Effectifs</dt><dd>Non renseignés</dd>") && html.contains("<dt>Réseaux</dt><dd>Non renseignés</dd>"))
            #expect(html.contains("/data-inclusion"))
            #expect(html.contains("Historique de la fiche"))
            #expect(html.contains("fiche créée"))
        }
    }

    @Test func aProfilesMainActionIsToContactIt() async throws {
        try await withPasserelle(.demo) { app in
            let structures = try await app.directoryIndex().structures
            let reachable = try #require(structures.first { $0.email != nil })
            let html = try await app.get("/structures/\(reachable.id.uuidString.lowercased())").body.text
            #expect(html.contains(#"<p class="profile-actions"><a class="button" href="mailto:\#(reachable.email!)">Contacter"#))
            if let silent = structures.first(where: { $0.email == nil && $0.phone == nil && $0.website == nil }) {
                #expect(!(try await app.get("/structures/\(silent.id.uuidString.lowercased())").body.text.contains("profile-actions")))
            }
        }
    }

    @Test func unknownProfileIsAFrenchNotFoundPage() async throws {
        try await withPasserelle(.reference) { app in
            for path in ["/structures/\(UUID().uuidString)", "/structures/nope", "/page-inexistante"] {
                let response = try await app.get(path)
                #expect(response.status == .notFound, "\(path)")
                #expect(response.body.text.contains("<h1>Page introuvable</h1>"), "\(path)")
            }
        }
    }

    @Test func homeCountsTheOffer() async throws {
        try await withPasserelle { app in
            let html = try await app.get("/").body.text
            #expect(html.contains("structures inclusives"))
            #expect(html.contains("/structures?kind=aci"))
        }
    }

    @Test func homeGreetsEachAudienceWithTheWaysItMayTake() async throws {
        try await withPasserelle(.demo) { app in
            let visitor = try await app.get("/").body.text
            #expect(visitor.contains("<h2 id=\"audiences\">Vous êtes…</h2>") && visitor.contains("Le territoire en chiffres"))
            #expect(visitor.contains("besoins d’achat publiés depuis le 1er janvier") && visitor.contains("Prochains événements"))
            #expect(visitor.contains("Derniers retours d’expérience"))
            #expect(visitor.contains("/inscription?profil=structure") && visitor.contains(#"href="/besoins/nouveau""#))
            // Signed in: no sign-up, the workspace, and only what the account may open.
            let structure = try await Persona.structure.browser(app).get("/").body.text
            #expect(structure.contains("Mon espace") && !structure.contains("/inscription?profil="))
            #expect(!structure.contains(#"href="/besoins/nouveau""#) && !structure.contains("/besoins/tableau-de-bord"))
            let steward = try await Persona.steward.browser(app).get("/").body.text
            #expect(steward.contains("/besoins/tableau-de-bord"))
        }
    }

    @Test func theGlossaryExplainsTheJargonWherePagesLinkToIt() async throws {
        try await withPasserelle(.demo) { app in
            let entries = try SitePages.glossary(resources: app.directory.resourcesDirectory)
            #expect(entries.entries.count >= 20)
            let glossary = try await app.get("/glossaire").body.text
            for entry in entries.entries { #expect(glossary.contains("<dt id=\"\(entry.id)\">")) }
            // Each link to the glossary names an entry that exists.
            for page in ["/evenements", "/besoins", "/compte", "/developpeurs", "/evenements/mes-inscriptions"] {
                let html = try await Persona.buyer.browser(app).get(page).body.text
                for anchor in html.components(separatedBy: "href=\"/glossaire#").dropFirst().map({ String($0.prefix { $0 != "\"" }) }) {
                    #expect(entries.entry(anchor) != nil, "\(page) → #\(anchor)")
                }
            }
            #expect(try await Persona.buyer.browser(app).get("/evenements").body.text.contains("/glossaire#ical"))
        }
    }

    /// The API and the feeds left the header: the footer leads to one page that gathers them.
    @Test func theDevelopersPageGathersTheAPIFeedsAndExports() async throws {
        try await withPasserelle(.reference) { app in
            let home = try await app.get("/").body.text
            #expect(home.contains("href=\"/developpeurs\"") && !home.contains("href=\"/api/docs\""))
            let page = try await app.get("/developpeurs").body.text
            for link in ["/api/docs", "/api/openapi.json", "/evenements.ics", "/services.csv", "/api/v1/needs.atom", "/api/v1/structures.csv"] {
                #expect(page.contains(link), "\(link)")
            }
        }
    }

    @Test(arguments: ["/accessibilite", "/mentions-legales", "/donnees", "/glossaire", "/api/docs", "/developpeurs"])
    func infoPagesRender(path: String) async throws {
        try await withPasserelle(.reference) { app in
            let response = try await app.get(path)
            #expect(response.status == .ok)
            #expect(response.body.text.contains("<h1>"))
        }
    }
}
