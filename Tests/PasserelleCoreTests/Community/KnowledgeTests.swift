import Foundation
import PasserelleCore
import Testing

@Suite("Community: the knowledge base's figures, review and search")
struct KnowledgeTests {
    @Test(arguments: [
        ("8 sorties positives sur 10", ResultFigure(value: 8, outOf: 10, label: "sorties positives")),
        ("85 % de sorties positives", ResultFigure(value: 85, percent: true, label: "sorties positives")),
        ("85% de sorties positives la 1re année", ResultFigure(value: 85, percent: true, label: "sorties positives la 1re année")),
        ("80 % d’embauches", ResultFigure(value: 80, percent: true, label: "embauches")),
        ("90% d'entre elles embauchées", ResultFigure(value: 90, percent: true, label: "entre elles embauchées")),
        ("249 personnes accompagnées", ResultFigure(value: 249, label: "personnes accompagnées")),
        ("Plus de 60 000 candidats inscrits", ResultFigure(value: 60_000, label: "candidats inscrits", approximation: .moreThan)),
        ("environ 400 structures de l’ESS", ResultFigure(value: 400, label: "structures de l’ESS", approximation: .about)),
        ("Soit 75 personnes", ResultFigure(value: 75, label: "personnes")),
        ("130\u{202F}000 offres déposées", ResultFigure(value: 130_000, label: "offres déposées")),
        ("12,5 % de retour à l’emploi", ResultFigure(value: 12.5, percent: true, label: "retour à l’emploi")),
        ("9 diplômées sur 10 femmes accompagnées", ResultFigure(value: 9, outOf: 10, label: "diplômées femmes accompagnées")),
        ("200 plats par jour.", ResultFigure(value: 200, label: "plats par jour")),
    ])
    func figuresAreReadFromTheirFrenchText(_ line: String, _ expected: ResultFigure) {
        #expect(ResultFigure.parse(line) == expected)
    }

    @Test(arguments: ["", "aucun chiffre ici", "85 %", "  42  "])
    func aLineWithoutAFigureOrWithoutWhatItCountsIsNone(_ line: String) {
        #expect(ResultFigure.parse(line) == nil)
    }

    @Test func figuresAreWrittenBackAndGiveTheirShare() {
        #expect(ResultFigure(value: 8, outOf: 10, label: "sorties positives").text == "8 sorties positives sur 10")
        #expect(ResultFigure(value: 8, outOf: 10, label: "sorties positives").share == 0.8)
        #expect(ResultFigure(value: 85, percent: true, label: "de sorties positives").share == 0.85)
        #expect(ResultFigure(value: 249, label: "personnes").share == nil)
        #expect(ResultFigure(value: 60_000, label: "candidats").text == "60\u{202F}000 candidats")
        // An order of magnitude stays one, and reads back the same.
        let about = ResultFigure(value: 400, label: "structures", approximation: .about)
        #expect(about.text == "environ 400 structures" && ResultFigure.parse(about.text) == about)
        let moreThan = ResultFigure(value: 100, label: "commerçants", approximation: .moreThan)
        #expect(moreThan.text == "plus de 100 commerçants" && ResultFigure.parse(moreThan.text) == moreThan)
    }

    @Test func proposalsArePublishedOrSentBackWithAReason() {
        #expect(KnowledgeReview.next(after: .proposed, on: .publish) == .success(.published))
        #expect(KnowledgeReview.next(after: .proposed, on: .refuse(reason: "Ajoutez les résultats.")) == .success(.refused))
        #expect(KnowledgeReview.next(after: .proposed, on: .refuse(reason: "  ")) == .failure(.init("Dites à l’auteur pourquoi la proposition lui est renvoyée.")))
        #expect(KnowledgeReview.next(after: .refused, on: .propose) == .success(.proposed))
        #expect(KnowledgeReview.next(after: .published, on: .publish) == .failure(.init("Ce contenu est déjà publié.")))
        if case .success = KnowledgeReview.next(after: .refused, on: .publish) { Issue.record("a refused proposal is sent again before it is published") }
    }

    static let lille = GeoPoint(latitude: 50.63, longitude: 3.06)
    static let amiens = GeoPoint(latitude: 49.89, longitude: 2.30)
    static let beauvais = GeoPoint(latitude: 49.43, longitude: 2.08)

    static func item(_ title: String, _ text: String, kind: KnowledgeKind = .report, themes: [String] = [], departement: String? = nil,
                     structures: [StructureKind] = [], place: GeoPoint? = nil, days: Double = 0) -> KnowledgeQuery.Item {
        KnowledgeQuery.Item(id: UUID(), kind: kind, title: title, folded: SearchText.fold(title + " " + text), themes: themes, departement: departement,
                            structureKinds: structures, place: place, date: Date(timeIntervalSince1970: 1_700_000_000 + days * 86_400))
    }

    static let items = [
        item("Le réemploi de palettes en bois", "Mobilier fabriqué à partir de bois de palette", themes: ["filieres-du-reemploi"], departement: "80", structures: [.aci], place: amiens, days: 1),
        item("Chantiers écoles en AFEST", "Formation en situation de travail sur les chantiers du bâtiment", themes: ["innovation-en-formation"], departement: "02", structures: [.ea], days: 2),
        item("Réunions partenaires mensuelles", "Un partenaire vient chaque mois ; cours de français, psychologue. Palettes non.", themes: ["outils-d-accompagnement-et-freins"],
             departement: "60", structures: [.aci], place: beauvais, days: 3),
        item("Sécuriser ses gisements", "Bonne pratique du réemploi", kind: .practice, themes: ["filieres-du-reemploi"], days: 4),
    ]

    @Test func wordsMatchWithoutAccentsOrCaseAndByTheirStart() {
        let titles = { (query: KnowledgeQuery) in query.search(Self.items).map { hit in Self.items.first { $0.id == hit.id }!.title } }
        // « palette » finds the report on pallets first (title), then the one that mentions them.
        #expect(titles(KnowledgeQuery(text: "palette")) == ["Le réemploi de palettes en bois", "Réunions partenaires mensuelles"])
        // The title's match first, then the newest.
        #expect(titles(KnowledgeQuery(text: "REEMPLOI")) == ["Le réemploi de palettes en bois", "Sécuriser ses gisements"])
        #expect(titles(KnowledgeQuery(text: "chantier école")) == ["Chantiers écoles en AFEST"])
        #expect(titles(KnowledgeQuery(text: "palette chantier")).isEmpty)
        #expect(titles(KnowledgeQuery(text: "le de")).count == 4)
    }

    @Test func filtersNarrowByKindThemeTerritoryAndKindOfStructure() {
        #expect(KnowledgeQuery(kinds: [.practice]).search(Self.items).count == 1)
        #expect(KnowledgeQuery(theme: "filieres-du-reemploi").search(Self.items).count == 2)
        #expect(KnowledgeQuery(departement: "02").search(Self.items).count == 1)
        #expect(KnowledgeQuery(structureKind: .aci).search(Self.items).count == 2)
        #expect(KnowledgeQuery(kinds: [.report], theme: "filieres-du-reemploi", structureKind: .ea).search(Self.items).isEmpty)
    }

    @Test func nearMeKeepsWhatLiesWithinTheRadiusNearestFirst() {
        let fromAmiens = KnowledgeQuery(near: Self.amiens, radiusKm: 80).search(Self.items)
        #expect(fromAmiens.count == 2)
        #expect(fromAmiens[0].distanceKm == 0)
        #expect((fromAmiens[1].distanceKm ?? 0) > 50 && (fromAmiens[1].distanceKm ?? 0) < 60)
        // Items without a place are not « near » anything; Lille is over 100 km from both.
        #expect(KnowledgeQuery(near: Self.lille, radiusKm: 50).search(Self.items).isEmpty)
        #expect(KnowledgeQuery(near: Self.amiens, radiusKm: 10).search(Self.items).count == 1)
    }
}

@Suite("Community: what a proposed experience report must hold")
struct ReportDraftTests {
    static let themes: Set<String> = ["filieres-du-reemploi"]

    static var complete: ReportDraft {
        ReportDraft(title: "Du mobilier en bois de palette", theme: "filieres-du-reemploi", communeCode: "80021",
                    activity: "Un atelier qui fabrique des meubles avec des palettes.", finding: "Les palettes hors normes partent à la benne.",
                    actions: "Collecte chez trois entreprises, atelier de fabrication, boutique.", results: "",
                    figures: "8 sorties positives sur 10\n\n85 % de sorties positives", programmes: "PIC IAE, SEVE Emploi",
                    links: "Notre site | https://exemple.org/atelier\nhttps://exemple.org/video")
    }

    @Test func aCompleteReportIsReadWithItsFiguresProgrammesAndLinks() throws {
        let checked = try Self.complete.validate(themes: Self.themes, communeExists: { $0 == "80021" }).get()
        #expect(checked.figures == [ResultFigure(value: 8, outOf: 10, label: "sorties positives"), ResultFigure(value: 85, percent: true, label: "sorties positives")])
        #expect(checked.programmes == ["PIC IAE", "SEVE Emploi"])
        #expect(checked.links.map(\.label) == ["Notre site", "https://exemple.org/video"])
        #expect(checked.results == nil && checked.communeCode == "80021")
    }

    @Test(arguments: [
        ("title", "Court", ReportDraft.Field.title),
        ("theme", "kermesse", ReportDraft.Field.theme),
        ("commune", "99999", ReportDraft.Field.commune),
        ("activity", "Trop bref", ReportDraft.Field.activity),
        ("finding", "", ReportDraft.Field.finding),
        ("actions", String(repeating: "a", count: 4_001), ReportDraft.Field.actions),
        ("figures", "beaucoup de réussites", ReportDraft.Field.figures),
        ("links", "Notre site | javascript:alert(1)", ReportDraft.Field.links),
        ("links", "ftp://exemple.org", ReportDraft.Field.links),
    ])
    func eachMistakeIsNamedOnItsField(_ name: String, _ value: String, _ field: String) {
        var draft = Self.complete
        switch name {
        case "title": draft.title = value
        case "theme": draft.theme = value
        case "commune": draft.communeCode = value
        case "activity": draft.activity = value
        case "finding": draft.finding = value
        case "actions": draft.actions = value
        case "figures": draft.figures = value
        default: draft.links = value
        }
        guard case .failure(let problems) = draft.validate(themes: Self.themes, communeExists: { $0 == "80021" }) else {
            Issue.record("accepted")
            return
        }
        #expect(problems.list.map(\.field) == [field])
    }
}
