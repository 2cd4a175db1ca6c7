import Foundation
import Testing
@testable import PasserelleCore

/// A person's record and a hiring, judged as the journey pages and the API judge them.
@Suite struct HireRulesTests {
    static let referent = UUID()

    static func person(_ adjust: (inout PersonDraft) -> Void = { _ in }) -> PersonDraft {
        var draft = PersonDraft()
        draft.firstName = "Inès"
        draft.lastName = "Exemple"
        draft.birthDate = "1990-03-15"
        draft.communeCode = "59350"
        draft.preference = "telephone"
        draft.phone = "06 00 00 00 00"
        draft.publics = ["jeunes"]
        draft.referent = referent.uuidString
        draft.consent = true
        adjust(&draft)
        return draft
    }

    static func checkPerson(_ draft: PersonDraft, consentNeeded: Bool = true) -> Result<PersonDraft.Checked, FieldProblems> {
        draft.check(today: "2026-12-07", isCommune: { $0 == "59350" }, referents: [referent], consentNeeded: consentNeeded)
    }

    @Test func aRecordHoldsAMinimalIdentityAndTheAgreementOfThePerson() throws {
        let checked = try Self.checkPerson(Self.person()).get()
        #expect(checked.firstName == "Inès" && checked.preference == .phone && checked.referent == Self.referent)
        guard case .failure(let problems) = Self.checkPerson(Self.person {
            $0.firstName = "1 85 05 78 006 084 36"; $0.birthDate = "2015-01-01"; $0.communeCode = "99999"; $0.publics = ["licornes"]
            $0.preference = "courriel"; $0.referent = UUID().uuidString; $0.consent = false
        }) else { Issue.record("accepted"); return }
        #expect(problems.list.map(\.field) == [PersonDraft.Field.firstName, PersonDraft.Field.birthDate, PersonDraft.Field.commune, PersonDraft.Field.publics,
                                                PersonDraft.Field.email, PersonDraft.Field.referent, PersonDraft.Field.consent])
        #expect(problems[PersonDraft.Field.birthDate] == "Date de naissance : la personne aurait 11 ans ; un parcours s’ouvre de 16 à 99 ans.")
        #expect(problems[PersonDraft.Field.firstName]?.contains("sans chiffres") == true)
        #expect((try? Self.checkPerson(Self.person { $0.consent = false }, consentNeeded: false).get()) != nil)
    }

    static let rules = [EligibilityRuleSet(
        effectiveFrom: "2021-09-03",
        criteria: [.init(id: "rsa", label: "RSA", level: .one), .init(id: "moins-de-26-ans", label: "Moins de 26 ans", level: .two),
                   .init(id: "residence-qpv", label: "QPV", level: .two), .init(id: "parent-isole", label: "Parent isolé", level: .two)],
        thresholds: [.aci: .init(levelOne: 1, levelTwo: 3), .ai: .init(levelOne: 1, levelTwo: 2)]
    )]
    static let bounds = [
        ContractBounds(kind: .cddi, name: "Un CDDI", label: "CDDI", structures: [.aci, .ei], article: "art. L5132-15-1", minMonths: 4, maxMonths: nil, maxTotalMonths: 24,
                       minWeeklyHours: 20, maxWeeklyHours: 35, hoursArticle: nil, exceptions: []),
        ContractBounds(kind: .cddTremplin, name: "Un CDD Tremplin", label: "CDD Tremplin", structures: [.ea], article: "art. R5213-79", minMonths: 4, maxMonths: nil,
                       maxTotalMonths: 24, minWeeklyHours: nil, maxWeeklyHours: 48, hoursArticle: nil, exceptions: []),
    ]

    static func hire(_ kind: StructureKind = .aci, _ adjust: (inout HireDraft) -> Void = { _ in }) -> HireDraft {
        var draft = HireDraft(kind: kind)
        draft.hiredOn = "2026-12-01"
        draft.diagnosisDate = "2026-10-01"
        draft.diagnosisAuthor = "prescripteur"
        draft.prescriber = "France Travail Lille"
        draft.criteria = ["rsa"]
        draft.proofs = ["rsa": "Attestation CAF du 25 septembre"]
        draft.contract = ContractTerms(kind: .cddi, start: "2026-12-01", end: "2027-05-31", weeklyHours: 26)
        adjust(&draft)
        return draft
    }

    @Test func aSIAEHiresAnEligiblePersonWithAValidDiagnosisAndTheApprovalRunsFromTheHiring() throws {
        let checked = try Self.hire().check(rules: Self.rules, bounds: Self.bounds).get()
        #expect(checked.diagnosis?.rulesVersion == "2021-09-03" && checked.diagnosis?.prescriber == "France Travail Lille")
        #expect(checked.approvalEnd == "2028-11-30" && checked.contract?.kind == .cddi && checked.recognition == nil)

        guard case .failure(let problems) = Self.hire(.aci, {
            $0.criteria = ["moins-de-26-ans", "residence-qpv"]; $0.proofs = ["moins-de-26-ans": "Carte d’identité"]
            $0.contract = ContractTerms(kind: .cddi, start: "2026-12-01", end: "2027-01-31", weeklyHours: 26)
        }).check(rules: Self.rules, bounds: Self.bounds) else { Issue.record("accepted"); return }
        #expect(problems[HireDraft.Field.criteria]?.hasPrefix("Pas éligible (ACI : 1 critère de niveau 1 ou 3 critères de niveau 2)") == true)
        #expect(problems[HireDraft.Field.contract]?.hasPrefix("Un CDDI dure au moins 4 mois") == true)
        // Two criteria of level 2 are enough for an AI, but each needs its proof.
        guard case .failure(let proofs) = Self.hire(.ai, { $0.criteria = ["moins-de-26-ans", "residence-qpv"]; $0.proofs = ["moins-de-26-ans": "Carte d’identité"]; $0.contract = nil })
            .check(rules: Self.rules, bounds: Self.bounds) else { Issue.record("accepted"); return }
        #expect(proofs.list.map(\.field) == [HireDraft.Field.proofs] && proofs.list[0].message.hasSuffix(": QPV."))
    }

    @Test func aDiagnosisServesSixMonthsFromAPrescriberAndNinetyTwoDaysFromTheStructure() {
        #expect((try? Self.hire { $0.diagnosisDate = "2026-06-02" }.check(rules: Self.rules, bounds: Self.bounds).get()) != nil)
        guard case .failure(let late) = Self.hire(.aci, { $0.diagnosisDate = "2026-06-01" }).check(rules: Self.rules, bounds: Self.bounds) else { Issue.record("accepted"); return }
        #expect(late[HireDraft.Field.diagnosisDate] == "Un diagnostic fait par un prescripteur vaut 6 mois : celui-ci valait jusqu’au 30 novembre 2026, avant l’embauche.")
        let own = Self.hire { $0.diagnosisAuthor = "structure"; $0.prescriber = ""; $0.diagnosisDate = "2026-09-01" }
        #expect((try? own.check(rules: Self.rules, bounds: Self.bounds).get()) != nil)
        var older = own
        older.diagnosisDate = "2026-08-31"
        #expect((try? older.check(rules: Self.rules, bounds: Self.bounds).get()) == nil)
        guard case .failure(let after) = Self.hire(.aci, { $0.diagnosisDate = "2026-12-02" }).check(rules: Self.rules, bounds: Self.bounds) else { Issue.record("accepted"); return }
        #expect(after[HireDraft.Field.diagnosisDate]?.contains("doit précéder l’embauche") == true)
    }

    @Test func anEAOrAnESATRecordsTheRecognitionAndOnlyTheContractsOfItsKind() throws {
        let ea = Self.hire(.ea) {
            $0.recognition = "rqth"; $0.recognitionFrom = "2025-01-01"; $0.recognitionTo = "2029-12-31"
            $0.contract = ContractTerms(kind: .cddTremplin, start: "2026-12-01", end: "2027-11-30", weeklyHours: 35)
        }
        let checked = try ea.check(rules: Self.rules, bounds: Self.bounds).get()
        #expect(checked.recognition == .init(kind: .rqth, from: "2025-01-01", to: "2029-12-31") && checked.diagnosis == nil && checked.approvalEnd == nil)
        guard case .failure(let problems) = Self.hire(.esat, { $0.recognition = "orientation-cdaph"; $0.recognitionFrom = "2027-01-01" })
            .check(rules: Self.rules, bounds: Self.bounds) else { Issue.record("accepted"); return }
        #expect(problems[HireDraft.Field.recognitionFrom] == "La reconnaissance doit commencer au plus tard le jour de l’embauche.")
        #expect(problems[HireDraft.Field.contract] == "CDDI : ce contrat est signé par ACI et EI, pas par une structure ESAT.")
    }
}
