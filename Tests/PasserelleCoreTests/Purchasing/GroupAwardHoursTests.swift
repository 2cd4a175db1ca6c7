import Foundation
import Testing
@testable import PasserelleCore

@Suite("Purchasing: groups, awards and insertion hours")
struct GroupAwardHoursTests {
    typealias F = Fixtures
    let cleaningLens = NeedMatchingTests.structure("EI Lens nettoyage", .ei, in: F.lens, [NeedMatchingTests.cleaning(.radius(km: 30))])
    let greenLens = NeedMatchingTests.structure("ACI Lens espaces verts", .aci, in: F.lens,
                                                [Activity(sectorSlug: "creation-et-entretien-des-espaces-verts", serviceTypes: [.services], reach: .radius(km: 50))])
    let cleaningAmiens = NeedMatchingTests.structure("EI Amiens nettoyage", .ei, in: F.amiens, [NeedMatchingTests.cleaning(.radius(km: 10))])
    let greenEA = NeedMatchingTests.structure("EA Lens espaces verts", .ea, in: F.lens,
                                              [Activity(sectorSlug: "creation-et-entretien-des-espaces-verts", serviceTypes: [.services], reach: .radius(km: 50))])
    let cleaningArras = NeedMatchingTests.structure("ACI Arras nettoyage", .aci, in: F.arras, [NeedMatchingTests.cleaning(.perimeters([.departement("62")]))])

    var matcher: NeedMatcher {
        NeedMatcher(structures: [cleaningLens, greenLens, cleaningAmiens, greenEA, cleaningArras], gazetteer: F.gazetteer, taxonomy: F.taxonomy)
    }

    /// Cleaning and green spaces in Arras, reserved to SIAE.
    let need = NeedContent(kind: .tender, title: "Stade d’Arras", sectors: ["nettoyage-de-locaux", "creation-et-entretien-des-espaces-verts"],
                           location: .place(communeCode: "62041", radiusKm: nil), clauses: [Clause(kind: .reservedSIAE)])

    @Test func whoMayJoinAGroup() {
        #expect(GroupRules.joinProblem(greenLens, content: need, matcher: matcher) == nil)
        #expect(GroupRules.joinProblem(cleaningLens, content: need, matcher: matcher) == nil)
        // Amiens, 10 km around: does not reach Arras.
        #expect(GroupRules.joinProblem(cleaningAmiens, content: need, matcher: matcher)?.contains("n’intervient pas sur le lieu du besoin") == true)
        // An EA in a market reserved to SIAE: not admitted, even in a group.
        #expect(GroupRules.joinProblem(greenEA, content: need, matcher: matcher)?.contains("n’est pas admise") == true)
        var placeless = need
        placeless.location = nil
        #expect(GroupRules.joinProblem(greenLens, content: placeless, matcher: matcher) != nil)
    }

    @Test func suggestionsBringTheMissingTradeFirst() {
        let suggested = GroupRules.suggestions(for: need, group: [cleaningLens], matcher: matcher)
        #expect(suggested.first?.structure.name == "ACI Lens espaces verts")
        #expect(suggested.first?.reasons.first == "complète le groupement")
        #expect(suggested.map(\.structure.name).contains("ACI Arras nettoyage"))
        #expect(!suggested.map(\.structure.name).contains("EI Lens nettoyage"))
        #expect(!suggested.map(\.structure.name).contains("EA Lens espaces verts"))
        #expect(GroupRules.suggestions(for: need, group: [cleaningLens], matcher: matcher, limit: 1).count == 1)
    }

    @Test func invitationsAreDecidedOnceAndTheRepresentativeHasAccepted() {
        #expect(GroupRules.decide(.invited, accept: true) == .success(.accepted))
        #expect(GroupRules.decide(.invited, accept: false) == .success(.refused))
        for status in [GroupMemberStatus.accepted, .refused] {
            if case .success = GroupRules.decide(status, accept: true) { Issue.record("\(status) decided again") }
        }
        #expect(GroupRules.mandateProblem(to: .accepted) == nil)
        #expect(GroupRules.mandateProblem(to: .invited) != nil)
        #expect(GroupRules.mandateProblem(to: nil) != nil)
    }

    @Test func theClosingFormSaysWhoWon() {
        let structure = UUID(), group = UUID()
        func read(_ winner: String, name: String = "", amount: String = "") -> Result<Award, FieldProblems> {
            Award.read(winner: winner, otherName: name, amount: amount, structures: [structure], groups: [group])
        }
        #expect(read("structure:\(structure.uuidString)", amount: "48 500 €") == .success(.structure(structure, amount: 48_500)))
        #expect(read("groupement:\(group.uuidString)") == .success(.group(group, amount: nil)))
        #expect(read("autre", name: "Propreté Services SA", amount: "12000") == .success(.other(name: "Propreté Services SA", amount: 12_000)))
        // A structure that did not answer is not among the choices.
        if case .success = read("structure:\(UUID().uuidString)") { Issue.record("accepted") }
    }

    @Test(arguments: [("", "winner"), ("autre", "winner_name"), ("groupement:pas-un-uuid", "winner")])
    func aClosingWithoutAWinnerIsRefused(_ winner: String, _ field: String) {
        guard case .failure(let problems) = Award.read(winner: winner, otherName: "", amount: "", structures: [], groups: []) else {
            Issue.record("accepted")
            return
        }
        #expect(problems[field] != nil)
    }

    @Test func anAmountIsWholeEuros() {
        guard case .failure(let problems) = Award.read(winner: "autre", otherName: "X", amount: "12,5", structures: [], groups: []) else {
            Issue.record("accepted")
            return
        }
        #expect(problems["amount"] != nil)
        #expect(Award.other(name: "X", amount: nil).isInclusive == false)
        #expect(Award.group(UUID(), amount: 1).isInclusive)
    }

    @Test(arguments: [
        ("2026-10", "120", "2026-11", true), ("2026-11", "0", "2026-11", true), ("2026-12", "10", "2026-11", false),
        ("2026-13", "10", "2026-11", false), ("oct. 2026", "10", "2026-11", false), ("2026-10", "-3", "2026-11", false),
        ("2026-10", "12,5", "2026-11", false), ("2026-10", "100001", "2026-11", false), ("2026-10", "1 200", "2026-11", true),
    ])
    func aMonthOfHours(_ month: String, _ hours: String, _ current: String, _ accepted: Bool) {
        let result = InsertionHours.read(month: month, hours: hours, currentMonth: current)
        if case .success = result { #expect(accepted) } else { #expect(!accepted) }
    }

    @Test func progressAgainstTheTarget() {
        #expect(InsertionHours.progress(done: 312, target: 350) == 89)
        #expect(InsertionHours.progress(done: 400, target: 350) == 114)
        #expect(InsertionHours.progress(done: 10, target: 0) == nil)
    }
}
