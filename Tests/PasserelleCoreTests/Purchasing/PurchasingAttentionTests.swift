import Foundation
import Testing
@testable import PasserelleCore

@Suite struct PurchasingAttentionTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func aNeedClosesSoonWithinAWeekUnlessAnswered() {
        let day = 86_400.0
        #expect(PurchasingAttention.isClosingSoon(deadline: now.addingTimeInterval(3 * day), answered: false, now: now))
        #expect(PurchasingAttention.isClosingSoon(deadline: now.addingTimeInterval(7 * day), answered: false, now: now))
        #expect(!PurchasingAttention.isClosingSoon(deadline: now.addingTimeInterval(8 * day), answered: false, now: now))
        #expect(!PurchasingAttention.isClosingSoon(deadline: now.addingTimeInterval(3 * day), answered: true, now: now))
        #expect(!PurchasingAttention.isClosingSoon(deadline: now.addingTimeInterval(-day), answered: false, now: now))
        #expect(!PurchasingAttention.isClosingSoon(deadline: nil, answered: false, now: now))
    }

    @Test func hoursAreDueWhenLastMonthIsMissingOnAnAwardedNeed() {
        #expect(PurchasingAttention.previousMonth("2027-01") == "2026-12")
        #expect(PurchasingAttention.previousMonth("2026-11") == "2026-10")
        #expect(PurchasingAttention.previousMonth("novembre") == nil)
        #expect(PurchasingAttention.hoursAreDue(state: .awarded, target: 1200, done: 300, lastRecordedMonth: "2026-10", currentMonth: "2026-12"))
        #expect(PurchasingAttention.hoursAreDue(state: .awarded, target: 1200, done: 0, lastRecordedMonth: nil, currentMonth: "2026-12"))
        #expect(!PurchasingAttention.hoursAreDue(state: .awarded, target: 1200, done: 300, lastRecordedMonth: "2026-11", currentMonth: "2026-12"))
        #expect(!PurchasingAttention.hoursAreDue(state: .awarded, target: 1200, done: 1200, lastRecordedMonth: nil, currentMonth: "2026-12"))
        #expect(!PurchasingAttention.hoursAreDue(state: .published, target: 1200, done: 0, lastRecordedMonth: nil, currentMonth: "2026-12"))
        #expect(!PurchasingAttention.hoursAreDue(state: .awarded, target: 0, done: 0, lastRecordedMonth: nil, currentMonth: "2026-12"))
    }

    @Test func theTerritorysFiguresAreOneSentence() {
        #expect(PurchasingAttention.territorySummary(TerritoryDashboard([]).total) == "Votre territoire : aucun besoin d’achat pour l’instant")
        let board = TerritoryDashboard([
            .init(state: .published),
            .init(state: .awarded, winner: .inclusive, hoursTarget: 2000, hoursDone: 1200),
            .init(state: .awarded, winner: .other),
            .init(state: .draft),
        ])
        #expect(PurchasingAttention.territorySummary(board.total)
                == "Votre territoire : 3 besoins, dont 1 publié ; 2 marchés attribués, 50 % à des structures inclusives ; 1\u{202F}200 heures d’insertion sur 2\u{202F}000")
    }
}
