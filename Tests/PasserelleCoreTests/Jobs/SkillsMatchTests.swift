import Foundation
import Testing
@testable import PasserelleCore

/// Matching on skills: the score orders, the reasons explain, the same on both sides.
@Suite struct SkillsMatchTests {
    static let lille = GeoPoint(latitude: 50.6292, longitude: 3.0573)
    static let roubaix = GeoPoint(latitude: 50.6942, longitude: 3.1746)
    static let arras = GeoPoint(latitude: 50.2910, longitude: 2.7775)

    static func profile(_ projects: [String], skills: [String] = [], at place: GeoPoint? = lille, radius: Int = 20) -> SkillsMatch.Profile {
        .init(projects: projects, skills: skills, place: place, radiusKm: radius)
    }

    static let cleaning = SkillsMatch.Offer(job: "K2204", skills: ["Entretien des sols", "Respect des consignes d’hygiène", "Travail en équipe"], place: roubaix)

    @Test func theSameJobWithSkillsNearbyScoresHighestAndSaysWhy() throws {
        let match = try #require(SkillsMatch.of(Self.cleaning, Self.profile(["K2204"], skills: ["entretien des SOLS", "Travail en équipe", "Cuisine"])))
        #expect(match.proximity == .sameJob && match.commonSkills == ["Entretien des sols", "Travail en équipe"] && match.distanceKm == 11)
        #expect(match.reasons == ["même métier", "2 compétences en commun", "à 11 km"])
        // A company reads the distance as a band: kilometres from offers here and there would locate the person.
        #expect(match.companyReasons == ["même métier", "2 compétences en commun", "à moins de 20 km"])
        #expect(match.score == 50 + 20 + 9)
    }

    @Test func aNeighbourJobOrSharedSkillsAloneStillMeet() throws {
        // K2201 (blanchisserie) is of the same domain K22 as K2204.
        let neighbour = try #require(SkillsMatch.of(Self.cleaning, Self.profile(["K2201"])))
        #expect(neighbour.proximity == .sameDomain && neighbour.reasons == ["même domaine professionnel", "à 11 km"])
        let skillsOnly = try #require(SkillsMatch.of(Self.cleaning, Self.profile(["N4101"], skills: ["Travail en équipe"])))
        #expect(skillsOnly.proximity == .none && skillsOnly.reasons == ["1 compétence en commun", "à 11 km"])
        // The same great domain without a skill is too far from the trade.
        #expect(SkillsMatch.of(Self.cleaning, Self.profile(["K1302"])) == nil)
        #expect(SkillsMatch.of(Self.cleaning, Self.profile(["A1101"], skills: ["Conduite"])) == nil)
    }

    @Test func aPlaceBeyondThePersonsReachDoesNotMeet() throws {
        #expect(SkillsMatch.of(Self.cleaning, Self.profile(["K2204"], at: Self.arras, radius: 30)) == nil)
        let far = try #require(SkillsMatch.of(Self.cleaning, Self.profile(["K2204"], at: Self.arras, radius: 60)))
        #expect(far.distanceKm == 53 && far.reasons.last == "à 53 km" && far.companyReasons.last == "à 50 km ou plus")
        // Without a place, distance neither counts nor is said.
        let unplaced = try #require(SkillsMatch.of(Self.cleaning, Self.profile(["K2204"], at: nil)))
        #expect(unplaced.distanceKm == nil && unplaced.reasons == ["même métier"] && unplaced.score == 50)
        let here = try #require(SkillsMatch.of(SkillsMatch.Offer(job: "K2204", skills: [], place: Self.lille), Self.profile(["K2204"], radius: 0)))
        #expect(here.reasons.last == "dans la même commune" && here.score == 70)
    }

    @Test func onlyFiveProjectsCountAndSkillsAreCountedUpToThree() throws {
        let six = ["A1101", "B1101", "C1101", "D1101", "E1101", "K2204"]
        #expect(SkillsMatch.of(Self.cleaning, Self.profile(six)) == nil)
        let many = SkillsMatch.Offer(job: "N4101", skills: ["a1", "a2", "a3", "a4", "a5"], place: nil)
        let match = try #require(SkillsMatch.of(many, Self.profile(["K2204"], skills: ["a1", "a2", "a3", "a4", "a5"], at: nil)))
        #expect(match.score == 30 && match.reasons == ["5 compétences en commun"])
    }

    @Test func rankingPutsTheBestFirstThenTheNearest() {
        let profiles = [
            Self.profile(["K2201"]),
            Self.profile(["K2204"], at: Self.arras, radius: 60),
            Self.profile(["K2204"]),
            Self.profile(["A1101"]),
            Self.profile(["K2204"], skills: ["Entretien des sols"]),
        ]
        let ranked = SkillsMatch.rank(Self.cleaning, among: profiles)
        #expect(ranked.map(\.index) == [4, 2, 1, 0])
        #expect(SkillsMatch.rank(Self.cleaning, among: profiles, limit: 2).map(\.index) == [4, 2])
    }
}

@Suite struct RomeTests {
    static let rome: Rome = {
        let jobs = String(decoding: try! ReferenceRulesTests.reference("rome-metiers.csv"), as: UTF8.self)
        let titles = String(decoding: try! ReferenceRulesTests.reference("rome-appellations.csv"), as: UTF8.self)
        return try! Rome.read(jobs: jobs, titles: titles)
    }()

    @Test func theShippedROMEHasItsJobsAndTitles() throws {
        #expect(Self.rome.jobs.count == 1_584 && Self.rome.titles.count == 13_120)
        let job = try #require(Self.rome.job("k2204"))
        #expect(job.domain == "K22" && job.greatDomain == "K")
        #expect(Self.rome.code("K2204") == .job("K2204"))
        let title = try #require(Self.rome.titles.values.first { $0.job == "K2204" })
        #expect(Self.rome.code(String(title.code)) == .title(title.code))
        #expect(Self.rome.code("Z9999") == nil && Self.rome.code("") == nil)
    }

    @Test func titlesAreFoundByTheStartOfTheirWordsAccentsAside() throws {
        let found = Self.rome.search("agent entretien locaux")
        #expect(!found.isEmpty && found.allSatisfy { SearchText.fold($0.label).contains("entretien") })
        #expect(Self.rome.search("menuis").contains { $0.label.hasPrefix("Menuisier") })
        #expect(Self.rome.search("électricien").count == Self.rome.search("electricien").count)
        #expect(Self.rome.search("").isEmpty && Self.rome.search("de la").isEmpty)
        #expect(Self.rome.search("agent", limit: 5).count == 5)
    }

    @Test func aBrokenFileIsRefusedWithItsLine() {
        #expect(throws: Rome.ReadError.badHeader(file: "rome-metiers.csv")) { try Rome.read(jobs: "x,y\n", titles: "code_ogr,libelle,code_rome\n") }
        #expect(throws: Rome.ReadError.unknownJob(title: 1, job: "Z9999")) {
            try Rome.read(jobs: "code_rome,libelle,code_domaine_professionnel\nK2204,Nettoyage,K22\n", titles: "code_ogr,libelle,code_rome\n1,Agent,Z9999\n")
        }
    }

    @Test func proximityReadsTheCode() {
        #expect(RomeProximity.of("K2204", "K2204") == .sameJob)
        #expect(RomeProximity.of("K2204", "K2201") == .sameDomain)
        #expect(RomeProximity.of("K2204", "K1302") == .sameGreatDomain)
        #expect(RomeProximity.of("K2204", "A1101") == .none)
    }
}

@Suite struct OfferAndProfileRulesTests {
    static func offer(_ change: (inout OfferDraft) -> Void = { _ in }) -> OfferDraft {
        var draft = OfferDraft()
        draft.title = "Agent d’entretien des espaces verts"
        draft.romeTitle = String(RomeTests.rome.titles.values.first { $0.job == "A1203" }!.code)
        draft.description = "Tonte, taille et débroussaillage sur les sites de la métropole."
        draft.communeCode = "59350"
        draft.contract = "cddi"
        draft.weeklyHours = "26"
        draft.startsOn = "2027-04-01"
        draft.closesOn = "2027-03-20"
        draft.skills = ["Tonte, Taille", "tonte", "Débroussaillage"]
        change(&draft)
        return draft
    }

    static func check(_ draft: OfferDraft, insertion: Bool = true, kind: StructureKind = .aci) -> Result<OfferDraft.Checked, FieldProblems> {
        draft.validate(rome: RomeTests.rome, knownCommune: { $0 == "59350" }, structureKind: insertion ? kind : nil, today: "2027-03-01")
    }

    @Test func aCompleteOfferIsCheckedAndItsSkillsListedOnce() throws {
        let checked = try Self.check(Self.offer()).get()
        #expect(checked.contract == .cddi && checked.weeklyHours == 26 && checked.rome.job == "A1203")
        #expect(checked.skills == ["Tonte", "Taille", "Débroussaillage"])
    }

    @Test func eachMistakeIsSaidByItsField() throws {
        let broken = Self.offer {
            $0.title = "X"; $0.romeTitle = "0"; $0.communeCode = "00000"; $0.weeklyHours = "60"; $0.closesOn = "2026-12-01"; $0.openings = "0"
        }
        guard case .failure(let problems) = Self.check(broken) else { Issue.record("accepted"); return }
        #expect(Set(problems.list.map(\.field)) == [OfferDraft.Field.title, OfferDraft.Field.romeTitle, OfferDraft.Field.commune, OfferDraft.Field.hours,
                                                   OfferDraft.Field.closes, OfferDraft.Field.openings])
        // A company posts no insertion contract; an offer stays open six months at most.
        guard case .failure(let company) = Self.check(Self.offer(), insertion: false) else { Issue.record("accepted"); return }
        #expect(company[OfferDraft.Field.contract]?.contains("structure inclusive") == true)
        #expect(try Self.check(Self.offer { $0.contract = "cdi" }, insertion: false).get().contract == .cdi)
        // Each insertion contract by the kinds that sign it.
        guard case .failure(let ea) = Self.check(Self.offer(), kind: .ea) else { Issue.record("accepted"); return }
        #expect(ea[OfferDraft.Field.contract] == "Le contrat « CDDI (contrat d’insertion) » est signé par ACI et EI, pas par une structure EA.")
        #expect(try Self.check(Self.offer { $0.contract = "cdd-tremplin" }, kind: .ea).get().contract == .cddTremplin)
        guard case .failure(let old) = Self.check(Self.offer { $0.startsOn = "1990-01-01" }) else { Issue.record("accepted"); return }
        #expect(old[OfferDraft.Field.start] != nil)
        #expect(OfferDraft.cleanSkills(["Soudure|Lecture de plans"]) == ["Soudure", "Lecture de plans"])
        guard case .failure(let late) = Self.check(Self.offer { $0.closesOn = "2027-12-31" }) else { Issue.record("accepted"); return }
        #expect(late[OfferDraft.Field.closes]?.contains("six mois") == true)
    }

    @Test func aProfileNeedsConsentKnownProjectsAndAReach() throws {
        var draft = SkillsProfileDraft()
        draft.projects = ["k2204", "A1203"]
        draft.skills = ["Entretien des sols"]
        draft.mobility = ["velo", "transports"]
        guard case .failure(let noConsent) = draft.validate(rome: RomeTests.rome) else { Issue.record("accepted without consent"); return }
        #expect(noConsent.list.map(\.field) == [SkillsProfileDraft.Field.consent])
        draft.consent = true
        let checked = try draft.validate(rome: RomeTests.rome).get()
        #expect(checked.projects == ["K2204", "A1203"] && checked.radiusKm == 20)
        draft.projects = ["Z9999", "A1101", "A1102", "A1103", "A1104", "A1105"]
        draft.radiusKm = "500"
        draft.mobility = ["fusee"]
        guard case .failure(let problems) = draft.validate(rome: RomeTests.rome) else { Issue.record("accepted"); return }
        #expect(problems.list.count == 4)
    }

    @Test func aCompanySeesAPseudonymUntilItsContactIsAcceptedWithConsent() {
        let profile = UUID(uuidString: "3F2A9C10-0000-4000-8000-000000000000")!
        #expect(ProfileContactRule.pseudonym(of: profile) == "Profil 3F2A9C")
        #expect(!ProfileContactRule.revealsIdentity(contact: nil, consentToContact: true) && !ProfileContactRule.revealsIdentity(contact: .requested, consentToContact: true))
        #expect(!ProfileContactRule.revealsIdentity(contact: .declined, consentToContact: true) && ProfileContactRule.revealsIdentity(contact: .accepted, consentToContact: true))
        #expect(!ProfileContactRule.revealsIdentity(contact: .accepted, consentToContact: false), "consent withdrawn after the acceptance")
        #expect(ProfileContactRule.answer(true, to: .requested, consentToContact: false) == .failure(.noConsent))
        #expect(ProfileContactRule.answer(false, to: .requested, consentToContact: false) == .success(.declined))
        #expect(ProfileContactRule.answer(true, to: .requested, consentToContact: true) == .success(.accepted))
        #expect(ProfileContactRule.answer(true, to: .accepted, consentToContact: true) == .failure(.alreadyAnswered(.accepted)))
    }
}
