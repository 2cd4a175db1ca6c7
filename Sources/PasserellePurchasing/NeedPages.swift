import Fluent
import Foundation
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import Vapor

/// The needs' pages: the public list, a need's page (with what each role may do there), its
/// transitions, the moderation queue and the buyer's own needs.
package struct NeedPages: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get(PurchasingPaths.needs, use: list)
        routes.get(PurchasingPaths.moderation, use: moderationQueue)
        routes.get(PurchasingPaths.mine, use: mine)
        routes.get(PurchasingPaths.need, use: need)
        routes.post(PurchasingPaths.submit) { try await Self.transition($0, .submit) }
        routes.post(PurchasingPaths.publish) { try await Self.transition($0, .publish) }
        routes.post(PurchasingPaths.refuse) { request in
            if let refusal = try await Self.refusal(request, .refuse(message: "")) { return refusal }
            return try await Self.transition(request, .refuse(message: String(SubmittedForm(request)["message"].prefix(2000))))
        }
        routes.post(PurchasingPaths.reopen) { try await Self.transition($0, .reopen) }
        routes.post(PurchasingPaths.close) { request in
            // Who may close comes first: what the form names (a structure that won) is only
            // looked at for the buyer and the moderators.
            if let refusal = try await Self.refusal(request, .close(.awarded)) { return refusal }
            let form = SubmittedForm(request)
            let outcome: NeedOutcome? = switch form["outcome"] {
            case NeedState.awarded.rawValue: .awarded
            case NeedState.notAwarded.rawValue: .notAwarded
            case NeedState.withoutFollowUp.rawValue: .withoutFollowUp
            default: nil
            }
            guard let outcome else { return try await Self.renderNeed(request, error: "Dites comment le besoin s’est terminé : attribué, non attribué ou sans suite.") }
            var award: Award?
            if outcome == .awarded {
                let record = try await Self.visibleNeed(request)
                let choices = try await Self.winnerChoices(of: record, on: request.db)
                switch Award.read(winner: form["winner"], otherName: form["winner_name"], amount: form["awarded_amount"],
                                  structures: Set(choices.structures.map(\.0)), groups: Set(choices.groups.map(\.0))) {
                case .success(let read): award = read
                case .failure(let problems): return try await Self.renderNeed(request, error: problems.list.map(\.message).joined(separator: " "))
                }
            }
            return try await Self.transition(request, .close(outcome), award: award)
        }
        routes.get(PurchasingPaths.cancel, use: confirmCancel)
        routes.post(PurchasingPaths.cancel) { try await Self.transition($0, .cancel) }
    }

    // MARK: Public list

    package struct ListContext: Encodable {
        package var layout: Layout
        package var kinds: String
        package var sectors: String
        package var departements: String
        package var clauses: String
        package var summary: String
        package var rows: [NeedRow]
        package var pagination: Pagination
        package var filtered: Bool
        package var feedHref: String
        package var calendarHref: String
        package var error: String?
        package var offersNeedForm: Bool
    }

    @Sendable
    package func list(request: Request) async throws -> Response {
        let reference = try request.platform.reference
        let items = QueryItems.parse(request.url.query)
        func value(_ key: String) -> String { items.first { $0.0 == key }?.1.trimmingCharacters(in: .whitespaces) ?? "" }
        var filter = NeedStore.Filter()
        var error: String?
        filter.kind = NeedKind(rawValue: value("kind"))
        filter.sector = reference.taxonomy.sector(value("sector"))?.slug
        filter.departement = reference.gazetteer.departement(value("departement"))?.code
        filter.clause = ClauseKind(rawValue: value("clause"))
        filter.size = 20
        if !value("page").isEmpty {
            guard let page = Int(value("page")), (1...100_000).contains(page) else {
                throw Abort(.badRequest, reason: "Numéro de page invalide : un nombre de 1 à 100 000.")
            }
            filter.page = page
        }
        if [("kind", filter.kind == nil), ("sector", filter.sector == nil), ("departement", filter.departement == nil), ("clause", filter.clause == nil)]
            .contains(where: { !value($0.0).isEmpty && $0.1 }) {
            error = "Un des filtres n’est pas reconnu : il a été ignoré."
        }
        let (records, total) = try await NeedStore.list(filter, on: request.db)
        let query = [("kind", filter.kind?.rawValue), ("sector", filter.sector), ("departement", filter.departement), ("clause", filter.clause?.rawValue)]
            .compactMap { key, value in value.map { (key, $0) } }
        let response = try await request.view.render("needs/list", ListContext(
            layout: Layout(title: "Besoins d’achat publiés — Passerelle", section: "besoins", breadcrumbs: [.init(label: "Besoins d’achat")], request: request),
            kinds: HTMLFragments.options([.init(value: "", label: "Tous les types", chosen: filter.kind == nil)]
                + NeedKind.allCases.map { .init(value: $0.rawValue, label: $0.label, chosen: filter.kind == $0) }),
            sectors: HTMLFragments.options([.init(value: "", label: "Tous les secteurs", chosen: filter.sector == nil)]
                + reference.taxonomy.groups.flatMap { group in group.sectors.map { .init(value: $0.slug, label: "\(group.name) — \($0.name)", chosen: filter.sector == $0.slug) } }),
            departements: HTMLFragments.options([.init(value: "", label: "Tous les départements", chosen: filter.departement == nil)]
                + reference.gazetteer.departements.map { .init(value: $0.code, label: "\($0.code) — \($0.name.name)", chosen: filter.departement == $0.code) }),
            clauses: HTMLFragments.options([.init(value: "", label: "Toutes les clauses", chosen: filter.clause == nil)]
                + ClauseKind.allCases.map { .init(value: $0.rawValue, label: $0.label, chosen: filter.clause == $0) }),
            summary: French.count(total, "besoin publié", "besoins publiés") + (query.isEmpty ? "" : " pour ces critères"),
            rows: records.map { NeedRow($0, gazetteer: reference.gazetteer) },
            pagination: Pagination(page: filter.page, total: total, size: filter.size, path: PurchasingPaths.needs.link(), query: query),
            filtered: !query.isEmpty,
            feedHref: "/api/v1/needs.atom" + (query.isEmpty ? "" : "?" + QueryItems.encode(query)),
            calendarHref: "/api/v1/needs/deadlines.ics" + (query.isEmpty ? "" : "?" + QueryItems.encode(query)),
            error: error, offersNeedForm: NeedFormPages.offersNeedForm(to: try await request.actor())
        )).encodeResponse(for: request)
        return response
    }

    // MARK: A need's page

    package struct NeedContext: Encodable {
        package struct Owner: Encodable {
            package var mayEdit: Bool
            package var editHref: String
            package var maySubmit: Bool
            package var mayReopen: Bool
            package var mayCancel: Bool
            package var mayClose: Bool
            package var refusalMessage: String?
            package var funnel: FunnelView?
            package var answers: [AnswerView]
            package var csvHref: String
        }

        package struct Moderation: Encodable {
            package var mayDecide: Bool
            package var mayClose: Bool
            package var mayCancel: Bool
        }

        package struct FunnelView: Encodable {
            package var sent: String
            package var seen: String
            package var interested: String
            package var notInterested: String
            package var inGroups: String
            package var answerRate: String
        }

        package struct AnswerView: Encodable {
            package var structure: String
            package var href: String
            package var kind: String
            package var stance: String
            package var reason: String?
            package var comment: String?
            package var email: String?
            package var phone: String?
            package var responses: [QA]
            package var on: String
            package var reported: String?
        }

        package struct QA: Encodable {
            package var question: String
            package var answer: String
        }

        package struct HistoryLine: Encodable {
            package var at: String
            package var actor: String
            package var change: String
            package var message: String?
        }

        /// Where the need page's forms go.
        package struct NeedPaths: Encodable {
            package var answer, submit, reopen, close, cancel, publish, refuse, outcome: String

            package init(_ need: UUID) {
                answer = PurchasingPaths.answer.link(need)
                submit = PurchasingPaths.submit.link(need)
                reopen = PurchasingPaths.reopen.link(need)
                close = PurchasingPaths.close.link(need)
                cancel = PurchasingPaths.cancel.link(need)
                publish = PurchasingPaths.publish.link(need)
                refuse = PurchasingPaths.refuse.link(need)
                outcome = PurchasingPaths.reportOutcome.link(need)
            }
        }

        package var layout: Layout
        package var need: NeedView
        package var csrf: String
        package var paths: NeedPaths
        package var signedIn: Bool
        package var loginHref: String
        package var notice: String?
        package var error: String?
        package var owner: Owner?
        package var moderation: Moderation?
        package var answering: [AnswerForm]
        package var groups: [GroupPanel]
        package var buyerGroups: [String]
        package var winners: [ChoiceOption]
        package var award: String?
        package var reports: [ChoiceOption]
        package var hours: HoursPanel?
        package var history: [HistoryLine]
        package var outcomes: [ChoiceOption]
    }

    @Sendable
    package func need(request: Request) async throws -> Response {
        try await Self.renderNeed(request)
    }

    /// The record of the `:id` parameter, if the actor may see it: published and closed needs are
    /// public, others are their buyer's and their moderators'.
    package static func visibleNeed(_ request: Request) async throws -> NeedRecord {
        let notFound = Abort(.notFound, reason: "Ce besoin n’existe pas, ou n’est pas publié.")
        guard let id = request.parameters.get("id").flatMap(UUID.init(uuidString:)), let record = try await NeedStore.need(id: id, on: request.db) else { throw notFound }
        if record.state == .published || record.state.isClosed { return record }
        let ref = Policy.NeedRef(organisation: record.organisationID, departements: record.departements, regions: record.regions)
        guard Policy.decide(.read, on: ref, for: try await request.actor()) == .allowed else { throw notFound }
        return record
    }

    package static func renderNeed(_ request: Request, error: String? = nil, answerForms: [AnswerForm]? = nil, status: HTTPStatus? = nil) async throws -> Response {
        let record = try await visibleNeed(request)
        let reference = try request.platform.reference
        let actor = try await request.actor()
        let ref = Policy.NeedRef(organisation: record.organisationID, departements: record.departements, regions: record.regions)
        let owns = Policy.decide(.manage, on: ref, for: actor) == .allowed
        let moderates = Policy.decide(.moderate, on: ref, for: actor) == .allowed
        let base = Links.need(record.id)
        var owner: NeedContext.Owner?
        if owns || moderates {
            let funnel = try await AnswerStore.funnel(of: record.id, on: request.db)
            let answers = try await AnswerStore.answers(to: record.id, on: request.db)
            // The buyer's team has them before its eyes: they no longer wait in « Mon espace ».
            if owns, !answers.isEmpty { try await AnswerStore.markRead(answersTo: record.id, on: request.db) }
            let questions = record.content.questions
            owner = .init(
                mayEdit: owns && record.state == .draft, editHref: PurchasingPaths.editStep.link(record.id, 1),
                maySubmit: owns && record.state == .draft && VerificationPolicy.mayPublish(for: record.organisationID, actor: actor), mayReopen: owns && record.state == .refused,
                mayCancel: owns && [.draft, .submitted, .published, .refused].contains(record.state), mayClose: owns && record.state == .published,
                refusalMessage: record.state == .refused ? record.refusalMessage : nil,
                funnel: record.state == .published || record.state.isClosed ? .init(
                    sent: French.number(funnel.sent), seen: French.number(funnel.seen), interested: French.number(funnel.interested),
                    notInterested: French.number(funnel.notInterested), inGroups: French.number(funnel.inGroups), answerRate: "\(funnel.answerRate) %") : nil,
                answers: answers.map { line in
                    let responses = AnswerStore.decodeResponses(line.responses)
                    return .init(
                        structure: line.structure.name, href: Links.structure(line.structure.id), kind: line.structure.kind.acronym,
                        stance: line.stance.label, reason: line.reason?.label,
                        comment: line.comment.isEmpty ? nil : line.comment, email: line.structure.email, phone: line.structure.phone,
                        responses: zip(questions, responses).map { NeedContext.QA(question: $0, answer: $1) }, on: DateText.frenchDay(line.updatedAt),
                        reported: line.reportedOutcome?.label)
                },
                csvHref: PurchasingPaths.answersCSV.link(record.id)
            )
        }
        let moderation: NeedContext.Moderation? = moderates ? .init(
            mayDecide: record.state == .submitted, mayClose: !owns && record.state == .published, mayCancel: !owns && record.state == .published) : nil
        let forms: [AnswerForm]
        if let answerForms {
            forms = answerForms
        } else {
            forms = try await AnswerPages.forms(for: record, request: request)
            // A member who opens the need has read it, for the structures it was sent to.
            try await AnswerStore.markSeen(record.id, by: forms.map(\.structureID), on: request.db)
        }
        let history = owns || moderates ? try await NeedStore.transitions(of: record.id, on: request.db).map { event in
            NeedContext.HistoryLine(at: DateText.frenchDateTime(event.at), actor: event.actor,
                                    change: (event.fromState.map { "\($0.label) → " } ?? "Création : ") + event.toState.label,
                                    message: event.message)
        } : []
        let notice: String? = switch request.url.query {
        case "etat=1": "C’est fait : le besoin est maintenant « \(record.state.label.lowercased()) »."
        case "reponse=1": "Votre réponse est enregistrée : l’acheteur la voit."
        case "groupement=1": "Le groupement est à jour."
        case "issue=1": "Merci : votre réponse est enregistrée."
        case "heures=1": "Heures d’insertion enregistrées."
        default: nil
        }
        let choices = owns || moderates ? try await winnerChoices(of: record, on: request.db) : (structures: [], groups: [])
        let allMembers = try await GroupStore.members(on: record.id, on: request.db)
        let award = try await awardText(record, choices: choices.structures, members: allMembers, on: request.db)
        // The structures of the user that said they were interested, asked once the need is closed.
        var reports: [ChoiceOption] = []
        if record.state.isClosed, request.signedInUser != nil {
            let mine = Set(try await request.actor().memberships.filter { $0.kind == .structure }.compactMap(\.structure))
            reports = try await AnswerStore.answers(to: record.id, on: request.db)
                .filter { mine.contains($0.structure.id) && $0.stance != .notInterested }
                .map { ChoiceOption(value: $0.structure.id.uuidString.lowercased(), label: $0.structure.name) }
        }
        var breadcrumbs: [Layout.Crumb] = [.init(label: "Besoins d’achat", href: PurchasingPaths.needs.link())]
        if owns { breadcrumbs = [.init(label: "Mes besoins", href: PurchasingPaths.mine.link())] }
        let response = try await request.view.render("needs/need", NeedContext(
            layout: Layout(title: (error == nil ? "" : "Erreur — ") + record.content.title + " — Passerelle", section: "besoins",
                           breadcrumbs: breadcrumbs + [.init(label: record.content.title)], request: request),
            need: NeedView(record, reference: reference, withContact: Policy.decide(.readContact, on: ref, for: actor) == .allowed),
            csrf: request.signedInUser == nil ? "" : CSRF.token(for: request), paths: NeedContext.NeedPaths(record.id), signedIn: request.signedInUser != nil,
            loginHref: Links.login(next: base), notice: notice, error: error, owner: owner, moderation: moderation, answering: forms,
            groups: try await GroupPages.panels(for: record, request: request),
            buyerGroups: owns || moderates ? choices.groups.map { $0.1 } : [],
            winners: choices.structures.map { ChoiceOption(value: "structure:\($0.0.uuidString.lowercased())", label: $0.1) }
                + choices.groups.map { ChoiceOption(value: "groupement:\($0.0.uuidString.lowercased())", label: $0.1) }
                + [ChoiceOption(value: "autre", label: "Un autre titulaire")],
            award: award, reports: reports, hours: try await HoursPages.panel(for: record, request: request), history: history,
            outcomes: [NeedState.awarded, .notAwarded, .withoutFollowUp].map { .init(value: $0.rawValue, label: $0.label.replacingOccurrences(of: "Clos : ", with: "")) }
        )).encodeResponse(for: request)
        if let status { response.status = status } else if error != nil { response.status = .unprocessableEntity }
        return response
    }

    /// « Attribué à … pour … € », once the buyer said who won.
    package static func awardText(_ record: NeedRecord, choices: [(UUID, String)], members: [GroupStore.Member], on database: any Database) async throws -> String? {
        let winner: String
        switch record.award {
        case .structure(let id, _)?:
            if let known = choices.first(where: { $0.0 == id })?.1 { winner = known } else {
                winner = try await DirectoryQueries.structure(id: id, on: database)?.name ?? "une structure"
            }
        case .group(let id, _)?:
            winner = "au " + GroupStore.label(of: members.filter { $0.groupID == id })
        case .other(let name, _)?:
            winner = name
        case nil:
            return nil
        }
        let amount = record.award?.amount.map { " pour \(French.number($0)) €" } ?? ""
        return (winner.hasPrefix("au ") ? "Attribué " : "Attribué à ") + winner + amount
    }

    /// Who the buyer may say won: the structures that said they were interested, and the groups.
    package static func winnerChoices(of record: NeedRecord, on database: any Database) async throws -> (structures: [(UUID, String)], groups: [(UUID, String)]) {
        let answers = try await AnswerStore.answers(to: record.id, on: database).filter { $0.stance != .notInterested }
        let members = try await GroupStore.members(on: record.id, on: database)
        var groups: [(UUID, String)] = []
        for id in members.map(\.groupID) where !groups.contains(where: { $0.0 == id }) {
            groups.append((id, GroupStore.label(of: members.filter { $0.groupID == id })))
        }
        return (answers.map { ($0.structure.id, $0.structure.name) }, groups)
    }

    /// The answer to give when the actor may not move the need of the request by `event` (log-in
    /// page, 404 for a need they may not see, 403), nil when they may.
    package static func refusal(_ request: Request, _ event: NeedEvent) async throws -> Response? {
        guard request.signedInUser != nil else { return request.redirect(to: Links.login(next: PurchasingPaths.need.link(request.parameters.get("id") ?? ""))) }
        let record = try await visibleNeed(request)
        guard let message = NeedFlows.refusal(of: event, on: record, actor: try await request.actor()) else { return nil }
        return try await renderNeed(request, error: message, status: .forbidden)
    }

    package static func transition(_ request: Request, _ event: NeedEvent, award: Award? = nil) async throws -> Response {
        guard let user = request.signedInUser else { return request.redirect(to: Links.login(next: request.url.path)) }
        let record = try await visibleNeed(request)
        do {
            switch try await NeedFlows.transition(record, on: event, award: award, by: user, actor: try await request.actor(), request: request) {
            case .moved(let moved):
                return request.redirect(to: Links.need(moved.id) + "?etat=1")
            case .refused(let message):
                return try await renderNeed(request, error: message)
            case .forbidden(let message):
                return try await renderNeed(request, error: message, status: .forbidden)
            }
        } catch is NeedFlows.NeedChangedMeanwhile {
            return try await renderNeed(request, error: "Le besoin a changé pendant que vous le regardiez : voici son état actuel.", status: .conflict)
        }
    }

    // MARK: Cancelling (confirmed first)

    package struct CancelContext: Encodable {
        package var layout: Layout
        package var title: String
        package var csrf: String
        package var action: String
        package var back: String
        /// « 2 structures se sont déjà dites intéressées : elles verront… », nil when none did.
        package var answers: String?
    }

    package static func interestedNotice(_ count: Int) -> String? {
        switch count {
        case 0: nil
        case 1: "Une structure s’est déjà dite intéressée : elle verra que le besoin est annulé."
        default: "\(French.number(count)) structures se sont déjà dites intéressées : elles verront que le besoin est annulé."
        }
    }

    @Sendable
    package func confirmCancel(request: Request) async throws -> Response {
        guard request.signedInUser != nil else { return request.redirect(to: Links.login(next: request.url.path)) }
        let record = try await Self.visibleNeed(request)
        // How many structures answered is the buyer's and the moderators' to know.
        if let message = NeedFlows.refusal(of: .cancel, on: record, actor: try await request.actor()) {
            return try await Self.renderNeed(request, error: message, status: .forbidden)
        }
        let funnel = try await AnswerStore.funnel(of: record.id, on: request.db)
        return try await request.view.render("needs/cancel", CancelContext(
            layout: Layout(title: "Annuler « \(record.content.title) » — Passerelle", section: "besoins",
                           breadcrumbs: [.init(label: "Besoins d’achat", href: PurchasingPaths.needs.link()), .init(label: record.content.title,
                               href: Links.need(record.id)), .init(label: "Annuler")], request: request),
            title: record.content.title, csrf: CSRF.token(for: request), action: PurchasingPaths.cancel.link(record.id), back: Links.need(record.id),
            answers: Self.interestedNotice(funnel.interested + funnel.inGroups)
        )).encodeResponse(for: request)
    }

    // MARK: Moderation queue

    package struct QueueContext: Encodable {
        package var layout: Layout
        package var summary: String
        package var rows: [NeedRow]
    }

    @Sendable
    package func moderationQueue(request: Request) async throws -> Response {
        guard request.signedInUser != nil else { return request.redirect(to: Links.login(next: request.url.path)) }
        let actor = try await request.actor()
        guard actor.moderatesNeeds else {
            throw Abort(.forbidden, reason: "La validation des besoins revient aux facilitateurs et aux animateurs d’un territoire.")
        }
        let gazetteer = try request.platform.reference.gazetteer
        let records = try await Self.awaitingModeration(by: actor, on: request.db)
        return try await request.view.render("needs/moderation", QueueContext(
            layout: Layout(title: "Besoins à valider — Passerelle", section: "besoins", breadcrumbs: [.init(label: "Besoins à valider")], request: request),
            summary: French.count(records.count, "besoin attend", "besoins attendent") + " votre validation",
            rows: records.map { NeedRow($0, gazetteer: gazetteer) }
        )).encodeResponse(for: request)
    }

    /// The submitted needs that `actor` may validate: the queue and the workspace read it.
    package static func awaitingModeration(by actor: Policy.Actor, on database: any Database) async throws -> [NeedRecord] {
        try await NeedStore.submitted(on: database).filter { record in
            Policy.decide(.moderate, on: .init(organisation: record.organisationID, departements: record.departements, regions: record.regions), for: actor) == .allowed
        }
    }

    // MARK: The buyer's needs

    package struct MineContext: Encodable {
        package var layout: Layout
        package var states: String
        package var summary: String
        package var rows: [NeedRow]
        package var pagination: Pagination
        package var isBuyer: Bool
    }

    @Sendable
    package func mine(request: Request) async throws -> Response {
        guard request.signedInUser != nil else { return request.redirect(to: Links.login(next: request.url.path)) }
        let organisations = Policy.buyerOrganisations(of: try await request.actor())
        let items = QueryItems.parse(request.url.query)
        var filter = NeedStore.Filter()
        filter.mine = true
        filter.organisations = organisations
        filter.state = items.first { $0.0 == "etat" }.flatMap { NeedState(rawValue: $0.1) }
        filter.page = items.first { $0.0 == "page" }.flatMap { Int($0.1) }.map { min(max($0, 1), 100_000) } ?? 1
        let (records, total) = try await NeedStore.list(filter, on: request.db)
        let gazetteer = try request.platform.reference.gazetteer
        return try await request.view.render("needs/mine", MineContext(
            layout: Layout(title: "Mes besoins d’achat — Passerelle", section: "besoins", breadcrumbs: [.init(label: "Mes besoins")], request: request),
            states: HTMLFragments.options([.init(value: "", label: "Tous les états", chosen: filter.state == nil)]
                + NeedState.allCases.map { .init(value: $0.rawValue, label: $0.label, chosen: filter.state == $0) }),
            summary: French.count(total, "besoin", "besoins") + (filter.state.map { " « \($0.label.lowercased()) »" } ?? ""),
            rows: records.map { NeedRow($0, gazetteer: gazetteer) },
            pagination: Pagination(page: filter.page, total: total, size: filter.size, path: PurchasingPaths.mine.link(), query: filter.state.map { [("etat", $0.rawValue)] } ?? []),
            isBuyer: !organisations.isEmpty
        )).encodeResponse(for: request)
    }
}
