import Foundation
import Testing
@testable import PasserelleCore

/// The rules the platform ships (Resources/Reference/), read and applied as the API and pages do.
@Suite struct ReferenceRulesTests {
    static func reference(_ name: String) throws -> Data {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try Data(contentsOf: root.appendingPathComponent("Resources/Reference/\(name)"))
    }

    static func bounds() throws -> [ContractBounds] { try ContractReference.read(try reference("contrats-insertion.json")) }

    static func problems(_ terms: ContractTerms) throws -> [String] { try ContractCheck.problems(terms, bounds: try bounds()).get() }

    @Test func theShippedEligibilityRulesJudgeEveryKindByItsThreshold() throws {
        let sets = try EligibilityReference.read(try Self.reference("iae-eligibilite.json"))
        #expect(sets.count == 1 && sets[0].criteria.count == 18 && sets[0].criteria.filter { $0.level == .one }.count == 4)
        let levelTwo: Set = ["moins-de-26-ans", "residence-qpv", "probleme-mobilite"]
        for kind in StructureKind.allCases {
            let withTwo = Eligibility.evaluate(Set(levelTwo.prefix(2)), kind: kind, on: "2026-12-07", sets: sets)
            let withThree = Eligibility.evaluate(levelTwo, kind: kind, on: "2026-12-07", sets: sets)
            let withRSA = Eligibility.evaluate(["rsa"], kind: kind, on: "2026-12-07", sets: sets)
            switch kind {
            case .ai, .etti:
                #expect(try withTwo.get().eligible && withThree.get().eligible && withRSA.get().eligible)
            case .aci, .ei, .eiti:
                #expect(try !withTwo.get().eligible && withThree.get().eligible && withRSA.get().eligible)
            case .geiq, .ea, .eatt, .esat:
                #expect(withRSA == .failure(.notIAE(kind)))
            }
        }
        #expect(Eligibility.evaluate(["rsa"], kind: .aci, on: "2021-09-02", sets: sets) == .failure(.noRuleSet("2021-09-02")))
    }

    @Test func aVersionThatWouldJudgeWronglyIsRefusedWithItsReasons() {
        let version = EligibilityReference.Version(
            effectiveFrom: "2027-02-30", source: " ",
            criteria: [.init(code: "RSA", label: "", level: 3), .init(code: "ass", label: "ASS", level: 1), .init(code: "ass", label: "ASS", level: 1)],
            thresholds: ["aci": .init(levelOne: 1, levelTwo: 0), "ea": .init(levelOne: 1, levelTwo: 2)]
        )
        guard case .failure(let rejection) = EligibilityReference.check(version) else { Issue.record("accepted"); return }
        #expect(rejection.problems == [
            "La date d’effet doit être une date (AAAA-MM-JJ), reçu « 2027-02-30 ».",
            "Indiquez les textes dont ces règles viennent (source).",
            "Le code « RSA » doit faire 1 à 40 caractères parmi a–z, 0–9 et le tiret.",
            "Le critère « RSA » doit avoir un libellé de 1 à 200 caractères.",
            "Le critère « RSA » doit être de niveau 1 ou 2.",
            "Le code « ass » figure deux fois.",
            "Il faut au moins un critère de niveau 2.",
            "ACI : le seuil doit aller de 1 à 5 critères de niveau 1 et de 1 à 10 critères de niveau 2.",
            "« ea » n’est pas un type de SIAE (ACI, AI, EI, EITI, ETTI).",
            "Seuil manquant pour EI, AI, ETTI et EITI.",
        ])
    }

    @Test func aCDDILastsFourToTwentyFourMonthsInAllAtTwentyHoursOrMore() throws {
        #expect(try Self.problems(.init(kind: .cddi, start: "2027-01-01", end: "2027-04-30", weeklyHours: 26)).isEmpty)
        #expect(try Self.problems(.init(kind: .cddi, start: "2027-01-01", end: "2027-04-29", weeklyHours: 26)) == [
            "Un CDDI dure au moins 4 mois (Code du travail, art. L5132-5 (EI) et L5132-15-1 (ACI)) : celui-ci dure 3 mois et 29 jours.",
        ])
        #expect(try Self.problems(.init(kind: .cddi, start: "2027-01-01", end: "2027-12-31", weeklyHours: 26, previousMonths: 12)).isEmpty)
        #expect(try Self.problems(.init(kind: .cddi, start: "2027-01-01", end: "2028-01-01", weeklyHours: 26, previousMonths: 12)) == [
            "Un CDDI dure au plus 24 mois en tout, renouvellements compris (Code du travail, art. L5132-5 (EI) et L5132-15-1 (ACI)) : "
                + "avec 12 mois déjà faits, celui-ci doit finir au plus tard le 31 décembre 2027.",
        ])
        #expect(try Self.problems(.init(kind: .cddi, start: "2027-01-01", end: "2027-06-30", weeklyHours: 24, previousMonths: 24)).first?
            .hasSuffix("24 mois sont déjà faits.") == true)
        let short = try Self.problems(.init(kind: .cddi, start: "2027-01-01", end: "2027-06-30", weeklyHours: 15.5))
        #expect(short.count == 1 && short[0].hasPrefix("Un CDDI compte au moins 20 heures par semaine") && short[0].hasSuffix(" : durée prévue de 15,50 heures."))
        #expect(try Self.problems(.init(kind: .cddi, start: "2027-01-01", end: "2027-06-30", weeklyHours: 15.5, exception: "derogation-horaire")).isEmpty)
        #expect(try Self.problems(.init(kind: .cddi, start: "2027-01-01", end: "2027-06-30", weeklyHours: 36)).first?.contains("au plus 35 heures") == true)
    }

    @Test func theListedExceptionsPushTheBoundsTheyName() throws {
        #expect(try Self.problems(.init(kind: .cddi, start: "2027-01-01", end: "2027-12-31", weeklyHours: 26, previousMonths: 48, exception: "50-ans-ou-rqth")).isEmpty)
        let beyond = try Self.problems(.init(kind: .cddi, start: "2027-01-01", end: "2028-01-01", weeklyHours: 26, previousMonths: 48, exception: "50-ans-ou-rqth"))
        #expect(beyond.count == 1 && beyond[0].contains("au plus 60 mois en tout") && beyond[0].contains("exception « Salarié de 50 ans ou plus"))
        #expect(try Self.problems(.init(kind: .cddi, start: "2027-01-01", end: "2027-12-31", weeklyHours: 26, previousMonths: 30, exception: "formation-en-cours")).isEmpty)
        #expect(try Self.problems(.init(kind: .cddi, start: "2027-01-01", end: "2027-01-31", weeklyHours: 26, exception: "amenagement-de-peine")).isEmpty)
        #expect(try Self.problems(.init(kind: .geiqProfessionnalisation, start: "2027-01-01", end: "2028-06-30", weeklyHours: 35)).first?
            .hasPrefix("Un contrat de professionnalisation dure au plus 12 mois") == true)
        #expect(try Self.problems(.init(kind: .geiqProfessionnalisation, start: "2027-01-01", end: "2028-06-30", weeklyHours: 35, exception: "publics-l6325-1-1")).isEmpty)
        #expect(try Self.problems(.init(kind: .cddTremplin, start: "2027-01-01", end: "2027-03-31", weeklyHours: 35)).count == 1)
        #expect(try Self.problems(.init(kind: .miseADisposition, start: "2027-01-01", end: "2027-01-05", weeklyHours: 35)).isEmpty)
        #expect(try Self.problems(.init(kind: .eiti, start: "2027-01-01", end: "2029-06-30", weeklyHours: 50)).isEmpty)
    }

    @Test func inputThatCannotBeJudgedIsNamedAndContradictoryDatesAreAProblem() throws {
        let bounds = try Self.bounds()
        #expect(ContractCheck.problems(.init(kind: .cddi, start: "2027-13-01", end: "2027-06-30", weeklyHours: 26), bounds: bounds) == .failure(.badDate("2027-13-01")))
        #expect(ContractCheck.problems(.init(kind: .cddi, start: "2027-01-01", end: "2027-06-30", weeklyHours: -1), bounds: bounds)
            == .failure(.badNumber("La durée hebdomadaire")))
        #expect(ContractCheck.problems(.init(kind: .cddi, start: "2027-01-01", end: "2027-06-30", weeklyHours: 26, exception: "licorne"), bounds: bounds)
            == .failure(.unknownException(kind: "cddi", code: "licorne")))
        #expect(try Self.problems(.init(kind: .cddi, start: "2027-06-30", end: "2027-01-01", weeklyHours: 26))
            == ["La date de fin (1er janvier 2027) précède la date de début (30 juin 2027)."])
    }
}
