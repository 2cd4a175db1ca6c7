import Crypto
import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import SQLKit
import Vapor

/// The writes of referrals: sending one, answering it, and what time does to them (reminder,
/// expiry, anonymisation). Each write and its messages and audit entry form one transaction.
/// Mails carry no personal data: the person's details are read on the platform, where the read
/// is checked and audited.
package enum ReferralFlows {
    /// Who acts: a signed-in user, or the holder of a mailed link (no account).
    package struct Actor: Sendable {
        package var userID: UUID?
        /// Their address, as the audit log and the referral's answer record it.
        package var label: String
        package var address: String?

        package init(userID: UUID?, label: String, address: String?) {
            self.userID = userID
            self.label = label
            self.address = address
        }
    }

    /// A referral with its service, for a user the policy lets read it; the read is audited
    /// (`channel`: page or api). 404 when there is none and for anyone not party to it: a
    /// referral's existence is the person's business.
    package static func read(_ id: UUID, by user: SignedInUser, actor: Policy.Actor, channel: String, address: String?,
                     on database: any Database) async throws -> (ReferralStore.Listed, Service) {
        let notFound = Abort(.notFound, reason: "Cette orientation n’existe pas, ou n’est visible que par l’organisation qui l’a envoyée et par le service qui la reçoit.")
        guard let listed = try await ReferralStore.referral(id, on: database),
              let service = try await ServiceStore.service(listed.referral.serviceID, on: database) else { throw notFound }
        let ref = Policy.ReferralRef(referrer: listed.referral.referrerOrganisationID, service: .init(service))
        guard Policy.decide(.read, on: ref, for: actor) == .allowed else { throw notFound }
        try await Audit.record(.referralRead, actorID: user.id, actor: user.email, object: "orientation:\(id.uuidString.lowercased())",
                               detail: channel, address: address, on: database)
        return (listed, service)
    }

    package static func send(_ checked: ReferralRequest.Checked, to service: Service, from organisation: UUID, by actor: Actor,
                     publicURL: String, on database: any Database, now: Date = Date()) async throws -> UUID {
        let id = UUID()
        let row = ReferralRecord(
            id: id, serviceID: service.id, referrerOrganisationID: organisation, referrerUserID: actor.userID,
            referentName: checked.referentName, referentPhone: checked.referentPhone, personFirstName: checked.firstName,
            personLastName: checked.lastName, personPhone: checked.phone, personEmail: checked.email,
            contactPreference: checked.preference, publics: BarList.join(checked.publics), situation: checked.situation,
            criteriaChecked: checked.criteriaChecked, availability: checked.availability, reason: checked.reason,
            state: .open, refusalReason: nil, refusalDetails: nil, answeredBy: nil, sentAt: now,
            remindedAt: nil, closedAt: nil, anonymisedAt: nil,
            searchKey: ReferralRecord.searchKey(person: "\(checked.firstName) \(checked.lastName)", service: service.name)
        )
        let key = try await ReferralLinks.mailed.key(on: database)
        try await database.retryingTransaction { transaction in
            try await ReferralStore.insert(row, on: transaction)
            try await Audit.record(.referralSent, actorID: actor.userID, actor: actor.label, object: "orientation:\(id.uuidString.lowercased())",
                                   detail: service.name, address: actor.address, on: transaction, at: now)
            if let mail = try await contactMail(for: row, service: service, reminder: false, key: key, publicURL: publicURL, on: transaction) {
                try await Outbox.enqueue(mail, on: transaction, now: now)
            }
        }
        return id
    }

    /// The message to the service's contact, with the signed link to answer; none when the
    /// service gives no address (its team answers from its space).
    package static func contactMail(for referral: ReferralRecord, service: Service, reminder: Bool, key: SymmetricKey, publicURL: String,
                            on database: any Database) async throws -> OutgoingMail? {
        guard let email = service.email else { return nil }
        let referrer = try await OrganisationQueries.name(of: referral.referrerOrganisationID, on: database) ?? "une organisation partenaire"
        let expires = referral.expiresAt
        let link = publicURL + ReferralLinks.path(for: referral.id, expires: expires, recipient: email, key: key)
        let opening = reminder
            ? "Rappel : une orientation vers « \(service.name) » attend votre réponse depuis le \(DateText.frenchDay(referral.sentAt))."
            : "\(referrer) vous oriente une personne vers « \(service.name) »."
        return OutgoingMail.compose(
            to: email, subject: reminder ? "Rappel : une orientation attend votre réponse" : "Nouvelle orientation vers « \(service.name) »",
            greeting: "Bonjour,",
            paragraphs: [opening,
                         "La situation de la personne, ses coordonnées et le motif de l’orientation sont sur la plateforme : ouvrez le lien ci-dessous pour les lire et répondre (valider ou refuser, avec un motif). Aucun compte n’est nécessaire.",
                         "Ce lien est personnel et fonctionne jusqu’au \(DateText.frenchDay(expires)). Sans réponse à cette date, l’orientation expire et \(referrer) en est prévenue."],
            link: ("Lire l’orientation et répondre", link))
    }

    /// Accepts or refuses a referral. The lifecycle decides; a concurrent answer loses cleanly.
    package static func answer(_ id: UUID, with event: ReferralLifecycle.Change, by actor: Actor, publicURL: String,
                       on database: any Database, now: Date = Date()) async throws -> Result<ReferralState, ReferralLifecycle.Refusal> {
        guard let listed = try await ReferralStore.referral(id, on: database) else { throw Abort(.notFound, reason: "Cette orientation n’existe pas.") }
        let referral = listed.referral
        let next: ReferralState
        switch ReferralLifecycle.apply(event, to: referral.state, sentAt: referral.sentAt, now: now) {
        case .failure(let refusal): return .failure(refusal)
        case .success(let state): next = state
        }
        let (refusal, details): (RefusalReason?, String?) = if case .refuse(let reason, let text) = event {
            (reason, text.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : String($0.prefix(1_000)) })
        } else {
            (nil, nil)
        }
        let closed = try await database.retryingTransaction { transaction -> Bool in
            guard try await ReferralStore.close(id, as: next, refusal: refusal, details: details, by: actor.label, at: now, on: transaction) else { return false }
            try await Audit.record(event == .expire ? .referralExpired : .referralAnswered, actorID: actor.userID, actor: actor.label,
                                   object: "orientation:\(id.uuidString.lowercased())",
                                   detail: next.label + (refusal.map { " — \($0.label)" } ?? ""), address: actor.address, on: transaction, at: now)
            if let mail = try await referrerMail(listed, state: next, refusal: refusal, publicURL: publicURL, on: transaction) {
                try await Outbox.enqueue(mail, on: transaction, now: now)
            }
            return true
        }
        guard closed else {
            let current = try await ReferralStore.referral(id, on: database)?.referral.state ?? .open
            return .failure(.alreadyClosed(current))
        }
        return .success(next)
    }

    /// Tells the referrer what became of the referral.
    private static func referrerMail(_ listed: ReferralStore.Listed, state: ReferralState, refusal: RefusalReason?, publicURL: String,
                                     on database: any Database) async throws -> OutgoingMail? {
        guard let user = listed.referral.referrerUserID, let account = try await AccountQueries.account(id: user, on: database) else { return nil }
        let what: String = switch state {
        case .accepted: "a été validée par le service"
        case .refused: "a été refusée par le service" + (refusal.map { " (motif : \($0.label.lowercased()))" } ?? "")
        case .expired: "a expiré : le service n’a pas répondu en \(ReferralLifecycle.expiryDays) jours"
        case .open: "est ouverte"
        }
        return OutgoingMail.compose(
            to: account.email, subject: "Orientation vers « \(listed.serviceName) » : \(state.label.lowercased())", greeting: "Bonjour \(account.name),",
            paragraphs: ["L’orientation que vous avez envoyée le \(DateText.frenchDay(listed.referral.sentAt)) vers « \(listed.serviceName) » (\(listed.providerName)) \(what)."],
            link: ("Voir l’orientation", publicURL + Links.referral(listed.referral.id)))
    }

    package struct Housekeeping: Equatable {
        package var reminded = 0
        package var expired = 0
        package var anonymised = 0
    }

    /// What time does to referrals: reminds the service after 10 days, expires after 30, and
    /// blanks the person's data 24 months after closure.
    package static func housekeeping(on database: any Database, publicURL: String, now: Date = Date()) async throws -> Housekeeping {
        var done = Housekeeping()
        let system = Actor(userID: nil, label: "système", address: nil)
        let key = try await ReferralLinks.mailed.key(on: database)
        let reminderCutoff = now.addingTimeInterval(-Double(ReferralLifecycle.reminderDays) * 86_400)
        for listed in try await ReferralStore.open(sentBefore: reminderCutoff, limit: 500, on: database) {
            let referral = listed.referral
            if ReferralLifecycle.isExpired(sentAt: referral.sentAt, now: now) {
                if case .success = try await answer(referral.id, with: .expire, by: system, publicURL: publicURL, on: database, now: now) { done.expired += 1 }
            } else if ReferralLifecycle.reminderDue(state: referral.state, sentAt: referral.sentAt, remindedAt: referral.remindedAt, now: now),
                      let service = try await ServiceStore.service(referral.serviceID, on: database) {
                let mail = try await contactMail(for: referral, service: service, reminder: true, key: key, publicURL: publicURL, on: database)
                let marked = try await database.retryingTransaction { transaction -> Bool in
                    // Marked with the message: both happen, or neither; a second instance finds it marked.
                    guard try await ReferralStore.markReminded(referral.id, at: now, on: transaction) else { return false }
                    if let mail { try await Outbox.enqueue(mail, on: transaction, now: now) }
                    return true
                }
                if marked { done.reminded += 1 }
            }
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        if let limit = calendar.date(byAdding: .month, value: -ReferralLifecycle.retentionMonths, to: now) {
            done.anonymised = try await ReferralStore.anonymise(closedBefore: limit, at: now, on: database)
        }
        return done
    }

    package static func job() -> PeriodicJob {
        PeriodicJob("Referrals", every: .seconds(900)) { application in
            let done = try await housekeeping(on: application.jobsDB, publicURL: application.platform.config.publicURL)
            if done != Housekeeping() {
                application.logger.info("Referrals housekept", metadata: ["reminded": "\(done.reminded)", "expired": "\(done.expired)", "anonymised": "\(done.anonymised)"])
            }
        }
    }
}
