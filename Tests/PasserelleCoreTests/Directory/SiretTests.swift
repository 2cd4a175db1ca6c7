import Testing
@testable import PasserelleCore

@Suite("SIRET")
struct SiretTests {
    @Test(arguments: ["13002526500013", "73282932000074", "130 025 265 00013", "130.025.265.00013", "35600000000001", "35600000049837"])
    func acceptsValidNumbers(value: String) {
        #expect(Siret.isValid(value))
    }

    @Test func normalizesWhatPeopleType() throws {
        #expect(try Siret.validate(" 130 025 265 00013 ").get() == "13002526500013")
    }

    @Test(arguments: [
        ("13002526500014", Siret.Problem.checksum),
        ("1300252650001", Siret.Problem.wrongLength(13)),
        ("130025265000130", Siret.Problem.wrongLength(15)),
        ("1300252650001A", Siret.Problem.notDigits),
        ("", Siret.Problem.wrongLength(0)),
        ("35600000000000", Siret.Problem.checksum),
        ("１３００２５２６５０００１３", Siret.Problem.notDigits),
    ])
    func refusesInvalidNumbers(value: String, problem: Siret.Problem) {
        #expect(Siret.validate(value) == .failure(problem))
        #expect(!problem.message.isEmpty)
    }

    @Test func laPosteExceptionOnlyAppliesToLaPoste() {
        // Digit sum 15 but Luhn fails: valid for La Poste only.
        #expect(Siret.isValid("35600000000001"))
        #expect(!Siret.isValid("12300000000001"))
    }

    @Test func siren() {
        #expect(Siret.isValidSiren("130025265"))
        #expect(Siret.isValidSiren("732 829 320"))
        #expect(!Siret.isValidSiren("130025266"))
        #expect(!Siret.isValidSiren("13002526"))
    }
}

@Suite("Structure kinds and sectors")
struct KindAndSectorTests {
    @Test func kindsAreGroupedInTwoFamilies() {
        #expect(StructureKind.Family.insertion.kinds == [.aci, .ei, .ai, .etti, .eiti, .geiq])
        #expect(StructureKind.Family.disability.kinds == [.ea, .eatt, .esat])
        #expect(StructureKind.allCases.filter(\.isSIAE) == [.aci, .ei, .ai, .etti, .eiti])
    }

    @Test func kindsAreReadLeniently() {
        #expect(StructureKind(code: " ACI ") == .aci)
        #expect(StructureKind(code: "Esat") == .esat)
        #expect(StructureKind(code: "SEP") == nil)
    }

    @Test func everyKindIsADataInclusionNetwork() {
        let networks: Set<String> = ["aci", "ai", "ei", "etti", "eiti", "geiq", "ea", "eatt", "esat"]
        #expect(Set(StructureKind.allCases.map(\.dataInclusionNetwork)) == networks)
    }

    @Test func taxonomyPutsOtherLastAndResolvesNames() throws {
        let taxonomy = Fixtures.taxonomy
        let hygiene = try #require(taxonomy.group("hygiene-et-proprete"))
        #expect(hygiene.sectors.map(\.slug) == ["nettoyage-de-locaux", "nettoyage-industriel", "autre-56"])
        #expect(taxonomy.groups.map(\.slug) == ["espaces-verts-et-exterieurs", "hygiene-et-proprete", "recyclage-economie-circulaire"])
        #expect(taxonomy.resolveSector("Nettoyage de locaux")?.slug == "nettoyage-de-locaux")
        #expect(taxonomy.resolveSector("NETTOYAGE DE LOCAUX")?.slug == "nettoyage-de-locaux")
        #expect(taxonomy.resolveSector("nettoyage-de-locaux")?.slug == "nettoyage-de-locaux")
        #expect(taxonomy.resolveSector("Plomberie") == nil)
        #expect(taxonomy.sector("produits-reconditionnes")?.groupSlug == "recyclage-economie-circulaire")
    }
}
