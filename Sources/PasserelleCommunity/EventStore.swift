import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import SQLKit

/// Reading events: the agenda's lists, one event whole (organisers, sessions with their seats,
/// speakers), and who registered. Pages, API, iCal and the reminder job all read through here.
package enum EventStore {
    package struct EventRecord: Decodable, Sendable {
        package var id: UUID
        package var kind: EventKind
        package var title: String
        package var summary: String
        package var startsAt: Date
        package var endsAt: Date
        package var communeCode: String?
        package var departement: String?
        package var address: String?
        package var onlineURL: String?
        package var audience: String?
        package var capacity: Int?
        package var waitingList: Bool
        package var registrationClosesAt: Date?
        package var themes: String
        package var cancelledAt: Date?
        package var createdAt: Date
        package var updatedAt: Date
        /// Confirmed registrations to the event itself, and people waiting for it.
        package var taken: Int
        package var waiting: Int

        package var themeSlugs: [String] { BarList.split(themes) }
        package var remaining: Int? { capacity.map { max(0, $0 - taken) } }
    }

    package struct SessionRecord: Decodable, Sendable {
        package var id: UUID
        package var eventID: UUID
        package var kind: SessionKind
        package var title: String
        package var summary: String
        package var startsAt: Date
        package var endsAt: Date
        package var room: String?
        package var capacity: Int?
        package var theme: String?
        package var position: Int
        package var taken: Int
        package var waiting: Int

        package var remaining: Int? { capacity.map { max(0, $0 - taken) } }
        package var slot: SessionSlot { SessionSlot(id: id, title: title, start: startsAt, end: endsAt, capacity: capacity) }
    }

    package struct SpeakerRecord: Decodable, Sendable {
        package var sessionID: UUID
        package var name: String
        package var role: String
        package var organisationName: String
        package var structureID: UUID?
        package var position: Int
    }

    package struct OrganiserRecord: Decodable, Sendable {
        package var eventID: UUID
        package var organisationID: UUID
        package var name: String
    }

    /// An event with everything its page shows.
    package struct Event: Sendable {
        package var row: EventRecord
        package var organisers: [OrganiserRecord]
        package var sessions: [SessionRecord]
        package var speakers: [UUID: [SpeakerRecord]]

        package var id: UUID { row.id }
        package var policyRef: Policy.EventRef { Policy.EventRef(organisers: Set(organisers.map(\.organisationID))) }
    }

    static let eventColumns = """
        e.id AS id, e.kind AS kind, e.title AS title, e.summary AS summary, e.starts_at AS starts_at, e.ends_at AS ends_at,
        e.commune_code AS commune_code, e.departement AS departement, e.address AS address, e.online_url AS online_url,
        e.audience AS audience, e.capacity AS capacity, e.waiting_list AS waiting_list, e.registration_closes_at AS registration_closes_at,
        e.themes AS themes, e.cancelled_at AS cancelled_at, e.created_at AS created_at, e.updated_at AS updated_at,
        (SELECT COUNT(*) FROM event_registrations r WHERE r.event_id = e.id AND r.state = 'inscrit') AS taken,
        (SELECT COUNT(*) FROM event_registrations r WHERE r.event_id = e.id AND r.state = 'liste-d-attente') AS waiting
        """

    /// What the agenda asks for.
    package struct Filter: Sendable, Equatable {
        package enum Period: String, Sendable { case upcoming = "a-venir", past = "passes", all = "tous" }
        package var period: Period = .upcoming
        package var from: Date?
        package var to: Date?
        package var kind: EventKind?
        package var theme: String?
        package var departement: String?
        package var page = 1
        package var size = 20
    }

    package static func list(_ filter: Filter, now: Date = Date(), on database: any Database) async throws -> (rows: [EventRecord], total: Int) {
        var conditions: [SQLQueryString] = []
        switch filter.period {
        case .upcoming: conditions.append("e.ends_at >= \(bind: now)")
        case .past: conditions.append("e.ends_at < \(bind: now)")
        case .all: break
        }
        // An event is in a period when it overlaps it.
        if let from = filter.from { conditions.append("e.ends_at >= \(bind: from)") }
        if let to = filter.to { conditions.append("e.starts_at < \(bind: to)") }
        if let kind = filter.kind { conditions.append("e.kind = \(bind: kind.rawValue)") }
        if let theme = filter.theme { conditions.append("e.themes LIKE \(bind: BarList.pattern(containing: theme))") }
        if let departement = filter.departement { conditions.append("e.departement = \(bind: departement)") }
        let whereClause: SQLQueryString = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let order: SQLQueryString = filter.period == .past ? "e.starts_at DESC, e.id" : "e.starts_at, e.id"
        let sql = database.sql
        struct Count: Decodable { var total: Int }
        let total = try await sql.raw("SELECT COUNT(*) AS total FROM events e \(whereClause)").first(decoding: Count.self)?.total ?? 0
        let rows = try await sql.raw("""
            SELECT \(unsafeRaw: eventColumns) FROM events e \(whereClause) ORDER BY \(order)
            LIMIT \(literal: filter.size) OFFSET \(literal: (filter.page - 1) * filter.size)
            """).all(decoding: EventRecord.self, table: "events", keys: .snakeCaseColumns)
        return (rows, total)
    }

    package static func row(_ id: UUID, on database: any Database) async throws -> EventRecord? {
        try await database.sql.raw("SELECT \(unsafeRaw: eventColumns) FROM events e WHERE e.id = \(bind: id)").first(decoding: EventRecord.self, table: "events", keys: .snakeCaseColumns)
    }

    private static func sessions(where condition: SQLQueryString, on database: any Database) async throws -> [SessionRecord] {
        try await database.sql.raw("""
            SELECT s.id AS id, s.event_id AS event_id, s.kind AS kind, s.title AS title, s.summary AS summary, s.starts_at AS starts_at,
                   s.ends_at AS ends_at, s.room AS room, s.capacity AS capacity, s.theme AS theme, s.position AS position,
                   (SELECT COUNT(*) FROM session_registrations r WHERE r.session_id = s.id AND r.state IN ('inscrit', 'present', 'absent')) AS taken,
                   (SELECT COUNT(*) FROM session_registrations r WHERE r.session_id = s.id AND r.state = 'liste-d-attente') AS waiting
            FROM event_sessions s WHERE \(condition) ORDER BY s.starts_at, s.position
            """).all(decoding: SessionRecord.self, table: "event_sessions", keys: .snakeCaseColumns)
    }

    /// The event of this title, if one exists (the first content finds its meeting so).
    package static func eventID(titled title: String, on database: any Database) async throws -> UUID? {
        try await database.sql.select().column("id").from("events").where("title", .equal, SQLBind(title)).first(decodingColumn: "id", as: UUID.self)
    }

    package static func sessions(of event: UUID, on database: any Database) async throws -> [SessionRecord] {
        try await sessions(where: "s.event_id = \(bind: event)", on: database)
    }

    package static func session(_ id: UUID, on database: any Database) async throws -> SessionRecord? {
        try await sessions(where: "s.id = \(bind: id)", on: database).first
    }

    package static func event(_ id: UUID, on database: any Database) async throws -> Event? {
        guard let row = try await row(id, on: database) else { return nil }
        let sql = database.sql
        let sessions = try await sessions(of: id, on: database)
        let speakers = try await sql.raw("""
            SELECT p.session_id AS session_id, p.name AS name, p.role AS role, p.organisation_name AS organisation_name,
                   p.structure_id AS structure_id, p.position AS position
            FROM session_speakers p JOIN event_sessions s ON s.id = p.session_id WHERE s.event_id = \(bind: id) ORDER BY p.position
            """).all(decoding: SpeakerRecord.self, table: "session_speakers", keys: .snakeCaseColumns)
        return Event(row: row, organisers: try await organisers(of: [id], on: database), sessions: sessions,
                     speakers: Dictionary(grouping: speakers, by: \.sessionID))
    }

    package static func organisers(of events: [UUID], on database: any Database) async throws -> [OrganiserRecord] {
        guard !events.isEmpty else { return [] }
        struct Row: Decodable { var eventID: UUID; var organisationID: UUID }
        let rows = try await database.sql.select().columns("event_id", "organisation_id").from("event_organisers")
            .where("event_id", .in, SQLBind.group(events)).all(decoding: Row.self, table: "event_organisers", keys: .snakeCaseColumns)
        let names = try await OrganisationQueries.names(of: rows.map(\.organisationID), on: database)
        return rows.compactMap { row in names[row.organisationID].map { OrganiserRecord(eventID: row.eventID, organisationID: row.organisationID, name: $0) } }
            .sorted { $0.name < $1.name }
    }

    /// The themes, in their order, for filters and labels.
    package static func themes(on database: any Database) async throws -> [Theme] {
        struct Row: Decodable {
            package var slug: String
            package var name: String
        }
        return try await database.sql.select().columns("slug", "name").from("themes").orderBy("position").orderBy("name")
            .all(decoding: Row.self, table: "themes", keys: .snakeCaseColumns).map { Theme(slug: $0.slug, name: $0.name) }
    }

    // MARK: Registrations

    package struct RegistrationRecord: Decodable, Sendable, Seat {
        package var id: UUID
        package var eventID: UUID
        package var userID: UUID
        package var state: RegistrationState
        package var waitingSince: Date?
        package var createdAt: Date
        package var updatedAt: Date
    }

    package struct SessionRegistrationRecord: Decodable, Sendable, Seat {
        package var id: UUID
        package var registrationID: UUID
        package var sessionID: UUID
        package var userID: UUID
        package var state: RegistrationState
        package var waitingSince: Date?
        package var createdAt: Date
        package var updatedAt: Date
    }

    private static let registrationColumns = ["id", "event_id", "user_id", "state", "waiting_since", "created_at", "updated_at"]

    package static func registration(of user: UUID, event: UUID, on database: any Database) async throws -> RegistrationRecord? {
        try await database.sql.select().columns(registrationColumns)
            .from("event_registrations").where("event_id", .equal, SQLBind(event)).where("user_id", .equal, SQLBind(user))
            .first(decoding: RegistrationRecord.self, table: "event_registrations", keys: .snakeCaseColumns)
    }

    package static func registration(_ id: UUID, on database: any Database) async throws -> RegistrationRecord? {
        try await database.sql.select().columns(registrationColumns)
            .from("event_registrations").where("id", .equal, SQLBind(id)).first(decoding: RegistrationRecord.self, table: "event_registrations", keys: .snakeCaseColumns)
    }

    private static let sessionRegistrationColumns = ["id", "registration_id", "session_id", "user_id", "state", "waiting_since", "created_at", "updated_at"]

    package static func sessionRegistrations(of registrations: [UUID], on database: any Database) async throws -> [SessionRegistrationRecord] {
        guard !registrations.isEmpty else { return [] }
        return try await database.sql.select().columns(sessionRegistrationColumns)
            .from("session_registrations").where("registration_id", .in, SQLBind.group(registrations)).all(decoding: SessionRegistrationRecord.self,
                table: "session_registrations", keys: .snakeCaseColumns)
    }

    package static func sessionRegistration(_ id: UUID, on database: any Database) async throws -> SessionRegistrationRecord? {
        try await database.sql.select().columns(sessionRegistrationColumns)
            .from("session_registrations").where("id", .equal, SQLBind(id)).first(decoding: SessionRegistrationRecord.self, table: "session_registrations", keys: .snakeCaseColumns)
    }

    /// A user's registrations, with their events, soonest first.
    package static func registrations(of user: UUID, on database: any Database) async throws -> [(registration: RegistrationRecord, event: EventRecord)] {
        let rows = try await database.sql.select().columns(registrationColumns)
            .from("event_registrations").where("user_id", .equal, SQLBind(user)).all(decoding: RegistrationRecord.self, table: "event_registrations", keys: .snakeCaseColumns)
        var result: [(registration: RegistrationRecord, event: EventRecord)] = []
        for registration in rows {
            if let event = try await row(registration.eventID, on: database) { result.append((registration, event)) }
        }
        return result.sorted { ($0.event.startsAt, $0.event.id.uuidString) < ($1.event.startsAt, $1.event.id.uuidString) }
    }

    /// Who registered to an event, for its organisers: the person, their organisations, and each
    /// choice of session.
    package struct Registrant: Sendable {
        package var registration: RegistrationRecord
        package var name: String
        package var email: String
        package var organisations: [String]
        package var sessions: [SessionRegistrationRecord]
    }

    package static func registrants(of event: UUID, on database: any Database) async throws -> [Registrant] {
        let rows = try await database.sql.select().columns(registrationColumns)
            .from("event_registrations").where("event_id", .equal, SQLBind(event)).all(decoding: RegistrationRecord.self, table: "event_registrations", keys: .snakeCaseColumns)
        let people = try await AccountQueries.contacts(of: rows.map(\.userID), includingDeleted: true, on: database)
        let organisations = try await OrganisationQueries.organisationNames(ofMembers: rows.map(\.userID), on: database)
        let choices = Dictionary(grouping: try await sessionRegistrations(of: rows.map(\.id), on: database), by: \.registrationID)
        return rows.compactMap { row -> (Registrant, Date)? in
            guard let person = people[row.userID] else { return nil }
            return (Registrant(registration: row,
                               name: person.name, email: person.email, organisations: organisations[row.userID] ?? [],
                               sessions: choices[row.id] ?? []), row.createdAt)
        }
        .sorted { ($0.0.name, $0.1) < ($1.0.name, $1.1) }
        .map(\.0)
    }
}

/// A registration to an event or to one of its sessions: it holds a seat (or a place on the
/// waiting list) until it is cancelled.
package protocol Seat {
    var state: RegistrationState { get }
}

extension Seat {
    package var isActive: Bool { state != .cancelled }
}

extension EventStore.Filter {
    /// The first `size` events to come (the home page's).
    package init(upcoming size: Int) {
        self.init()
        self.size = size
    }
}
