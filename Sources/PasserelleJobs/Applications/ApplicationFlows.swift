import Crypto
import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserellePlatform
import Vapor

/// The writes of applications: sending one, answering it, and what time does to them (reminder,
/// « sans réponse », anonymisation). Each write, its messages and its audit entry form one
/// transaction. Mails carry no personal data: the person is read on the platform, where the read
/// is checked and audited.
package enum ApplicationFlows {
    package static let links = MailedLink(purpose: "application", keyName: "applications.link-key")

    /// Who acts: a signed-in user, or the holder of a mailed link (no account).
    package struct Actor: Sendable {
        package var userID: UUID?
        package var label: String
        package var address: String?

        package init(userID: UUID?, label: String, address: String?) {
            self.userID = userID
            self.label = label
            self.address = address
        }
    }

    package static let notFound = "Cette candidature n’existe pas, ou n’est visible que par l’employeur qui la reçoit et par l’équipe qui l’a envoyée."

    /// An application for a user the policy lets read it, with their side; the read is audited
    /// (`channel`: page or api). 404 for anyone else: an application is the person's business.
    package static func read(_ id: UUID?, by user: SignedInUser, actor: Policy.Actor, channel: String, address: String?,
                             on database: any Database) async throws -> (ApplicationStore.Listed, ApplicationPolicy.Side) {
        guard let id, let listed = try await ApplicationStore.application(id, on: database),
              let side = ApplicationPolicy.side(employer: listed.application.employerOrganisationID, applicant: listed.application.applicantOrganisationID, actor: actor)
        else { throw Abort(.notFound, reason: notFound) }
        try await Audit.record(.applicationRead, actorID: user.id, actor: user.email, object: "candidature:\(id.uuidString.lowercased())",
                               detail: channel, address: address, on: database)
        return (listed, side)
    }

    /// Sends an application to `offer`, open on `today`; nil with the reason when it cannot be.
    package static func send(_ checked: ApplicationDraft.Checked, person: UUID?, to offer: OfferRecord, from organisation: UUID, by actor: Actor,
                             publicURL: String, on database: any Database, now: Date = Date()) async throws -> Result<UUID, JobsRefusal> {
        guard ApplicationDraft.offerOpen(state: offer.state, closesOn: offer.closesOn, today: DateText.parisDay(now)) else {
            return .failure(JobsRefusal(message: ApplicationDraft.closedOffer))
        }
        if try await ApplicationStore.isOpen(offer: offer.id, person: person, firstName: checked.firstName, lastName: checked.lastName,
                                             applicant: organisation, on: database) {
            return .failure(JobsRefusal(message: "\(checked.firstName) \(checked.lastName) a déjà une candidature en cours à cette offre, envoyée par votre équipe."))
        }
        let row = ApplicationRecord(
            id: UUID(), offerID: offer.id, employerOrganisationID: offer.employer.organisation, applicantOrganisationID: organisation,
            applicantUserID: actor.userID, personID: person, welcomedPersonID: nil, firstName: checked.firstName, lastName: checked.lastName,
            phone: checked.phone, email: checked.email, message: checked.message, state: .new, refusalReason: nil, employerNote: nil, answeredBy: nil,
            sentAt: now, changedAt: now, remindedAt: nil, closedAt: nil, anonymisedAt: nil)
        let key = try await links.key(on: database)
        let applicantName = try await OrganisationQueries.name(of: organisation, on: database) ?? "Une équipe partenaire"
        try await database.retryingTransaction { transaction in
            try await ApplicationStore.insert(row, on: transaction)
            try await Audit.record(.applicationSent, actorID: actor.userID, actor: actor.label, object: "candidature:\(row.id.uuidString.lowercased())",
                                   detail: offer.title, address: actor.address, on: transaction, at: now)
            if let mail = try await employerMail(row, offerTitle: offer.title, author: offer.createdBy, employer: offer.employer.organisation,
                                                 applicant: applicantName, reminder: false, key: key, publicURL: publicURL, on: transaction) {
                try await Outbox.enqueue(mail, on: transaction, now: now)
            }
        }
        return .success(row.id)
    }

    /// The address the employer's mailed link goes to: the offer's author while they belong to
    /// the employer's team; nil once they left it (the team answers from its space).
    package static func employerContact(author: String, employer: UUID, on database: any Database) async throws -> String? {
        guard let address = EmailAddress(author), let account = try await AccountQueries.account(email: address, on: database),
              try await OrganisationQueries.isMember(account.id, of: employer, on: database) else { return nil }
        return account.email
    }

    private static func employerMail(_ row: ApplicationRecord, offerTitle: String, author: String, employer: UUID, applicant: String, reminder: Bool,
                                     key: SymmetricKey, publicURL: String, on database: any Database) async throws -> OutgoingMail? {
        guard let recipient = try await employerContact(author: author, employer: employer, on: database) else { return nil }
        let link = publicURL + links.link(JobsPaths.answerByLink, for: row.id, expires: row.linkExpires, recipient: recipient, key: key)
        let opening = reminder
            ? "Rappel : une candidature à votre offre « \(offerTitle) » attend votre réponse depuis le \(DateText.frenchDay(row.sentAt))."
            : "\(applicant) vous adresse une candidature à votre offre « \(offerTitle) »."
        return OutgoingMail.compose(
            to: recipient, subject: reminder ? "Rappel : une candidature attend votre réponse" : "Nouvelle candidature : « \(offerTitle) »",
            greeting: "Bonjour,",
            paragraphs: [opening,
                         "La personne, ses coordonnées et le message de son accompagnateur sont sur la plateforme : ouvrez le lien "
                             + "ci-dessous pour les lire et répondre (mettre à l’étude, proposer un entretien, accepter ou refuser avec un motif).",
                         "Ce lien est personnel et fonctionne jusqu’au \(DateText.frenchDay(row.linkExpires)). Sans réponse dans les "
                             + "\(JobApplicationLifecycle.unansweredDays) jours, la candidature passe « sans réponse » et l’accompagnateur en est prévenu."],
            link: ("Lire la candidature et répondre", link))
    }

    /// Applies `change` made by `side`; the lifecycle decides; a concurrent answer loses cleanly.
    package static func answer(_ id: UUID, with change: JobApplicationLifecycle.Change, note: String?, by actor: Actor, publicURL: String,
                               on database: any Database, now: Date = Date()) async throws -> Result<JobApplicationState, JobsRefusal> {
        guard let listed = try await ApplicationStore.application(id, on: database) else { throw Abort(.notFound, reason: notFound) }
        let application = listed.application
        let next: JobApplicationState
        switch JobApplicationLifecycle.apply(change, to: application.state, changedAt: application.changedAt, now: now) {
        case .failure(let refusal): return .failure(JobsRefusal(message: refusal.message))
        case .success(let state): next = state
        }
        let refusal: JobApplicationRefusal? = if case .refuse(let reason) = change { reason } else { nil }
        let note = note.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : String($0.prefix(1_000)) }
        let moved = try await database.retryingTransaction { transaction -> Bool in
            guard try await ApplicationStore.move(id, from: application.state, to: next, refusal: refusal, note: note, by: actor.label, at: now, on: transaction)
            else { return false }
            try await Audit.record(change == .expire ? .applicationExpired : .applicationAnswered, actorID: actor.userID, actor: actor.label,
                                   object: "candidature:\(id.uuidString.lowercased())",
                                   detail: next.label + (refusal.map { " — \($0.label)" } ?? ""), address: actor.address, on: transaction, at: now)
            if change != .cancel, let mail = try await applicantMail(listed, state: next, refusal: refusal, note: note, publicURL: publicURL, on: transaction) {
                try await Outbox.enqueue(mail, on: transaction, now: now)
            }
            return true
        }
        guard moved else {
            let current = try await ApplicationStore.application(id, on: database)?.application.state ?? application.state
            return .failure(JobsRefusal(message: "Cette candidature vient de changer : elle est « \(current.label.lowercased()) ». Rien n’a été enregistré."))
        }
        return .success(next)
    }

    /// Tells whoever sent the application what became of it.
    private static func applicantMail(_ listed: ApplicationStore.Listed, state: JobApplicationState, refusal: JobApplicationRefusal?, note: String?,
                                      publicURL: String, on database: any Database) async throws -> OutgoingMail? {
        guard let user = listed.application.applicantUserID, let account = try await AccountQueries.account(id: user, on: database) else { return nil }
        let what: String = switch state {
        case .studied: "est à l’étude chez l’employeur"
        case .interview: "vaut un entretien : l’employeur le propose"
        case .accepted: "est acceptée par l’employeur"
        case .refused: "est refusée par l’employeur" + (refusal.map { " (motif : \($0.label.lowercased()))" } ?? "")
        case .unanswered: "est restée sans réponse pendant \(JobApplicationLifecycle.unansweredDays) jours : cherchez ailleurs avec la personne"
        case .new, .cancelled: "a changé"
        }
        var paragraphs = ["La candidature que vous avez envoyée le \(DateText.frenchDay(listed.application.sentAt)) à l’offre « \(listed.offerTitle) » (\(listed.employerName)) \(what)."]
        if note != nil { paragraphs.append("L’employeur y joint un mot, à lire sur la plateforme.") }
        return OutgoingMail.compose(
            to: account.email, subject: "Candidature à « \(listed.offerTitle) » : \(state.label.lowercased())", greeting: "Bonjour \(account.name),",
            paragraphs: paragraphs, link: ("Voir la candidature", publicURL + JobsPaths.application.link(listed.application.id)))
    }

    package struct Housekeeping: Equatable {
        package var reminded = 0
        package var expired = 0
        package var anonymised = 0
        /// Confirmed hirings whose day came and that closed a journey.
        package var exits = 0
    }

    /// What time does to applications: reminds the employer of an unopened one after 10 days,
    /// leaves an open one « sans réponse » after 30 days without a change (an interview waits),
    /// blanks the person's data 24 months after closure, and carries the hirings whose day came
    /// into the journeys.
    package static func housekeeping(on database: any Database, publicURL: String, now: Date = Date()) async throws -> Housekeeping {
        var done = Housekeeping()
        let system = Actor(userID: nil, label: "système", address: nil)
        let key = try await links.key(on: database)
        let cutoff = now.addingTimeInterval(-Double(JobApplicationLifecycle.reminderDays) * 86_400)
        for listed in try await ApplicationStore.open(changedBefore: cutoff, limit: 500, on: database) {
            let application = listed.application
            if case .success = JobApplicationLifecycle.apply(.expire, to: application.state, changedAt: application.changedAt, now: now) {
                if case .success = try await answer(application.id, with: .expire, note: nil, by: system, publicURL: publicURL, on: database, now: now) { done.expired += 1 }
            } else if JobApplicationLifecycle.reminderDue(state: application.state, sentAt: application.sentAt, remindedAt: application.remindedAt, now: now) {
                let applicant = try await OrganisationQueries.name(of: application.applicantOrganisationID, on: database) ?? "Une équipe partenaire"
                let mail = try await employerMail(application, offerTitle: listed.offerTitle, author: listed.offerAuthor, employer: application.employerOrganisationID,
                                                  applicant: applicant, reminder: true, key: key, publicURL: publicURL, on: database)
                let marked = try await database.retryingTransaction { transaction -> Bool in
                    guard try await ApplicationStore.markReminded(application.id, at: now, on: transaction) else { return false }
                    if let mail { try await Outbox.enqueue(mail, on: transaction, now: now) }
                    return true
                }
                if marked { done.reminded += 1 }
            }
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        if let limit = calendar.date(byAdding: .month, value: -JobApplicationLifecycle.retentionMonths, to: now) {
            done.anonymised = try await ApplicationStore.anonymise(closedBefore: limit, at: now, on: database)
        }
        done.exits = try await HireFlows.settleDue(on: database, now: now)
        return done
    }

    package static func job() -> PeriodicJob {
        PeriodicJob("Applications", every: .seconds(900)) { application in
            let done = try await housekeeping(on: application.jobsDB, publicURL: application.platform.config.publicURL)
            if done != Housekeeping() {
                application.logger.info("Applications housekept", metadata: ["reminded": "\(done.reminded)", "expired": "\(done.expired)", "anonymised": "\(done.anonymised)",
                                                                               "exits": "\(done.exits)"])
            }
        }
    }
}

