import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserellePlatform
import SQLKit
import Vapor

/// The follow-ups in employment that fall due: the referent's list in « Mon espace », and one
/// mail to the referent when a milestone comes, naming nobody (the person is read on the platform).
package enum FollowUpReminders {
    package struct Due: Sendable {
        package var person: UUID
        package var referent: UUID?
        package var structure: UUID
        package var months: Int
        package var due: String
        package var reminded: Bool
        package var journey: UUID?
    }

    private struct Row: Decodable {
        var journeyId: UUID
        var personId: UUID
        var structureId: UUID
        var referentUserId: UUID?
        var exitOn: String
        var exitContract: String
    }

    /// The milestones due by `today` without news, for one structure or all of them.
    package static func due(structure: UUID?, today: String, on database: any Database) async throws -> [Due] {
        let clause: SQLQueryString = structure.map { "AND j.structure_id = \(bind: $0)" } ?? ""
        let rows = try await database.sql.raw("""
            SELECT j.id AS journey_id, j.person_id, j.structure_id, p.referent_user_id, j.exit_on, j.exit_contract
            FROM journeys j JOIN people p ON p.id = j.person_id
            WHERE j.state = \(bind: JourneyState.exited.rawValue) AND p.anonymised_at IS NULL AND j.exit_on IS NOT NULL \(clause)
            """).all(decoding: Row.self, table: "journeys", keys: .convertFromSnakeCase)
        guard !rows.isEmpty else { return [] }
        struct Recorded: Decodable { var journeyId: UUID; var months: Int }
        let recorded = try await database.sql.raw("""
            SELECT f.journey_id, f.months FROM journey_followups f JOIN journeys j ON j.id = f.journey_id
            WHERE j.state = \(bind: JourneyState.exited.rawValue) \(clause)
            """).all(decoding: Recorded.self, table: "journey_followups", keys: .convertFromSnakeCase)
        let news = Dictionary(grouping: recorded, by: \.journeyId).mapValues { Set($0.map(\.months)) }
        struct Reminder: Decodable { var journeyId: UUID; var kind: String }
        let reminders = try await database.sql.raw("""
            SELECT e.journey_id, e.kind FROM journey_events e JOIN journeys j ON j.id = e.journey_id
            WHERE e.kind LIKE 'rappel-suivi-%' AND j.state = \(bind: JourneyState.exited.rawValue) \(clause)
            """).all(decoding: Reminder.self, table: "journey_events", keys: .convertFromSnakeCase)
        let reminded = Set(reminders.map { "\($0.journeyId)|\($0.kind)" })
        return try rows.flatMap { row -> [Due] in
            let contract: ExitContract = try .stored(row.exitContract, table: "journeys", column: "exit_contract", id: row.journeyId)
            guard contract.isEmployment else { return [] }
            return FollowUpSchedule.due(after: row.exitOn, recorded: news[row.journeyId] ?? [], today: today).map { milestone in
                Due(person: row.personId, referent: row.referentUserId, structure: row.structureId, months: milestone.months, due: milestone.due,
                    reminded: reminded.contains("\(row.journeyId)|rappel-suivi-\(milestone.months)"), journey: row.journeyId)
            }
        }
    }

    /// Mails each referent once per milestone due, and writes the reminder in the timeline.
    package static func remind(today: String, publicURL: String, on database: any Database) async throws -> Int {
        let due = try await Self.due(structure: nil, today: today, on: database).filter { !$0.reminded && $0.referent != nil }
        guard !due.isEmpty else { return 0 }
        let contacts = try await AccountQueries.contacts(of: due.compactMap(\.referent), on: database)
        var sent = 0
        for item in due {
            guard let referent = item.referent, let contact = contacts[referent], let journey = item.journey else { continue }
            let mail = OutgoingMail.compose(
                to: contact.email, subject: "Un suivi dans l’emploi est à faire", greeting: "Bonjour \(contact.name),",
                paragraphs: ["Une personne que vous accompagnez est sortie vers l’emploi : ses nouvelles à \(item.months) mois sont attendues "
                                + "depuis le \(DateText.frenchDay(iso: item.due)).", "Notez-les sur son dossier, dans Passerelle."],
                link: (label: "Ouvrir le dossier", url: publicURL + JourneysPaths.person.link(item.person)))
            try await database.retryingTransaction { database in
                try await Outbox.enqueue(mail, on: database)
                try await PeopleStore.event(person: item.person, journey: journey, kind: "rappel-suivi-\(item.months)",
                                            summary: "Rappel du suivi à \(item.months) mois envoyé au référent.", actor: "Passerelle", at: Date(), on: database)
            }
            sent += 1
        }
        return sent
    }

    package static func job() -> PeriodicJob {
        PeriodicJob("Follow-up reminders", every: .seconds(3600)) { application in
            let sent = try await remind(today: DateText.parisDay(Date()), publicURL: application.platform.config.publicURL, on: application.jobsDB)
            if sent > 0 { application.logger.info("Follow-up reminders sent", metadata: ["count": "\(sent)"]) }
        }
    }
}
