import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserellePlatform
import SQLKit
import Vapor

/// The day before an appointment of a plan, its referent is mailed once; the mail names nobody.
package enum AppointmentReminders {
    private struct Row: Decodable {
        var id: UUID
        var personId: UUID
        var dueOn: String
        var referentUserId: UUID?
    }

    /// Mails the referents of the appointments due on the day after `today`; returns how many.
    package static func remind(today: String, publicURL: String, on database: any Database) async throws -> Int {
        guard let tomorrow = CivilDay(today)?.addingDays(1).text else { return 0 }
        let open = [ActionState.planned, .inProgress, .onHold].map(\.rawValue)
        let rows = try await database.sql.raw("""
            SELECT a.id, a.person_id, a.due_on, p.referent_user_id FROM plan_actions a JOIN people p ON p.id = a.person_id
            WHERE a.kind = \(bind: ActionKind.appointment.rawValue) AND a.due_on = \(bind: tomorrow) AND a.state IN (\(binds: open))
              AND p.anonymised_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM journey_events e WHERE e.person_id = a.person_id AND e.kind = 'rappel-rdv-' || \(bind: tomorrow))
            """).all(decoding: Row.self, table: "plan_actions", keys: .convertFromSnakeCase)
        let contacts = try await AccountQueries.contacts(of: rows.compactMap(\.referentUserId), on: database)
        var sent = 0
        var seen = Set<UUID>()
        // One mail per person and day, however many appointments they have.
        for row in rows where seen.insert(row.personId).inserted {
            guard let referent = row.referentUserId, let contact = contacts[referent] else { continue }
            let mail = OutgoingMail.compose(
                to: contact.email, subject: "Un rendez-vous demain", greeting: "Bonjour \(contact.name),",
                paragraphs: ["Un rendez-vous du plan d’une personne que vous accompagnez a lieu demain, le \(DateText.frenchDay(iso: row.dueOn)).",
                             "Le dossier dit lequel, et permet de noter ce qu’il a donné."],
                link: (label: "Ouvrir le dossier", url: publicURL + JourneysPaths.person.link(row.personId)))
            try await database.retryingTransaction { database in
                try await Outbox.enqueue(mail, on: database)
                try await PeopleStore.event(person: row.personId, journey: nil, kind: "rappel-rdv-\(row.dueOn)",
                                            summary: "Rappel du rendez-vous du \(DateText.frenchDay(iso: row.dueOn)) envoyé au référent.", actor: "Passerelle",
                                            at: Date(), on: database)
            }
            sent += 1
        }
        return sent
    }

    package static func job() -> PeriodicJob {
        PeriodicJob("Appointment reminders", every: .seconds(3600)) { application in
            let sent = try await remind(today: DateText.parisDay(Date()), publicURL: application.platform.config.publicURL, on: application.jobsDB)
            if sent > 0 { application.logger.info("Appointment reminders sent", metadata: ["count": "\(sent)"]) }
        }
    }
}
