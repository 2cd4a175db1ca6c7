import Foundation
import Testing
@testable import PasserelleCore

/// A plan's entries and an exit, judged as the record's forms judge them.
@Suite struct PlanRulesTests {
    @Test func aBarrierIsOneOfTheCategoriesAndIsFollowedOnce() {
        var draft = PlanEntryDraft()
        draft.category = "mobilite"
        #expect((try? draft.checkBarrier(open: []).get())?.category == "mobilite")
        #expect(draft.checkBarrier(open: ["mobilite"]).failureMessage?.contains("déjà suivi") == true)
        draft.category = "licornes"
        #expect(draft.checkBarrier(open: []).failureMessage == "Choisissez le frein parmi les catégories proposées.")
    }

    @Test func anActionHasATitleAKindAndMayBeTiedToABarrierOfThePlan() {
        let barrier = UUID()
        var draft = PlanEntryDraft()
        draft.title = "Préparer le code"
        draft.kind = "formation-afest"
        draft.due = "2027-02-01"
        draft.barrier = barrier.uuidString
        let checked = try? draft.checkAction(barriers: [barrier]).get()
        #expect(checked?.kind == .afest && checked?.due == "2027-02-01" && checked?.barrier == barrier && checked?.actor == nil)
        draft.title = "ok"
        draft.kind = "sieste"
        draft.due = "demain"
        draft.barrier = UUID().uuidString
        guard case .failure(let problems) = draft.checkAction(barriers: [barrier]) else { Issue.record("accepted"); return }
        #expect(problems.list.map(\.field) == [PlanEntryDraft.Field.title, PlanEntryDraft.Field.kind, PlanEntryDraft.Field.due, PlanEntryDraft.Field.barrier])
    }

    @Test func anExitFollowsTheHiringNamesTheEmployerOfAJobAndTakesItsCategoryFromTheContract() {
        var draft = ExitDraft()
        draft.day = "2026-12-01"
        draft.contract = "cdd-moins-de-6-mois"
        draft.employer = "Transports Exemple"
        let checked = try? draft.check(hiredOn: "2026-01-05", today: "2026-12-07").get()
        #expect(checked?.category == .transitionEmployment && checked?.contract.isEmployment == true)
        draft.employer = ""
        #expect(draft.check(hiredOn: "2026-01-05", today: "2026-12-07").failureMessage == "Indiquez l’employeur : le suivi dans l’emploi s’appuie sur lui.")
        draft.contract = "formation"
        #expect((try? draft.check(hiredOn: "2026-01-05", today: "2026-12-07").get())?.category == .positiveExit)
        #expect(draft.check(hiredOn: "2026-12-02", today: "2026-12-07").failureMessage == "La sortie ne peut précéder l’embauche (2 décembre 2026).")
        #expect(draft.check(hiredOn: "2026-01-05", today: "2026-11-30").failureMessage == "La sortie s’enregistre le jour venu, pas à l’avance.")
        #expect(ExitContract.allCases.filter { $0.category == .sustainableEmployment } == [.permanent, .longFixedTerm, .business])
        #expect(ExitContract.none.category == .otherExit && !ExitContract.training.isEmployment)
    }
}

extension Result where Failure == FieldProblems {
    /// The first problem's message, for tests that expect one.
    var failureMessage: String? {
        if case .failure(let problems) = self { return problems.list.first?.message }
        return nil
    }
}

@Suite struct JourneyFiguresTests {
    typealias Facts = JourneyFigures.PersonFacts

    static let people: [Facts] = [
        Facts(openedOn: "2025-11-02", barriers: [.init(identifiedOn: "2026-01-10", liftedOn: "2026-03-01")],
              journeys: [.init(hiredOn: "2025-11-10", exitOn: "2026-05-10", category: .sustainableEmployment, followUps: [6: .employed, 12: .employed])]),
        Facts(openedOn: "2026-02-01", barriers: [.init(identifiedOn: "2026-02-01", liftedOn: nil)],
              journeys: [.init(hiredOn: "2026-02-10", exitOn: "2026-08-10", category: .otherExit, followUps: [:])]),
        Facts(openedOn: "2026-03-01", barriers: [], journeys: [.init(hiredOn: "2026-03-02", exitOn: nil, category: nil, followUps: [:])]),
        // Exited before the period: not accompanied in it.
        Facts(openedOn: "2024-01-01", barriers: [], journeys: [.init(hiredOn: "2024-01-05", exitOn: "2025-06-30", category: .positiveExit, followUps: [6: .notEmployed])]),
    ]

    @Test func thePeriodsFiguresCountWhatHappenedInIt() {
        let figures = JourneyFigures.compute(Self.people, from: "2026-01-01", to: "2026-12-31")
        #expect(figures.accompanied == 3 && figures.opened == 2 && figures.barriersMet == 2 && figures.barriersLifted == 1)
        #expect(figures.exits == [.sustainableEmployment: 1, .otherExit: 1] && figures.dynamicRate == 50)
        #expect(figures.medianDaysToExit == (181 + 181) / 2 && figures.followUp6 == (1, 1) && figures.followUp12 == (1, 1))
        let before = JourneyFigures.compute(Self.people, from: "2025-01-01", to: "2025-12-31")
        #expect(before.exits == [.positiveExit: 1] && before.followUp6 == (1, 0) && before.opened == 1 && before.accompanied == 2)
    }

    @Test func smallCellsAreHiddenOutsideTheStructure() {
        #expect(SmallCells.count(0) == 0 && SmallCells.count(1) == nil && SmallCells.count(4) == nil && SmallCells.count(5) == 5)
        #expect(SmallCells.over(4, 75) == nil && SmallCells.over(5, 80) == 80 && SmallCells.over(12, nil) == nil)
    }
}

@Suite struct JourneyRetentionRuleTests {
    @Test func aPersonIsAnonymisedTheRetentionMonthsAfterTheFollowUpsEnd() {
        #expect(JourneyRetention.anonymisedFrom(lastExit: "2026-03-31", months: 24) == "2030-03-31")
        #expect(!JourneyRetention.isDue(lastExit: "2026-03-31", months: 24, today: "2030-03-30"))
        #expect(JourneyRetention.isDue(lastExit: "2026-03-31", months: 24, today: "2030-03-31"))
        #expect(JourneyRetention.isDue(lastExit: "2026-03-31", months: 1, today: "2028-04-30") && !JourneyRetention.isDue(lastExit: "demain", months: 1, today: "2099-01-01"))
    }
}
