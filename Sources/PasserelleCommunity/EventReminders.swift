import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import SQLKit
import Vapor

/// The day before an event, each person registered receives a reminder with their sessions, the
/// place or the link, and their calendar file. Each registration is reminded once; a registration
/// made again after a cancellation is reminded again.
package enum EventReminders {
    package static func job() -> PeriodicJob {
        PeriodicJob("Event reminders", every: .seconds(900)) { application in
            let sent = try await send(on: application.jobsDB, publicURL: application.platform.config.publicURL, gazetteer: try application.platform.reference.gazetteer)
            if sent > 0 { application.logger.info("Event reminders queued", metadata: ["reminders": "\(sent)"]) }
        }
    }

    /// Queues the reminders due at `now`: registrations confirmed to an event that starts
    /// tomorrow (Paris time) and is not cancelled. Returns how many were queued.
    @discardableResult
    package static func send(on db: any Database, publicURL: String, gazetteer: Gazetteer, now: Date = Date()) async throws -> Int {
        struct Due: Decodable {
            package var id: UUID
            package var eventID: UUID
            package var userID: UUID
        }
        let tomorrow = ParisTime.tomorrow(after: now)
        let due = try await db.sql.raw("""
            SELECT r.id AS id, r.event_id AS event_id, r.user_id AS user_id
            FROM event_registrations r JOIN events e ON e.id = r.event_id
            WHERE r.state = \(bind: RegistrationState.confirmed.rawValue) AND r.reminded_at IS NULL AND e.cancelled_at IS NULL
              AND e.starts_at >= \(bind: tomorrow.start) AND e.starts_at < \(bind: tomorrow.end)
            ORDER BY r.event_id, r.id LIMIT 500
            """).all(decoding: Due.self, table: "event_registrations", keys: .snakeCaseColumns)
        // A deleted account has no address (and its registrations were withdrawn with it).
        let people = try await AccountQueries.contacts(of: due.map(\.userID), on: db)
        var events: [UUID: EventStore.Event] = [:]
        var count = 0
        for registration in due {
            guard let person = people[registration.userID] else { continue }
            if events[registration.eventID] == nil { events[registration.eventID] = try await EventStore.event(registration.eventID, on: db) }
            guard let event = events[registration.eventID] else { continue }
            let chosen = Set(try await EventStore.sessionRegistrations(of: [registration.id], on: db).filter { $0.state == .confirmed }.map(\.sessionID))
            let sessions = event.sessions.filter { chosen.contains($0.id) }.map { "\(ParisTime.hour($0.startsAt)) – \(ParisTime.hour($0.endsAt)) : \($0.title)\($0.room.map { " (\($0))" } ?? "")" }
            let place = EventPages.place(of: event.row, gazetteer: gazetteer)
            var paragraphs = ["Rappel : « \(event.row.title) » a lieu \(ParisTime.span(event.row.startsAt, event.row.endsAt)).",
                              place.isEmpty ? nil : "Lieu : \(place).", event.row.onlineURL.map { "Lien de connexion : \($0)" }].compactMap { $0 }
            if !sessions.isEmpty { paragraphs.append("Vos sessions : " + sessions.joined(separator: " ; ") + ".") }
            paragraphs.append("Vous ne pouvez plus venir ? Annulez votre inscription depuis la page de l’événement : votre place ira à une personne en liste d’attente.")
            let mail = OutgoingMail.compose(to: person.email, subject: "Demain : \(event.row.title)", greeting: "Bonjour \(person.name),",
                                            paragraphs: paragraphs, link: ("Voir l’événement et mon inscription", publicURL + Links.event(event.id)))
            let marked = try await db.retryingTransaction { database -> Bool in
                // Marked in the same transaction as the message: both happen, or neither; another
                // instance that marked it first leaves this one nothing to send.
                let claimed = try await database.sql.update("event_registrations").set("reminded_at", to: SQLBind(now))
                    .where("id", .equal, SQLBind(registration.id)).where("reminded_at", .is, SQLLiteral.null).returning("id").all().count
                guard claimed == 1 else { return false }
                try await Outbox.enqueue(mail, on: database, now: now)
                return true
            }
            if marked { count += 1 }
        }
        return count
    }
}
