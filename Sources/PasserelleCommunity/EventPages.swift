import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import SQLKit
import Vapor

/// The agenda, an event's page with its programme and the registration form, and the changes a
/// registered person makes (sessions added, cancelled).
package struct EventPages: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get(CommunityPaths.agenda, use: agenda)
        routes.get(CommunityPaths.agendaCalendar, use: agendaCalendar)
        routes.get(CommunityPaths.myRegistrations, use: mine)
        routes.get(CommunityPaths.event, use: show)
        routes.get(CommunityPaths.eventCalendar, use: eventCalendar)
        routes.post(CommunityPaths.register, use: register)
        routes.post(CommunityPaths.addSessions, use: addSessions)
        routes.get(CommunityPaths.cancelRegistration, use: confirmCancel)
        routes.post(CommunityPaths.cancelRegistration, use: cancel)
        routes.get(CommunityPaths.cancelSessionRegistration, use: confirmCancel)
        routes.post(CommunityPaths.cancelSessionRegistration, use: cancel)
        routes.get(CommunityPaths.registrationCalendar, use: registrationCalendar)
    }

    // MARK: Agenda

    package struct Card: Encodable {
        package var title: String
        package var href: String
        package var kind: String
        package var when: String
        package var place: String
        package var themes: [String]
        package var organisers: String
        package var seats: String?
        package var cancelled: Bool
    }

    package struct AgendaContext: Encodable {
        package struct Tab: Encodable {
            package var label: String
            package var href: String
            package var current: Bool
        }

        package var layout: Layout
        package var tabs: [Tab]
        package var kinds: String
        package var themes: String
        package var departements: String
        package var from: String
        package var to: String
        package var period: String
        package var summary: String
        package var cards: [Card]
        package var pagination: Pagination
        package var filtered: Bool
        package var calendarHref: String
        package var problems: [String]
        package var signedIn: Bool
        /// Events are announced in an organisation's name: offered to its members only.
        package var announces: Bool
    }

    /// Where an event happens, in words.
    package static func place(of row: EventStore.EventRecord, gazetteer: Gazetteer) -> String {
        place(address: row.address, communeCode: row.communeCode, online: row.onlineURL != nil, gazetteer: gazetteer)
    }

    package static func place(address: String?, communeCode: String?, online: Bool, gazetteer: Gazetteer) -> String {
        var parts: [String] = []
        if let address, !address.isEmpty { parts.append(address) }
        if let code = communeCode, let commune = gazetteer.commune(code) { parts.append(commune.name.name + " (\(commune.departementCode))") }
        if online { parts.append(parts.isEmpty ? "En ligne" : "et en ligne") }
        return parts.joined(separator: ", ").replacingOccurrences(of: ", et en ligne", with: " et en ligne")
    }

    /// Seats left, in words; nil when the event takes everyone.
    package static func seats(capacity: Int?, taken: Int, waitingList: Bool) -> String? {
        guard let capacity else { return nil }
        let left = max(0, capacity - taken)
        if left > 0 { return French.count(left, "place restante", "places restantes") + " sur \(French.number(capacity))" }
        return waitingList ? "Complet — liste d’attente ouverte" : "Complet"
    }

    package static func themeNames(_ slugs: [String], _ themes: [Theme]) -> [String] {
        slugs.compactMap { slug in themes.first { $0.slug == slug }?.name }
    }

    @Sendable
    package func agenda(request: Request) async throws -> Response {
        let reference = try request.platform.reference
        let themes = try await EventStore.themes(on: request.db)
        let items = QueryItems.parse(request.url.query)
        let read = AgendaQuery.read({ key in items.first { $0.0 == key }?.1 }, themes: themes, gazetteer: reference.gazetteer)
        let filter = read.filter
        let (rows, total) = try await EventStore.list(filter, on: request.db)
        let organisers = Dictionary(grouping: try await EventStore.organisers(of: rows.map(\.id), on: request.db), by: \.eventID)
        let now = Date()
        let cards = rows.map { row in
            Card(title: row.title, href: Links.event(row.id), kind: row.kind.label, when: ParisTime.span(row.startsAt, row.endsAt),
                 place: Self.place(of: row, gazetteer: reference.gazetteer), themes: Self.themeNames(row.themeSlugs, themes),
                 organisers: organisers[row.id]?.map(\.name).joined(separator: ", ") ?? "",
                 seats: row.endsAt > now && row.cancelledAt == nil ? Self.seats(capacity: row.capacity, taken: row.taken, waitingList: row.waitingList) : nil,
                 cancelled: row.cancelledAt != nil)
        }
        let periodItems = read.items.filter { $0.0 != "periode" }
        let tabs: [(EventStore.Filter.Period, String)] = [(.upcoming, "À venir"), (.past, "Passés")]
        let noun = filter.period == .past ? ("événement passé", "événements passés") : filter.period == .upcoming ? ("événement à venir", "événements à venir") : ("événement", "événements")
        return try await request.view.render("community/agenda", AgendaContext(
            layout: Layout(title: "Agenda des événements — Passerelle", section: "evenements", breadcrumbs: [.init(label: "Agenda")], request: request),
            tabs: tabs.map { period, label in
                .init(label: label, href: Links.agenda(periodItems + (period == .upcoming ? [] : [("periode", period.rawValue)])), current: filter.period == period)
            },
            kinds: HTMLFragments.options([.init(value: "", label: "Tous les types", chosen: filter.kind == nil)]
                + EventKind.allCases.map { .init(value: $0.rawValue, label: $0.label, chosen: filter.kind == $0) }),
            themes: HTMLFragments.options([.init(value: "", label: "Tous les thèmes", chosen: filter.theme == nil)]
                + themes.map { .init(value: $0.slug, label: $0.name, chosen: filter.theme == $0.slug) }),
            departements: HTMLFragments.options([.init(value: "", label: "Tous les départements", chosen: filter.departement == nil)]
                + reference.gazetteer.departements.map { .init(value: $0.code, label: "\($0.code) — \($0.name.name)", chosen: filter.departement == $0.code) }),
            from: read.items.first { $0.0 == "from" }?.1 ?? "", to: read.items.first { $0.0 == "to" }?.1 ?? "",
            period: filter.period.rawValue,
            summary: French.count(total, noun.0, noun.1) + (read.items.isEmpty ? "" : " pour ces critères"),
            cards: cards,
            pagination: Pagination(page: filter.page, total: total, size: filter.size, path: CommunityPaths.agenda.link(), query: read.items),
            filtered: !periodItems.isEmpty, calendarHref: CommunityPaths.agendaCalendar.link(), problems: read.problems,
            signedIn: request.signedInUser != nil, announces: !(try await EventFormPages.organisations(request)).isEmpty
        )).encodeResponse(for: request)
    }

    // MARK: An event

    package struct SessionView: Encodable {
        package var id: String
        package var kind: String
        package var title: String
        package var when: String
        package var room: String?
        package var summary: [String]
        package var theme: String?
        package var speakers: [String]
        package var seats: String?
        package var myState: String?
        package var myPosition: String?
        package var cancelHref: String?
        package var choosable: Bool
        package var started: Bool
        package var clash: String?
    }

    package struct EventContext: Encodable {
        package var layout: Layout
        package var id: String
        package var title: String
        package var kind: String
        package var when: String
        package var place: String
        package var onlineURL: String?
        package var onlineNote: String?
        package var summary: [String]
        package var audience: String?
        package var organisers: [String]
        package var themes: [String]
        package var seats: String?
        package var closes: String?
        package var cancelled: Bool
        package var past: Bool
        package var sessions: [SessionView]
        package var calendarHref: String
        package var loginHref: String?
        /// Why one may not register now, when the form is not shown.
        package var closedReason: String?
        package var registration: RegistrationView?
        package var registerAction: String?
        package var csrf: String?
        package var manageHref: String?
        package var error: String?
        package var notice: String?
    }

    package struct RegistrationView: Encodable {
        package var state: String
        package var waiting: Bool
        package var position: String?
        package var cancelHref: String?
        package var addAction: String?
        package var calendarHref: String
        package var hasChoices: Bool
    }

    package static func event(_ request: Request) async throws -> EventStore.Event {
        guard let id = request.parameters.get("id").flatMap(UUID.init(uuidString:)), let event = try await EventStore.event(id, on: request.db) else {
            throw Abort(.notFound, reason: "Cet événement n’existe pas.")
        }
        return event
    }

    package static func speakerLine(_ speaker: EventStore.SpeakerRecord) -> String {
        [speaker.name, speaker.role, speaker.organisationName].filter { !$0.isEmpty }.joined(separator: ", ")
    }

    package static func render(_ request: Request, error: String? = nil, notice: String? = nil, status: HTTPStatus = .ok) async throws -> Response {
        let event = try await Self.event(request)
        let row = event.row
        let reference = try request.platform.reference
        let themes = try await EventStore.themes(on: request.db)
        let now = Date()
        let user = request.signedInUser
        var registration: EventStore.RegistrationRecord?
        var choices: [EventStore.SessionRegistrationRecord] = []
        var sessionWaiting: [UUID: [WaitingEntry]] = [:]
        var eventWaiting: [WaitingEntry] = []
        if let user {
            registration = try await EventStore.registration(of: user.id, event: event.id, on: request.db)
            if let registration, registration.isActive {
                choices = try await EventStore.sessionRegistrations(of: [registration.id], on: request.db)
                sessionWaiting = try await Self.waitingLists(of: event.id, on: request.db)
                if registration.state == .waiting { eventWaiting = try await Self.eventWaitingList(event.id, on: request.db) }
            }
        }
        let active = registration?.isActive == true ? registration : nil
        let facts = RegistrationRules.EventFacts(cancelled: row.cancelledAt != nil, ends: row.endsAt, registrationCloses: row.registrationClosesAt)
        let closedReason = RegistrationRules.eventProblem(facts, now: now)
        let mayManage = Policy.decide(.manage, on: event.policyRef, for: try await request.actor()) == .allowed
        let kept = event.sessions.filter { session in choices.contains { $0.sessionID == session.id && $0.isActive } }
        let sessions = event.sessions.map { session -> SessionView in
            let mine = choices.first { $0.sessionID == session.id && $0.isActive }
            // A session at the time of one already chosen is not offered: it would be refused.
            let clash = mine == nil ? kept.first { RegistrationRules.overlap($0.slot, session.slot) } : nil
            let position = mine.flatMap { row in row.state == .waiting ? RegistrationRules.position(of: row.id, in: sessionWaiting[session.id] ?? []) : nil }
            let started = now >= session.startsAt
            return SessionView(
                id: session.id.uuidString.lowercased(), kind: session.kind.label, title: session.title,
                when: DateText.parisDay(session.startsAt) == DateText.parisDay(row.startsAt) && DateText.parisDay(session.endsAt) == DateText.parisDay(row.endsAt)
                    ? "\(ParisTime.hour(session.startsAt)) – \(ParisTime.hour(session.endsAt))" : ParisTime.span(session.startsAt, session.endsAt),
                room: session.room, summary: Paragraphs.of(session.summary), theme: session.theme.flatMap { slug in themes.first { $0.slug == slug }?.name },
                speakers: (event.speakers[session.id] ?? []).map(speakerLine),
                seats: row.cancelledAt == nil && !started ? Self.seats(capacity: session.capacity, taken: session.taken, waitingList: row.waitingList) : nil,
                myState: mine?.state.label, myPosition: position.map { "position \($0)" },
                cancelHref: mine != nil && !started && active != nil ? Links.sessionCancel(active!.id, session.id) : nil,
                choosable: mine == nil && clash == nil && !started && closedReason == nil, started: started,
                clash: clash.map { "En même temps que « \($0.title) », que vous avez choisie." })
        }
        var registrationView: RegistrationView?
        if let active {
            registrationView = RegistrationView(
                state: active.state.label, waiting: active.state == .waiting,
                position: active.state == .waiting ? RegistrationRules.position(of: active.id, in: eventWaiting).map { "position \($0)" } : nil,
                cancelHref: now < row.startsAt ? Links.registrationCancel(active.id) : nil,
                addAction: closedReason == nil && sessions.contains(where: \.choosable) ? CommunityPaths.addSessions.link(active.id) : nil,
                calendarHref: CommunityPaths.registrationCalendar.link(active.id), hasChoices: !choices.filter(\.isActive).isEmpty)
        }
        let confirmed = active?.state == .confirmed
        let context = EventContext(
            layout: Layout(title: "\(row.title) — Agenda — Passerelle", section: "evenements",
                           breadcrumbs: [.init(label: "Agenda", href: CommunityPaths.agenda.link()), .init(label: row.title)], request: request),
            id: row.id.uuidString.lowercased(), title: row.title, kind: row.kind.label, when: ParisTime.span(row.startsAt, row.endsAt),
            place: Self.place(of: row, gazetteer: reference.gazetteer),
            onlineURL: confirmed || mayManage ? row.onlineURL : nil,
            onlineNote: row.onlineURL != nil && !(confirmed || mayManage) ? "Le lien de connexion est donné aux personnes inscrites." : nil,
            summary: Paragraphs.of(row.summary), audience: row.audience, organisers: event.organisers.map(\.name), themes: Self.themeNames(row.themeSlugs, themes),
            seats: row.cancelledAt == nil && row.endsAt > now ? Self.seats(capacity: row.capacity, taken: row.taken, waitingList: row.waitingList) : nil,
            closes: row.registrationClosesAt.flatMap { $0 > now ? "Inscriptions jusqu’au \(DateText.frenchDateTime($0))." : nil },
            cancelled: row.cancelledAt != nil, past: row.endsAt <= now, sessions: sessions,
            calendarHref: CommunityPaths.eventCalendar.link(row.id),
            loginHref: user == nil ? Links.login(next: Links.event(row.id)) : nil,
            closedReason: active == nil ? closedReason : nil,
            registration: registrationView,
            registerAction: user != nil && active == nil && closedReason == nil ? Links.event(row.id) + AccountsPaths.signUp.link() : nil,
            csrf: user != nil ? CSRF.token(for: request) : nil,
            manageHref: mayManage ? CommunityPaths.manage.link(row.id) : nil,
            error: error, notice: notice)
        let response = try await request.view.render("community/event", context).encodeResponse(for: request)
        response.status = status
        return response
    }

    package static func waitingLists(of event: UUID, on database: any Database) async throws -> [UUID: [WaitingEntry]] {
        struct Row: Decodable {
            package var id: UUID
            package var sessionID: UUID
            package var waitingSince: Date?
        }
        let rows = try await database.sql.raw("""
            SELECT r.id AS id, r.session_id AS session_id, r.waiting_since AS waiting_since FROM session_registrations r
            JOIN event_sessions s ON s.id = r.session_id WHERE s.event_id = \(bind: event) AND r.state = 'liste-d-attente'
            """).all(decoding: Row.self, table: "session_registrations", keys: .snakeCaseColumns)
        return Dictionary(grouping: rows, by: \.sessionID).mapValues { $0.map { WaitingEntry(id: $0.id, since: $0.waitingSince ?? .distantPast) } }
    }

    package static func eventWaitingList(_ event: UUID, on database: any Database) async throws -> [WaitingEntry] {
        struct Row: Decodable {
            package var id: UUID
            package var waitingSince: Date?
        }
        return try await database.sql.select().columns("id", "waiting_since").from("event_registrations")
            .where("event_id", .equal, SQLBind(event)).where("state", .equal, SQLBind(RegistrationState.waiting.rawValue))
            .all(decoding: Row.self, table: "event_registrations", keys: .snakeCaseColumns).map { WaitingEntry(id: $0.id, since: $0.waitingSince ?? .distantPast) }
    }

    @Sendable
    package func show(request: Request) async throws -> Response {
        let items = QueryItems.parse(request.url.query)
        let notice: String? = switch items.first(where: { $0.0 == "fait" })?.1 {
        case "inscription": "Votre inscription est enregistrée. Un rappel vous sera envoyé la veille."
        case "attente": "Votre inscription est enregistrée sur liste d’attente là où c’est complet. "
            + "Dès qu’une place se libère, elle vous revient dans l’ordre d’arrivée et vous recevez un courriel ; vous n’avez rien d’autre à faire."
        case "sessions": "Vos sessions sont ajoutées."
        case "annulation": "Votre annulation est enregistrée : la place va à la personne suivante sur la liste d’attente, s’il y en a une."
        default: nil
        }
        return try await Self.render(request, notice: notice)
    }

    // MARK: Registering

    package static func actor(_ request: Request, _ user: SignedInUser) -> RegistrationFlows.Actor {
        RegistrationFlows.Actor(id: user.id, email: user.email, address: request.clientAddress)
    }

    /// The chosen sessions of a form; nil when one of them is not an identifier.
    package static func sessionIDs(_ form: SubmittedForm) -> [UUID]? {
        let values = form.all("session")
        let ids = values.compactMap(UUID.init(uuidString:))
        return ids.count == values.count ? ids : nil
    }

    @Sendable
    package func register(request: Request) async throws -> Response {
        let event = try await Self.event(request)
        guard let user = request.signedInUser else { return request.redirect(to: Links.login(next: Links.event(event.id))) }
        guard let ids = Self.sessionIDs(SubmittedForm(request)) else { return try await Self.render(request, error: "Une des sessions choisies n’existe pas.", status: .badRequest) }
        let outcome: RegistrationFlows.Outcome
        do {
            outcome = try await RegistrationFlows.register(event: event.id, sessions: ids, by: Self.actor(request, user), on: request.db)
        } catch let problem as RegistrationProblem {
            return try await Self.render(request, error: problem.message, status: problem.isConflict ? .conflict : .unprocessableEntity)
        }
        // On a waiting list (for the event or one of its sessions), the confirmation says what comes next.
        let waiting = outcome.state == .waiting || outcome.sessions.contains { $0.state == .waiting }
        return request.redirect(to: Links.event(event.id) + "?fait=\(waiting ? "attente" : "inscription")#inscription")
    }

    /// The registration of the route's `rid`, when it is the signed-in user's.
    package static func ownRegistration(_ request: Request, _ user: SignedInUser) async throws -> EventStore.RegistrationRecord {
        guard let id = request.parameters.get("rid").flatMap(UUID.init(uuidString:)), let registration = try await EventStore.registration(id, on: request.db),
              registration.userID == user.id else { throw Abort(.notFound, reason: "Cette inscription n’existe pas, ou n’est pas la vôtre.") }
        return registration
    }

    @Sendable
    package func addSessions(request: Request) async throws -> Response {
        guard let user = request.signedInUser else { return request.redirect(to: Links.login(next: CommunityPaths.myRegistrations.link())) }
        let registration = try await Self.ownRegistration(request, user)
        request.parameters.set("id", to: registration.eventID.uuidString)
        guard let ids = Self.sessionIDs(SubmittedForm(request)) else { return try await Self.render(request, error: "Une des sessions choisies n’existe pas.", status: .badRequest) }
        let choices: [RegistrationFlows.Outcome.Choice]
        do {
            choices = try await RegistrationFlows.addSessions(ids, to: registration.id, by: Self.actor(request, user), on: request.db)
        } catch let problem as RegistrationProblem {
            return try await Self.render(request, error: problem.message, status: problem.isConflict ? .conflict : .unprocessableEntity)
        }
        let waiting = choices.contains { $0.state == .waiting }
        return request.redirect(to: Links.event(registration.eventID) + "?fait=\(waiting ? "attente" : "sessions")#inscription")
    }

    package struct CancelContext: Encodable {
        package var layout: Layout
        package var heading: String
        package var explanation: String
        package var action: String
        package var button: String
        package var back: String
        package var csrf: String
        package var backLabel = "Revenir à l’événement"
    }

    @Sendable
    package func confirmCancel(request: Request) async throws -> Response {
        guard let user = request.signedInUser else { return request.redirect(to: Links.login(next: request.url.path)) }
        let registration = try await Self.ownRegistration(request, user)
        guard let event = try await EventStore.event(registration.eventID, on: request.db) else { throw Abort(.notFound) }
        let heading: String, explanation: String, button: String
        if let sid = request.parameters.get("sid").flatMap(UUID.init(uuidString:)) {
            guard let session = event.sessions.first(where: { $0.id == sid }) else { throw Abort(.notFound, reason: "Cette session n’existe pas.") }
            heading = "Annuler votre place à « \(session.title) » ?"
            explanation = "Votre inscription à « \(event.row.title) » et à vos autres sessions reste valable. Si des personnes attendent une place, la première la recevra aussitôt."
            button = "Annuler cette session"
        } else {
            heading = "Annuler votre inscription à « \(event.row.title) » ?"
            explanation = "Vos places à toutes les sessions seront libérées et proposées aux personnes en liste d’attente. Vous pourrez vous inscrire de nouveau tant qu’il reste de la place."
            button = "Annuler mon inscription"
        }
        return try await request.view.render("community/cancel", CancelContext(
            layout: Layout(title: heading + " — Passerelle", section: "evenements",
                           breadcrumbs: [.init(label: "Agenda", href: CommunityPaths.agenda.link()), .init(label: event.row.title, href: Links.event(event.id)), .init(label: "Annulation")],
                           request: request),
            heading: heading, explanation: explanation, action: request.url.path, button: button, back: Links.event(event.id), csrf: CSRF.token(for: request)
        )).encodeResponse(for: request)
    }

    @Sendable
    package func cancel(request: Request) async throws -> Response {
        guard let user = request.signedInUser else { return request.redirect(to: Links.login(next: CommunityPaths.myRegistrations.link())) }
        let registration = try await Self.ownRegistration(request, user)
        let publicURL = request.platform.config.publicURL
        do {
            if let sid = request.parameters.get("sid").flatMap(UUID.init(uuidString:)) {
                let rows = try await EventStore.sessionRegistrations(of: [registration.id], on: request.db)
                guard let row = rows.first(where: { $0.sessionID == sid }) else { throw Abort(.notFound, reason: "Vous n’êtes pas inscrit à cette session.") }
                try await RegistrationFlows.cancelSession(row.id, of: registration.id, by: Self.actor(request, user), publicURL: publicURL, on: request.db)
            } else {
                try await RegistrationFlows.cancel(registration.id, by: Self.actor(request, user), publicURL: publicURL, on: request.db)
            }
        } catch let problem as RegistrationProblem {
            request.parameters.set("id", to: registration.eventID.uuidString)
            return try await Self.render(request, error: problem.message, status: .conflict)
        }
        return request.redirect(to: Links.event(registration.eventID) + "?fait=annulation#inscription")
    }

    // MARK: My registrations

    package struct MineContext: Encodable {
        package struct Line: Encodable {
            package var title: String
            package var href: String
            package var when: String
            package var place: String
            package var state: String
            package var sessions: [String]
            package var calendarHref: String?
            package var cancelled: Bool
        }

        package var layout: Layout
        package var upcoming: [Line]
        package var past: [Line]
    }

    @Sendable
    package func mine(request: Request) async throws -> Response {
        guard let user = request.signedInUser else { return request.redirect(to: Links.login(next: request.url.path)) }
        let gazetteer = try request.platform.reference.gazetteer
        let registrations = try await EventStore.registrations(of: user.id, on: request.db)
        let choices = Dictionary(grouping: try await EventStore.sessionRegistrations(of: registrations.map(\.registration.id), on: request.db), by: \.registrationID)
        var titles: [UUID: String] = [:]
        for event in Set(registrations.map(\.event.id)) {
            for session in try await EventStore.sessions(of: event, on: request.db) { titles[session.id] = session.title }
        }
        let now = Date()
        let lines = registrations.map { pair in
            let (registration, event) = pair
            return (event.endsAt > now, MineContext.Line(
                title: event.title, href: Links.event(event.id), when: ParisTime.span(event.startsAt, event.endsAt), place: Self.place(of: event, gazetteer: gazetteer),
                state: event.cancelledAt != nil ? "Événement annulé" : registration.state.label,
                sessions: (choices[registration.id] ?? []).filter(\.isActive).compactMap { choice in titles[choice.sessionID].map { "\($0) — \(choice.state.label.lowercased())" } },
                calendarHref: registration.isActive ? CommunityPaths.registrationCalendar.link(registration.id) : nil,
                cancelled: !registration.isActive || event.cancelledAt != nil))
        }
        return try await request.view.render("community/mine", MineContext(
            layout: Layout(title: "Mes inscriptions — Passerelle", section: "evenements",
                           breadcrumbs: [.init(label: "Agenda", href: CommunityPaths.agenda.link()), .init(label: "Mes inscriptions")], request: request),
            upcoming: lines.filter(\.0).map(\.1), past: lines.filter { !$0.0 }.map(\.1).reversed()
        )).encodeResponse(for: request)
    }

    // MARK: Calendars

    package static func calendarResponse(_ calendar: ICalendar, name: String) -> Response {
        let response = Response(status: .ok, body: .init(string: calendar.text(stamp: Date())))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "calendar", parameters: ["charset": "utf-8"])
        response.headers.replaceOrAdd(name: .contentDisposition, value: "inline; filename=\"\(name).ics\"")
        return response
    }

    @Sendable
    package func agendaCalendar(request: Request) async throws -> Response {
        Self.calendarResponse(try await EventCalendars.agenda(on: request.db, publicURL: request.platform.config.publicURL, gazetteer: try request.platform.reference.gazetteer),
                              name: "passerelle-agenda")
    }

    @Sendable
    package func eventCalendar(request: Request) async throws -> Response {
        let event = try await Self.event(request)
        return Self.calendarResponse(EventCalendars.event(event, sessions: nil, publicURL: request.platform.config.publicURL, gazetteer: try request.platform.reference.gazetteer),
                                     name: "evenement-\(event.id.uuidString.lowercased())")
    }

    @Sendable
    package func registrationCalendar(request: Request) async throws -> Response {
        guard let user = request.signedInUser else { return request.redirect(to: Links.login(next: request.url.path)) }
        let registration = try await Self.ownRegistration(request, user)
        guard let event = try await EventStore.event(registration.eventID, on: request.db) else { throw Abort(.notFound) }
        let chosen = Set(try await EventStore.sessionRegistrations(of: [registration.id], on: request.db).filter(\.isActive).map(\.sessionID))
        return Self.calendarResponse(EventCalendars.event(event, sessions: chosen, publicURL: request.platform.config.publicURL, gazetteer: try request.platform.reference.gazetteer,
                                                          cancelled: !registration.isActive),
                                     name: "inscription-\(registration.id.uuidString.lowercased())")
    }
}

/// The agenda and its events as iCal calendars: the whole agenda, one event with its sessions, one
/// person's registration (the sessions they chose).
package enum EventCalendars {
    package static func agenda(on database: any Database, publicURL: String, gazetteer: Gazetteer, now: Date = Date()) async throws -> ICalendar {
        var filter = EventStore.Filter(period: .all)
        // What a calendar needs: what is coming, and the last three months.
        filter.from = now.addingTimeInterval(-90 * 86_400)
        filter.size = 500
        let (rows, _) = try await EventStore.list(filter, on: database)
        return ICalendar(name: "Passerelle — agenda de l’inclusion dans l’emploi", entries: rows.map { entry(for: $0, publicURL: publicURL, gazetteer: gazetteer) })
    }

    package static func entry(for row: EventStore.EventRecord, publicURL: String, gazetteer: Gazetteer) -> ICalendar.Entry {
        let host = URL(string: publicURL)?.host ?? "passerelle"
        return ICalendar.Entry(uid: "evenement-\(row.id.uuidString.lowercased())@\(host)", timing: .span(start: row.startsAt, end: row.endsAt),
                               summary: row.title, description: "\(row.kind.label). \(row.summary)\n\(publicURL + Links.event(row.id))",
                               url: publicURL + Links.event(row.id), location: EventPages.place(of: row, gazetteer: gazetteer), cancelled: row.cancelledAt != nil)
    }

    /// The event, then each of its sessions (only `sessions` when given: a registration's choice).
    package static func event(_ event: EventStore.Event, sessions chosen: Set<UUID>?, publicURL: String, gazetteer: Gazetteer, cancelled: Bool = false) -> ICalendar {
        let host = URL(string: publicURL)?.host ?? "passerelle"
        var main = entry(for: event.row, publicURL: publicURL, gazetteer: gazetteer)
        main.cancelled = main.cancelled || cancelled
        let place = EventPages.place(of: event.row, gazetteer: gazetteer)
        let sessions = event.sessions.filter { chosen?.contains($0.id) ?? true }.map { session in
            ICalendar.Entry(uid: "session-\(session.id.uuidString.lowercased())@\(host)", timing: .span(start: session.startsAt, end: session.endsAt),
                            summary: "\(session.title) — \(event.row.title)",
                            description: ([session.kind.label + ". " + session.summary] + (event.speakers[session.id] ?? []).map(EventPages.speakerLine))
                                .joined(separator: "\n"),
                            url: publicURL + Links.event(event.id), location: [session.room, place].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", "),
                            cancelled: main.cancelled)
        }
        return ICalendar(name: event.row.title, entries: [main] + sessions)
    }
}
