import Foundation
import Testing
@testable import PasserelleCore

@Suite struct NeedPrefillTests {
    static func read(_ values: [String: String]) -> NeedPrefill {
        NeedPrefill(values: { values[$0] ?? "" }, gazetteer: Fixtures.gazetteer, taxonomy: Fixtures.taxonomy)
    }

    @Test func onlyWhatReadsIsKept() {
        let sector = Fixtures.taxonomy.sectors[0].slug
        let good = Self.read(["sector": sector, "commune": "59350", "radius_km": "20", "amount": "40k-100k", "clause": "reserved_siae"])
        #expect(good == NeedPrefill(sector: sector, place: "59350", radiusKm: 20, amount: "40k-100k", clause: .reservedSIAE))
        #expect(good.query.map(\.0) == NeedPrefill.fields)
        let bad = Self.read(["sector": "inconnu", "commune": "99999", "radius_km": "-3", "amount": "beaucoup", "clause": "tout"])
        #expect(bad.isEmpty && bad.radiusKm == nil && bad.query.isEmpty)
        #expect(Self.read(["radius_km": "9000", "commune": "59350"]).radiusKm == nil)
    }

    @Test func theAdvisedClauseBecomesAClauseButAReservedLotIsLeftToTheBuyer() {
        #expect(NeedPrefill.clause(for: .reservedSIAE) == .reservedSIAE)
        #expect(NeedPrefill.clause(for: .reservedSTPA) == .reservedSTPA)
        #expect(NeedPrefill.clause(for: .insertionClause) == .insertionHours)
        #expect(NeedPrefill.clause(for: .socialCriterion) == .socialCriterion)
        #expect(NeedPrefill.clause(for: .reservedLot) == nil)
    }

    @Test func whatTheBuyerWroteIsKept() {
        let prefill = NeedPrefill(sector: "a", place: "59350", radiusKm: 10, amount: "40k-100k", clause: .insertionHours)
        let blank = prefill.applied(to: NeedDraft())
        #expect(blank.target.sectors == ["a"] && blank.target.place == "59350" && blank.target.radiusKm == 10 && blank.amount == "40k-100k")
        #expect(blank.clauses == [.init(kind: "insertion_hours")])
        var written = NeedDraft()
        written.target.sectors = ["b"]
        written.target.national = true
        written.amount = "exact"
        written.clauses = [.init(kind: "insertion_hours", hours: "300")]
        let kept = prefill.applied(to: written)
        #expect(kept.target.sectors == ["b"] && kept.target.place == nil && kept.amount == "exact" && kept.clauses == written.clauses)
    }
}
