import Foundation
import OpenAPIRuntime
import PasserelleAPI
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import Vapor

/// The agenda in the API: the same filters as the page (`AgendaQuery`), the same flows to
/// register and cancel (`RegistrationFlows`).
extension APIHandler {
    package func listEvents(_ input: Operations.ListEvents.Input) async throws -> Operations.ListEvents.Output {
        let query = input.query
        let themes = try await EventStore.themes(on: app.db)
        let gazetteer = try app.platform.reference.gazetteer
        let values: [String: String] = ["from": query.from, "to": query.to, "kind": query.kind, "theme": query.theme, "departement": query.departement,
                                        "page": query.page.map(String.init), "size": query.size.map(String.init)].compactMapValues { $0 }
        let read = AgendaQuery.read({ values[$0] }, themes: themes, gazetteer: gazetteer)
        guard read.problems.isEmpty else { return .badRequest(.init(body: .json(Self.error(read.problems.joined(separator: " "))))) }
        let (rows, total) = try await EventStore.list(read.filter, on: app.db)
        let organisers = Dictionary(grouping: try await EventStore.organisers(of: rows.map(\.id), on: app.db), by: \.eventID)
        return .ok(.init(body: .json(.init(
            items: try rows.map { try eventSummary($0, organisers: organisers[$0.id] ?? [], gazetteer: gazetteer) },
            total: total, page: read.filter.page, size: read.filter.size, pages: max(1, (total + read.filter.size - 1) / read.filter.size)
        ))))
    }

    package func eventSummary(_ row: EventStore.EventRecord, organisers: [EventStore.OrganiserRecord], gazetteer: Gazetteer) throws -> Components.Schemas.EventSummary {
        let commune = row.communeCode.flatMap { gazetteer.commune($0) }
        return .init(
            id: row.id.uuidString.lowercased(), kind: try ContractToken.convert(row.kind), title: row.title, summary: row.summary,
            startsAt: row.startsAt, endsAt: row.endsAt, place: EventPages.place(of: row, gazetteer: gazetteer),
            commune: commune.map { .init(code: $0.code, name: $0.name.name) }, departement: row.departement, online: row.onlineURL != nil,
            themes: row.themeSlugs, organisers: organisers.map { .init(id: $0.organisationID.uuidString.lowercased(), name: $0.name) },
            capacity: row.capacity, remainingSeats: row.remaining, waitingList: row.waitingList, registrationClosesAt: row.registrationClosesAt,
            cancelled: row.cancelledAt != nil, url: app.platform.config.publicURL + Links.event(row.id))
    }

    package func eventsCalendar(_ input: Operations.EventsCalendar.Input) async throws -> Operations.EventsCalendar.Output {
        let calendar = try await EventCalendars.agenda(on: app.db, publicURL: app.platform.config.publicURL, gazetteer: try app.platform.reference.gazetteer)
        return .ok(.init(body: .textCalendar(HTTPBody(calendar.text(stamp: Date())))))
    }

    package func getEvent(_ input: Operations.GetEvent.Input) async throws -> Operations.GetEvent.Output {
        guard let id = UUID(uuidString: input.path.id) else {
            return .badRequest(.init(body: .json(Self.error("Identifiant invalide : un identifiant d’événement est un UUID."))))
        }
        guard let event = try await EventStore.event(id, on: app.db) else {
            return .notFound(.init(body: .json(Self.error("Aucun événement n’a cet identifiant."))))
        }
        let gazetteer = try app.platform.reference.gazetteer
        return .ok(.init(body: .json(.init(
            value1: try eventSummary(event.row, organisers: event.organisers, gazetteer: gazetteer),
            value2: .init(audience: event.row.audience, sessions: try event.sessions.map { session in
                .init(id: session.id.uuidString.lowercased(), kind: try ContractToken.convert(session.kind), title: session.title, summary: session.summary,
                      startsAt: session.startsAt, endsAt: session.endsAt, room: session.room, theme: session.theme, capacity: session.capacity,
                      remainingSeats: session.remaining, waiting: session.waiting,
                      speakers: (event.speakers[session.id] ?? []).map { .init(name: $0.name, role: $0.role, organisation: $0.organisationName) })
            })
        ))))
    }

    package func registerToEvent(_ input: Operations.RegisterToEvent.Input) async throws -> Operations.RegisterToEvent.Output {
        guard let user = try await APIRequest.bearerUser() else {
            return .unauthorized(.init(body: .json(Self.error(Self.missingToken))))
        }
        guard let id = UUID(uuidString: input.path.id) else {
            return .badRequest(.init(body: .json(Self.error("Identifiant invalide : un identifiant d’événement est un UUID."))))
        }
        guard case .json(let body) = input.body else { return .badRequest(.init(body: .json(Self.error("Le corps doit être un objet JSON.")))) }
        let sessions = body.sessions.compactMap(UUID.init(uuidString:))
        guard sessions.count == body.sessions.count, sessions.count <= 50 else {
            return .badRequest(.init(body: .json(Self.error("sessions : une liste d’au plus 50 identifiants de sessions (UUID)."))))
        }
        guard try await EventStore.row(id, on: app.db) != nil else { return .notFound(.init(body: .json(Self.error("Aucun événement n’a cet identifiant.")))) }
        let request = try APIRequest.request()
        do {
            let outcome = try await RegistrationFlows.register(event: id, sessions: sessions, by: .init(id: user.id, email: user.email, address: request.clientAddress), on: app.db)
            return .created(.init(body: .json(.init(
                id: outcome.registrationID.uuidString.lowercased(), event: id.uuidString.lowercased(), state: try ContractToken.convert(outcome.state),
                position: outcome.position,
                sessions: try outcome.sessions.map { .init(session: $0.session.id.uuidString.lowercased(), title: $0.session.title, state: try ContractToken.convert($0.state), position: $0.position) }
            ))))
        } catch let problem as RegistrationProblem {
            return problem.isConflict ? .conflict(.init(body: .json(Self.error(problem.message)))) : .badRequest(.init(body: .json(Self.error(problem.message))))
        }
    }

    package func cancelEventRegistration(_ input: Operations.CancelEventRegistration.Input) async throws -> Operations.CancelEventRegistration.Output {
        guard let user = try await APIRequest.bearerUser() else {
            return .unauthorized(.init(body: .json(Self.error(Self.missingToken))))
        }
        guard let id = UUID(uuidString: input.path.id) else {
            return .badRequest(.init(body: .json(Self.error("Identifiant invalide : un identifiant d’inscription est un UUID."))))
        }
        guard let registration = try await EventStore.registration(id, on: app.db) else {
            return .notFound(.init(body: .json(Self.error("Aucune inscription n’a cet identifiant."))))
        }
        guard registration.userID == user.id else {
            return .forbidden(.init(body: .json(Self.error("Seule la personne inscrite annule son inscription."))))
        }
        let request = try APIRequest.request()
        do {
            try await RegistrationFlows.cancel(id, by: .init(id: user.id, email: user.email, address: request.clientAddress), publicURL: app.platform.config.publicURL, on: app.db)
        } catch let problem as RegistrationProblem {
            return .conflict(.init(body: .json(Self.error(problem.message))))
        }
        let sessions = try await EventStore.sessions(of: registration.eventID, on: app.db)
        let choices = try await EventStore.sessionRegistrations(of: [id], on: app.db)
        return .ok(.init(body: .json(.init(
            id: id.uuidString.lowercased(), event: registration.eventID.uuidString.lowercased(), state: .annule, position: nil,
            sessions: try choices.compactMap { choice in
                try sessions.first { $0.id == choice.sessionID }.map { .init(session: $0.id.uuidString.lowercased(), title: $0.title, state: try ContractToken.convert(choice.state), position: nil) }
            }
        ))))
    }
}
