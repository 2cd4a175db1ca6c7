import Fluent
import Foundation
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import Vapor

/// Organisers build their programme: add a session, edit one, or take one out before it begins.
/// The registrants of a changed or removed session are told by mail (`RegistrationFlows`).
package struct SessionPages: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.post(CommunityPaths.addSession, use: add)
        routes.get(CommunityPaths.editSession, use: editForm)
        routes.post(CommunityPaths.editSession, use: edit)
        routes.get(CommunityPaths.removeSession, use: confirmRemove)
        routes.post(CommunityPaths.removeSession, use: remove)
    }

    /// The session form as typed.
    package static func draft(_ form: SubmittedForm) -> SessionDraft {
        var draft = SessionDraft()
        draft.kind = form["session_kind"]
        draft.title = form["session_title"]
        draft.summary = form["session_summary"]
        draft.day = form["session_day"]
        draft.startTime = form["session_start"]
        draft.endTime = form["session_end"]
        draft.room = form["session_room"]
        draft.capacity = form["session_capacity"]
        draft.theme = form["session_theme"]
        draft.speakers = form["session_speakers"]
        return draft
    }

    /// The core's labels of the session's fields and their names in the form, in its order.
    package static let fieldNames: [(label: String, name: String)] = [
        (SessionDraft.Field.kind, "session_kind"), (SessionDraft.Field.title, "session_title"), (SessionDraft.Field.hours, "session_day"),
        (SessionDraft.Field.capacity, "session_capacity"), (SessionDraft.Field.theme, "session_theme"), (SessionDraft.Field.speakers, "session_speakers"),
    ]

    /// The fields of the session form (`community/session-fields`), shared by the add and edit forms.
    package struct Fields: Encodable {
        package var values: [String: String]
        package var kinds: String
        package var themes: String

        package init(_ session: SessionDraft, defaultDay: String, themes: [Theme]) {
            values = ["title": session.title, "summary": session.summary, "day": session.day.isEmpty ? defaultDay : session.day,
                      "start": session.startTime, "end": session.endTime, "room": session.room, "capacity": session.capacity, "speakers": session.speakers]
            kinds = HTMLFragments.options(SessionKind.allCases.map { .init(value: $0.rawValue, label: $0.label, chosen: session.kind == $0.rawValue) })
            self.themes = HTMLFragments.options([.init(value: "", label: "Aucun", chosen: session.theme.isEmpty)]
                + themes.map { .init(value: $0.slug, label: $0.name, chosen: session.theme == $0.slug) })
        }
    }

    /// The typed session checked against the event's hours and the themes, ready to write.
    package static func checked(_ draft: SessionDraft, in event: EventStore.Event, on database: any Database) async throws -> Result<EventPlan.Session, FieldProblems> {
        let themes = Set(try await EventStore.themes(on: database).map(\.slug))
        return draft.validate(themes: themes, eventStart: event.row.startsAt, eventEnd: event.row.endsAt).map { session in
            .init(kind: session.kind, title: session.title, summary: session.summary, start: session.start, end: session.end, room: session.room,
                  capacity: session.capacity, theme: session.theme, speakers: session.speakers.map { .init(name: $0.name, role: $0.role, organisation: $0.organisation) })
        }
    }

    /// The session of the route within the managed event.
    package static func session(_ request: Request, of event: EventStore.Event) throws -> EventStore.SessionRecord {
        guard let id = request.parameters.get("session").flatMap(UUID.init(uuidString:)), let session = event.sessions.first(where: { $0.id == id }) else {
            throw Abort(.notFound, reason: "Cette session n’existe pas dans cet événement.")
        }
        return session
    }

    @Sendable
    package func add(request: Request) async throws -> Response {
        guard let user = request.signedInUser, let event = try await OrganiserPages.managedEvent(request) else { return request.redirect(to: Links.login(next: request.url.path)) }
        let draft = Self.draft(SubmittedForm(request))
        switch try await Self.checked(draft, in: event, on: request.db) {
        case .failure(let problems):
            return try await OrganiserPages.render(request, event, error: problems.list.map { "\($0.field) : \($0.message)" }.joined(separator: " "),
                                                   session: draft, status: .unprocessableEntity)
        case .success(let session):
            // After the last one: positions stay unique when a session was removed in between.
            try await EventWriter.addSession(session, to: event.id, position: (event.sessions.map(\.position).max() ?? -1) + 1, on: request.db)
            try await Audit.record(.eventEdited, actorID: user.id, actor: user.email, object: "evenement:\(event.id.uuidString.lowercased())",
                                   detail: "Session ajoutée : \(session.title)", address: request.clientAddress, on: request.db)
            return request.redirect(to: CommunityPaths.manage.link(event.id, query: [("fait", "session")]))
        }
    }

    package struct EditContext: Encodable {
        package var layout: Layout
        package var heading: String
        package var who: String
        /// A refusal that names no field (a session taken meanwhile), the error summary's `message`.
        package var message: String?
        package var errorList: [FormErrors.Listed]
        package var action: String
        package var back: String
        package var csrf: String
        package var session: [String: String]
        package var sessionKinds: String
        package var sessionThemes: String
    }

    package static func renderEdit(_ request: Request, _ event: EventStore.Event, _ session: EventStore.SessionRecord, draft: SessionDraft,
                           errors: FormErrors = FormErrors(), message: String? = nil, status: HTTPStatus = .ok) async throws -> Response {
        let fields = Fields(draft, defaultDay: DateText.parisDay(session.startsAt), themes: try await EventStore.themes(on: request.db))
        let who = session.taken + session.waiting == 0
            ? "Personne n’est encore inscrit à cette session."
            : "\(French.count(session.taken, "personne inscrite", "personnes inscrites")) et \(French.count(session.waiting, "en attente", "en attente")) : "
                + "si le titre, l’horaire ou la salle changent, elles reçoivent un courriel qui le dit."
        let response = try await request.view.render("community/session-edit", EditContext(
            layout: Layout(title: "Modifier la session — \(event.row.title) — Passerelle", section: "evenements",
                           breadcrumbs: [.init(label: "Agenda", href: CommunityPaths.agenda.link()), .init(label: event.row.title, href: Links.event(event.id)),
                                         .init(label: "Inscrits", href: CommunityPaths.manage.link(event.id)), .init(label: "Modifier une session")],
                           request: request),
            heading: "Modifier « \(session.title) »", who: who, message: message, errorList: errors.errorList, action: CommunityPaths.editSession.link(event.id, session.id),
            back: CommunityPaths.manage.link(event.id), csrf: CSRF.token(for: request), session: fields.values, sessionKinds: fields.kinds, sessionThemes: fields.themes
        )).encodeResponse(for: request)
        response.status = status
        return response
    }

    /// Refuses at once what the rules would refuse on saving: a session begun, an event cancelled.
    package static func ensureChangeable(_ event: EventStore.Event, _ session: EventStore.SessionRecord) throws {
        let current = SessionChanges.Current(title: session.title, start: session.startsAt, end: session.endsAt, eventCancelled: event.row.cancelledAt != nil)
        if let problem = SessionChanges.lockedProblem(current, now: Date()) { throw Abort(.conflict, reason: problem) }
    }

    @Sendable
    package func editForm(request: Request) async throws -> Response {
        guard let event = try await OrganiserPages.managedEvent(request) else { return request.redirect(to: Links.login(next: request.url.path)) }
        let session = try Self.session(request, of: event)
        try Self.ensureChangeable(event, session)
        let speakers = (event.speakers[session.id] ?? []).map { SessionDraft.Speaker(name: $0.name, role: $0.role, organisation: $0.organisationName) }
        let draft = SessionDraft(kind: session.kind, title: session.title, summary: session.summary, start: session.startsAt, end: session.endsAt,
                                 room: session.room, capacity: session.capacity, theme: session.theme, speakers: speakers)
        return try await Self.renderEdit(request, event, session, draft: draft)
    }

    @Sendable
    package func edit(request: Request) async throws -> Response {
        guard let user = request.signedInUser, let event = try await OrganiserPages.managedEvent(request) else { return request.redirect(to: Links.login(next: request.url.path)) }
        let session = try Self.session(request, of: event)
        let draft = Self.draft(SubmittedForm(request))
        switch try await Self.checked(draft, in: event, on: request.db) {
        case .failure(let problems):
            return try await Self.renderEdit(request, event, session, draft: draft,
                                             errors: FormErrors(problems, fields: Self.fieldNames, fallback: "session_title"), status: .unprocessableEntity)
        case .success(let edited):
            do {
                try await RegistrationFlows.editSession(session.id, of: event.id, to: edited, by: EventPages.actor(request, user),
                                                        publicURL: request.platform.config.publicURL, on: request.db)
            } catch let problem as RegistrationProblem {
                return try await Self.renderEdit(request, event, session, draft: draft, message: problem.message, status: .conflict)
            }
            return request.redirect(to: CommunityPaths.manage.link(event.id, query: [("fait", "session-modifiee")]))
        }
    }

    @Sendable
    package func confirmRemove(request: Request) async throws -> Response {
        guard let event = try await OrganiserPages.managedEvent(request) else { return request.redirect(to: Links.login(next: request.url.path)) }
        let session = try Self.session(request, of: event)
        try Self.ensureChangeable(event, session)
        let people = session.taken + session.waiting
        return try await request.view.render("community/cancel", EventPages.CancelContext(
            layout: Layout(title: "Retirer la session — Passerelle", section: "evenements",
                           breadcrumbs: [.init(label: "Agenda", href: CommunityPaths.agenda.link()), .init(label: event.row.title, href: Links.event(event.id)),
                                         .init(label: "Inscrits", href: CommunityPaths.manage.link(event.id)), .init(label: "Retirer une session")],
                           request: request),
            heading: "Retirer « \(session.title) » du programme ?",
            explanation: "La session, \(ParisTime.span(session.startsAt, session.endsAt)), disparaîtra du programme avec ses intervenants. "
                + (people == 0 ? "Personne n’y est inscrit." : French.count(people, "personne inscrite ou en attente", "personnes inscrites ou en attente")
                    + " recevront un courriel ; leur inscription à l’événement reste valable.")
                + " Cette décision est définitive.",
            action: CommunityPaths.removeSession.link(event.id, session.id), button: "Retirer la session", back: CommunityPaths.manage.link(event.id), csrf: CSRF.token(for: request),
            backLabel: "Revenir aux inscrits"
        )).encodeResponse(for: request)
    }

    @Sendable
    package func remove(request: Request) async throws -> Response {
        guard let user = request.signedInUser, let event = try await OrganiserPages.managedEvent(request) else { return request.redirect(to: Links.login(next: request.url.path)) }
        let session = try Self.session(request, of: event)
        do {
            let told = try await RegistrationFlows.removeSession(session.id, of: event.id, by: EventPages.actor(request, user),
                                                                 publicURL: request.platform.config.publicURL, on: request.db)
            return request.redirect(to: CommunityPaths.manage.link(event.id, query: [("fait", "session-retiree-\(told)")]))
        } catch let problem as RegistrationProblem {
            return try await OrganiserPages.render(request, event, error: problem.message, status: .conflict)
        }
    }
}
