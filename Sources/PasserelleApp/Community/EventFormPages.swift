import Fluent
import Foundation
import PasserelleCore
import SQLKit
import Vapor

/// Organisers announce an event, and cancel it if they must; its sessions are `SessionPages`.
struct EventFormPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("evenements", "nouveau", use: newForm)
        routes.post("evenements", "nouveau", use: create)
        routes.get("evenements", ":id", "annuler", use: confirmCancel)
        routes.post("evenements", ":id", "annuler", use: cancel)
    }

    /// The organisations the user may organise for: each of theirs.
    static func organisations(_ request: Request) async throws -> [OrganisationQueries.Membership] {
        guard let user = request.signedInUser else { return [] }
        return try await OrganisationQueries.memberships(of: user.id, on: request.db)
    }

    struct FormContext: Encodable {
        var layout: Layout
        var csrf: String
        var values: [String: String]
        var organisations: String
        var kinds: String
        var themes: [ChoiceOption]
        var waitingList: Bool
        var errors: [String: String]
        var errorList: [FormErrors.Listed]
    }

    static let fields: [(label: String, name: String)] = [
        ("Organisation", "organisation"), (EventDraft.Field.kind, "kind"), (EventDraft.Field.title, "title"), (EventDraft.Field.summary, "summary"),
        (EventDraft.Field.start, "day"), (EventDraft.Field.end, "end_time"), (EventDraft.Field.place, "commune_q"), (EventDraft.Field.onlineURL, "online_url"),
        (EventDraft.Field.capacity, "capacity"), (EventDraft.Field.closes, "closes_day"), (EventDraft.Field.themes, "themes"),
    ]

    static func render(_ request: Request, values: [String: String] = [:], themes chosen: Set<String> = [], waitingList: Bool = true,
                       errors: FormErrors = FormErrors(), status: HTTPStatus = .ok) async throws -> Response {
        let memberships = try await organisations(request)
        let themes = try await EventStore.themes(on: request.db)
        let response = try await request.view.render("community/new-event", FormContext(
            layout: Layout(title: "Annoncer un événement — Passerelle", section: "evenements",
                           breadcrumbs: [.init(label: "Agenda", href: "/evenements"), .init(label: "Annoncer un événement")], request: request),
            csrf: CSRF.token(for: request), values: values,
            organisations: HTMLFragments.options(memberships.map { .init(value: $0.organisation_id.uuidString.lowercased(), label: $0.name, chosen: values["organisation"] == $0.organisation_id.uuidString.lowercased()) }),
            kinds: HTMLFragments.options([.init(value: "", label: "Choisir", chosen: (values["kind"] ?? "").isEmpty)]
                + EventKind.allCases.map { .init(value: $0.rawValue, label: $0.label, chosen: values["kind"] == $0.rawValue) }),
            themes: themes.map { .init(value: $0.slug, label: $0.name, checked: chosen.contains($0.slug)) },
            waitingList: waitingList, errors: errors.errors, errorList: errors.errorList
        )).encodeResponse(for: request)
        response.status = status
        return response
    }

    @Sendable
    func newForm(request: Request) async throws -> Response {
        guard request.signedInUser != nil else { return request.redirect(to: Links.login(next: request.url.path)) }
        guard try await !Self.organisations(request).isEmpty else {
            throw Abort(.forbidden, reason: "Un événement est annoncé au nom d’une organisation : rejoignez d’abord la vôtre depuis « Mon compte ».")
        }
        return try await Self.render(request)
    }

    @Sendable
    func create(request: Request) async throws -> Response {
        try CSRF.verify(request)
        guard let user = request.signedInUser else { return request.redirect(to: Links.login(next: "/evenements/nouveau")) }
        let form = SubmittedForm(request)
        let gazetteer = try request.platform.reference.gazetteer
        let memberships = try await Self.organisations(request)
        let organisation = memberships.first { $0.organisation_id.uuidString.lowercased() == form["organisation"].lowercased() }
        var draft = EventDraft()
        draft.kind = form["kind"]
        draft.title = form["title"]
        draft.summary = form["summary"]
        draft.day = form["day"]
        draft.startTime = form["start_time"]
        draft.endDay = form["end_day"]
        draft.endTime = form["end_time"]
        let commune = CommuneInput.code(typed: form["commune_q"], picked: form["commune"], gazetteer: gazetteer)
        draft.communeCode = commune
        draft.address = form["address"]
        draft.onlineURL = form["online_url"]
        draft.audience = form["audience"]
        draft.capacity = form["capacity"]
        draft.waitingList = form["waiting_list"] == "1"
        draft.closesDay = form["closes_day"]
        draft.closesTime = form["closes_time"]
        draft.themes = form.all("themes")
        let themes = Set(try await EventStore.themes(on: request.db).map(\.slug))
        var problems: [FieldProblem] = organisation == nil ? [.init(field: "Organisation", message: "Choisissez l’organisation qui organise.")] : []
        var checked: EventDraft.Checked?
        switch draft.validate(themes: themes, communeExists: { gazetteer.commune($0) != nil }, now: Date()) {
        case .success(let value): checked = value
        case .failure(let found): problems += found.list
        }
        guard problems.isEmpty, let checked, let organisation else {
            let names = ["organisation", "kind", "title", "summary", "day", "start_time", "end_day", "end_time", "commune_q", "address", "online_url", "audience",
                         "capacity", "closes_day", "closes_time"]
            var values = Dictionary(uniqueKeysWithValues: names.map { ($0, form[$0]) })
            values["commune"] = gazetteer.commune(commune) != nil ? commune : ""
            return try await Self.render(request, values: values, themes: Set(draft.themes), waitingList: draft.waitingList,
                                         errors: FormErrors(FieldProblems(problems), fields: Self.fields, fallback: "title"), status: .unprocessableEntity)
        }
        let plan = EventPlan(kind: checked.kind, title: checked.title, summary: checked.summary, start: checked.start, end: checked.end,
                             communeCode: checked.communeCode, address: checked.address, onlineURL: checked.onlineURL, audience: checked.audience,
                             capacity: checked.capacity, waitingList: checked.waitingList, registrationCloses: checked.registrationCloses,
                             themes: checked.themes, sessions: [])
        let id = try await EventWriter.create(plan, organisers: [organisation.organisation_id], by: user.id, gazetteer: gazetteer, on: request.db)
        try await Audit.record(.eventCreated, actorID: user.id, actor: user.email, object: "evenement:\(id.uuidString.lowercased())",
                               detail: checked.title, address: request.clientAddress, on: request.db)
        return request.redirect(to: Links.event(id) + "/gestion?fait=creation")
    }

    @Sendable
    func confirmCancel(request: Request) async throws -> Response {
        guard let event = try await OrganiserPages.managedEvent(request) else { return request.redirect(to: Links.login(next: request.url.path)) }
        guard event.row.cancelled_at == nil, event.row.ends_at > Date() else { throw Abort(.conflict, reason: "Cet événement est déjà annulé, ou passé.") }
        let registered = try await EventStore.registrants(of: event.id, on: request.db).filter { $0.registration.isActive }.count
        return try await request.view.render("community/cancel", EventPages.CancelContext(
            layout: Layout(title: "Annuler l’événement — Passerelle", section: "evenements",
                           breadcrumbs: [.init(label: "Agenda", href: "/evenements"), .init(label: event.row.title, href: Links.event(event.id)), .init(label: "Annulation")],
                           request: request),
            heading: "Annuler « \(event.row.title) » ?",
            explanation: "L’événement restera dans l’agenda, marqué « annulé » ; les inscriptions seront fermées et " + French.count(registered, "personne inscrite ou en attente", "personnes inscrites ou en attente") + " recevront un courriel. Cette décision est définitive.",
            action: Links.event(event.id) + "/annuler", button: "Annuler l’événement", back: Links.event(event.id), csrf: CSRF.token(for: request)
        )).encodeResponse(for: request)
    }

    @Sendable
    func cancel(request: Request) async throws -> Response {
        try CSRF.verify(request)
        guard let user = request.signedInUser, let event = try await OrganiserPages.managedEvent(request) else { return request.redirect(to: Links.login(next: request.url.path)) }
        guard event.row.cancelled_at == nil, event.row.ends_at > Date() else { throw Abort(.conflict, reason: "Cet événement est déjà annulé, ou passé.") }
        try await RegistrationFlows.cancelEvent(event.id, by: .init(id: user.id, email: user.email, address: request.clientAddress),
                                                publicURL: request.platform.config.publicURL, on: request.db)
        return request.redirect(to: Links.event(event.id))
    }
}
