import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import SQLKit
import Vapor

/// Why a registration change was refused, in French; a conflict (full, closed, twice) or a
/// request that makes no sense (a session of another event, two at once).
package struct RegistrationProblem: Error, Sendable {
    package var message: String
    package var isConflict: Bool
    /// The form's field to change, when the refusal is about one.
    package var field: String?
}

/// Registering, cancelling, moving people up the waiting lists and noting attendance. Each change
/// is one transaction that first bumps the event's `registrations_revision`: that takes the
/// event's row lock on PostgreSQL and the write lock on SQLite before any seat is counted, so two
/// requests for the last seat run one after the other and never both get it.
package enum RegistrationFlows {
    /// Who acts, for the audit log.
    package struct Actor: Sendable {
        package var id: UUID
        package var email: String
        package var address: String?
    }

    /// Where a registration landed, for the page and the API.
    package struct Outcome: Sendable {
        package struct Choice: Sendable {
            package var session: EventStore.SessionRecord
            package var state: RegistrationState
            package var position: Int?
        }

        package var registrationID: UUID
        package var state: RegistrationState
        package var position: Int?
        package var sessions: [Choice]
    }

    /// Runs a registration change for `event` after those of this process already running for it.
    /// On SQLite, a transaction waiting for the write lock sleeps on one of the two threads that
    /// run every SQLite statement, which the transaction holding the lock needs too: queueing here,
    /// in Swift, keeps those threads for work. Across processes, the row lock still decides.
    private static func serialised<T: Sendable>(_ event: UUID, _ body: @Sendable () async throws -> T) async throws -> T {
        await gate.enter(event)
        do {
            let result = try await body()
            await gate.leave(event)
            return result
        } catch {
            await gate.leave(event)
            throw error
        }
    }

    private static let gate = EventGate()

    private static func lock(_ event: UUID, on database: any Database) async throws {
        try await database.sql.raw("UPDATE events SET registrations_revision = registrations_revision + 1 WHERE id = \(bind: event)").run()
    }

    private static func conflict(_ message: String) -> RegistrationProblem { RegistrationProblem(message: message, isConflict: true) }
    private static func invalid(_ message: String) -> RegistrationProblem { RegistrationProblem(message: message, isConflict: false) }

    /// The sessions of `ids`, all of this event, each only once.
    private static func chosen(_ ids: [UUID], among sessions: [EventStore.SessionRecord]) throws -> [EventStore.SessionRecord] {
        var seen = Set<UUID>()
        return try ids.filter { seen.insert($0).inserted }.map { id in
            guard let session = sessions.first(where: { $0.id == id }) else { throw invalid("Cette session n’appartient pas à cet événement.") }
            return session
        }
    }

    /// A new registration to an event and the sessions picked, or a cancelled one made again.
    package static func register(event eventID: UUID, sessions sessionIDs: [UUID], by actor: Actor, on db: any Database, now: Date = Date()) async throws -> Outcome {
        try await serialised(eventID) { try await db.retryingTransaction { database in
            try await lock(eventID, on: database)
            guard let event = try await EventStore.row(eventID, on: database) else { throw Abort(.notFound, reason: "Cet événement n’existe pas.") }
            let existing = try await EventStore.registration(of: actor.id, event: eventID, on: database)
            let facts = RegistrationRules.EventFacts(cancelled: event.cancelledAt != nil, ends: event.endsAt,
                                                    registrationCloses: event.registrationClosesAt, alreadyRegistered: existing?.isActive == true)
            if let problem = RegistrationRules.eventProblem(facts, now: now) { throw conflict(problem) }
            let sessions = try await EventStore.sessions(of: eventID, on: database)
            let picked = try chosen(sessionIDs, among: sessions)
            if !sessions.isEmpty, picked.isEmpty { throw invalid("Choisissez au moins une session du programme.") }
            try check(picked, alongside: [], now: now)

            let eventSlot = SessionSlot(id: event.id, title: event.title, start: event.startsAt, end: event.endsAt, capacity: event.capacity)
            let state = try seatState(RegistrationRules.seat(in: eventSlot, taken: event.taken, waiting: event.waiting, waitingList: event.waitingList))
            let sql = database.sql
            let registrationID = existing?.id ?? UUID()
            if existing != nil {
                try await sql.update("event_registrations").set("state", to: SQLBind(state.rawValue))
                    .set("waiting_since", to: SQLBind(state == .waiting ? now : nil)).set("reminded_at", to: SQLLiteral.null)
                    .set("updated_at", to: SQLBind(now)).where("id", .equal, SQLBind(registrationID)).run()
            } else {
                try await sql.insert(into: "event_registrations").columns("id", "event_id", "user_id", "state", "waiting_since", "created_at", "updated_at")
                    .values(SQLBind(registrationID), SQLBind(eventID), SQLBind(actor.id), SQLBind(state.rawValue), SQLBind(state == .waiting ? now : nil), SQLBind(now), SQLBind(now)).run()
            }
            let choices = try await seat(picked, registration: registrationID, user: actor.id, waitingList: event.waitingList, admitted: state == .confirmed,
                                         on: database, now: now)
            try await Audit.record(.eventRegistered, actorID: actor.id, actor: actor.email, object: "evenement:\(eventID.uuidString.lowercased())",
                                   detail: ([state.label] + choices.map { "\($0.session.title) : \($0.state.label)" }).joined(separator: " ; "),
                                   address: actor.address, on: database, at: now)
            let position = state == .waiting ? event.waiting + 1 : nil
            return Outcome(registrationID: registrationID, state: state, position: position, sessions: choices)
        } }
    }

    /// More sessions for someone already registered.
    package static func addSessions(_ sessionIDs: [UUID], to registrationID: UUID, by actor: Actor, on db: any Database, now: Date = Date()) async throws -> [Outcome.Choice] {
        guard let first = try await EventStore.registration(registrationID, on: db) else { throw Abort(.notFound, reason: "Cette inscription n’existe pas.") }
        return try await serialised(first.eventID) { try await db.retryingTransaction { database in
            try await lock(first.eventID, on: database)
            guard let registration = try await EventStore.registration(registrationID, on: database), registration.isActive else {
                throw conflict("Cette inscription est annulée : inscrivez-vous de nouveau.")
            }
            guard let event = try await EventStore.row(registration.eventID, on: database) else { throw Abort(.notFound) }
            let facts = RegistrationRules.EventFacts(cancelled: event.cancelledAt != nil, ends: event.endsAt, registrationCloses: event.registrationClosesAt)
            if let problem = RegistrationRules.eventProblem(facts, now: now) { throw conflict(problem) }
            let sessions = try await EventStore.sessions(of: event.id, on: database)
            let picked = try chosen(sessionIDs, among: sessions)
            if picked.isEmpty { throw invalid("Choisissez au moins une session à ajouter.") }
            let current = try await EventStore.sessionRegistrations(of: [registrationID], on: database).filter(\.isActive)
            if let twice = picked.first(where: { session in current.contains { $0.sessionID == session.id } }) {
                throw conflict("Vous êtes déjà inscrit à la session « \(twice.title) ».")
            }
            let kept = sessions.filter { session in current.contains { $0.sessionID == session.id } }
            try check(picked, alongside: kept, now: now)
            let choices = try await seat(picked, registration: registrationID, user: registration.userID, waitingList: event.waitingList,
                                         admitted: registration.state == .confirmed, on: database, now: now)
            try await Audit.record(.eventRegistered, actorID: actor.id, actor: actor.email, object: "evenement:\(event.id.uuidString.lowercased())",
                                   detail: choices.map { "\($0.session.title) : \($0.state.label)" }.joined(separator: " ; "), address: actor.address, on: database, at: now)
            return choices
        } }
    }

    private static func check(_ picked: [EventStore.SessionRecord], alongside kept: [EventStore.SessionRecord], now: Date) throws {
        for session in picked {
            if let problem = RegistrationRules.sessionProblem(session.slot, now: now) { throw conflict(problem) }
        }
        if let problem = RegistrationRules.overlapProblem((kept + picked).map(\.slot)) { throw invalid(problem) }
    }

    private static func seatState(_ outcome: SeatOutcome) throws -> RegistrationState {
        switch outcome {
        case .confirmed: return .confirmed
        case .waitingList: return .waiting
        case .refused(let message): throw conflict(message)
        }
    }

    /// Takes a seat, or a place on the waiting list, in each session; a person who cancelled a
    /// session before gets their row back.
    private static func seat(_ picked: [EventStore.SessionRecord], registration: UUID, user: UUID, waitingList: Bool, admitted: Bool,
                             on database: any Database, now: Date) async throws -> [Outcome.Choice] {
        let sql = database.sql
        var choices: [Outcome.Choice] = []
        for session in picked {
            let outcome = RegistrationRules.sessionSeat(in: session.slot, taken: session.taken, waiting: session.waiting, waitingList: waitingList, admitted: admitted)
            let state = try seatState(outcome)
            struct Existing: Decodable { var id: UUID }
            if let old = try await sql.select().column("id").from("session_registrations").where("session_id", .equal, SQLBind(session.id))
                .where("user_id", .equal, SQLBind(user)).first(decoding: Existing.self) {
                try await sql.update("session_registrations").set("registration_id", to: SQLBind(registration)).set("state", to: SQLBind(state.rawValue))
                    .set("waiting_since", to: SQLBind(state == .waiting ? now : nil)).set("updated_at", to: SQLBind(now)).where("id", .equal, SQLBind(old.id)).run()
            } else {
                try await sql.insert(into: "session_registrations").columns("id", "registration_id", "session_id", "user_id", "state", "waiting_since", "created_at", "updated_at")
                    .values(SQLBind(UUID()), SQLBind(registration), SQLBind(session.id), SQLBind(user), SQLBind(state.rawValue), SQLBind(state == .waiting ? now : nil), SQLBind(now), SQLBind(now)).run()
            }
            var position: Int?
            if case .waitingList(let place) = outcome { position = place }
            choices.append(.init(session: session, state: state, position: position))
        }
        return choices
    }

    // MARK: Cancelling and moving up

    /// Someone moved up from a waiting list, to be told.
    package struct Promotion: Sendable {
        package var user: UUID
        package var what: String
    }

    /// Cancels one session of a registration (by its person, or an organiser), and gives the freed
    /// seat to the first waiting.
    package static func cancelSession(_ id: UUID, of registrationID: UUID, by actor: Actor, publicURL: String, on db: any Database, now: Date = Date()) async throws {
        guard let registration = try await EventStore.registration(registrationID, on: db) else { throw Abort(.notFound, reason: "Cette inscription n’existe pas.") }
        try await serialised(registration.eventID) { try await db.retryingTransaction { database in
            try await lock(registration.eventID, on: database)
            let sessions = try await EventStore.sessions(of: registration.eventID, on: database)
            guard let row = try await EventStore.sessionRegistrations(of: [registrationID], on: database).first(where: { $0.id == id }),
                  let session = sessions.first(where: { $0.id == row.sessionID }) else { throw Abort(.notFound, reason: "Cette inscription à une session n’existe pas.") }
            let next = try lifecycle(row.state, .cancel, started: now >= session.startsAt)
            try await setState(next, ofSession: row.id, on: database, now: now)
            let promoted = try await promote(in: session.id, on: database, now: now)
            try await Audit.record(.eventRegistrationCancelled, actorID: actor.id, actor: actor.email, object: "evenement:\(registration.eventID.uuidString.lowercased())",
                                   detail: "Session « \(session.title) »", address: actor.address, on: database, at: now)
            try await notify(promoted, event: registration.eventID, publicURL: publicURL, on: database, now: now)
        } }
    }

    /// Cancels a whole registration and its sessions; each freed seat goes to the first waiting.
    package static func cancel(_ registrationID: UUID, by actor: Actor, publicURL: String, on db: any Database, now: Date = Date()) async throws {
        guard let first = try await EventStore.registration(registrationID, on: db) else { throw Abort(.notFound, reason: "Cette inscription n’existe pas.") }
        try await serialised(first.eventID) { try await db.retryingTransaction { database in
            try await lock(first.eventID, on: database)
            guard let registration = try await EventStore.registration(registrationID, on: database),
                  let event = try await EventStore.row(registration.eventID, on: database) else { throw Abort(.notFound) }
            let next = try lifecycle(registration.state, .cancel, started: now >= event.startsAt)
            let sql = database.sql
            try await sql.update("event_registrations").set("state", to: SQLBind(next.rawValue)).set("waiting_since", to: SQLLiteral.null)
                .set("updated_at", to: SQLBind(now)).where("id", .equal, SQLBind(registrationID)).run()
            var promoted: [Promotion] = []
            for row in try await EventStore.sessionRegistrations(of: [registrationID], on: database) where row.isActive {
                try await setState(.cancelled, ofSession: row.id, on: database, now: now)
                promoted += try await promote(in: row.sessionID, on: database, now: now)
            }
            promoted += try await promoteToEvent(event.id, on: database, now: now)
            try await Audit.record(.eventRegistrationCancelled, actorID: actor.id, actor: actor.email, object: "evenement:\(event.id.uuidString.lowercased())",
                                   detail: "Inscription entière", address: actor.address, on: database, at: now)
            try await notify(promoted, event: event.id, publicURL: publicURL, on: database, now: now)
        } }
    }

    /// Cancels every registration of `user` to an event not begun yet (an account being deleted).
    /// The community's part in an account's life: its registrations in the data download; seats
    /// held for events to come, given to the people waiting for them when it is deleted.
    package static let accountParticipant = AccountParticipant(
        module: .community,
        personalData: { user, database in
            ("event_registrations", try await personalRegistrations(of: user, on: database))
        },
        accountDeleted: { departure, database in
            try await withdraw(departure.user, by: .init(id: departure.user, email: departure.email, address: departure.address),
                               publicURL: departure.publicURL, on: database)
        }
    )

    /// A registration as the person's data download gives it.
    package struct PersonalRegistration: Encodable, Sendable {
        package var event_id: UUID
        package var event: String
        package var starts_at: Date
        package var state: String
        package var sessions: [String]
        package var registered_at: Date
    }

    package static func personalRegistrations(of user: UUID, on database: any Database) async throws -> [PersonalRegistration] {
        var registrations: [PersonalRegistration] = []
        for (registration, event) in try await EventStore.registrations(of: user, on: database) {
            let sessions = try await EventStore.sessions(of: event.id, on: database)
            let chosen = try await EventStore.sessionRegistrations(of: [registration.id], on: database)
            registrations.append(.init(event_id: event.id, event: event.title, starts_at: event.startsAt, state: registration.state.rawValue,
                                       sessions: chosen.compactMap { choice in sessions.first { $0.id == choice.sessionID }.map { "\($0.title) : \(choice.state.rawValue)" } },
                                       registered_at: registration.createdAt))
        }
        return registrations
    }

    package static func withdraw(_ user: UUID, by actor: Actor, publicURL: String, on db: any Database, now: Date = Date()) async throws {
        for (registration, event) in try await EventStore.registrations(of: user, on: db) where registration.isActive && now < event.startsAt {
            try await cancel(registration.id, by: actor, publicURL: publicURL, on: db, now: now)
        }
    }

    private static func lifecycle(_ state: RegistrationState, _ change: RegistrationChange, started: Bool) throws -> RegistrationState {
        switch RegistrationLifecycle.next(after: state, on: change, sessionStarted: started) {
        case .success(let next): return next
        case .failure(let refusal): throw conflict(refusal.message)
        }
    }

    private static func setState(_ state: RegistrationState, ofSession id: UUID, on database: any Database, now: Date) async throws {
        try await database.sql.update("session_registrations").set("state", to: SQLBind(state.rawValue))
            .set("waiting_since", to: SQLBind(state == .waiting ? now : nil)).set("updated_at", to: SQLBind(now)).where("id", .equal, SQLBind(id)).run()
    }

    private struct Waiting: Decodable {
        var id: UUID
        var userID: UUID
        var waitingSince: Date?
    }

    /// Moves up as many people as a session has free seats, earliest first, among those admitted
    /// to the event (the others wait at its door first).
    private static func promote(in sessionID: UUID, on database: any Database, now: Date) async throws -> [Promotion] {
        let sql = database.sql
        guard let session = try await EventStore.session(sessionID, on: database), now < session.startsAt else { return [] }
        let waiting = try await sql.raw("""
            SELECT r.id AS id, r.user_id AS user_id, r.waiting_since AS waiting_since FROM session_registrations r
            JOIN event_registrations e ON e.id = r.registration_id
            WHERE r.session_id = \(bind: sessionID) AND r.state = \(bind: RegistrationState.waiting.rawValue) AND e.state = \(bind: RegistrationState.confirmed.rawValue)
            """).all(decoding: Waiting.self, table: "session_registrations", keys: .snakeCaseColumns)
        let chosen = RegistrationRules.promotions(in: session.slot, taken: session.taken, waiting: waiting.map { WaitingEntry(id: $0.id, since: $0.waitingSince ?? .distantPast) })
        var promoted: [Promotion] = []
        for id in chosen {
            try await setState(.confirmed, ofSession: id, on: database, now: now)
            if let row = waiting.first(where: { $0.id == id }) { promoted.append(.init(user: row.userID, what: "la session « \(session.title) »")) }
        }
        return promoted
    }

    /// The same at the event's own door, when it has a capacity.
    private static func promoteToEvent(_ eventID: UUID, on database: any Database, now: Date) async throws -> [Promotion] {
        guard let event = try await EventStore.row(eventID, on: database), event.capacity != nil, now < event.startsAt else { return [] }
        let sql = database.sql
        let waiting = try await sql.select().columns("id", "user_id", "waiting_since").from("event_registrations")
            .where("event_id", .equal, SQLBind(eventID)).where("state", .equal, SQLBind(RegistrationState.waiting.rawValue)).all(decoding: Waiting.self,
                table: "event_registrations", keys: .snakeCaseColumns)
        let slot = SessionSlot(id: event.id, title: event.title, start: event.startsAt, end: event.endsAt, capacity: event.capacity)
        var promoted: [Promotion] = []
        for id in RegistrationRules.promotions(in: slot, taken: event.taken, waiting: waiting.map { WaitingEntry(id: $0.id, since: $0.waitingSince ?? .distantPast) }) {
            try await sql.update("event_registrations").set("state", to: SQLBind(RegistrationState.confirmed.rawValue)).set("waiting_since", to: SQLLiteral.null)
                .set("updated_at", to: SQLBind(now)).where("id", .equal, SQLBind(id)).run()
            if let row = waiting.first(where: { $0.id == id }) { promoted.append(.init(user: row.userID, what: "l’événement")) }
            // Admitted, they now queue for their sessions like everyone else: seats free there go to them if they are first.
            for choice in try await EventStore.sessionRegistrations(of: [id], on: database) where choice.state == .waiting {
                promoted += try await promote(in: choice.sessionID, on: database, now: now)
            }
        }
        return promoted
    }

    /// Tells each person moved up, in the same transaction as the move.
    private static func notify(_ promotions: [Promotion], event eventID: UUID, publicURL: String, on database: any Database, now: Date) async throws {
        guard !promotions.isEmpty, let event = try await EventStore.row(eventID, on: database) else { return }
        let people = try await AccountQueries.contacts(of: promotions.map(\.user), includingDeleted: true, on: database)
        var mails: [OutgoingMail] = []
        // One mail a person, however many places they got in this change (the event, then its sessions).
        var order: [UUID] = []
        for promotion in promotions where !order.contains(promotion.user) { order.append(promotion.user) }
        for user in order {
            guard let person = people[user] else { continue }
            let what = promotions.filter { $0.user == user }.map(\.what)
            mails.append(.compose(
                to: person.email, subject: "Une place s’est libérée : \(event.title)", greeting: "Bonjour \(person.name),",
                paragraphs: ["Une place s’est libérée et vous passez de la liste d’attente aux inscrits pour \(French.list(what)) "
                                + "de « \(event.title) », \(ParisTime.span(event.startsAt, event.endsAt)).",
                             "Si vous ne pouvez plus venir, annulez votre inscription depuis la page de l’événement : la place ira à la personne suivante."],
                link: ("Voir l’événement et mon inscription", publicURL + Links.event(eventID))))
            for item in what {
                try await Audit.record(.eventPromoted, actorID: person.id, actor: person.email, object: "evenement:\(eventID.uuidString.lowercased())",
                                       detail: item, address: nil, on: database, at: now)
            }
        }
        try await Outbox.enqueue(mails, on: database, now: now)
    }

    // MARK: Organisers

    /// Notes whether someone came to a session, once it began.
    package static func markAttendance(_ id: UUID, present: Bool, event eventID: UUID, by actor: Actor, on db: any Database, now: Date = Date()) async throws {
        try await serialised(eventID) { try await db.retryingTransaction { database in
            try await lock(eventID, on: database)
            let sessions = try await EventStore.sessions(of: eventID, on: database)
            guard let row = try await EventStore.sessionRegistration(id, on: database),
                let session = sessions.first(where: { $0.id == row.sessionID }) else { throw Abort(.notFound, reason: "Cette inscription à une session n’existe pas.") }
            let next = try lifecycle(row.state, present ? .markAttended : .markAbsent, started: now >= session.startsAt)
            try await setState(next, ofSession: id, on: database, now: now)
            try await Audit.record(.eventAttendance, actorID: actor.id, actor: actor.email, object: "evenement:\(eventID.uuidString.lowercased())",
                                   detail: "Session « \(session.title) » : \(next.label)", address: actor.address, on: database, at: now)
        } }
    }

    /// Cancels the event: registrations close, and everyone registered or waiting is told.
    package static func cancelEvent(_ eventID: UUID, by actor: Actor, publicURL: String, on db: any Database, now: Date = Date()) async throws {
        try await serialised(eventID) { try await db.retryingTransaction { database in
            try await lock(eventID, on: database)
            guard let event = try await EventStore.row(eventID, on: database) else { throw Abort(.notFound) }
            try await database.sql.update("events").set("cancelled_at", to: SQLBind(now)).set("updated_at", to: SQLBind(now))
                .where("id", .equal, SQLBind(eventID)).run()
            let people = try await EventStore.registrants(of: eventID, on: database).filter { $0.registration.isActive }
            try await Outbox.enqueue(people.map { person in
                .compose(to: person.email, subject: "Annulé : \(event.title)", greeting: "Bonjour \(person.name),",
                         paragraphs: ["Les organisateurs ont annulé « \(event.title) », prévu \(ParisTime.span(event.startsAt, event.endsAt)). Votre inscription ne vous engage plus à rien.",
                                      "Si vous aviez ajouté l’événement à votre agenda, il y apparaît désormais comme annulé après synchronisation."],
                         link: ("Voir l’agenda", publicURL + CommunityPaths.agenda.link()))
            }, on: database, now: now)
            try await Audit.record(.eventCancelled, actorID: actor.id, actor: actor.email, object: "evenement:\(eventID.uuidString.lowercased())",
                                   detail: "\(event.title) — \(people.count) personne(s) prévenue(s)", address: actor.address, on: database, at: now)
        } }
    }

    /// Saves the event's new form; seats added at its door go to the first waiting, and those
    /// registered or waiting are told what changed for them (title, dates, place, link).
    package static func editEvent(_ eventID: UUID, to edited: EventDraft.Checked, by actor: Actor, gazetteer: Gazetteer, publicURL: String,
                          on db: any Database, now: Date = Date()) async throws {
        try await serialised(eventID) { try await db.retryingTransaction { database in
            try await lock(eventID, on: database)
            guard let event = try await EventStore.row(eventID, on: database) else { throw Abort(.notFound, reason: "Cet événement n’existe pas.") }
            let current = EventChanges.Current(title: event.title, start: event.startsAt, end: event.endsAt, place: EventPages.place(of: event, gazetteer: gazetteer),
                                               onlineURL: event.onlineURL, taken: event.taken, cancelled: event.cancelledAt != nil)
            let next = EventChanges.Current(title: edited.title, start: edited.start, end: edited.end,
                                            place: EventPages.place(address: edited.address, communeCode: edited.communeCode, online: edited.onlineURL != nil, gazetteer: gazetteer),
                                            onlineURL: edited.onlineURL)
            let sessions = try await EventStore.sessions(of: eventID, on: database).map(\.slot)
            if let problem = EventChanges.editProblem(current, to: next, newCapacity: edited.capacity, sessions: sessions, now: now) {
                throw RegistrationProblem(message: problem.message, isConflict: true, field: problem.field)
            }
            try await EventWriter.replace(eventID, with: edited, gazetteer: gazetteer, on: database, now: now)
            let changes = EventChanges.notice(from: current, to: next)
            if !changes.isEmpty {
                let people = try await EventStore.registrants(of: eventID, on: database).filter { $0.registration.isActive }
                try await Outbox.enqueue(people.map { person in
                    .compose(to: person.email, subject: "Modifié : \(edited.title)", greeting: "Bonjour \(person.name),",
                             paragraphs: ["Les organisateurs de « \(event.title) », auquel vous êtes inscrit ou en attente, l’ont modifié."]
                                + changes + ["Si vous ne pouvez plus y venir, annulez votre inscription depuis la page de l’événement : la place ira à la personne suivante."],
                             link: ("Voir l’événement et mon inscription", publicURL + Links.event(eventID)))
                }, on: database, now: now)
            }
            let promoted = try await promoteToEvent(eventID, on: database, now: now)
            try await Audit.record(.eventEdited, actorID: actor.id, actor: actor.email, object: "evenement:\(eventID.uuidString.lowercased())",
                                   detail: "Événement modifié : \(edited.title)" + (changes.isEmpty ? "" : " — \(changes.count) changement(s) annoncé(s)"),
                                   address: actor.address, on: database, at: now)
            try await notify(promoted, event: eventID, publicURL: publicURL, on: database, now: now)
        } }
    }

    /// The session of `eventID` as the change rules see it, or not found.
    private static func changing(_ sessionID: UUID, of eventID: UUID, on database: any Database) async throws -> (SessionChanges.Current, EventStore.EventRecord) {
        guard let event = try await EventStore.row(eventID, on: database), let session = try await EventStore.session(sessionID, on: database),
              session.eventID == eventID else { throw Abort(.notFound, reason: "Cette session n’existe pas dans cet événement.") }
        return (.init(title: session.title, start: session.startsAt, end: session.endsAt, room: session.room, taken: session.taken,
                               eventCancelled: event.cancelledAt != nil), event)
    }

    /// The people holding or awaiting a seat in the session.
    private static func holders(of sessionID: UUID, in eventID: UUID, on database: any Database) async throws -> [EventStore.Registrant] {
        try await EventStore.registrants(of: eventID, on: database).filter { registrant in
            registrant.registration.isActive && registrant.sessions.contains { $0.sessionID == sessionID && $0.isActive }
        }
    }

    /// Saves the session's new form; seats added go to the first waiting, and those who come are
    /// told what changed for them (title, hours, room).
    package static func editSession(_ sessionID: UUID, of eventID: UUID, to session: EventPlan.Session, by actor: Actor, publicURL: String,
                            on db: any Database, now: Date = Date()) async throws {
        try await serialised(eventID) { try await db.retryingTransaction { database in
            try await lock(eventID, on: database)
            let (current, event) = try await changing(sessionID, of: eventID, on: database)
            let edited = SessionChanges.Current(title: session.title, start: session.start, end: session.end, room: session.room)
            if let problem = SessionChanges.editProblem(current, to: edited, newCapacity: session.capacity, now: now) { throw conflict(problem) }
            try await EventWriter.replace(sessionID, with: session, on: database)
            let changes = SessionChanges.notice(from: current, to: edited)
            if !changes.isEmpty {
                let slots = Dictionary(uniqueKeysWithValues: try await EventStore.sessions(of: eventID, on: database).map { ($0.id, $0.slot) })
                try await Outbox.enqueue(try await holders(of: sessionID, in: eventID, on: database).map { person in
                    let others = person.sessions.filter { $0.isActive }.compactMap { slots[$0.sessionID] }
                    let clash = slots[sessionID].flatMap { SessionChanges.clashNotice($0, others: others) }
                    return .compose(to: person.email, subject: "Programme modifié : \(event.title)", greeting: "Bonjour \(person.name),",
                                    paragraphs: ["Les organisateurs de « \(event.title) » ont modifié la session « \(current.title) », à laquelle vous êtes inscrit ou en attente."]
                                        + changes + [clash].compactMap { $0 }
                                        + ["Si vous ne pouvez plus y venir, annulez cette session depuis la page de l’événement : la place ira à la personne suivante."],
                                    link: ("Voir l’événement et mon inscription", publicURL + Links.event(eventID)))
                }, on: database, now: now)
            }
            let promoted = try await promote(in: sessionID, on: database, now: now)
            try await Audit.record(.eventEdited, actorID: actor.id, actor: actor.email, object: "evenement:\(eventID.uuidString.lowercased())",
                                   detail: "Session modifiée : \(session.title)", address: actor.address, on: database, at: now)
            try await notify(promoted, event: eventID, publicURL: publicURL, on: database, now: now)
        } }
    }

    /// Takes a session out of the programme before it begins: its registrations go with it, and
    /// everyone who held or awaited a seat there is told; their registration to the event stays.
    /// Returns how many people were told.
    @discardableResult
    package static func removeSession(_ sessionID: UUID, of eventID: UUID, by actor: Actor, publicURL: String, on db: any Database, now: Date = Date()) async throws -> Int {
        try await serialised(eventID) { try await db.retryingTransaction { database in
            try await lock(eventID, on: database)
            let (current, event) = try await changing(sessionID, of: eventID, on: database)
            if let problem = SessionChanges.lockedProblem(current, now: now) { throw conflict(problem) }
            let people = try await holders(of: sessionID, in: eventID, on: database)
            let sql = database.sql
            try await sql.update("knowledge_items").set("session_id", to: SQLLiteral.null).where("session_id", .equal, SQLBind(sessionID)).run()
            for table in ["session_registrations", "session_speakers"] {
                try await sql.delete(from: table).where("session_id", .equal, SQLBind(sessionID)).run()
            }
            try await sql.delete(from: "event_sessions").where("id", .equal, SQLBind(sessionID)).run()
            try await Outbox.enqueue(people.map { person in
                .compose(to: person.email, subject: "Session retirée : \(event.title)", greeting: "Bonjour \(person.name),",
                         paragraphs: ["Les organisateurs de « \(event.title) » ont retiré du programme la session « \(current.title) », prévue \(ParisTime.span(current.start, current.end)).",
                                      "Votre inscription à cette session est donc annulée ; votre inscription à l’événement et à ses autres sessions reste valable."],
                         link: ("Voir le programme", publicURL + Links.event(eventID)))
            }, on: database, now: now)
            try await Audit.record(.eventEdited, actorID: actor.id, actor: actor.email, object: "evenement:\(eventID.uuidString.lowercased())",
                                   detail: "Session retirée : \(current.title) — \(people.count) personne(s) prévenue(s)", address: actor.address, on: database, at: now)
            return people.count
        } }
    }

    /// A message from the organisers to the people registered (and, if they choose, those waiting).
    package static func message(event eventID: UUID, subject: String, body: String, includeWaiting: Bool, by actor: Actor, publicURL: String, on db: any Database,
            now: Date = Date()) async throws -> Int {
        try await db.retryingTransaction { database in
            guard let event = try await EventStore.row(eventID, on: database) else { throw Abort(.notFound) }
            let recipients = try await EventStore.registrants(of: eventID, on: database).filter { registrant in
                registrant.registration.state == .confirmed || (includeWaiting && registrant.registration.state == .waiting)
            }
            let paragraphs = body.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
            try await Outbox.enqueue(recipients.map { registrant in
                .compose(to: registrant.email, subject: "\(subject) — \(event.title)", greeting: "Bonjour \(registrant.name),",
                         paragraphs: paragraphs + ["Vous recevez ce message des organisateurs de « \(event.title) », "
                                                   + "\(ParisTime.span(event.startsAt, event.endsAt)), parce que vous y êtes inscrit."],
                         link: ("Voir l’événement", publicURL + Links.event(eventID)))
            }, on: database, now: now)
            try await Audit.record(.eventMessage, actorID: actor.id, actor: actor.email, object: "evenement:\(eventID.uuidString.lowercased())",
                                   detail: "« \(subject) » à \(recipients.count) personne(s)", address: actor.address, on: database, at: now)
            return recipients.count
        }
    }
}

/// Who is changing registrations to which event, in this process: one at a time per event, the
/// others waiting in arrival order.
package actor EventGate {
    private var busy: Set<UUID> = []
    private var waiting: [UUID: [CheckedContinuation<Void, Never>]] = [:]

    package func enter(_ event: UUID) async {
        guard busy.contains(event) else {
            busy.insert(event)
            return
        }
        await withCheckedContinuation { waiting[event, default: []].append($0) }
    }

    /// Hands the event to the next waiting, or frees it.
    package func leave(_ event: UUID) {
        if var queue = waiting[event], !queue.isEmpty {
            let next = queue.removeFirst()
            waiting[event] = queue.isEmpty ? nil : queue
            next.resume()
        } else {
            busy.remove(event)
        }
    }
}
