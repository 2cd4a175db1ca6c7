import Testing
@testable import PasserelleCore

@Suite("Purchasing: the territory dashboard")
struct TerritoryDashboardTests {
    typealias Need = TerritoryDashboard.NeedFigures

    @Test func draftsAreLeftOutAndStatesAndClausesCounted() {
        let board = TerritoryDashboard([
            Need(state: .draft, clauses: [.reservedSIAE], departements: ["59"]),
            Need(state: .submitted, clauses: [.reservedSIAE, .insertionHours], departements: ["59"]),
            Need(state: .published, clauses: [.insertionHours], departements: ["62"]),
            Need(state: .published, clauses: [], departements: ["59"]),
            Need(state: .refused, departements: ["59"]),
        ])
        #expect(board.total.needs == 4)
        #expect(board.total.byState == [.submitted: 1, .published: 2, .refused: 1])
        #expect(board.total.byClause == [.reservedSIAE: 1, .insertionHours: 2])
        #expect(board.areas.map(\.code) == ["59", "62"])
        #expect(board.areas.map(\.totals.needs) == [3, 1])
    }

    @Test func answersAddUpOverNeeds() {
        let board = TerritoryDashboard([
            Need(state: .published, funnel: AnswerFunnel(sent: 10, seen: 6, interested: 2, notInterested: 1, inGroups: 1)),
            Need(state: .awarded, funnel: AnswerFunnel(sent: 30, seen: 20, interested: 5, notInterested: 5, inGroups: 0), winner: .other, awardedAmount: 1000),
        ])
        #expect(board.total.funnel == AnswerFunnel(sent: 40, seen: 26, interested: 7, notInterested: 6, inGroups: 1))
        #expect(board.total.funnel.answerRate == 35)
    }

    @Test(arguments: [
        // (winners and amounts of the awarded needs, inclusive amount, other amount, without amount, inclusive share)
        ([(TerritoryDashboard.Winner.inclusive, 50_000), (.other, 20_000)], 50_000, 20_000, 0, 50),
        ([(TerritoryDashboard.Winner.inclusive, 10_000), (.inclusive, nil), (.other, nil)], 10_000, 0, 2, 67),
        ([(TerritoryDashboard.Winner.other, 5_000)], 0, 5_000, 0, 0),
    ] as [([(TerritoryDashboard.Winner, Int?)], Int, Int, Int, Int)])
    func awardsAreSplitBetweenInclusiveSuppliersAndOthers(awards: [(TerritoryDashboard.Winner, Int?)], inclusive: Int, other: Int, without: Int, share: Int) {
        let board = TerritoryDashboard(awards.map { Need(state: .awarded, winner: $0.0, awardedAmount: $0.1) })
        #expect(board.total.awarded == awards.count)
        #expect(board.total.amountInclusive == inclusive)
        #expect(board.total.amountOther == other)
        #expect(board.total.awardedWithoutAmount == without)
        #expect(board.total.inclusiveShare == share)
    }

    @Test func closedWithoutAwardCountsNoAmountAndNoShareBeforeAnyAward() {
        let board = TerritoryDashboard([Need(state: .notAwarded), Need(state: .withoutFollowUp), Need(state: .cancelled)])
        #expect(board.total.awarded == 0)
        #expect(board.total.inclusiveShare == nil)
        #expect(board.total.awardedWithoutAmount == 0)
    }

    @Test func aNeedInSeveralDepartementsCountsInEachAndNationalOnesLast() {
        let board = TerritoryDashboard([
            Need(state: .awarded, departements: ["62", "59"], winner: .inclusive, awardedAmount: 100, hoursTarget: 400, hoursDone: 100),
            Need(state: .published, departements: []),
            Need(state: .published, departements: ["59", "59"]),
        ])
        #expect(board.areas.map(\.code) == ["59", "62", nil])
        #expect(board.areas.map(\.totals.needs) == [2, 1, 1])
        #expect(board.areas[1].totals.amountInclusive == 100)
        #expect(board.total.needs == 3)
        #expect(board.total.hoursProgress == 25)
        #expect(board.areas[2].totals.hoursProgress == nil)
    }
}
