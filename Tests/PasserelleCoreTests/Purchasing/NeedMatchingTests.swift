import Foundation
import Testing
@testable import PasserelleCore

@Suite("Purchasing: matching a need to the directory")
struct NeedMatchingTests {
    typealias F = Fixtures
    func matcher(_ structures: [Structure]) -> NeedMatcher {
        NeedMatcher(structures: structures, gazetteer: F.gazetteer, taxonomy: F.taxonomy)
    }

    static func structure(_ name: String, _ kind: StructureKind, in commune: Commune, _ activities: [Activity], labels: [String] = []) -> Structure {
        Structure(name: name, kind: kind, communeCode: commune.code, labels: labels, activities: activities)
    }

    static func cleaning(_ reach: Reach, types: [ServiceType] = [.services]) -> Activity {
        Activity(sectorSlug: "nettoyage-de-locaux", serviceTypes: types, reach: reach)
    }

    /// One structure per situation the rule must tell apart.
    let directory: [Structure] = [
        structure("EI Lens rayon 30", .ei, in: F.lens, [cleaning(.radius(km: 30))]),
        structure("ACI Arras département", .aci, in: F.arras, [cleaning(.perimeters([.departement("62")]))]),
        structure("EA Lille nationale", .ea, in: F.lille, [cleaning(.national)]),
        structure("ESAT Amiens rayon 10", .esat, in: F.amiens, [cleaning(.radius(km: 10))]),
        structure("ETTI Lens mise à disposition", .etti, in: F.lens, [cleaning(.radius(km: 30), types: [.staffing])]),
        structure("EI Lens espaces verts", .ei, in: F.lens, [Activity(sectorSlug: "creation-et-entretien-des-espaces-verts", serviceTypes: [.services], reach: .radius(km: 50))]),
        structure("GEIQ Roubaix métropole", .geiq, in: F.roubaix, [cleaning(.perimeters([.epci("200093201")]))]),
        structure("ACI Laon réemploi", .aci, in: F.laon, [cleaning(.radius(km: 5)), Activity(sectorSlug: "produits-reconditionnes", serviceTypes: [.goods], reach: .radius(km: 5))]),
    ]

    func names(_ target: NeedTarget) -> Set<String> {
        Set(matcher(directory).matches(target).map(\.structure.name))
    }

    /// Sectors × service types × reach × kinds × clauses, each row with the names expected.
    @Test(arguments: [
        // A need in Arras: reach covering it (30 km from Lens is 17 km away; the département), not the national EA.
        (NeedTarget(sectors: ["nettoyage-de-locaux"], location: .place(communeCode: "62041", radiusKm: nil)),
         ["EI Lens rayon 30", "ACI Arras département", "ETTI Lens mise à disposition"]),
        // … and with national suppliers welcome.
        (NeedTarget(sectors: ["nettoyage-de-locaux"], location: .place(communeCode: "62041", radiusKm: nil), acceptsNationalSuppliers: true),
         ["EI Lens rayon 30", "ACI Arras département", "EA Lille nationale", "ETTI Lens mise à disposition"]),
        // Service type narrows to the activities that sell that way.
        (NeedTarget(sectors: ["nettoyage-de-locaux"], serviceTypes: [.staffing], location: .place(communeCode: "62041", radiusKm: nil)),
         ["ETTI Lens mise à disposition"]),
        // Reserved to SIAE: the EA and the GEIQ drop out, even nationally.
        (NeedTarget(sectors: ["nettoyage-de-locaux"], location: .national, clauses: [.reservedSIAE]),
         ["EI Lens rayon 30", "ACI Arras département", "ETTI Lens mise à disposition", "ACI Laon réemploi"]),
        // Reserved to the STPA: EA and ESAT only.
        (NeedTarget(sectors: ["nettoyage-de-locaux"], location: .national, clauses: [.reservedSTPA, .insertionHours]),
         ["EA Lille nationale", "ESAT Amiens rayon 10"]),
        // Both reservations: either family.
        (NeedTarget(sectors: ["nettoyage-de-locaux"], location: .place(communeCode: "80021", radiusKm: nil), clauses: [.reservedSIAE, .reservedSTPA]),
         ["ESAT Amiens rayon 10"]),
        // The buyer's kinds narrow further.
        (NeedTarget(sectors: ["nettoyage-de-locaux"], location: .national, kinds: [.aci], clauses: [.reservedSIAE]),
         ["ACI Arras département", "ACI Laon réemploi"]),
        // A radius given by the buyer also admits structures located that close (Roubaix is 11 km from Lille; the GEIQ's EPCI covers Lille anyway).
        (NeedTarget(sectors: ["nettoyage-de-locaux"], location: .place(communeCode: "59350", radiusKm: 40)),
         ["EI Lens rayon 30", "ETTI Lens mise à disposition", "GEIQ Roubaix métropole"]),
        // Perimeters: located inside, a zone list that overlaps, a radius that reaches.
        (NeedTarget(sectors: ["nettoyage-de-locaux"], location: .perimeters([.departement("59")])),
         ["GEIQ Roubaix métropole", "EI Lens rayon 30", "ETTI Lens mise à disposition"]),
        (NeedTarget(sectors: ["nettoyage-de-locaux"], location: .perimeters([.region("32")]), kinds: [.ei, .aci, .esat]),
         ["EI Lens rayon 30", "ACI Arras département", "ESAT Amiens rayon 10", "ACI Laon réemploi"]),
        // Another sector; nothing outside the directory's sectors.
        (NeedTarget(sectors: ["creation-et-entretien-des-espaces-verts"], location: .place(communeCode: "62041", radiusKm: nil)),
         ["EI Lens espaces verts"]),
        (NeedTarget(sectors: ["nettoyage-industriel"], location: .national), []),
        // Reserved to SIAE but the buyer accepts only EA: nobody.
        (NeedTarget(sectors: ["nettoyage-de-locaux"], location: .national, kinds: [.ea], clauses: [.reservedSIAE]), []),
    ] as [(NeedTarget, [String])])
    func matchingFollowsTheRule(target: NeedTarget, expected: [String]) {
        #expect(names(target) == Set(expected))
    }

    @Test func resultsAreExplainedAndRanked() {
        let target = NeedTarget(sectors: ["nettoyage-de-locaux"], location: .place(communeCode: "62041", radiusKm: nil), clauses: [.reservedSIAE])
        let found = matcher(directory).matches(target)
        let arras = try! #require(found.first { $0.structure.name == "ACI Arras département" })
        #expect(arras.reasons == ["secteur Nettoyage de locaux", "intervient dans tout le Pas-de-Calais", "ACI, admise par le marché réservé aux SIAE"])
        let lens = try! #require(found.first { $0.structure.name == "EI Lens rayon 30" })
        #expect(lens.reasons[1] == "intervient à 17 km d’Arras")
        // The structure in Arras itself comes before those 17 km away.
        #expect(found.first?.structure.name == "ACI Arras département")
        #expect(found.map(\.distanceKm!).first! < 1)
    }

    @Test func environmentalClausesPutReuseAndLabelsFirst() {
        var directory = directory
        directory.append(Self.structure("EI Laon labellisée", .ei, in: F.laon, [Self.cleaning(.radius(km: 5))], labels: ["ISO 14001"]))
        let target = NeedTarget(sectors: ["nettoyage-de-locaux"], location: .perimeters([.region("32")]), clauses: [.environmental])
        let found = matcher(directory).matches(target)
        #expect(Set(found.prefix(2).map(\.structure.name)) == ["ACI Laon réemploi", "EI Laon labellisée"])
        #expect(found.first { $0.structure.name == "ACI Laon réemploi" }!.reasons.last == "activité de réemploi ou de recyclage : Produits reconditionnés")
        #expect(found.first { $0.structure.name == "EI Laon labellisée" }!.reasons.last == "engagement environnemental : ISO 14001")
    }

    @Test func pastAnswersAndCompleteProfilesRankHigherAtTheSameDistance() {
        var complete = Self.structure("B complète", .ei, in: F.lens, [Self.cleaning(.radius(km: 30))])
        complete.description = "Nettoyage"; complete.phone = "03 00 00 00 00"; complete.website = "https://exemple.fr"
        let bare = Self.structure("A nue", .ei, in: F.lens, [Self.cleaning(.radius(km: 30))])
        let target = NeedTarget(sectors: ["nettoyage-de-locaux"], location: .place(communeCode: "62498", radiusKm: nil))
        #expect(matcher([bare, complete]).matches(target).map(\.structure.name) == ["B complète", "A nue"])
        #expect(matcher([bare, complete]).matches(target, answerRates: [bare.id: 1, complete.id: 0]).map(\.structure.name) == ["A nue", "B complète"])
    }

    @Test func anUnknownPlaceMatchesNothingLocal() {
        let target = NeedTarget(sectors: ["nettoyage-de-locaux"], location: .place(communeCode: "99999", radiusKm: 30))
        #expect(names(target).isEmpty)
    }
}

@Suite("Purchasing: the life of a need")
struct NeedLifecycleTests {
    @Test func theUsualPathAndItsShortcut() {
        #expect(NeedLifecycle.next(after: .draft, on: .submit, by: .owner(trusted: false)) == .success(.submitted))
        #expect(NeedLifecycle.next(after: .draft, on: .submit, by: .owner(trusted: true)) == .success(.published))
        #expect(NeedLifecycle.next(after: .submitted, on: .publish, by: .moderator) == .success(.published))
        #expect(NeedLifecycle.next(after: .published, on: .close(.awarded), by: .owner(trusted: false)) == .success(.awarded))
        #expect(NeedLifecycle.next(after: .published, on: .close(.withoutFollowUp), by: .moderator) == .success(.withoutFollowUp))
        #expect(NeedLifecycle.next(after: .submitted, on: .refuse(message: "Montant manquant"), by: .moderator) == .success(.refused))
        #expect(NeedLifecycle.next(after: .refused, on: .reopen, by: .owner(trusted: false)) == .success(.draft))
    }

    /// Every state × event × actor: what is not allowed is refused with a French message.
    @Test func everyOtherTransitionIsRefused() {
        let events: [NeedEvent] = [.submit, .publish, .refuse(message: "Non"), .cancel, .close(.notAwarded), .reopen]
        let actors: [NeedActor] = [.owner(trusted: false), .owner(trusted: true), .moderator]
        var allowed = 0
        for state in NeedState.allCases {
            for event in events {
                for actor in actors {
                    switch NeedLifecycle.next(after: state, on: event, by: actor) {
                    case .success: allowed += 1
                    case .failure(let refusal): #expect(!refusal.message.isEmpty)
                    }
                }
            }
        }
        // submit ×2 owners, publish, refuse, reopen ×2, cancel (4 states × 2 owners + published by moderator), close ×3 actors.
        #expect(allowed == 2 + 1 + 1 + 2 + 9 + 3)
        #expect(NeedLifecycle.next(after: .awarded, on: .cancel, by: .owner(trusted: false)) == .failure(NeedTransitionRefused(message: "Un besoin « clos : attribué » ne peut pas être annulé.")))
        #expect(NeedLifecycle.next(after: .submitted, on: .refuse(message: "  "), by: .moderator).isFailure)
        #expect(NeedLifecycle.next(after: .submitted, on: .publish, by: .owner(trusted: true)).isFailure)
    }
}

@Suite("Purchasing: inclusive potential")
struct InclusivePotentialTests {
    @Test(arguments: [
        ([StructureKind.ei, .aci, .ai], NeedAmount.unknown, InclusivePotential.Recommendation.reservedSIAE),
        ([.ea, .esat, .eatt, .ei], .band(.upTo5k), .reservedSTPA),
        ([.ei, .esat], .exact(euros: 120_000), .reservedLot),
        ([.ei, .esat], .band(.upTo25k), .socialCriterion),
        ([], .band(.over1m), .insertionClause),
        ([], .undisclosed, .socialCriterion),
    ] as [([StructureKind], NeedAmount, InclusivePotential.Recommendation)])
    func theRecommendationFollowsTheCountAndTheAmount(kinds: [StructureKind], amount: NeedAmount, expected: InclusivePotential.Recommendation) {
        let potential = InclusivePotential(kinds: kinds, amount: amount)
        #expect(potential.recommendation == expected)
        #expect(!potential.rule.isEmpty)
        #expect(potential.total == kinds.count)
    }

    @Test func amountsReadAndWriteTheirTokens() {
        for amount in [NeedAmount.band(.upTo40k), .exact(euros: 75_000), .unknown, .undisclosed] {
            #expect(NeedAmount(token: amount.token) == amount)
        }
        #expect(NeedAmount(token: "exact:-3") == nil)
        #expect(AmountBand.containing(40_000) == .upTo100k)
        #expect(AmountBand.containing(999) == .upTo1k)
    }
}

extension Result {
    var isFailure: Bool {
        if case .failure = self { return true }
        return false
    }
}
