import Foundation
import PasserelleCore
import Testing

/// A company's page and the transitions out of a journey through a hiring.
@Suite("Jobs: company pages and hirings, the rules")
struct CompanyRulesTests {
    static let naf = Naf(labels: ["43.32A": "Travaux de menuiserie bois et PVC", "16.23Z": "Fabrication de charpentes et d'autres menuiseries"])

    static func check(_ draft: CompanyProfileDraft) -> Result<CompanyProfileDraft.Checked, FieldProblems> {
        draft.check(naf: naf, resolveTitle: { $0 == "Menuisier / Menuisière" ? 15_001 : nil }, suggest: { _ in ["Menuisier / Menuisière"] })
    }

    @Test func theNafCodeReadsAsInseeWritesIt() {
        #expect(Self.naf.code("4332A") == "43.32A" && Self.naf.code("43.32a") == "43.32A" && Self.naf.code(" 43 32 A ") == "43.32A")
        #expect(Self.naf.code("43.32B") == nil && Self.naf.code("433") == nil)
    }

    @Test func anImmersionHostNamesItsJobsAndAPublicPageSaysSomething() throws {
        var draft = CompanyProfileDraft()
        draft.size = CompanySize.small.rawValue
        draft.bridges = [CompanyBridge.mentoring.rawValue, CompanyBridge.immersionHost.rawValue, CompanyBridge.mentoring.rawValue]
        guard case .failure(let problems) = Self.check(draft) else { Issue.record("a host without jobs passed"); return }
        #expect(problems[CompanyProfileDraft.Field.immersionJobs] == "Vous accueillez des immersions : indiquez au moins un métier à découvrir.")
        draft.immersionJobs = ["menuisier zz"]
        guard case .failure(let unknown) = Self.check(draft) else { Issue.record("an unknown job passed"); return }
        #expect(unknown[CompanyProfileDraft.Field.immersionJobs]?.contains("Vouliez-vous dire « Menuisier / Menuisière » ?") == true)
        draft.immersionJobs = ["Menuisier / Menuisière", "", "Menuisier / Menuisière"]
        let checked = try Self.check(draft).get()
        #expect(checked.bridges == [.immersionHost, .mentoring] && checked.immersionTitles == [15_001] && checked.naf == nil)

        var empty = CompanyProfileDraft()
        empty.size = CompanySize.micro.rawValue
        empty.isPublic = true
        guard case .failure(let silent) = Self.check(empty) else { Issue.record("an empty public page passed"); return }
        #expect(silent[CompanyProfileDraft.Field.bridges]?.contains("elle ne dirait rien") == true)
        empty.isPublic = false
        #expect((try? Self.check(empty).get()) != nil, "a page kept to the team may start empty")
    }

    @Test func theFieldsHoldTheirBounds() {
        var draft = CompanyProfileDraft()
        draft.size = "12"
        draft.naf = "99.99Z"
        draft.bridges = ["banque"]
        draft.website = "javascript:alert(1)"
        draft.labels = (1...11).map { "Label \($0)" }
        draft.presentation = String(repeating: "a", count: 2_001)
        guard case .failure(let problems) = Self.check(draft) else { Issue.record("passed"); return }
        #expect(problems[CompanyProfileDraft.Field.size] == "Choisissez l’effectif de l’entreprise.")
        #expect(problems[CompanyProfileDraft.Field.naf]?.hasPrefix("Code NAF inconnu") == true)
        #expect(problems[CompanyProfileDraft.Field.bridges] == "Passerelle inconnue : choisissez dans la liste.")
        #expect(problems[CompanyProfileDraft.Field.website] != nil && problems[CompanyProfileDraft.Field.labels] != nil)
        #expect(problems[CompanyProfileDraft.Field.presentation] == "Présentation : 2 000 caractères au plus.")
    }

    @Test func theRightsOfAPage() {
        let company = UUID(), other = UUID()
        let member = Policy.Actor(isSignedIn: true, memberships: [.init(kind: .company, role: .member, organisation: company)])
        let structure = Policy.Actor(isSignedIn: true, memberships: [.init(kind: .structure, role: .admin, structure: UUID(), organisation: other)])
        #expect(CompanyPolicy.mayEdit(company, actor: member) && !CompanyPolicy.mayEdit(company, actor: structure) && !CompanyPolicy.mayEdit(company, actor: .visitor))
        #expect(CompanyPolicy.mayRead(company, isPublic: true, verified: true, actor: .visitor))
        #expect(!CompanyPolicy.mayRead(company, isPublic: true, verified: false, actor: .visitor) && !CompanyPolicy.mayRead(company, isPublic: false, verified: true, actor: structure))
        #expect(CompanyPolicy.mayRead(company, isPublic: false, verified: false, actor: member))
    }

    @Test func aHiringGivesTheJourneyItsExit() {
        #expect(JobTransition.exitContract(for: .cdi, months: nil) == .permanent)
        #expect(JobTransition.exitContract(for: .cdd, months: 6) == .longFixedTerm && JobTransition.exitContract(for: .cdd, months: 5) == .shortFixedTerm)
        #expect(JobTransition.exitContract(for: .interim, months: 2) == .temping && JobTransition.exitContract(for: .interim, months: 12) == .longFixedTerm)
        #expect(JobTransition.exitContract(for: .cddTremplin, months: 12) == .tremplin && JobTransition.exitContract(for: .geiq, months: 24) == .geiq)
        #expect(JobTransition.exitContract(for: .cddi, months: nil) == .otherStructure)
        #expect(JobTransition.confirmsHire(.cdi) && JobTransition.confirmsHire(.cddTremplin) && JobTransition.confirmsHire(.geiq))
        #expect(!JobTransition.confirmsHire(.cddi) && !JobTransition.confirmsHire(.mission))
        #expect(ExitContract.tremplin.category == .transitionEmployment && ExitContract.geiq.category == .transitionEmployment)
        #expect(ExitContract.tremplin.isEmployment && ExitContract.geiq.isEmployment)
    }

    @Test func aHiringIsDatedAndAFixedTermOneHasItsLength() throws {
        let sent = "2026-03-02", today = "2026-03-10"
        #expect(try JobHireDraft(day: "2026-03-09").check(contract: .cdi, sentOn: sent, today: today).get() == .init(day: "2026-03-09", months: nil))
        #expect(try JobHireDraft(day: "2026-04-01", months: " 8 ").check(contract: .cdd, sentOn: sent, today: today).get().months == 8)
        func problems(_ draft: JobHireDraft, _ contract: OfferContract) -> FieldProblems? {
            if case .failure(let problems) = draft.check(contract: contract, sentOn: sent, today: today) { return problems }
            return nil
        }
        #expect(problems(JobHireDraft(day: "2026-03-01"), .cdi)?[JobHireDraft.Field.day]?.contains("ne peut précéder la candidature") == true)
        #expect(problems(JobHireDraft(day: "2027-03-11"), .cdi)?[JobHireDraft.Field.day] == "Date d’embauche : dans l’année qui vient au plus.")
        #expect(problems(JobHireDraft(day: "le 5"), .cdi)?[JobHireDraft.Field.day]?.contains("AAAA-MM-JJ") == true)
        // A day without its zeros is the day it is, compared and kept as such.
        #expect(try JobHireDraft(day: "2026-3-9").check(contract: .cdi, sentOn: sent, today: today).get().day == "2026-03-09")
        #expect(problems(JobHireDraft(day: "2026-3-1"), .cdi)?[JobHireDraft.Field.day]?.contains("ne peut précéder") == true)
        #expect(problems(JobHireDraft(day: "2026-03-09"), .geiq)?[JobHireDraft.Field.months] == "Durée du contrat : en mois, de 1 à 36.")
        #expect(problems(JobHireDraft(day: "2026-03-09", months: "37"), .cdd)?[JobHireDraft.Field.months] != nil)
        #expect(problems(JobHireDraft(day: "2026-03-09", months: "0"), .interim)?[JobHireDraft.Field.months] != nil)
    }
}

/// The steering figures of jobs, added up by département.
@Suite("Jobs: steering figures")
struct JobsSteeringTests {
    @Test func theFiguresAddUpByDepartementWithTheTotalFirst() {
        let areas = JobsSteering.areas(
            offers: [.init(departement: "62", state: .published, inclusive: true), .init(departement: "59", state: .filled, inclusive: false),
                     .init(departement: "59", state: .published, inclusive: false)],
            applications: [.init(departement: "59", state: .accepted, hired: true), .init(departement: "59", state: .refused, hired: false),
                           .init(departement: "59", state: .unanswered, hired: false), .init(departement: "62", state: .interview, hired: false),
                           .init(departement: "62", state: .cancelled, hired: false)],
            immersions: [.init(departement: "80", state: .assessed, endedInHiring: true), .init(departement: "80", state: .assessed, endedInHiring: false),
                         .init(departement: "80", state: .validated, endedInHiring: nil), .init(departement: "80", state: .refused, endedInHiring: nil),
                         .init(departement: "80", state: .toSign, endedInHiring: nil)])
        #expect(areas.map(\.code) == [nil, "59", "62", "80"])
        let total = areas[0]
        #expect(total.offers == 3 && total.openOffers == 2 && total.filledOffers == 1 && total.inclusiveOffers == 1)
        #expect(total.applications == 5 && total.pending == 1 && total.accepted == 1 && total.refused == 1 && total.unanswered == 1 && total.cancelled == 1)
        #expect(total.hired == 1 && total.acceptanceRate == 33, "one accepted among three closed by an answer or its absence")
        #expect(total.immersions == 3 && total.assessed == 2 && total.endedInHiring == 1 && total.immersionHiringRate == 50)
        #expect(areas[2].acceptanceRate == nil && areas[2].immersionHiringRate == nil, "no rate without a base")
        #expect(areas[3].offers == 0 && areas[3].immersions == 3)
    }
}
