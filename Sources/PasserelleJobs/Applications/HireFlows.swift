import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserelleJourneys
import PasserellePlatform
import Vapor

/// A hiring confirmed by the employer on an accepted application, and carried into the person's
/// journey on its day: the open journey closes with the exit the offer's contract gives
/// (`JobTransition`), in the same transaction as the application's mark. A hiring to come waits
/// for the daily work.
package enum HireFlows {
    /// Records the hiring; the journey's exit follows at once when its day has come.
    package static func confirm(_ listed: ApplicationStore.Listed, _ hire: JobHireDraft.Checked, by actor: ApplicationFlows.Actor, publicURL: String,
                                on database: any Database, now: Date = Date()) async throws -> Result<Void, JobsRefusal> {
        let application = listed.application
        let today = DateText.parisDay(now)
        let done = try await database.retryingTransaction { transaction -> Bool in
            guard try await ApplicationStore.confirmHire(application.id, hire, by: actor.label, on: transaction) else { return false }
            let length = hire.months.map { ", \($0) mois" } ?? ""
            try await Audit.record(.hireConfirmed, actorID: actor.userID, actor: actor.label, object: "candidature:\(application.id.uuidString.lowercased())",
                                   detail: "le \(hire.day)\(length)", address: actor.address, on: transaction, at: now)
            var confirmed = application
            confirmed.hire = .init(day: hire.day, months: hire.months, confirmedBy: actor.label)
            var closed: UUID?
            if hire.day <= today { closed = try await settle(confirmed, listed: listed, by: actor, on: transaction, now: now) }
            if let mail = try await applicantMail(listed, hire: hire, journeyClosed: closed != nil, publicURL: publicURL, on: transaction) {
                try await Outbox.enqueue(mail, on: transaction, now: now)
            }
            return true
        }
        guard done else {
            return .failure(JobsRefusal(message: "Cette candidature n’est plus « acceptée », ou son embauche vient d’être confirmée : rien n’a été enregistré."))
        }
        return .success(())
    }

    /// Carries a confirmed hiring into the person's open journey, in the caller's transaction; the
    /// journey it closed, if any. A person the sending structure follows, hired elsewhere, leaves
    /// the journey that structure runs on the day of the hiring; anyone else's hiring — a person
    /// whose record has moved to another structure since, a journey begun after the hiring — is
    /// only marked as seen: another structure's records are not closed on a company's word.
    static func settle(_ application: ApplicationRecord, listed: ApplicationStore.Listed, by actor: ApplicationFlows.Actor, on database: any Database,
                       now: Date) async throws -> UUID? {
        guard let hire = application.hire else { return nil }
        var closed: UUID?
        let sender = try await OrganisationQueries.identities(of: [application.applicantOrganisationID], on: database)[application.applicantOrganisationID]?.structureId
        if let person = application.personID, let sender, application.employerOrganisationID != application.applicantOrganisationID,
           try await PeopleStore.person(person, on: database)?.structureID == sender,
           let journey = try await JourneyStore.journeys(of: person, on: database).first(where: { $0.state == .open && $0.structureID == sender }),
           hire.day >= journey.hiredOn {
            let exit = ExitDraft.Checked(day: hire.day, contract: JobTransition.exitContract(for: listed.contract, months: hire.months), employer: listed.employerName)
            if try await PlanStore.exitFromHire(journey.id, with: exit, person: person, confirmedBy: hire.confirmedBy, actorID: actor.userID, address: actor.address,
                                                on: database, now: now) {
                closed = journey.id
            }
        }
        // Seen once: a second settling (two instances' jobs at once) rolls its journey's closing back.
        guard try await ApplicationStore.settleHire(application.id, journey: closed, at: now, on: database) else {
            throw Abort(.conflict, reason: "Cette embauche a déjà rejoint le parcours de la personne.")
        }
        return closed
    }

    /// The daily work: hirings whose day has come reach the journeys. How many closed one.
    package static func settleDue(on database: any Database, now: Date = Date()) async throws -> Int {
        var closed = 0
        let system = ApplicationFlows.Actor(userID: nil, label: "système", address: nil)
        for listed in try await ApplicationStore.hiresDue(today: DateText.parisDay(now), limit: 500, on: database) {
            // One hiring that cannot settle does not hold up the others; it is tried again next time.
            do {
                let journey = try await database.retryingTransaction { transaction in
                    try await settle(listed.application, listed: listed, by: system, on: transaction, now: now)
                }
                if journey != nil { closed += 1 }
            } catch {
                continue
            }
        }
        return closed
    }

    /// Tells the team that sent the application; the person is named on the platform only.
    private static func applicantMail(_ listed: ApplicationStore.Listed, hire: JobHireDraft.Checked, journeyClosed: Bool, publicURL: String,
                                      on database: any Database) async throws -> OutgoingMail? {
        guard let user = listed.application.applicantUserID, let account = try await AccountQueries.account(id: user, on: database) else { return nil }
        var paragraphs = ["L’employeur confirme l’embauche de la personne que vous avez proposée à l’offre « \(listed.offerTitle) » (\(listed.employerName)),"
            + " à partir du \(DateText.frenchDay(iso: hire.day))."]
        if journeyClosed {
            paragraphs.append("Sa sortie de parcours est enregistrée à cette date ; le suivi dans l’emploi commence.")
        } else if listed.application.personID != nil {
            paragraphs.append("Sa sortie de parcours s’enregistrera le jour de l’embauche, si son parcours est encore ouvert.")
        }
        return OutgoingMail.compose(to: account.email, subject: "Embauche confirmée : « \(listed.offerTitle) »", greeting: "Bonjour \(account.name),",
                                    paragraphs: paragraphs, link: ("Voir la candidature", publicURL + JobsPaths.application.link(listed.application.id)))
    }
}
