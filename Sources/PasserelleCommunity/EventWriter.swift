import Fluent
import Foundation
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import SQLKit

/// An event to write whole: the first content, the demo, and organisers' forms go through here.
package struct EventPlan: Sendable {
    package struct Speaker: Sendable {
        package var name: String
        package var role: String
        package var organisation: String
    }

    package struct Session: Sendable {
        package var kind: SessionKind
        package var title: String
        package var summary: String
        package var start: Date
        package var end: Date
        package var room: String?
        package var capacity: Int?
        package var theme: String?
        package var speakers: [Speaker] = []
    }

    package var kind: EventKind
    package var title: String
    package var summary: String
    package var start: Date
    package var end: Date
    package var communeCode: String?
    package var address: String?
    package var onlineURL: String?
    package var audience: String?
    package var capacity: Int?
    package var waitingList = true
    package var registrationCloses: Date?
    package var themes: [String]
    package var sessions: [Session]
}

package enum EventWriter {
    /// Writes the event, its organisers, sessions and speakers in one transaction.
    @discardableResult
    package static func create(_ plan: EventPlan, organisers: [UUID], by user: UUID?, gazetteer: Gazetteer, on db: any Database, now: Date = Date()) async throws -> UUID {
        let id = UUID()
        try await db.retryingTransaction { database in
            let sql = database.sql
            let departement = plan.communeCode.flatMap { gazetteer.commune($0)?.departementCode }
            try await sql.insert(into: "events")
                .columns("id", "kind", "title", "summary", "starts_at", "ends_at", "commune_code", "departement", "address", "online_url", "audience",
                         "capacity", "waiting_list", "registration_closes_at", "themes", "cancelled_at", "registrations_revision", "created_by", "created_at", "updated_at")
                .values(SQLBind(id), SQLBind(plan.kind.rawValue), SQLBind(plan.title), SQLBind(plan.summary), SQLBind(plan.start), SQLBind(plan.end),
                        SQLBind(plan.communeCode), SQLBind(departement), SQLBind(plan.address), SQLBind(plan.onlineURL), SQLBind(plan.audience),
                        SQLBind(plan.capacity), SQLBind(plan.waitingList), SQLBind(plan.registrationCloses), SQLBind(plan.themes.isEmpty ? "" : "|" + plan.themes.joined(separator: "|") + "|"),
                        SQLBind(Date?.none), SQLBind(0), SQLBind(user), SQLBind(now), SQLBind(now))
                .run()
            for organisation in Set(organisers) {
                try await sql.insert(into: "event_organisers").columns("event_id", "organisation_id").values(SQLBind(id), SQLBind(organisation)).run()
            }
            for (position, session) in plan.sessions.enumerated() {
                try await insert(session, into: id, position: position, on: database)
            }
        }
        return id
    }

    /// Writes the event's new form over the old one; its organisers and sessions stay. The caller
    /// holds the transaction (the registrants are told in it).
    package static func replace(_ eventID: UUID, with event: EventDraft.Checked, gazetteer: Gazetteer, on database: any Database, now: Date) async throws {
        try await database.sql.update("events")
            .set("kind", to: SQLBind(event.kind.rawValue)).set("title", to: SQLBind(event.title)).set("summary", to: SQLBind(event.summary))
            .set("starts_at", to: SQLBind(event.start)).set("ends_at", to: SQLBind(event.end)).set("commune_code", to: SQLBind(event.communeCode))
            .set("departement", to: SQLBind(event.communeCode.flatMap { gazetteer.commune($0)?.departementCode })).set("address", to: SQLBind(event.address))
            .set("online_url", to: SQLBind(event.onlineURL)).set("audience", to: SQLBind(event.audience)).set("capacity", to: SQLBind(event.capacity))
            .set("waiting_list", to: SQLBind(event.waitingList)).set("registration_closes_at", to: SQLBind(event.registrationCloses))
            .set("themes", to: SQLBind(BarList.join(event.themes))).set("updated_at", to: SQLBind(now))
            .where("id", .equal, SQLBind(eventID)).run()
    }

    /// A new presentation for an event that has ended (the first content's, corrected): nothing
    /// else changes and no one is told.
    package static func replaceSummary(of eventID: UUID, with summary: String, on database: any Database, now: Date) async throws {
        try await database.sql.update("events").set("summary", to: SQLBind(summary)).set("updated_at", to: SQLBind(now))
            .where("id", .equal, SQLBind(eventID)).run()
    }

    /// A session more, with its speakers, in one transaction.
    package static func addSession(_ session: EventPlan.Session, to event: UUID, position: Int, on db: any Database) async throws {
        try await db.retryingTransaction { database in try await insert(session, into: event, position: position, on: database) }
    }

    private static func insert(_ session: EventPlan.Session, into event: UUID, position: Int, on database: any Database) async throws {
        let sql = database.sql
        let sessionID = UUID()
        try await sql.insert(into: "event_sessions")
            .columns("id", "event_id", "kind", "title", "summary", "starts_at", "ends_at", "room", "capacity", "theme", "position")
            .values(SQLBind(sessionID), SQLBind(event), SQLBind(session.kind.rawValue), SQLBind(session.title), SQLBind(session.summary), SQLBind(session.start),
                    SQLBind(session.end), SQLBind(session.room), SQLBind(session.capacity), SQLBind(session.theme), SQLBind(position))
            .run()
        try await insertSpeakers(session.speakers, of: sessionID, on: sql)
    }

    /// Writes the session's new form over the old one, speakers included; the caller holds the
    /// transaction (the registrants are told in it).
    package static func replace(_ sessionID: UUID, with session: EventPlan.Session, on database: any Database) async throws {
        let sql = database.sql
        try await sql.update("event_sessions")
            .set("kind", to: SQLBind(session.kind.rawValue)).set("title", to: SQLBind(session.title)).set("summary", to: SQLBind(session.summary))
            .set("starts_at", to: SQLBind(session.start)).set("ends_at", to: SQLBind(session.end)).set("room", to: SQLBind(session.room))
            .set("capacity", to: SQLBind(session.capacity)).set("theme", to: SQLBind(session.theme))
            .where("id", .equal, SQLBind(sessionID)).run()
        try await sql.delete(from: "session_speakers").where("session_id", .equal, SQLBind(sessionID)).run()
        try await insertSpeakers(session.speakers, of: sessionID, on: sql)
    }

    private static func insertSpeakers(_ speakers: [EventPlan.Speaker], of sessionID: UUID, on sql: any SQLDatabase) async throws {
        for (order, speaker) in speakers.enumerated() {
            try await sql.insert(into: "session_speakers").columns("id", "session_id", "name", "role", "organisation_name", "structure_id", "position")
                .values(SQLBind(UUID()), SQLBind(sessionID), SQLBind(speaker.name), SQLBind(speaker.role), SQLBind(speaker.organisation), SQLBind(UUID?.none), SQLBind(order))
                .run()
        }
    }
}
