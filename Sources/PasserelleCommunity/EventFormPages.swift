import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import PasserelleTerritory
import SQLKit
import Vapor

/// Organisers announce an event, edit it until it begins, and cancel it if they must; its
/// sessions are `SessionPages`.
package struct EventFormPages: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get(CommunityPaths.newEvent, use: newForm)
        routes.post(CommunityPaths.newEvent, use: create)
        routes.get(CommunityPaths.editEvent, use: editForm)
        routes.post(CommunityPaths.editEvent, use: edit)
        routes.get(CommunityPaths.cancelEvent, use: confirmCancel)
        routes.post(CommunityPaths.cancelEvent, use: cancel)
    }

    /// The organisations the user may organise for: each of theirs.
    package static func organisations(_ request: Request) async throws -> [OrganisationQueries.Membership] {
        guard let user = request.signedInUser else { return [] }
        return try await OrganisationQueries.memberships(of: user.id, on: request.db)
    }

    package struct FormContext: Encodable {
        package var layout: Layout
        package var heading: String
        package var lead: String
        package var action: String
        package var button: String
        package var back: String
        /// An announced event keeps its organisers: the form does not ask for them again.
        package var editing: Bool
        package var csrf: String
        package var values: [String: String]
        package var organisations: String
        package var kinds: String
        package var themes: [ChoiceOption]
        package var waitingList: Bool
        package var errors: [String: String]
        package var errorList: [FormErrors.Listed]
    }

    package static let fields: [(label: String, name: String)] = [
        ("Organisation", "organisation"), (EventDraft.Field.kind, "kind"), (EventDraft.Field.title, "title"), (EventDraft.Field.summary, "summary"),
        (EventDraft.Field.start, "day"), (EventDraft.Field.end, "end_time"), (EventDraft.Field.place, "commune_q"), (EventDraft.Field.onlineURL, "online_url"),
        (EventDraft.Field.capacity, "capacity"), (EventDraft.Field.closes, "closes_day"), (EventDraft.Field.themes, "themes"),
    ]

    package static let names = ["organisation", "kind", "title", "summary", "day", "start_time", "end_day", "end_time", "commune_q", "address", "online_url", "audience",
                        "capacity", "closes_day", "closes_time"]

    /// The form announces a new event, or edits this one.
    package enum Mode {
        case announce
        case edit(EventStore.Event)
    }

    package static func render(_ request: Request, _ mode: Mode = .announce, values: [String: String] = [:], themes chosen: Set<String> = [], waitingList: Bool = true,
                       errors: FormErrors = FormErrors(), status: HTTPStatus = .ok) async throws -> Response {
        let memberships = try await organisations(request)
        let themes = try await EventStore.themes(on: request.db)
        let layout: Layout, heading: String, lead: String, action: String, button: String, back: String, editing: Bool
        switch mode {
        case .announce:
            layout = Layout(title: "Annoncer un événement — Passerelle", section: "evenements",
                            breadcrumbs: [.init(label: "Agenda", href: CommunityPaths.agenda.link()), .init(label: "Annoncer un événement")], request: request)
            heading = "Annoncer un événement"
            lead = "L’événement paraît aussitôt dans l’agenda. Vous ajoutez ensuite son programme (sessions, salles, intervenants) depuis sa page de gestion."
            (action, button, back, editing) = (CommunityPaths.newEvent.link(), "Annoncer l’événement", CommunityPaths.agenda.link(), false)
        case .edit(let event):
            layout = Layout(title: "Modifier l’événement — \(event.row.title) — Passerelle", section: "evenements",
                            breadcrumbs: [.init(label: "Agenda", href: CommunityPaths.agenda.link()), .init(label: event.row.title, href: Links.event(event.id)), .init(label: "Modifier")],
                            request: request)
            heading = "Modifier « \(event.row.title) »"
            let people = event.row.taken + event.row.waiting
            lead = people == 0 ? "Personne n’est encore inscrit." : French.count(people, "personne inscrite ou en attente", "personnes inscrites ou en attente")
                + " : si le titre, les dates, le lieu ou le lien changent, elles reçoivent un courriel qui le dit."
            (action, button, back, editing) = (CommunityPaths.editEvent.link(event.id), "Enregistrer l’événement", CommunityPaths.manage.link(event.id), true)
        }
        let response = try await request.view.render("community/event-form", FormContext(
            layout: layout, heading: heading, lead: lead, action: action, button: button, back: back, editing: editing,
            csrf: CSRF.token(for: request), values: values,
            organisations: HTMLFragments.options(memberships.map { .init(value: $0.organisationID.uuidString.lowercased(), label: $0.name,
                chosen: values["organisation"] == $0.organisationID.uuidString.lowercased()) }),
            kinds: HTMLFragments.options([.init(value: "", label: "Choisir", chosen: (values["kind"] ?? "").isEmpty)]
                + EventKind.allCases.map { .init(value: $0.rawValue, label: $0.label, chosen: values["kind"] == $0.rawValue) }),
            themes: themes.map { .init(value: $0.slug, label: $0.name, checked: chosen.contains($0.slug)) },
            waitingList: waitingList, errors: errors.errors, errorList: errors.errorList
        )).encodeResponse(for: request)
        response.status = status
        return response
    }

    /// The event form as typed, and its commune's code.
    package static func draft(_ form: SubmittedForm, gazetteer: Gazetteer) -> EventDraft {
        var draft = EventDraft()
        draft.kind = form["kind"]
        draft.title = form["title"]
        draft.summary = form["summary"]
        draft.day = form["day"]
        draft.startTime = form["start_time"]
        draft.endDay = form["end_day"]
        draft.endTime = form["end_time"]
        draft.communeCode = CommuneInput.code(typed: form["commune_q"], picked: form["commune"], gazetteer: gazetteer)
        draft.address = form["address"]
        draft.onlineURL = form["online_url"]
        draft.audience = form["audience"]
        draft.capacity = form["capacity"]
        draft.waitingList = form["waiting_list"] == "1"
        draft.closesDay = form["closes_day"]
        draft.closesTime = form["closes_time"]
        draft.themes = form.all("themes")
        return draft
    }

    /// The form again, as typed, with its problems next to their fields.
    package static func renderAgain(_ request: Request, _ mode: Mode, form: SubmittedForm, draft: EventDraft, gazetteer: Gazetteer, problems: [FieldProblem],
                            status: HTTPStatus) async throws -> Response {
        var values = Dictionary(uniqueKeysWithValues: names.map { ($0, form[$0]) })
        values["commune"] = gazetteer.commune(draft.communeCode) != nil ? draft.communeCode : ""
        return try await render(request, mode, values: values, themes: Set(draft.themes), waitingList: draft.waitingList,
                                errors: FormErrors(FieldProblems(problems), fields: fields, fallback: "title"), status: status)
    }

    /// The organisations the user may announce an event for; a 403 when there is none.
    private static func announcers(_ request: Request) async throws -> [OrganisationQueries.Membership] {
        let memberships = try await organisations(request)
        guard !memberships.isEmpty else {
            throw Abort(.forbidden, reason: "Un événement est annoncé au nom d’une organisation : rejoignez d’abord la vôtre depuis « Mon compte ».")
        }
        return memberships
    }

    @Sendable
    package func newForm(request: Request) async throws -> Response {
        guard request.signedInUser != nil else { return request.redirect(to: Links.login(next: request.url.path)) }
        _ = try await Self.announcers(request)
        return try await Self.render(request)
    }

    @Sendable
    package func create(request: Request) async throws -> Response {
        guard let user = request.signedInUser else { return request.redirect(to: Links.login(next: CommunityPaths.newEvent.link())) }
        let memberships = try await Self.announcers(request)
        let form = SubmittedForm(request)
        let gazetteer = try request.platform.reference.gazetteer
        let organisation = memberships.first { $0.organisationID.uuidString.lowercased() == form["organisation"].lowercased() }
        let draft = Self.draft(form, gazetteer: gazetteer)
        let themes = Set(try await EventStore.themes(on: request.db).map(\.slug))
        var problems: [FieldProblem] = organisation == nil ? [.init(field: "Organisation", message: "Choisissez l’organisation qui organise.")] : []
        var checked: EventDraft.Checked?
        switch draft.validate(themes: themes, communeExists: { gazetteer.commune($0) != nil }, now: Date()) {
        case .success(let value): checked = value
        case .failure(let found): problems += found.list
        }
        guard problems.isEmpty, let checked, let organisation else {
            return try await Self.renderAgain(request, .announce, form: form, draft: draft, gazetteer: gazetteer, problems: problems, status: .unprocessableEntity)
        }
        let plan = EventPlan(kind: checked.kind, title: checked.title, summary: checked.summary, start: checked.start, end: checked.end,
                             communeCode: checked.communeCode, address: checked.address, onlineURL: checked.onlineURL, audience: checked.audience,
                             capacity: checked.capacity, waitingList: checked.waitingList, registrationCloses: checked.registrationCloses,
                             themes: checked.themes, sessions: [])
        let id = try await EventWriter.create(plan, organisers: [organisation.organisationID], by: user.id, gazetteer: gazetteer, on: request.db)
        try await Audit.record(.eventCreated, actorID: user.id, actor: user.email, object: "evenement:\(id.uuidString.lowercased())",
                               detail: checked.title, address: request.clientAddress, on: request.db)
        return request.redirect(to: CommunityPaths.manage.link(id, query: [("fait", "creation")]))
    }

    @Sendable
    package func editForm(request: Request) async throws -> Response {
        guard let event = try await OrganiserPages.managedEvent(request) else { return request.redirect(to: Links.login(next: request.url.path)) }
        let row = event.row
        let gazetteer = try request.platform.reference.gazetteer
        let current = EventChanges.Current(title: row.title, start: row.startsAt, end: row.endsAt, place: "", cancelled: row.cancelledAt != nil)
        if let problem = EventChanges.lockedProblem(current, now: Date()) { throw Abort(.conflict, reason: problem) }
        let draft = EventDraft(EventDraft.Checked(
            kind: row.kind, title: row.title, summary: row.summary, start: row.startsAt, end: row.endsAt, communeCode: row.communeCode,
            address: row.address, onlineURL: row.onlineURL, audience: row.audience, capacity: row.capacity, waitingList: row.waitingList,
            registrationCloses: row.registrationClosesAt, themes: row.themeSlugs))
        var values = ["kind": draft.kind, "title": draft.title, "summary": draft.summary, "day": draft.day, "start_time": draft.startTime, "end_day": draft.endDay,
                      "end_time": draft.endTime, "address": draft.address, "online_url": draft.onlineURL, "audience": draft.audience, "capacity": draft.capacity,
                      "closes_day": draft.closesDay, "closes_time": draft.closesTime]
        if let commune = gazetteer.commune(draft.communeCode) { (values["commune_q"], values["commune"]) = (commune.name.name, commune.code) }
        return try await Self.render(request, .edit(event), values: values, themes: Set(draft.themes), waitingList: draft.waitingList)
    }

    @Sendable
    package func edit(request: Request) async throws -> Response {
        guard let user = request.signedInUser, let event = try await OrganiserPages.managedEvent(request) else { return request.redirect(to: Links.login(next: request.url.path)) }
        let form = SubmittedForm(request)
        let gazetteer = try request.platform.reference.gazetteer
        let draft = Self.draft(form, gazetteer: gazetteer)
        let themes = Set(try await EventStore.themes(on: request.db).map(\.slug))
        switch draft.validate(themes: themes, communeExists: { gazetteer.commune($0) != nil }, now: Date()) {
        case .failure(let problems):
            return try await Self.renderAgain(request, .edit(event), form: form, draft: draft, gazetteer: gazetteer, problems: problems.list, status: .unprocessableEntity)
        case .success(let checked):
            do {
                try await RegistrationFlows.editEvent(event.id, to: checked, by: EventPages.actor(request, user), gazetteer: gazetteer,
                                                      publicURL: request.platform.config.publicURL, on: request.db)
            } catch let problem as RegistrationProblem {
                return try await Self.renderAgain(request, .edit(event), form: form, draft: draft, gazetteer: gazetteer,
                                                  problems: [.init(field: problem.field ?? EventDraft.Field.title, message: problem.message)], status: .conflict)
            }
            return request.redirect(to: CommunityPaths.manage.link(event.id, query: [("fait", "evenement-modifie")]))
        }
    }

    @Sendable
    package func confirmCancel(request: Request) async throws -> Response {
        guard let event = try await OrganiserPages.managedEvent(request) else { return request.redirect(to: Links.login(next: request.url.path)) }
        guard event.row.cancelledAt == nil, event.row.endsAt > Date() else { throw Abort(.conflict, reason: "Cet événement est déjà annulé, ou passé.") }
        let registered = try await EventStore.registrants(of: event.id, on: request.db).filter { $0.registration.isActive }.count
        return try await request.view.render("community/cancel", EventPages.CancelContext(
            layout: Layout(title: "Annuler l’événement — Passerelle", section: "evenements",
                           breadcrumbs: [.init(label: "Agenda", href: CommunityPaths.agenda.link()), .init(label: event.row.title, href: Links.event(event.id)), .init(label: "Annulation")],
                           request: request),
            heading: "Annuler « \(event.row.title) » ?",
            explanation: "L’événement restera dans l’agenda, marqué « annulé » ; les inscriptions seront fermées et " + French.count(registered, "personne inscrite ou en attente", "personnes inscrites ou en attente") + " recevront un courriel. Cette décision est définitive.",
            action: CommunityPaths.cancelEvent.link(event.id), button: "Annuler l’événement", back: Links.event(event.id), csrf: CSRF.token(for: request)
        )).encodeResponse(for: request)
    }

    @Sendable
    package func cancel(request: Request) async throws -> Response {
        guard let user = request.signedInUser, let event = try await OrganiserPages.managedEvent(request) else { return request.redirect(to: Links.login(next: request.url.path)) }
        guard event.row.cancelledAt == nil, event.row.endsAt > Date() else { throw Abort(.conflict, reason: "Cet événement est déjà annulé, ou passé.") }
        try await RegistrationFlows.cancelEvent(event.id, by: .init(id: user.id, email: user.email, address: request.clientAddress),
                                                publicURL: request.platform.config.publicURL, on: request.db)
        return request.redirect(to: Links.event(event.id))
    }
}
