import Foundation
import Testing
@testable import PasserelleCore

@Suite("Services: zone coverage, the 50 km rule, order of results")
struct ServiceSearchTests {
    static let provider = ServiceProvider(name: "Association des tests")
    static func service(_ name: String, at commune: Commune? = nil, modes: [ReceptionMode] = [.onSite], zone: [String] = [],
                        themes: [String] = ["lecture-ecriture-calcul--maitriser-le-francais"], type: String? = "atelier",
                        fee: ServiceFee? = .free, publics: [String] = ["tous-publics"], status: ServiceStatus = .published) -> Service {
        Service(provider: provider, name: name, description: "Un service pour les tests.", type: type, thematiques: themes, publics: publics,
                fee: fee, receptionModes: modes, zone: EligibilityZone(zone), communeCode: commune?.code, coordinates: commune?.centre, status: status)
    }

    @Test(arguments: [
        ([], true), (["59350"], true), (["59512"], false), (["200093201"], true), (["59"], true), (["62"], false),
        (["france"], true), (["99100"], true), (["62", "200093201"], true), (["62041", "80"], false),
    ] as [([String], Bool)])
    func aZoneCoversLilleWhenOneOfItsCodesIsLillesOrNone(codes: [String], covers: Bool) {
        #expect(EligibilityZone(codes).covers(Fixtures.lille) == covers)
    }

    @Test func anArrondissementIsInsideItsCity() {
        #expect(EligibilityZone(["13055"]).covers(Fixtures.marseille1))
        #expect(!EligibilityZone(["13201"]).covers(Fixtures.marseille))
    }

    @Test func onSiteServicesAreKeptWithin50KilometresAndRemoteOnesAlways() throws {
        let lille = Fixtures.lille
        let roubaix = try #require(ServicePlacement.hit(Self.service("Roubaix", at: Fixtures.roubaix), around: lille))
        #expect(roubaix.distanceKm.map { (10...12).contains($0) } == true)
        #expect(ServicePlacement.hit(Self.service("Arras", at: Fixtures.arras), around: lille)?.distanceKm.map { $0 < 50 } == true)
        #expect(ServicePlacement.hit(Self.service("Saint-Pol", at: Fixtures.saintPol), around: lille) == nil)
        #expect(ServicePlacement.hit(Self.service("Amiens", at: Fixtures.amiens), around: lille) == nil)
        // Far, but also remote: kept, without a distance.
        let both = try #require(ServicePlacement.hit(Self.service("Amiens", at: Fixtures.amiens, modes: [.onSite, .remote]), around: lille))
        #expect(both.distanceKm == nil)
        #expect(ServicePlacement.hit(Self.service("Téléphone", modes: [.remote]), around: lille)?.distanceKm == nil)
        // Near but out of its zone; on site without a place.
        #expect(ServicePlacement.hit(Self.service("Roubaix seulement", at: Fixtures.roubaix, zone: ["59512"]), around: lille) == nil)
        #expect(ServicePlacement.hit(Self.service("Nulle part"), around: lille) == nil)
        // A commune without a centre still gets the remote services.
        #expect(ServicePlacement.hit(Self.service("Lille", at: Fixtures.lille), around: Fixtures.celles) == nil)
        #expect(ServicePlacement.hit(Self.service("Partout", modes: [.remote]), around: Fixtures.celles) != nil)
    }

    @Test func remoteServicesComeAfterEveryThreeNearOnesClosestZoneFirst() {
        let near = [Fixtures.lille, Fixtures.roubaix, Fixtures.lens, Fixtures.arras].enumerated().map { Self.service("Sur place \($0.offset)", at: $0.element) }
        let remote = [
            Self.service("National", modes: [.remote], zone: ["france"]),
            Self.service("Métropole", modes: [.remote], zone: ["200093201"]),
            Self.service("Nord", modes: [.remote], zone: ["59"]),
        ]
        let hits = (near + remote).compactMap { ServicePlacement.hit($0, around: Fixtures.lille) }
        let names = ServicePlacement.order(hits.reversed(), around: Fixtures.lille).map(\.service.name)
        #expect(names == ["Sur place 0", "Sur place 1", "Sur place 2", "Métropole", "Sur place 3", "Nord", "National"])
        #expect(ServicePlacement.order([], around: Fixtures.lille).isEmpty)
    }

    @Test func theIndexFindsWhatTheRuleKeepsAndFiltersByFeatures() throws {
        let services = [
            Self.service("Français à Roubaix", at: Fixtures.roubaix),
            Self.service("Français à Lens, payant", at: Fixtures.lens, fee: .paying),
            Self.service("Français à Amiens", at: Fixtures.amiens),
            Self.service("Code de la route", at: Fixtures.lille, themes: ["mobilite--preparer-un-permis"], type: "formation"),
            Self.service("Français en ligne", modes: [.remote], zone: ["france"], publics: ["personnes-exilees"]),
            Self.service("Brouillon", at: Fixtures.lille, status: .draft),
            Self.service("Archivé", at: Fixtures.lille, status: .archived),
        ]
        let index = ServiceIndex(services: services, gazetteer: Fixtures.gazetteer)
        let all = try index.search(ServiceQuery(communeCode: "59350"))
        #expect(all.map(\.service.name) == ["Code de la route", "Français à Roubaix", "Français à Lens, payant", "Français en ligne"])
        let french = try #require(ServiceVocabulary.expand("lecture-ecriture-calcul"))
        #expect(try index.search(ServiceQuery(communeCode: "59350", thematiques: Set(french))).count == 3)
        #expect(try index.search(ServiceQuery(communeCode: "59350", types: ["formation"])).map(\.service.name) == ["Code de la route"])
        #expect(try index.search(ServiceQuery(communeCode: "59350", fees: [.paying])).map(\.service.name) == ["Français à Lens, payant"])
        #expect(try index.search(ServiceQuery(communeCode: "59350", receptionModes: [.remote])).map(\.service.name) == ["Français en ligne"])
        // « Tous publics » answers every public asked for.
        #expect(try index.search(ServiceQuery(communeCode: "59350", publics: ["personnes-exilees"])).count == 4)
        #expect(try index.search(ServiceQuery(communeCode: "59350", publics: ["jeunes"])).count == 3)
        #expect(try index.search(ServiceQuery(communeCode: "80021")).map(\.service.name) == ["Français à Amiens", "Français en ligne"])
        #expect(throws: ServiceIndex.Failure.unknownCommune("99999")) { try index.search(ServiceQuery(communeCode: "99999")) }
    }

    @Test func theIndexAgreesWithTheRuleOnEveryPair() throws {
        let communes = Fixtures.gazetteer.communes
        var services: [Service] = []
        for (i, commune) in communes.enumerated() {
            services.append(Self.service("Sur place \(i)", at: commune))
            services.append(Self.service("Les deux \(i)", at: commune, modes: [.onSite, .remote], zone: [commune.departementCode]))
            services.append(Self.service("À distance \(i)", modes: [.remote], zone: [commune.code]))
        }
        let index = ServiceIndex(services: services, gazetteer: Fixtures.gazetteer)
        for commune in communes {
            let expected = Set(services.compactMap { ServicePlacement.hit($0, around: commune)?.service.id })
            #expect(Set(try index.search(ServiceQuery(communeCode: commune.code)).map(\.service.id)) == expected, "\(commune.name.name)")
        }
    }

    @Test func theIndexGivesTheRulesAnswerInTheRulesOrderForAnyFilters() throws {
        let services = SampleServices.generate(count: 600, seed: 7, source: "test", regionCode: nil, gazetteer: Fixtures.gazetteer, now: Date())
        let index = ServiceIndex(services: services, gazetteer: Fixtures.gazetteer)
        let queries: [(String) -> ServiceQuery] = [
            { ServiceQuery(communeCode: $0) },
            { ServiceQuery(communeCode: $0, thematiques: Set(ServiceVocabulary.expand("lecture-ecriture-calcul")!)) },
            { ServiceQuery(communeCode: $0, thematiques: Set(ServiceVocabulary.expand("mobilite")!), fees: [.free]) },
            { ServiceQuery(communeCode: $0, types: ["atelier", "formation"], publics: ["jeunes"]) },
            { ServiceQuery(communeCode: $0, receptionModes: [.remote]) },
            { ServiceQuery(communeCode: $0, publics: ["personnes-exilees"], receptionModes: [.onSite]) },
        ]
        var compared = 0
        for commune in Fixtures.gazetteer.communes {
            for make in queries {
                let query = make(commune.code)
                let expected = ServicePlacement.order(services.filter(query.matchesFeatures).compactMap { ServicePlacement.hit($0, around: commune) }, around: commune)
                let found = try index.search(query)
                #expect(found.map(\.service.id) == expected.map(\.service.id), "\(commune.name.name)")
                #expect(found.map(\.distanceKm) == expected.map(\.distanceKm))
                compared += found.count
            }
        }
        #expect(compared > 500)
    }

    @Test func aCategoryMeansAllItsThematiques() {
        #expect(ServiceVocabulary.thematiques.count == 69 && ServiceVocabulary.categories.count == 16)
        #expect(ServiceVocabulary.categories.allSatisfy { !$0.thematiques.isEmpty })
        #expect(ServiceVocabulary.categories.map(\.thematiques.count).reduce(0, +) == 69)
        #expect(ServiceVocabulary.expand("mobilite")?.allSatisfy { $0.hasPrefix("mobilite--") } == true)
        #expect(ServiceVocabulary.expand("mobilite--preparer-un-permis") == ["mobilite--preparer-un-permis"])
        #expect(ServiceVocabulary.expand("cuisine") == nil)
        #expect(ServiceVocabulary.category(of: "sante--acces-aux-soins")?.label == "Santé")
    }

    @Test func wordsAreReadThroughTheSynonymsOfTheThematiques() {
        #expect(ThematiqueWords.thematiques(for: "FLE").thematiques == ["lecture-ecriture-calcul--maitriser-le-francais"])
        #expect(ThematiqueWords.thematiques(for: "cours de Français").thematiques.contains("lecture-ecriture-calcul--maitriser-le-francais"))
        #expect(ThematiqueWords.thematiques(for: "permis de conduire").thematiques == ["mobilite--preparer-un-permis"])
        // A category spreads to its thématiques; a label's own words are found without the table.
        #expect(ThematiqueWords.thematiques(for: "numérique").thematiques.count == ServiceVocabulary.expand("numerique")?.count)
        #expect(ThematiqueWords.thematiques(for: "surendettement").thematiques.contains("difficultes-financieres--situation-dendettement-surendettement"))
        let nonsense = ThematiqueWords.thematiques(for: "xylophone")
        #expect(nonsense.thematiques.isEmpty && nonsense.unknown == ["xylophone"])
        // Every thématique the table names exists.
        for themes in ThematiqueWords.synonyms.values {
            for theme in themes { #expect(ServiceVocabulary.expand(theme) != nil, "\(theme)") }
        }
    }

    @Test func aServicePublishedTwiceIsShownOnce() throws {
        let first = Self.service("Atelier de français", at: Fixtures.roubaix)
        let twin = Self.service("ATELIER DE FRANCAIS", at: Fixtures.roubaix)
        let elsewhere = Self.service("Atelier de français", at: Fixtures.lille)
        let index = ServiceIndex(services: [first, twin, elsewhere], gazetteer: Fixtures.gazetteer)
        let all = try index.search(ServiceQuery(communeCode: Fixtures.roubaix.code))
        #expect(all.count == 3)
        let distinct = all.distinct()
        // The nearest copy stays: one of the two at Roubaix, then Lille's.
        #expect(distinct.count == 2 && Set([first.id, twin.id]).contains(distinct[0].service.id) && distinct[1].service.id == elsewhere.id)
    }
}
