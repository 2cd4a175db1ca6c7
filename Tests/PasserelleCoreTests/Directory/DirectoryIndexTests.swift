import Foundation
import Testing
@testable import PasserelleCore

@Suite("Directory search")
struct DirectoryIndexTests {
    static let netPropre = Structure(
        siret: "13002526500013", name: "Net’Propre", brand: "Net Propre Lens", kind: .ei,
        description: "Entretien de bureaux et de parties communes.", communeCode: "62498",
        activities: [Activity(sectorSlug: "nettoyage-de-locaux", serviceTypes: [.services], reach: .radius(km: 35))]
    )
    static let jardins = Structure(
        name: "Les Jardins d’Arras", kind: .aci, description: "Chantier d'insertion en maraîchage et espaces verts.",
        communeCode: "62041", labels: ["Réseau Cocagne"],
        activities: [Activity(sectorSlug: "creation-et-entretien-des-espaces-verts", serviceTypes: [.services], reach: .perimeters([.departement("62")]))]
    )
    static let littoral = Structure(
        name: "ESAT du Littoral", kind: .esat, communeCode: "62826",
        activities: [Activity(sectorSlug: "nettoyage-industriel", serviceTypes: [.services, .staffing], reach: .national)]
    )
    static let recyclerie = Structure(
        siret: "73282932000074", name: "Recyclerie lilloise", kind: .ea, description: "Ordinateurs reconditionnés.",
        communeCode: "59350",
        activities: [
            Activity(sectorSlug: "produits-reconditionnes", serviceTypes: [.goods], reach: .perimeters([.commune("59350")])),
            Activity(sectorSlug: "nettoyage-de-locaux", serviceTypes: [.services], reach: .radius(km: 5)),
        ]
    )
    static let amienoise = Structure(
        name: "Propreté amiénoise", kind: .ai, communeCode: "80021",
        activities: [Activity(sectorSlug: "nettoyage-de-locaux", serviceTypes: [.staffing], reach: .perimeters([.region("32")]))]
    )

    let index = DirectoryIndex(
        structures: [netPropre, jardins, littoral, recyclerie, amienoise],
        gazetteer: Fixtures.gazetteer, taxonomy: Fixtures.taxonomy
    )

    func query(_ input: StructureQuery.Input) throws -> StructureQuery {
        try input.validate(gazetteer: Fixtures.gazetteer, taxonomy: Fixtures.taxonomy).get()
    }

    func names(_ input: StructureQuery.Input) throws -> [String] {
        try index.search(query(input)).hits.map(\.structure.name)
    }

    @Test func pagesFarPastTheEndAreEmptyAndRefusedBeyondTheLimit() throws {
        var far = StructureQuery()
        far.page = Int.max
        let result = index.search(far)
        #expect(result.hits.isEmpty && result.total == 5)
        #expect(try index.search(query(.init(page: "100000"))).hits.isEmpty)
        #expect((try? query(.init(page: "100001"))) == nil)
    }

    @Test func noFilterListsEverythingByName() throws {
        let result = index.search(try query(.init()))
        #expect(result.total == 5)
        #expect(result.hits.map(\.structure.name) == ["ESAT du Littoral", "Les Jardins d’Arras", "Net’Propre", "Propreté amiénoise", "Recyclerie lilloise"])
        #expect(result.countsByKind == [.ei: 1, .aci: 1, .esat: 1, .ea: 1, .ai: 1])
    }

    @Test func textIgnoresAccentsAndCaseAndRanksNameFirst() throws {
        #expect(try names(.init(q: "PROPRETE")).first == "Propreté amiénoise")
        #expect(try names(.init(q: "amienoise")) == ["Propreté amiénoise"])
    }

    @Test func textFindsSectorsDescriptionsAndPrefixes() throws {
        #expect(Set(try names(.init(q: "nettoyage"))) == ["Net’Propre", "ESAT du Littoral", "Recyclerie lilloise", "Propreté amiénoise"])
        #expect(try names(.init(q: "reconditionn")) == ["Recyclerie lilloise"])
        #expect(try names(.init(q: "maraichage")) == ["Les Jardins d’Arras"])
        #expect(try names(.init(q: "cocagne")) == ["Les Jardins d’Arras"])
    }

    @Test func everyWordMustMatch() throws {
        #expect(try names(.init(q: "nettoyage lille")) == ["Recyclerie lilloise"])
        #expect(try names(.init(q: "nettoyage marseille")).isEmpty)
    }

    @Test func textReasonSaysWhereTheWordWasFound() throws {
        let hit = try #require(index.search(try query(.init(q: "nettoyage lille"))).hits.first)
        #expect(hit.reasons.first == "« nettoyage » dans les secteurs ; « lille » dans la commune")
    }

    @Test func siretAndSirenFindTheirStructure() throws {
        #expect(try names(.init(q: "13002526500013")) == ["Net’Propre"])
        #expect(try names(.init(q: "130 025 265 00013")) == ["Net’Propre"])
        #expect(try names(.init(q: "732829320")) == ["Recyclerie lilloise"])
        #expect(try names(.init(q: "99999999999999")).isEmpty)
        #expect(index.search(try query(.init(q: "732829320"))).hits.first?.reasons == ["Nᵒ SIRET"])
    }

    @Test func kindsFilterButCountsIgnoreIt() throws {
        let result = index.search(try query(.init(q: "nettoyage", kind: ["ei", "ai"])))
        #expect(Set(result.hits.map(\.structure.name)) == ["Net’Propre", "Propreté amiénoise"])
        #expect(result.countsByKind[.esat] == 1)
        #expect(result.countsByKind[.ea] == 1)
    }

    @Test func coversAppliesTheReachRuleAndExplainsIt() throws {
        let result = index.search(try query(.init(sector: ["nettoyage-de-locaux"], covers: "59350")))
        // Lens is ~30 km from Lille (radius 35), Amiens covers the whole région, the Lille
        // recyclerie cleans within 5 km.
        #expect(Set(result.hits.map(\.structure.name)) == ["Net’Propre", "Propreté amiénoise", "Recyclerie lilloise"])
        let netPropre = try #require(result.hits.first { $0.structure.name == "Net’Propre" })
        #expect(netPropre.reasons.contains("secteur Nettoyage de locaux"))
        #expect(netPropre.reasons.contains { $0.hasPrefix("intervient à ") && $0.hasSuffix(" km de Lille") })
        let amienoise = try #require(result.hits.first { $0.structure.name == "Propreté amiénoise" })
        #expect(amienoise.reasons.contains("intervient dans toute la région Hauts-de-France"))
    }

    @Test func activityFiltersApplyToTheSameActivity() throws {
        // The recyclerie sells reconditioned goods only in Lille and cleans only within 5 km:
        // it does not clean in Lens.
        #expect(try names(.init(sector: ["nettoyage-de-locaux"], covers: "62498")) == ["Net’Propre", "Propreté amiénoise"].sorted())
        #expect(try names(.init(sector: ["produits-reconditionnes"], covers: "62498")).isEmpty)
        #expect(try names(.init(serviceType: ["mise-a-disposition"], covers: "80021")) == ["Propreté amiénoise", "ESAT du Littoral"])
    }

    @Test func sectorGroupsCoverTheirSectors() throws {
        #expect(try names(.init(sectorGroup: ["hygiene-et-proprete"])) == ["ESAT du Littoral", "Net’Propre", "Propreté amiénoise", "Recyclerie lilloise"])
    }

    @Test func nearKeepsStructuresWithinTheRadiusSortedByDistance() throws {
        let result = index.search(try query(.init(near: "59350", radiusKm: "40")))
        #expect(result.hits.map(\.structure.name) == ["Recyclerie lilloise", "Net’Propre"])
        #expect(result.hits[0].distanceKm == 0)
        #expect(result.hits[0].reasons == ["située à Lille"])
        #expect(result.hits[1].reasons.first?.hasPrefix("située à ") == true)
        #expect(try names(.init(near: "59350", radiusKm: "0")) == ["Recyclerie lilloise"])
    }

    @Test func departementAndRegionFilterTheStructuresPlace() throws {
        #expect(try names(.init(departement: "62")) == ["ESAT du Littoral", "Les Jardins d’Arras", "Net’Propre"])
        #expect(try names(.init(region: "32")).count == 5)
        #expect(try names(.init(region: "93")).isEmpty)
    }

    @Test func distanceIsGivenWhenAPlaceIsAndSortsResults() throws {
        let result = index.search(try query(.init(covers: "80021", sort: "distance")))
        #expect(result.hits.first?.structure.name == "Propreté amiénoise")
        #expect(result.hits.allSatisfy { $0.distanceKm != nil })
        let distances = result.hits.compactMap(\.distanceKm)
        #expect(distances == distances.sorted())
    }

    @Test func pagination() throws {
        let first = index.search(try query(.init(page: "1", size: "2")))
        let third = index.search(try query(.init(page: "3", size: "2")))
        let beyond = index.search(try query(.init(page: "9", size: "2")))
        #expect(first.hits.count == 2 && first.total == 5 && first.pages == 3)
        #expect(third.hits.map(\.structure.name) == ["Recyclerie lilloise"])
        #expect(beyond.hits.isEmpty && beyond.total == 5)
        #expect(index.allHits(try query(.init(size: "1"))).count == 5)
    }
}

@Suite("Search parameters")
struct StructureQueryTests {
    func problemOf(_ input: StructureQuery.Input) -> QueryProblem? {
        if case .failure(let problem) = input.validate(gazetteer: Fixtures.gazetteer, taxonomy: Fixtures.taxonomy) { return problem }
        return nil
    }

    @Test(arguments: [
        (StructureQuery.Input(kind: ["xyz"]), "kind"),
        (StructureQuery.Input(sector: ["plomberie"]), "sector"),
        (StructureQuery.Input(sectorGroup: ["btp"]), "sector_group"),
        (StructureQuery.Input(serviceType: ["interim"]), "service_type"),
        (StructureQuery.Input(covers: "99999"), "covers"),
        (StructureQuery.Input(near: "59350", radiusKm: "501"), "radius_km"),
        (StructureQuery.Input(near: "59350", radiusKm: "-1"), "radius_km"),
        (StructureQuery.Input(near: "59350", radiusKm: "abc"), "radius_km"),
        (StructureQuery.Input(near: "59350", radiusKm: "nan"), "radius_km"),
        (StructureQuery.Input(radiusKm: "10"), "radius_km"),
        (StructureQuery.Input(near: "15031"), "near"),
        (StructureQuery.Input(departement: "99"), "departement"),
        (StructureQuery.Input(region: "99"), "region"),
        (StructureQuery.Input(sort: "price"), "sort"),
        (StructureQuery.Input(sort: "distance"), "sort"),
        (StructureQuery.Input(page: "0"), "page"),
        (StructureQuery.Input(page: "x"), "page"),
        (StructureQuery.Input(size: "101"), "size"),
        (StructureQuery.Input(size: "0"), "size"),
        (StructureQuery.Input(q: String(repeating: "a", count: 201)), "q"),
    ])
    func refusesBadParameters(input: StructureQuery.Input, parameter: String) throws {
        let problem = try #require(problemOf(input))
        #expect(problem.parameter == parameter)
        #expect(!problem.reason.isEmpty)
    }

    @Test func acceptsGoodParametersAndDefaults() throws {
        let query = try StructureQuery.Input(
            q: "  nettoyage ", kind: ["ACI,ei"], sector: ["nettoyage-de-locaux"], near: "59350", radiusKm: "12,5",
            departement: "59", sort: "distance", page: "2", size: "100"
        ).validate(gazetteer: Fixtures.gazetteer, taxonomy: Fixtures.taxonomy).get()
        #expect(query.text == "nettoyage")
        #expect(query.kinds == [.aci, .ei])
        #expect(query.radiusKm == 12.5)
        #expect(query.sort == .distance && query.page == 2 && query.size == 100)
        let near = try StructureQuery.Input(near: "59350").validate(gazetteer: Fixtures.gazetteer, taxonomy: Fixtures.taxonomy).get()
        #expect(near.radiusKm == StructureQuery.defaultRadiusKm)
        let empty = try StructureQuery.Input(q: "   ").validate(gazetteer: Fixtures.gazetteer, taxonomy: Fixtures.taxonomy).get()
        #expect(empty.text == nil && empty.page == 1 && empty.size == 20)
    }
}

@Suite("Directory search shortcuts")
struct DirectorySearchShortcutTests {
    /// The grid, the per-département lists and the reach table only choose where to look: the
    /// results must be those of checking every structure against the rules.
    @Test func shortcutsFindExactlyWhatTheRulesSay() throws {
        let gazetteer = Fixtures.gazetteer
        var random = SeededRandom(seed: 11)
        let communes = gazetteer.communes.filter { $0.centre != nil }
        let sectors = Fixtures.taxonomy.sectors.map(\.slug)
        let structures = (0..<300).map { number -> Structure in
            let commune = communes[random.nextInt(communes.count)]
            let reach: Reach = [.national, .radius(km: Double(10 + random.nextInt(300))), .perimeters([.departement(commune.departementCode)])][random.nextInt(3)]
            return Structure(
                name: "Structure \(number)", kind: StructureKind.allCases[random.nextInt(9)], communeCode: commune.code,
                activities: [Activity(sectorSlug: sectors[random.nextInt(sectors.count)], serviceTypes: [.services], reach: reach)]
            )
        }
        let index = DirectoryIndex(structures: structures, gazetteer: gazetteer, taxonomy: Fixtures.taxonomy)
        for place in communes {
            for radius in ["0", "15", "60", "250", "500"] {
                let query = try StructureQuery.Input(near: place.code, radiusKm: radius, size: "100").validate(gazetteer: gazetteer, taxonomy: Fixtures.taxonomy).get()
                let found = Set(index.allHits(query).map(\.structure.id))
                let expected = Set(structures.filter { structure in
                    let centre = gazetteer.commune(structure.communeCode!)!.centre!
                    return centre.distanceKm(to: place.centre!) <= Double(radius)!
                }.map(\.id))
                #expect(found == expected, "near \(place.code) \(radius) km")
            }
            let covers = try StructureQuery.Input(covers: place.code).validate(gazetteer: gazetteer, taxonomy: Fixtures.taxonomy).get()
            let covering = Set(index.allHits(covers).map(\.structure.id))
            let expectedCovering = Set(structures.filter { structure in
                let origin = gazetteer.commune(structure.communeCode!)!.centre
                return structure.activities.contains { ReachRule.covers($0.reach, from: origin, place) }
            }.map(\.id))
            #expect(covering == expectedCovering, "covers \(place.code)")
        }
        for departement in ["59", "62", "13", "80"] {
            let query = try StructureQuery.Input(departement: departement).validate(gazetteer: gazetteer, taxonomy: Fixtures.taxonomy).get()
            let found = Set(index.allHits(query).map(\.structure.id))
            let expected = Set(structures.filter { gazetteer.commune($0.communeCode!)!.departementCode == departement }.map(\.id))
            #expect(found == expected)
        }
    }

    @Test func aPageIsTheSliceOfTheFullOrder() throws {
        let structures = (0..<200).map {
            Structure(
                name: "Atelier \(String(format: "%03d", ($0 * 37) % 200))", kind: .aci, communeCode: ["59350", "62498", "80021"][$0 % 3],
                activities: [Activity(sectorSlug: "nettoyage-de-locaux", serviceTypes: [.services], reach: .national)]
            )
        }
        let index = DirectoryIndex(structures: structures, gazetteer: Fixtures.gazetteer, taxonomy: Fixtures.taxonomy)
        for sort in ["name", "distance", "relevance"] {
            let all = index.allHits(try StructureQuery.Input(covers: "59350", sort: sort).validate(gazetteer: Fixtures.gazetteer, taxonomy: Fixtures.taxonomy).get()).map(\.structure.id)
            #expect(all.count == 200)
            for page in 1...4 {
                let query = try StructureQuery.Input(covers: "59350", sort: sort, page: String(page), size: "7").validate(gazetteer: Fixtures.gazetteer, taxonomy: Fixtures.taxonomy).get()
                let hits = index.search(query).hits.map(\.structure.id)
                #expect(hits == Array(all[((page - 1) * 7)..<min(page * 7, all.count)]), "\(sort) page \(page)")
            }
        }
    }
}
