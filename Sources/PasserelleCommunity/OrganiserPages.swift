import Fluent
import Foundation
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import Vapor

/// What the organisers of an event do: see who registered to the event and to each session, note
/// attendance, export the lists, write to the registrants.
package struct OrganiserPages: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get(CommunityPaths.manage, use: manage)
        routes.get(CommunityPaths.registrantsCSV, use: export)
        routes.post(CommunityPaths.attendance, use: attendance)
        routes.post(CommunityPaths.message, use: message)
    }

    /// The event of the route, when the actor organises it; nil when a visitor must log in first.
    package static func managedEvent(_ request: Request) async throws -> EventStore.Event? {
        let event = try await EventPages.event(request)
        switch Policy.decide(.manage, on: event.policyRef, for: try await request.actor()) {
        case .allowed: return event
        case .needsSignIn: return nil
        case .forbidden: throw Abort(.forbidden, reason: "Seuls les organisateurs de « \(event.row.title) » et l’équipe de la plateforme voient ses inscrits.")
        }
    }

    package struct ManageContext: Encodable {
        package struct Person: Encodable {
            package var name: String
            package var email: String
            package var organisations: String
            package var state: String
            package var since: String
        }

        package struct Seat: Encodable {
            package var id: String
            package var name: String
            package var organisations: String
            package var state: String
            package var markable: Bool
            package var present: Bool
            package var absent: Bool
        }

        package struct SessionList: Encodable {
            package var title: String
            package var when: String
            package var seats: String
            package var confirmed: [Seat]
            package var waiting: [Seat]
            package var started: Bool
            package var editHref: String?
            package var removeHref: String?
        }

        package var layout: Layout
        package var title: String
        package var eventHref: String
        package var when: String
        package var summary: String
        package var people: [Person]
        package var sessions: [SessionList]
        package var csvHref: String
        package var attendanceAction: String
        package var messageAction: String
        package var csrf: String
        package var notice: String?
        package var error: String?
        package var subject: String
        package var body: String
        package var sessionAction: String
        package var sessionKinds: String
        package var sessionThemes: String
        package var session: [String: String]
        package var cancelHref: String?
        package var editHref: String?
    }

    package static func render(_ request: Request, _ event: EventStore.Event, notice: String? = nil, error: String? = nil, subject: String = "", body: String = "",
                       session: SessionDraft = SessionDraft(), status: HTTPStatus = .ok) async throws -> Response {
        let fields = SessionPages.Fields(session, defaultDay: DateText.parisDay(event.row.startsAt), themes: try await EventStore.themes(on: request.db))
        let registrants = try await EventStore.registrants(of: event.id, on: request.db)
        let now = Date()
        let counts = Dictionary(grouping: registrants, by: { $0.registration.state }).mapValues(\.count)
        let sessions = event.sessions.map { session -> ManageContext.SessionList in
            var seats: [(EventStore.SessionRegistrationRecord, EventStore.Registrant)] = []
            for registrant in registrants {
                for choice in registrant.sessions where choice.sessionID == session.id && choice.isActive { seats.append((choice, registrant)) }
            }
            let started = now >= session.startsAt
            let changeable = !started && event.row.cancelledAt == nil
            func seat(_ pair: (EventStore.SessionRegistrationRecord, EventStore.Registrant)) -> ManageContext.Seat {
                .init(id: pair.0.id.uuidString.lowercased(), name: pair.1.name, organisations: pair.1.organisations.joined(separator: ", "), state: pair.0.state.label,
                      markable: started && pair.0.state != .waiting, present: pair.0.state == .attended, absent: pair.0.state == .absent)
            }
            let waiting = seats.filter { $0.0.state == .waiting }.sorted { ($0.0.waitingSince ?? .distantPast) < ($1.0.waitingSince ?? .distantPast) }
            return .init(title: session.title, when: ParisTime.span(session.startsAt, session.endsAt),
                         seats: session.capacity.map { "\(French.number(session.taken)) / \(French.number($0)) places" } ?? French.count(session.taken, "inscrit", "inscrits"),
                         confirmed: seats.filter { $0.0.state != .waiting }.sorted { $0.1.name < $1.1.name }.map(seat),
                         waiting: waiting.map(seat), started: started,
                         editHref: changeable ? CommunityPaths.editSession.link(event.id, session.id) : nil,
                         removeHref: changeable ? CommunityPaths.removeSession.link(event.id, session.id) : nil)
        }
        let context = ManageContext(
            layout: Layout(title: "Inscrits — \(event.row.title) — Passerelle", section: "evenements",
                           breadcrumbs: [.init(label: "Agenda", href: CommunityPaths.agenda.link()), .init(label: event.row.title, href: Links.event(event.id)), .init(label: "Inscrits")],
                           request: request),
            title: event.row.title, eventHref: Links.event(event.id), when: ParisTime.span(event.row.startsAt, event.row.endsAt),
            summary: [French.count(counts[.confirmed] ?? 0, "inscrit", "inscrits"), French.count(counts[.waiting] ?? 0, "personne en liste d’attente", "personnes en liste d’attente"),
                      French.count(counts[.cancelled] ?? 0, "annulation", "annulations")].joined(separator: ", "),
            people: registrants.map { registrant in
                .init(name: registrant.name, email: registrant.email, organisations: registrant.organisations.joined(separator: ", "),
                      state: registrant.registration.state.label, since: DateText.frenchDateTime(registrant.registration.createdAt))
            },
            sessions: sessions, csvHref: CommunityPaths.registrantsCSV.link(event.id), attendanceAction: CommunityPaths.attendance.link(event.id),
            messageAction: CommunityPaths.message.link(event.id), csrf: CSRF.token(for: request), notice: notice, error: error, subject: subject, body: body,
            sessionAction: CommunityPaths.addSession.link(event.id),
            sessionKinds: fields.kinds, sessionThemes: fields.themes, session: fields.values,
            cancelHref: event.row.cancelledAt == nil && event.row.endsAt > now ? CommunityPaths.cancelEvent.link(event.id) : nil,
            editHref: event.row.cancelledAt == nil && event.row.startsAt > now ? CommunityPaths.editEvent.link(event.id) : nil)
        let response = try await request.view.render("community/manage", context).encodeResponse(for: request)
        response.status = status
        return response
    }

    @Sendable
    package func manage(request: Request) async throws -> Response {
        guard let event = try await Self.managedEvent(request) else { return request.redirect(to: Links.login(next: request.url.path)) }
        let done = QueryItems.parse(request.url.query).first { $0.0 == "fait" }?.1
        let notice: String? = switch done {
        case "presence": "La présence est notée."
        case "creation": "L’événement est annoncé dans l’agenda. Ajoutez-y ses sessions ci-dessous."
        case "session": "La session est ajoutée au programme."
        case "evenement-modifie": "L’événement est modifié ; ses inscrits sont prévenus si son titre, ses dates, son lieu ou son lien ont changé."
        case "session-modifiee": "La session est modifiée ; ses inscrits sont prévenus si son titre, son horaire ou sa salle ont changé."
        case let removed? where removed.hasPrefix("session-retiree-"):
            "La session est retirée du programme ; " + French.count(Int(removed.dropFirst("session-retiree-".count)) ?? 0, "personne prévenue", "personnes prévenues") + "."
        case let sent? where sent.hasPrefix("message-"): "Votre message part vers " + French.count(Int(sent.dropFirst("message-".count)) ?? 0, "personne") + "."
        default: nil
        }
        return try await Self.render(request, event, notice: notice)
    }

    @Sendable
    package func export(request: Request) async throws -> Response {
        guard let event = try await Self.managedEvent(request) else { return request.redirect(to: Links.login(next: request.url.path)) }
        let registrants = try await EventStore.registrants(of: event.id, on: request.db)
        var writer = CSV.Writer()
        writer.append(["Nom", "Adresse électronique", "Organisations", "Inscription à l’événement", "Inscrit le"] + event.sessions.map(\.title))
        for registrant in registrants {
            let states = event.sessions.map { session in
                registrant.sessions.first { $0.sessionID == session.id }.map { $0.state.label } ?? ""
            }
            writer.append([registrant.name, registrant.email, registrant.organisations.joined(separator: ", "), registrant.registration.state.label,
                           DateText.frenchDateTime(registrant.registration.createdAt)] + states)
        }
        return try await AuditedExport.csv(writer.text, name: "inscrits-evenement", rows: registrants.count, request: request)
    }

    @Sendable
    package func attendance(request: Request) async throws -> Response {
        guard let user = request.signedInUser, let event = try await Self.managedEvent(request) else { return request.redirect(to: Links.login(next: request.url.path)) }
        let form = SubmittedForm(request)
        guard let id = UUID(uuidString: form["choice"]), ["present", "absent"].contains(form["presence"]) else {
            return try await Self.render(request, event, error: "Choisissez une personne et « présent » ou « absent ».", status: .badRequest)
        }
        do {
            try await RegistrationFlows.markAttendance(id, present: form["presence"] == "present", event: event.id, by: EventPages.actor(request, user), on: request.db)
        } catch let problem as RegistrationProblem {
            return try await Self.render(request, event, error: problem.message, status: .conflict)
        }
        return request.redirect(to: CommunityPaths.manage.link(event.id, query: [("fait", "presence")]))
    }

    @Sendable
    package func message(request: Request) async throws -> Response {
        guard let user = request.signedInUser, let event = try await Self.managedEvent(request) else { return request.redirect(to: Links.login(next: request.url.path)) }
        let form = SubmittedForm(request)
        let subject = form["subject"].trimmingCharacters(in: .whitespacesAndNewlines), body = form["body"].trimmingCharacters(in: .whitespacesAndNewlines)
        var problems: [String] = []
        if subject.isEmpty || subject.count > 150 { problems.append("Donnez un objet au message (150 caractères au plus).") }
        if let oneLine = OneLineText.problem(in: subject) { problems.append("Objet : " + oneLine) }
        if body.isEmpty || body.count > 5_000 { problems.append("Écrivez le message (5 000 caractères au plus).") }
        guard problems.isEmpty else {
            return try await Self.render(request, event, error: problems.joined(separator: " "), subject: subject, body: body, status: .unprocessableEntity)
        }
        let sent = try await RegistrationFlows.message(event: event.id, subject: subject, body: body, includeWaiting: form["waiting"] == "1",
                                                       by: EventPages.actor(request, user), publicURL: request.platform.config.publicURL, on: request.db)
        return request.redirect(to: CommunityPaths.manage.link(event.id, query: [("fait", "message-\(sent)")]))
    }
}
