import Foundation
import Testing
@testable import PasserelleCore

@Suite struct ApplicationRulesTests {
    static let employer = UUID(), applicant = UUID(), stranger = UUID()

    static func member(_ kind: OrganisationKind, of organisation: UUID, verified: Bool = true) -> Policy.Actor {
        Policy.Actor(isSignedIn: true, memberships: [.init(kind: kind, role: .member, structure: kind == .structure ? UUID() : nil,
                                                          organisation: organisation, verified: verified)])
    }

    @Test func nothingLeavesWithoutThePersonsAgreement() {
        var draft = ApplicationDraft()
        draft.firstName = "Inès"
        draft.lastName = "Démo"
        guard case .failure(let problems) = draft.check() else { Issue.record("accepted without consent"); return }
        #expect(problems.list.map(\.field) == [ApplicationDraft.Field.consent])
        draft.consent = true
        #expect((try? draft.check().get())?.message == "")
    }

    @Test func namesContactsAndMessageAreChecked() {
        var draft = ApplicationDraft()
        draft.firstName = "  "
        draft.lastName = String(repeating: "x", count: 81)
        draft.phone = "12"
        draft.email = "pas-une-adresse"
        draft.message = String(repeating: "m", count: ApplicationDraft.messageLength + 1)
        draft.consent = true
        guard case .failure(let problems) = draft.check() else { Issue.record("accepted"); return }
        #expect(Set(problems.list.map(\.field)) == [ApplicationDraft.Field.firstName, ApplicationDraft.Field.lastName, ApplicationDraft.Field.phone,
                                                      ApplicationDraft.Field.email, ApplicationDraft.Field.message])
        draft = ApplicationDraft()
        (draft.firstName, draft.lastName, draft.phone, draft.email, draft.consent) = (" Inès ", "Démo", "06 12 34 56 78", "ines@example.org", true)
        let checked = try? draft.check().get()
        #expect(checked?.firstName == "Inès" && checked?.phone == "06 12 34 56 78" && checked?.email == "ines@example.org")
    }

    @Test func onlyAPublishedOfferNotPastItsClosingTakesApplications() {
        #expect(ApplicationDraft.offerOpen(state: .published, closesOn: "2027-01-10", today: "2027-01-10"))
        #expect(!ApplicationDraft.offerOpen(state: .published, closesOn: "2027-01-09", today: "2027-01-10"))
        for state in [OfferState.draft, .filled, .closed] {
            #expect(!ApplicationDraft.offerOpen(state: state, closesOn: "2027-12-31", today: "2027-01-10"))
        }
    }

    @Test func verifiedStructuresAndPrescribersApplyNotCompaniesNorTheWaiting() {
        #expect(ApplicationPolicy.applicants(Self.member(.structure, of: Self.applicant)) == [Self.applicant])
        #expect(ApplicationPolicy.applicants(Self.member(.partner, of: Self.applicant)) == [Self.applicant])
        #expect(ApplicationPolicy.applicants(Self.member(.partner, of: Self.applicant, verified: false)).isEmpty)
        for kind in [OrganisationKind.company, .publicBuyer, .facilitator, .steward, .platform] {
            #expect(ApplicationPolicy.applicants(Self.member(kind, of: Self.applicant)).isEmpty, "\(kind)")
        }
        #expect(ApplicationPolicy.applicants(.visitor).isEmpty)
    }

    @Test func theEmployerAndTheApplicantSeeItNobodyElse() {
        let platform = Policy.Actor(isSignedIn: true, memberships: [.init(kind: .platform, role: .admin, organisation: Self.stranger)])
        #expect(ApplicationPolicy.side(employer: Self.employer, applicant: Self.applicant, actor: Self.member(.company, of: Self.employer)) == .employer)
        #expect(ApplicationPolicy.side(employer: Self.employer, applicant: Self.applicant, actor: Self.member(.partner, of: Self.applicant)) == .applicant)
        #expect(ApplicationPolicy.side(employer: Self.employer, applicant: Self.applicant, actor: Self.member(.structure, of: Self.stranger)) == nil)
        #expect(ApplicationPolicy.side(employer: Self.employer, applicant: Self.applicant, actor: platform) == nil)
        #expect(ApplicationPolicy.side(employer: Self.employer, applicant: Self.applicant, actor: .visitor) == nil)
    }

    @Test func theEmployerAnswersTheApplicantWithdraws() {
        for change in [JobApplicationLifecycle.Change.study, .interview, .accept, .refuse(.filled)] {
            #expect(ApplicationPolicy.may(change, side: .employer))
            #expect(!ApplicationPolicy.may(change, side: .applicant))
        }
        #expect(ApplicationPolicy.may(.cancel, side: .applicant))
        #expect(!ApplicationPolicy.may(.cancel, side: .employer))
        #expect(!ApplicationPolicy.may(.expire, side: .employer) && !ApplicationPolicy.may(.expire, side: .applicant))
    }

    @Test func oneReminderAfterTenDaysOnlyForAnUnopenedApplication() {
        let sent = Date(timeIntervalSince1970: 1_800_000_000)
        let nine = sent.addingTimeInterval(9 * 86_400), ten = sent.addingTimeInterval(10 * 86_400)
        #expect(!JobApplicationLifecycle.reminderDue(state: .new, sentAt: sent, remindedAt: nil, now: nine))
        #expect(JobApplicationLifecycle.reminderDue(state: .new, sentAt: sent, remindedAt: nil, now: ten))
        #expect(!JobApplicationLifecycle.reminderDue(state: .new, sentAt: sent, remindedAt: ten, now: ten.addingTimeInterval(86_400)))
        #expect(!JobApplicationLifecycle.reminderDue(state: .studied, sentAt: sent, remindedAt: nil, now: ten))
    }
}
