import PasserelleCore
import Testing

@Suite("Journeys: a month's insertion hours shared among people")
struct HoursShareTests {
    @Test func aShareFitsInWhatTheMonthLeaves() throws {
        #expect(try HoursShare.check(hours: "40", declared: 100, attributedToOthers: 60).get() == 40)
        #expect(try HoursShare.check(hours: " 1 ", declared: 1, attributedToOthers: 0).get() == 1)
        #expect(try HoursShare.check(hours: "1\u{202F}000", declared: 1_000, attributedToOthers: 0).get() == 1_000)
        guard case .failure(let over) = HoursShare.check(hours: "41", declared: 100, attributedToOthers: 60) else { Issue.record("41 of 40 accepted"); return }
        #expect(over["hours"] == "Il reste 40 heures à attribuer pour ce mois (100 déclarées, 60 déjà attribuées à d’autres personnes).")
        guard case .failure(let full) = HoursShare.check(hours: "1", declared: 100, attributedToOthers: 100) else { Issue.record("a full month accepted"); return }
        #expect(full["hours"]?.hasPrefix("Les 100 heures déclarées pour ce mois sont déjà toutes attribuées") == true)
        for wrong in ["0", "-3", "", "douze", "2.5"] {
            guard case .failure(let problems) = HoursShare.check(hours: wrong, declared: 100, attributedToOthers: 0) else { Issue.record("« \(wrong) » accepted"); continue }
            #expect(problems["hours"] == "Le nombre d’heures attribuées est un nombre entier d’au moins 1.")
        }
    }

    @Test func aMonthsFigureDoesNotGoUnderItsShares() {
        #expect(HoursShare.floorProblem(declared: 95, attributed: 95) == nil)
        #expect(HoursShare.floorProblem(declared: 0, attributed: 0) == nil)
        #expect(HoursShare.floorProblem(declared: 90, attributed: 95)?.hasPrefix("95 heures de ce mois sont déjà attribuées") == true)
    }
}
