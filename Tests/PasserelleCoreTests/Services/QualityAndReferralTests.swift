import Foundation
import Testing
@testable import PasserelleCore

@Suite("Services: quality score, validation, referral lifecycle")
struct QualityAndReferralTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)
    static let day = 86_400.0

    static func complete() -> Service {
        Service(provider: ServiceProvider(name: "Centre social des tests"), name: "Atelier de français", description: String(repeating: "Apprendre le français pour le travail. ", count: 8),
                type: "atelier", thematiques: ["lecture-ecriture-calcul--maitriser-le-francais"], publics: ["personnes-exilees"], fee: .free,
                receptionModes: [.onSite], address: "3 rue des Écoles", communeCode: "59512", coordinates: Fixtures.roubaix.centre,
                phone: "03 20 00 00 00", email: "accueil@exemple.org", mobilisationModes: [.phone, .email], mobilisers: ["professionnels"],
                updatedAt: now.addingTimeInterval(-30 * day))
    }

    @Test func aCompleteServiceScoresFullMarks() {
        let score = QualityScore(Self.complete(), now: Self.now)
        #expect(score.value == 1 && score.percent == 100 && score.toImprove.isEmpty)
        // Address, phone and e-mail criteria apply here, on top of the seven that always do.
        #expect(score.criteria.count == 10)
    }

    @Test func eachMissingPieceCostsWhatDataInclusionSays() {
        var service = Self.complete()
        service.mobilisers = []
        service.fee = .paying
        service.description = String(repeating: "a", count: 120)
        service.email = nil
        let score = QualityScore(service, now: Self.now)
        let values = Dictionary(uniqueKeysWithValues: score.criteria.map { ($0.key, $0.value) })
        #expect(values["modes_mobilisation_bien_definis"] == 0.5)
        #expect(values["frais_bien_definis"] == 0.5)
        #expect(values["description_bien_definie"] == 0.5)
        #expect(values["courriel_bien_defini"] == 0)
        #expect(values["au_moins_un_moyen_de_contact"] == 1)
        #expect(abs(score.value - 7.5 / 10) < 1e-9)
        #expect(score.toImprove.map(\.key).sorted() == ["courriel_bien_defini", "description_bien_definie", "frais_bien_definis", "modes_mobilisation_bien_definis"])
        #expect(score.toImprove.first { $0.key == "description_bien_definie" }?.advice?.contains("120") == true)
    }

    @Test(arguments: [(0, 0.0), (49, 0.0), (50, 0.5), (199, 0.5), (200, 1.0), (1999, 1.0), (2000, 0.5), (10_000, 0.5)])
    func descriptionLength(length: Int, expected: Double) {
        var service = Self.complete()
        service.description = String(repeating: "x", count: length)
        #expect(QualityScore(service, now: Self.now).criteria.first { $0.key == "description_bien_definie" }?.value == expected)
    }

    @Test func criteriaApplyOnlyWhenTheyMatter() {
        var remote = Self.complete()
        remote.receptionModes = [.remote]
        remote.mobilisationModes = [.link]
        remote.mobilisationLink = "https://exemple.org/rdv"
        let keys = QualityScore(remote, now: Self.now).criteria.map(\.key)
        #expect(!keys.contains("adresse_bien_definie") && !keys.contains("telephone_bien_defini") && !keys.contains("courriel_bien_defini"))
        #expect(!QualityScore(remote, source: "france-travail", now: Self.now).criteria.map(\.key).contains("date_maj_recente"))
    }

    @Test func freshnessFallsFromSixMonthsToTwoYears() {
        #expect(QualityScore.freshness(of: Self.now, now: Self.now) == 1)
        #expect(QualityScore.freshness(of: Self.now.addingTimeInterval(-180 * Self.day), now: Self.now) == 1)
        let oneYear = QualityScore.freshness(of: Self.now.addingTimeInterval(-365.25 * Self.day), now: Self.now)
        #expect(abs(oneYear - 2.0 / 3) < 1e-9)
        #expect(QualityScore.freshness(of: Self.now.addingTimeInterval(-731 * Self.day), now: Self.now) == 0)
    }

    @Test func validationNamesTheFieldAndTheAllowedValues() {
        #expect(ServiceRules.validate(Self.complete(), gazetteer: Fixtures.gazetteer).isEmpty)
        var bad = Self.complete()
        bad.name = "Ab"
        bad.description = ""
        bad.type = "cours"
        bad.thematiques = ["cuisine"]
        bad.publics = ["tous-publics", "jeunes"]
        bad.zone = EligibilityZone(["59", "00000", "123456789"])
        bad.email = "non"
        bad.weeks = 0
        let fields = ServiceRules.validate(bad, gazetteer: Fixtures.gazetteer)
        #expect(Set(fields.map(\.field)) == ["Nom", "Description", "Type", "Thématiques", "Publics", "Zone d’éligibilité", "Courriel", "Nombre de semaines"])
        #expect(fields.first { $0.field == "Type" }?.message.contains("accompagnement, aide-financiere") == true)
        #expect(fields.first { $0.field == "Zone d’éligibilité" }?.message.contains("00000, 123456789") == true)
        var onSite = Self.complete()
        onSite.communeCode = nil
        onSite.receptionModes = []
        #expect(Set(ServiceRules.validate(onSite, gazetteer: Fixtures.gazetteer).map(\.field)) == ["Modes d’accueil"])
        onSite.receptionModes = [.onSite]
        #expect(ServiceRules.validate(onSite, gazetteer: Fixtures.gazetteer).map(\.field) == ["Commune"])
    }

    @Test func reviewIsDueAfterSixMonths() {
        var service = Self.complete()
        service.updatedAt = Self.now.addingTimeInterval(-200 * Self.day)
        #expect(ServiceRules.needsReview(service, now: Self.now))
        service.status = .archived
        #expect(!ServiceRules.needsReview(service, now: Self.now))
        #expect(!ServiceRules.needsReview(Self.complete(), now: Self.now))
    }

    @Test func anOpenReferralIsAnsweredOnceOrExpiresAfterThirtyDays() {
        let sent = Self.now
        #expect(ReferralLifecycle.apply(.accept, to: .open, sentAt: sent, now: sent) == .success(.accepted))
        #expect(ReferralLifecycle.apply(.refuse(.unreachable, details: nil), to: .open, sentAt: sent, now: sent) == .success(.refused))
        #expect(ReferralLifecycle.apply(.refuse(.other, details: "  "), to: .open, sentAt: sent, now: sent) == .failure(.detailsRequired))
        #expect(ReferralLifecycle.apply(.refuse(.other, details: "Déménagement"), to: .open, sentAt: sent, now: sent) == .success(.refused))
        for closed in [ReferralState.accepted, .refused, .expired] {
            for event in [ReferralLifecycle.Change.accept, .refuse(.duplicate, details: nil), .expire] {
                #expect(ReferralLifecycle.apply(event, to: closed, sentAt: sent, now: sent) == .failure(.alreadyClosed(closed)))
            }
        }
        #expect(ReferralLifecycle.apply(.expire, to: .open, sentAt: sent, now: sent.addingTimeInterval(30 * Self.day - 1)) == .failure(.notDue))
        #expect(ReferralLifecycle.apply(.expire, to: .open, sentAt: sent, now: sent.addingTimeInterval(30 * Self.day)) == .success(.expired))
        #expect(RefusalReason.allCases.count == 11)
    }

    @Test func theReminderComesOnceAfterTenDays() {
        let sent = Self.now
        #expect(!ReferralLifecycle.reminderDue(state: .open, sentAt: sent, remindedAt: nil, now: sent.addingTimeInterval(10 * Self.day - 1)))
        #expect(ReferralLifecycle.reminderDue(state: .open, sentAt: sent, remindedAt: nil, now: sent.addingTimeInterval(10 * Self.day)))
        #expect(!ReferralLifecycle.reminderDue(state: .open, sentAt: sent, remindedAt: sent.addingTimeInterval(10 * Self.day), now: sent.addingTimeInterval(11 * Self.day)))
        #expect(!ReferralLifecycle.reminderDue(state: .accepted, sentAt: sent, remindedAt: nil, now: sent.addingTimeInterval(11 * Self.day)))
        #expect(!ReferralLifecycle.reminderDue(state: .open, sentAt: sent, remindedAt: nil, now: sent.addingTimeInterval(31 * Self.day)))
    }

    @Test func personalDataGoesTwentyFourMonthsAfterClosure() {
        let calendar = Calendar(identifier: .gregorian)
        let closed = Self.now
        let limit = calendar.date(byAdding: .month, value: 24, to: closed)!
        #expect(!ReferralLifecycle.anonymisationDue(closedAt: nil, now: limit))
        #expect(!ReferralLifecycle.anonymisationDue(closedAt: closed, now: limit.addingTimeInterval(-1)))
        #expect(ReferralLifecycle.anonymisationDue(closedAt: closed, now: limit))
    }
}

@Suite("Services: the data·inclusion form")
struct DataInclusionServiceTests {
    @Test func everyPropertyIsWrittenAndEmptyListsAreNull() throws {
        var service = QualityAndReferralTests.complete()
        service.name = "Atelier de français."
        service.mobilisers = []
        service.zone = EligibilityZone(["59", "200093201"])
        let exported = DataInclusionService(service, gazetteer: Fixtures.gazetteer, pageURL: "https://passerelle.example/services/1")
        let json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(exported)) as? [String: Any])
        #expect(json.count == 33)
        #expect(json["nom"] as? String == "Atelier de français")
        #expect(json["id"] as? String == "passerelle--\(service.id.uuidString.lowercased())")
        #expect(json["structure_id"] as? String == "passerelle--centre-social-des-tests")
        #expect(json["mobilisable_par"] is NSNull && json["complement_adresse"] is NSNull)
        #expect(json["zone_eligibilite"] as? [String] == ["59", "200093201"])
        #expect(json["code_postal"] as? String == "59100" && json["commune"] as? String == "Roubaix")
        #expect(json["modes_accueil"] as? [String] == ["en-presentiel"] && json["modes_mobilisation"] as? [String] == ["telephoner", "envoyer-un-courriel"])
        #expect(json["date_maj"] as? String == DateText.isoDay(service.updatedAt))
        // The provider's data·inclusion id wins, then its record here.
        service.provider.reference = "dora--42"
        #expect(DataInclusionService(service, gazetteer: Fixtures.gazetteer, pageURL: "").structureId == "dora--42")
        service.provider = ServiceProvider(name: "Centre", structureId: service.id)
        #expect(DataInclusionService(service, gazetteer: Fixtures.gazetteer, pageURL: "").structureId == "passerelle--\(service.id.uuidString.lowercased())")
        var hidden = exported
        hidden.withoutContacts()
        #expect(hidden.telephone == nil && hidden.courriel == nil && hidden.adresse == nil && hidden.codeInsee == "59512")
    }
}
