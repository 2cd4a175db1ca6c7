import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserelleJourneys
import PasserellePlatform
import Vapor

/// The contact between a company and a person behind a profile: the company asks, from a
/// pseudonymous profile; the structure that follows the person answers, with the person's
/// agreement; only then does the company learn who the person is and whom to call at the
/// structure. Mails carry no name.
package enum ProfileFlows {
    /// A company's request about `profile`, with a word for the structure; false when it asked already.
    package static func request(_ profile: ProfileRecord, company: UUID, offer: UUID?, message: String, by user: SignedInUser, address: String?,
                                publicURL: String, on database: any Database, now: Date = Date()) async throws -> Bool {
        let companyName = try await OrganisationQueries.name(of: company, on: database) ?? "Une entreprise"
        var referentAddress: String?
        if let person = try await PeopleStore.person(profile.personID, on: database), let referent = person.referentID {
            referentAddress = try await AccountQueries.account(id: referent, on: database)?.email
        }
        let recipient = referentAddress
        let note = String(message.trimmingCharacters(in: .whitespacesAndNewlines).prefix(1_000))
        let link = publicURL + JobsPaths.profile.link(profile.id)
        return try await database.retryingTransaction { transaction -> Bool in
            guard try await ProfileStore.request(profile: profile.id, company: company, offer: offer, by: user.email, message: note, on: transaction, now: now) else { return false }
            try await Audit.record(.profileContactRequested, actorID: user.id, actor: user.email, object: "profil:\(profile.id.uuidString.lowercased())",
                                   detail: companyName, address: address, on: transaction, at: now)
            if let recipient {
                try await Outbox.enqueue(OutgoingMail.compose(
                    to: recipient, subject: "Une entreprise souhaite rencontrer une personne que vous accompagnez", greeting: "Bonjour,",
                    paragraphs: ["\(companyName) a lu un profil de compétences que votre structure tient, et souhaite rencontrer la personne.",
                                 "Parlez-en avec elle ; répondez ensuite depuis son profil. L’entreprise ne saura qui elle est que si vous acceptez, avec son accord."],
                    link: ("Voir la demande", link)), on: transaction, now: now)
            }
            return true
        }
    }

    /// The structure's answer; an acceptance needs the person's agreement to be contacted.
    package static func answer(_ contact: ProfileContact, of profile: ProfileRecord, accept: Bool, by user: SignedInUser, address: String?, publicURL: String,
                               on database: any Database, now: Date = Date()) async throws -> Result<ProfileContactState, JobsRefusal> {
        let next: ProfileContactState
        switch ProfileContactRule.answer(accept, to: contact.state, consentToContact: profile.contactConsent) {
        case .failure(let refusal): return .failure(JobsRefusal(message: refusal.message))
        case .success(let state): next = state
        }
        let done = try await database.retryingTransaction { transaction -> Bool in
            guard try await ProfileStore.answer(contact.id, with: next, by: user.email, at: now, on: transaction) else { return false }
            try await Audit.record(.profileContactAnswered, actorID: user.id, actor: user.email, object: "profil:\(profile.id.uuidString.lowercased())",
                                   detail: next.label, address: address, on: transaction, at: now)
            if let requester = EmailAddress(contact.requestedBy) {
                try await Outbox.enqueue(OutgoingMail.compose(
                    to: requester.value, subject: "Votre demande de contact : \(next.label.lowercased())", greeting: "Bonjour,",
                    paragraphs: [next == .accepted
                                 ? "La structure qui accompagne la personne accepte votre demande de contact. Son nom et l’accompagnateur à joindre sont sur la plateforme."
                                 : "La structure qui accompagne la personne décline votre demande de contact. Le profil reste anonyme."],
                    link: ("Voir mes demandes", publicURL + JobsPaths.contactRequests.link())), on: transaction, now: now)
            }
            return true
        }
        return done ? .success(next) : .failure(JobsRefusal(message: ProfileContactRule.Refusal.alreadyAnswered(contact.state).message))
    }
}
