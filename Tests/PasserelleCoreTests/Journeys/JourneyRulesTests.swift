import Testing
@testable import PasserelleCore

@Suite struct JourneyRulesTests {
    static let criteria: [EligibilityCriterion] = [
        .init(id: "rsa", label: "Bénéficiaire du RSA", level: .one), .init(id: "ass", label: "Bénéficiaire de l’ASS", level: .one),
        .init(id: "moins-de-26-ans", label: "Moins de 26 ans", level: .two), .init(id: "qpv", label: "Résident d’un QPV", level: .two),
        .init(id: "rqth", label: "RQTH", level: .two), .init(id: "parent-isole", label: "Parent isolé", level: .two),
    ]
    static let three = EligibilityRuleSet.Threshold(levelOne: 1, levelTwo: 3)
    static let two = EligibilityRuleSet.Threshold(levelOne: 1, levelTwo: 2)
    static let sets = [
        EligibilityRuleSet(effectiveFrom: "2021-09-01", criteria: criteria, thresholds: [.aci: three, .ei: three, .eiti: three, .ai: two, .etti: two]),
        // A later set, as the law may bring: stricter for AI.
        EligibilityRuleSet(effectiveFrom: "2027-01-01", criteria: criteria, thresholds: [.aci: three, .ei: three, .eiti: three, .ai: three, .etti: two]),
    ]

    @Test func oneOfLevelOneOrThreeOrTwoOfLevelTwoDependingOnTheKind() throws {
        #expect(try Eligibility.evaluate(["rsa"], kind: .aci, on: "2026-12-07", sets: Self.sets).get().eligible)
        #expect(try !Eligibility.evaluate(["moins-de-26-ans", "qpv"], kind: .aci, on: "2026-12-07", sets: Self.sets).get().eligible)
        #expect(try Eligibility.evaluate(["moins-de-26-ans", "qpv", "rqth"], kind: .ei, on: "2026-12-07", sets: Self.sets).get().eligible)
        let ai = try Eligibility.evaluate(["moins-de-26-ans", "qpv"], kind: .ai, on: "2026-12-07", sets: Self.sets).get()
        #expect(ai.eligible && ai.explanation == "Éligible (AI : 1 critère de niveau 1 ou 2 critères de niveau 2) : 0 critère de niveau 1, 2 critères de niveau 2.")
    }

    @Test func aDiagnosisIsJudgedByTheRulesInForceOnItsDay() throws {
        #expect(try Eligibility.evaluate(["moins-de-26-ans", "qpv"], kind: .ai, on: "2026-12-31", sets: Self.sets).get().eligible)
        #expect(try !Eligibility.evaluate(["moins-de-26-ans", "qpv"], kind: .ai, on: "2027-01-01", sets: Self.sets).get().eligible)
        #expect(Eligibility.evaluate(["rsa"], kind: .aci, on: "2020-01-01", sets: Self.sets) == .failure(.noRuleSet("2020-01-01")))
        #expect(Eligibility.evaluate(["rsa"], kind: .ea, on: "2026-12-07", sets: Self.sets) == .failure(.notIAE(.ea)))
        #expect(Eligibility.evaluate(["rsa", "licorne"], kind: .aci, on: "2026-12-07", sets: Self.sets) == .failure(.unknownCriteria(["licorne"])))
    }

    @Test func barriersAndActionsMoveAlongTheirLifeCycles() {
        #expect(BarrierState.identified.mayMove(to: .inProgress) && BarrierState.inProgress.mayMove(to: .lifted))
        #expect(!BarrierState.lifted.mayMove(to: .inProgress) && BarrierState.lifted.mayMove(to: .identified))
        #expect(BarrierState.lifted.isClosed && BarrierState.abandoned.isClosed && !BarrierState.inProgress.isClosed)
        #expect(ActionState.planned.mayMove(to: .onHold) && ActionState.onHold.mayMove(to: .done))
        #expect(!ActionState.done.mayMove(to: .inProgress) && ActionState.cancelled.mayMove(to: .planned) && !ActionState.planned.mayMove(to: .planned))
    }

    @Test func dynamicExitsAreTheFirstThreeCategories() {
        #expect(ExitFigures.dynamicRate([]) == nil)
        #expect(ExitFigures.dynamicRate([.sustainableEmployment, .transitionEmployment, .positiveExit, .otherExit]) == 75)
        #expect(ExitFigures.dynamicRate([.otherExit, .otherExit, .positiveExit]) == 33)
        #expect(ExitFigures.byCategory([.otherExit, .positiveExit, .otherExit]).map(\.count) == [0, 0, 1, 2])
    }

    @Test func followUpFallsAtOneThreeSixTwelveAndTwentyFourMonths() throws {
        let milestones = try #require(FollowUpSchedule.milestones(after: "2026-08-31"))
        #expect(milestones.map(\.due) == ["2026-09-30", "2026-11-30", "2027-02-28", "2027-08-31", "2028-08-31"])
        #expect(FollowUpSchedule.milestones(after: "2027-11-30")?.last?.due == "2029-11-30")
        #expect(FollowUpSchedule.milestones(after: "2028-01-31")?.first?.due == "2028-02-29")
        #expect(FollowUpSchedule.milestones(after: "31/08/2026") == nil)
        #expect(FollowUpSchedule.due(after: "2026-08-31", recorded: [1], today: "2026-12-07").map(\.months) == [3])
    }
}

@Suite struct ApprovalTests {
    @Test func anApprovalLasts24MonthsPushedBySuspensionsAndLengthenedByExtensions() throws {
        #expect(try Approval(start: "2026-03-01").end().get().lastDay == "2028-02-29")
        #expect(try Approval(start: "2026-01-15").end().get().lastDay == "2028-01-14")
        let suspended = Approval(start: "2026-01-15", suspensions: [.init(reason: .contractSuspended, from: "2026-06-01", to: "2026-06-30")])
        let end = try suspended.end().get()
        #expect(end.lastDay == "2028-02-13")
        #expect(end.explanation == ["24 mois à partir du 2026-01-15.", "Reportée de 30 jours de suspension.", "Dernier jour : 2028-02-13."])
        let extended = Approval(start: "2026-01-15", extensions: [.init(reason: .rqth, months: 12, grantedBy: "Cap emploi")])
        #expect(try extended.end().get().lastDay == "2029-01-14")
    }

    @Test func extensionsStayWithinTheLimitsOfTheirReason() {
        let tooLong = Approval(start: "2026-01-15", extensions: [.init(reason: .senior, months: 18, grantedBy: "France Travail")])
        #expect(tooLong.end() == .failure(.extensionTooLong(.senior, months: 18)))
        let fourTimes = Approval(start: "2026-01-15", extensions: Array(repeating: .init(reason: .rqth, months: 12, grantedBy: "Cap emploi"), count: 4))
        guard case .failure(let problem) = fourTimes.end() else { Issue.record("four RQTH extensions accepted"); return }
        #expect(problem == .extensionsBeyondLimit(.rqth, months: 48))
        #expect(problem.message == "Les prolongations pour « Reconnaissance de la qualité de travailleur handicapé » ne dépassent pas 36 mois en tout (48 demandés).")
        let backwards = Approval(start: "2026-01-15", suspensions: [.init(reason: .contractBroken, from: "2026-06-30", to: "2026-06-01")])
        #expect(backwards.end() == .failure(.suspensionBackwards(from: "2026-06-30", to: "2026-06-01")))
        #expect(Approval(start: "15/01/2026").end() == .failure(.unreadableDay("15/01/2026")))
    }

    @Test func suspensionsFallWithinTheApprovalAndNeverTwiceOnADay() throws {
        let early = Approval(start: "2026-01-15", suspensions: [.init(reason: .contractEnded, from: "2026-01-01", to: "2026-01-20")])
        #expect(early.end() == .failure(.suspensionBeforeStart(from: "2026-01-01", start: "2026-01-15")))
        let overlapping = Approval(start: "2026-01-15", suspensions: [.init(reason: .contractBroken, from: "2026-06-20", to: "2026-07-10"),
                                                                      .init(reason: .contractSuspended, from: "2026-06-01", to: "2026-06-20")])
        guard case .failure(let problem) = overlapping.end() else { Issue.record("overlapping suspensions accepted"); return }
        #expect(problem == .suspensionsOverlap(first: "2026-06-01", second: "2026-06-20"))
        #expect(problem.message.hasPrefix("Deux suspensions se chevauchent"))
        let following = Approval(start: "2026-01-15", suspensions: [.init(reason: .contractBroken, from: "2026-06-21", to: "2026-06-30"),
                                                                    .init(reason: .contractSuspended, from: "2026-06-01", to: "2026-06-20")])
        #expect(try following.end().get().lastDay == "2028-02-13")
    }

    @Test func civilDaysCountAcrossMonthsYearsAndLeapDays() throws {
        for text in ["2024-02-29", "2026-12-31", "2027-01-01", "2000-03-01", "1999-12-31"] {
            let day = try #require(CivilDay(text))
            #expect(CivilDay(ordinal: day.ordinal) == day, "\(text)")
            #expect(day.addingDays(1).addingDays(-1) == day)
        }
        #expect(CivilDay("2026-12-31")?.addingDays(1).text == "2027-01-01")
        #expect(CivilDay("2028-02-28")?.addingDays(1).text == "2028-02-29")
        #expect(CivilDay("2026-02-30") == nil)
    }
}
