import Foundation
import Testing
@testable import PasserelleCore

@Suite struct ImmersionLifecycleTests {
    static let lastDay = "2027-03-26"

    static func apply(_ change: ImmersionLifecycle.Change, _ state: ImmersionState, signed: Set<ImmersionParty> = [],
                      today: String = "2027-03-01") -> Result<ImmersionLifecycle.Agreement, ImmersionLifecycle.Refusal> {
        ImmersionLifecycle.apply(change, to: .init(state: state, signed: signed, lastDay: lastDay), today: today)
    }

    @Test func eachPartySignsOnceThenThePrescriberValidates() throws {
        var agreement = try Self.apply(.send, .draft).get()
        #expect(agreement.state == .toSign)
        for party in [ImmersionParty.beneficiary, .host] {
            agreement = try ImmersionLifecycle.apply(.sign(party), to: agreement, today: "2027-03-01").get()
            #expect(agreement.state == .toSign)
        }
        #expect(ImmersionLifecycle.apply(.validate, to: agreement, today: "2027-03-01") == .failure(.notSigned([.prescriber])))
        #expect(ImmersionLifecycle.apply(.sign(.host), to: agreement, today: "2027-03-01") == .failure(.alreadySigned(.host)))
        agreement = try ImmersionLifecycle.apply(.sign(.prescriber), to: agreement, today: "2027-03-01").get()
        #expect(agreement.state == .signed)
        #expect(ImmersionLifecycle.apply(.sign(.beneficiary), to: agreement, today: "2027-03-01") == .failure(.alreadySigned(.beneficiary)))
        agreement = try ImmersionLifecycle.apply(.validate, to: agreement, today: "2027-03-01").get()
        #expect(agreement.state == .validated)
        #expect(ImmersionLifecycle.apply(.assess, to: agreement, today: "2027-03-25") == .failure(.notEnded(lastDay: Self.lastDay)))
        #expect(try ImmersionLifecycle.apply(.assess, to: agreement, today: "2027-03-26").get().state == .assessed)
    }

    @Test func aChangeOfTermsVoidsTheSignaturesAndClosedAgreementsStayClosed() throws {
        let edited = try Self.apply(.edit, .signed, signed: Set(ImmersionParty.allCases)).get()
        #expect(edited.state == .toSign && edited.signed.isEmpty)
        #expect(Self.apply(.edit, .validated) == .failure(.notNow(.validated)))
        #expect(Self.apply(.refuse(reason: " "), .signed) == .failure(.reasonMissing))
        #expect(try Self.apply(.refuse(reason: "Horaires de nuit, hors du cadre"), .signed).get().state == .refused)
        #expect(try Self.apply(.cancel(reason: "L’entreprise ferme ce mois-ci"), .validated).get().state == .cancelled)
        for closed in [ImmersionState.assessed, .refused, .cancelled] {
            for change in [ImmersionLifecycle.Change.send, .sign(.host), .validate, .assess, .cancel(reason: "Autre raison")] {
                #expect(Self.apply(change, closed) == .failure(.notNow(closed)), "\(change) on \(closed)")
            }
        }
        #expect(Self.apply(.sign(.host), .draft) == .failure(.notNow(.draft)))
    }

    @Test func theAssessmentSaysHowItEnded() {
        let hired = ImmersionAssessment(attendance: .complete, skillsObserved: ["Ponctualité"], endedInHiring: true, hiringContract: nil, comment: "")
        #expect(hired.problems().map(\.field) == ["Contrat de l’embauche"])
        let absent = ImmersionAssessment(attendance: .absent, skillsObserved: [], endedInHiring: true, hiringContract: "cdi", comment: "")
        #expect(absent.problems().map(\.field) == ["Présence"])
        #expect(ImmersionAssessment(attendance: .partial, skillsObserved: [], endedInHiring: false, hiringContract: nil, comment: "").problems().isEmpty)
    }
}

@Suite struct JobApplicationLifecycleTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func theEmployerStudiesMeetsAndAnswers() throws {
        let apply = { (change: JobApplicationLifecycle.Change, state: JobApplicationState) in
            JobApplicationLifecycle.apply(change, to: state, changedAt: Self.now, now: Self.now)
        }
        #expect(try apply(.study, .new).get() == .studied)
        #expect(try apply(.study, .interview).get() == .interview)
        #expect(try apply(.interview, .studied).get() == .interview)
        #expect(try apply(.accept, .interview).get() == .accepted)
        #expect(try apply(.refuse(.filled), .new).get() == .refused)
        #expect(try apply(.cancel, .studied).get() == .cancelled)
        for closed in [JobApplicationState.accepted, .refused, .cancelled, .unanswered] {
            #expect(apply(.accept, closed) == .failure(.closed(closed)))
        }
    }

    @Test func thirtyDaysWithoutAnAnswerLeaveItUnanswered() {
        let old = Self.now.addingTimeInterval(-30 * 86_400)
        let recent = Self.now.addingTimeInterval(-29 * 86_400)
        #expect(JobApplicationLifecycle.apply(.expire, to: .new, changedAt: old, now: Self.now) == .success(.unanswered))
        #expect(JobApplicationLifecycle.apply(.expire, to: .studied, changedAt: old, now: Self.now) == .success(.unanswered))
        #expect(JobApplicationLifecycle.apply(.expire, to: .new, changedAt: recent, now: Self.now) == .failure(.notDue))
        // An interview proposed is an answer.
        #expect(JobApplicationLifecycle.apply(.expire, to: .interview, changedAt: old, now: Self.now) == .failure(.notDue))
    }
}

@Suite struct OfferLifecycleTests {
    @Test func anOfferIsPublishedFilledClosedAndClosesByItselfPastItsDay() {
        #expect(OfferLifecycle.apply(.publish, to: .draft, closesOn: "2027-05-01", today: "2027-03-01") == .success(.published))
        #expect(OfferLifecycle.apply(.publish, to: .draft, closesOn: "2027-02-01", today: "2027-03-01").isFailure)
        #expect(OfferLifecycle.apply(.fill, to: .published, closesOn: "2027-05-01", today: "2027-03-01") == .success(.filled))
        #expect(OfferLifecycle.apply(.expire, to: .published, closesOn: "2027-02-28", today: "2027-03-01") == .success(.closed))
        #expect(OfferLifecycle.apply(.expire, to: .published, closesOn: "2027-03-01", today: "2027-03-01").isFailure)
        #expect(OfferLifecycle.apply(.reopen, to: .filled, closesOn: "2027-05-01", today: "2027-03-01") == .success(.published))
        #expect(OfferLifecycle.apply(.fill, to: .draft, closesOn: "2027-05-01", today: "2027-03-01").isFailure)
        // A draft is never closed: never published, it stays its team's alone.
        #expect(OfferLifecycle.apply(.close, to: .draft, closesOn: "2027-05-01", today: "2027-03-01").isFailure)
        #expect(OfferLifecycle.closingSoonLimit(today: "2027-02-25") == "2027-03-04" && OfferLifecycle.closingSoonLimit(today: "demain") == nil)
    }
}
