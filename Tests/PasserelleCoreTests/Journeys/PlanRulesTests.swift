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
