import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import PasserelleTerritory
import SQLKit
import Vapor

/// The knowledge base: its home and search (« what worked near me »), an item's page, the good
/// practices and outlooks by theme; structures' proposals and the stewards' review.
package struct KnowledgePages: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get(CommunityPaths.knowledge, use: home)
        routes.get(CommunityPaths.practices, use: practices)
        routes.get(CommunityPaths.propose, use: proposalForm)
        routes.post(CommunityPaths.propose, use: propose)
        routes.get(CommunityPaths.myProposals, use: mine)
        routes.get(CommunityPaths.review, use: queue)
        routes.post(CommunityPaths.publishItem, use: publish)
        routes.post(CommunityPaths.sendBack, use: sendBack)
        routes.get(CommunityPaths.editItem, use: editForm)
        routes.post(CommunityPaths.editItem, use: edit)
        routes.get(CommunityPaths.item, use: show)
    }

    // MARK: Home and search

    package struct Card: Encodable {
        package var title: String
        package var href: String
        package var kind: String
        package var organisation: String?
        package var place: String?
        package var summary: String
        package var themes: [String]
        package var figures: [String]
        package var distance: String?
    }

    package struct ThemeCount: Encodable {
        package var name: String
        package var href: String
        package var count: String
    }

    package struct HomeContext: Encodable {
        package var layout: Layout
        package var q: String
        package var kinds: String
        package var themes: String
        package var departements: String
        package var structureKinds: String
        package var communeText: String
        package var communeCode: String
        package var radii: [ChoiceOption]
        package var searched: Bool
        package var summary: String
        package var cards: [Card]
        package var pagination: Pagination
        package var problems: [String]
        package var themeCounts: [ThemeCount]
        package var latest: [Card]
        package var totals: String
        package var mayPropose: Bool
        package var mayReview: Bool
    }

    package static func card(_ row: KnowledgeRecord, themes: [Theme], gazetteer: Gazetteer, distance: Double? = nil) -> Card {
        Card(title: row.title, href: Links.knowledge(row.id), kind: row.resourceKind.map { "\(row.kind.label) · \($0.label)" } ?? row.kind.label,
             organisation: row.organisationName, place: row.communeCode.flatMap { gazetteer.commune($0) }.map { "\($0.name.name) (\($0.departementCode))" },
             summary: row.summary.count > 280 ? String(row.summary.prefix(277)) + "…" : row.summary,
             themes: EventPages.themeNames(row.themes, themes), figures: row.figures.prefix(3).map(\.text),
             distance: distance.map { $0 < 1 ? "sur place" : "à \(French.number(Int($0.rounded()))) km" })
    }

    @Sendable
    package func home(request: Request) async throws -> Response {
        let reference = try request.platform.reference
        let gazetteer = reference.gazetteer
        let themes = try await EventStore.themes(on: request.db)
        var items = QueryItems.parse(request.url.query)
        // The page's commune field: the code the autocomplete picked, or what was typed.
        let typed = items.first { $0.0 == "commune_q" }?.1 ?? ""
        let picked = items.first { $0.0 == "commune" }?.1 ?? ""
        var communeProblem: String?
        if !typed.trimmingCharacters(in: .whitespaces).isEmpty {
            let code = CommuneInput.code(typed: typed, picked: picked, gazetteer: gazetteer)
            if gazetteer.commune(code) != nil { items.append(("near", code)) } else { communeProblem = "Commune inconnue « \(typed) » : choisissez-la dans la liste." }
        }
        let read = KnowledgeSearchInput.read({ key in items.last { $0.0 == key }?.1 }, themes: themes, gazetteer: gazetteer)
        let actor = try await request.actor()
        // A commune that was not understood is a search too: its page says why, over every item.
        let searched = !read.items.isEmpty || communeProblem != nil
        // Before a search, the home: counts and the newest reports; after, a page of results.
        let hits = searched ? try await KnowledgeStore.search(read.query, gazetteer: gazetteer, on: request.db) : []
        let shown = try await KnowledgeStore.records(hits.dropFirst((read.page - 1) * read.size).prefix(read.size), on: request.db)
        let overview = searched ? nil : try await KnowledgeStore.overview(on: request.db)
        let counts = overview?.byTheme ?? [:], byKind = overview?.byKind ?? [:]
        var linkItems = read.items.filter { $0.0 != "near" }
        if let commune = read.nearCommune { linkItems += [("commune_q", commune.name.name), ("commune", commune.code)] }
        return try await request.view.render("knowledge/home", HomeContext(
            layout: Layout(title: "Ce qui marche — base de connaissances — Passerelle", section: "connaissances", breadcrumbs: [.init(label: "Ce qui marche")], request: request),
            q: read.items.first { $0.0 == "q" }?.1 ?? "",
            kinds: HTMLFragments.options([.init(value: "", label: "Tous les contenus", chosen: read.query.kinds.isEmpty)]
                + KnowledgeKind.allCases.map { .init(value: $0.rawValue, label: $0.plural, chosen: read.query.kinds == [$0]) }),
            themes: HTMLFragments.options([.init(value: "", label: "Tous les thèmes", chosen: read.query.theme == nil)]
                + themes.map { .init(value: $0.slug, label: $0.name, chosen: read.query.theme == $0.slug) }),
            departements: HTMLFragments.options([.init(value: "", label: "Tous les départements", chosen: read.query.departement == nil)]
                + gazetteer.departements.map { .init(value: $0.code, label: "\($0.code) — \($0.name.name)", chosen: read.query.departement == $0.code) }),
            structureKinds: HTMLFragments.options([.init(value: "", label: "Tous les types de structure", chosen: read.query.structureKind == nil)]
                + StructureKind.allCases.map { .init(value: $0.rawValue, label: $0.label, chosen: read.query.structureKind == $0) }),
            communeText: read.nearCommune.map { $0.name.name } ?? typed, communeCode: read.nearCommune?.code ?? "",
            radii: KnowledgeSearchInput.radii.map { .init(value: String($0), label: "\($0) km", checked: Int(read.query.radiusKm) == $0) },
            searched: searched,
            summary: French.count(hits.count, "résultat", "résultats") + (read.nearCommune.map { " à moins de \(Int(read.query.radiusKm)) km \($0.name.withDe)" } ?? ""),
            cards: shown.map { Self.card($0.record, themes: themes, gazetteer: gazetteer, distance: $0.distanceKm) },
            pagination: Pagination(page: read.page, total: hits.count, size: read.size, path: CommunityPaths.knowledge.link(), query: linkItems),
            problems: read.problems + [communeProblem].compactMap { $0 },
            themeCounts: themes.map { theme in .init(name: theme.name, href: CommunityPaths.knowledge.link(query: [("theme", theme.slug)]), count: French.number(counts[theme.slug] ?? 0)) },
            latest: (overview?.latestReports ?? []).map { Self.card($0, themes: themes, gazetteer: gazetteer) },
            totals: KnowledgeKind.allCases.map { French.number(byKind[$0] ?? 0) + " " + $0.plural.lowercased() }.joined(separator: ", "),
            mayPropose: Policy.decide(.propose, for: actor) == .allowed, mayReview: Policy.decide(.review, for: actor) == .allowed
        )).encodeResponse(for: request)
    }

    // MARK: An item

    package struct ItemContext: Encodable {
        package struct Section: Encodable {
            package var heading: String
            package var paragraphs: [String]
        }

        package struct LinkView: Encodable {
            package var label: String
            package var url: String
        }

        package var layout: Layout
        package var title: String
        package var kind: String
        package var state: String?
        package var refusal: String?
        package var organisation: String?
        package var organisationHref: String?
        package var place: String?
        package var themes: [String]
        package var sections: [Section]
        package var figures: [String]
        package var programmes: [String]
        package var links: [LinkView]
        package var url: String?
        package var source: String?
        package var sourceHref: String?
        package var editHref: String?
        package var review: ReviewForm?
        package var notice: String?
    }

    package struct ReviewForm: Encodable {
        package var publishAction: String
        package var sendBackAction: String
        package var csrf: String
    }

    /// The item of the route's `id`: published ones for everyone; proposals for their author and
    /// the reviewers only.
    package static func visibleItem(_ request: Request) async throws -> KnowledgeRecord {
        let notFound = Abort(.notFound, reason: "Ce contenu n’existe pas, ou n’est pas publié.")
        guard let id = request.parameters.get("id").flatMap(UUID.init(uuidString:)), let row = try await KnowledgeStore.item(id, on: request.db) else { throw notFound }
        if row.state == .published { return row }
        guard let user = request.signedInUser else { throw notFound }
        let actor = try await request.actor()
        if row.proposedBy == user.id || Policy.decide(.review, for: actor) == .allowed { return row }
        throw notFound
    }

    @Sendable
    package func show(request: Request) async throws -> Response {
        let row = try await Self.visibleItem(request)
        let gazetteer = try request.platform.reference.gazetteer
        let themes = try await EventStore.themes(on: request.db)
        var sections: [ItemContext.Section] = []
        if row.kind == .report {
            for (heading, text) in [("Activité", row.activity), ("Constat initial", row.finding), ("Actions menées", row.actions), ("Résultats", row.results)] {
                if let text, !text.isEmpty { sections.append(.init(heading: heading, paragraphs: Paragraphs.of(text))) }
            }
        } else {
            sections.append(.init(heading: "", paragraphs: Paragraphs.of(row.summary)))
        }
        var source: String?
        var sourceHref: String?
        if let event = row.eventID, let found = try await EventStore.row(event, on: request.db) {
            let session = row.sessionID == nil ? nil : try await EventStore.sessions(of: event, on: request.db).first { $0.id == row.sessionID }
            source = [session.map { "« \($0.title) »" }, found.title + ", " + DateText.frenchDay(found.startsAt)].compactMap { $0 }.joined(separator: " — ")
            sourceHref = Links.event(event)
        }
        let actor = try await request.actor()
        let mayReview = row.state == .proposed && Policy.decide(.review, for: actor) == .allowed
        let isAuthor = request.signedInUser.map { $0.id == row.proposedBy } ?? false
        let notice: String? = switch QueryItems.parse(request.url.query).first(where: { $0.0 == "fait" })?.1 {
        case "proposition": "Merci : votre retour d’expérience est envoyé aux pilotes du territoire, qui le relisent avant de le publier."
        case "publication": "Publié : il apparaît dans la recherche et sur la fiche de sa structure."
        default: nil
        }
        return try await request.view.render("knowledge/item", ItemContext(
            layout: Layout(title: "\(row.title) — Ce qui marche — Passerelle", section: "connaissances",
                           breadcrumbs: [.init(label: "Ce qui marche", href: CommunityPaths.knowledge.link()), .init(label: row.title)], request: request),
            title: row.title,
            kind: row.resourceKind.map { "\(row.kind.label) · \($0.label)" } ?? row.kind.label,
            state: row.state == .published ? nil : row.state.label, refusal: row.state == .refused ? row.refusalReason : nil,
            organisation: row.organisationName, organisationHref: row.structureID.map(Links.structure),
            place: row.communeCode.flatMap { gazetteer.commune($0) }.map { "\($0.name.name) (\($0.departementCode))" },
            themes: EventPages.themeNames(row.themes, themes), sections: sections, figures: row.figures.map(\.text),
            programmes: row.programmes, links: row.links.map { .init(label: $0.label, url: $0.url) }, url: row.url,
            source: source, sourceHref: sourceHref,
            editHref: isAuthor && row.state != .published ? CommunityPaths.editItem.link(row.id) : nil,
            review: mayReview ? .init(publishAction: CommunityPaths.publishItem.link(row.id), sendBackAction: CommunityPaths.sendBack.link(row.id), csrf: CSRF.token(for: request)) : nil,
            notice: notice
        )).encodeResponse(for: request)
    }

    // MARK: Practices and outlooks by theme

    package struct PracticesContext: Encodable {
        package struct Group: Encodable {
            package var theme: String
            package var id: String
            package var practices: [Card]
            package var outlooks: [Card]
        }

        package var layout: Layout
        package var groups: [Group]
    }

    @Sendable
    package func practices(request: Request) async throws -> Response {
        let gazetteer = try request.platform.reference.gazetteer
        let themes = try await EventStore.themes(on: request.db)
        let rows = try await KnowledgeStore.items(state: .published, on: request.db).filter { $0.kind == .practice || $0.kind == .outlook }
        let groups = themes.compactMap { theme -> PracticesContext.Group? in
            let mine = rows.filter { $0.themes.contains(theme.slug) }.sorted { $0.title < $1.title }
            guard !mine.isEmpty else { return nil }
            return .init(theme: theme.name, id: theme.slug,
                         practices: mine.filter { $0.kind == .practice }.map { Self.card($0, themes: themes, gazetteer: gazetteer) },
                         outlooks: mine.filter { $0.kind == .outlook }.map { Self.card($0, themes: themes, gazetteer: gazetteer) })
        }
        return try await request.view.render("knowledge/practices", PracticesContext(
            layout: Layout(title: "Bonnes pratiques et perspectives — Passerelle", section: "connaissances",
                           breadcrumbs: [.init(label: "Ce qui marche", href: CommunityPaths.knowledge.link()), .init(label: "Bonnes pratiques et perspectives")], request: request),
            groups: groups
        )).encodeResponse(for: request)
    }

    // MARK: Proposing

    package struct FormContext: Encodable {
        package var layout: Layout
        package var heading: String
        package var action: String
        package var csrf: String
        package var values: [String: String]
        package var themes: String
        package var structures: String?
        package var errors: [String: String]
        package var errorList: [FormErrors.Listed]
        package var refusal: String?
    }

    package static let fields: [(label: String, name: String)] = [
        (ReportDraft.Field.title, "title"), (ReportDraft.Field.theme, "theme"), ("Structure", "structure"), (ReportDraft.Field.commune, "commune_q"),
        (ReportDraft.Field.activity, "activity"), (ReportDraft.Field.finding, "finding"), (ReportDraft.Field.actions, "actions"), (ReportDraft.Field.results, "results"),
        (ReportDraft.Field.figures, "figures"), (ReportDraft.Field.programmes, "programmes"), (ReportDraft.Field.links, "links"),
    ]

    /// The directory structures the actor may propose for, with their names.
    package static func ownStructures(_ request: Request) async throws -> [Structure] {
        var structures: [Structure] = []
        for id in try await request.actor().memberships.filter({ $0.kind == .structure }).compactMap(\.structure) {
            if let structure = try await DirectoryQueries.structure(id: id, on: request.db) { structures.append(structure) }
        }
        return structures
    }

    package static func renderForm(_ request: Request, heading: String, action: String, values: [String: String], errors: FormErrors = FormErrors(), refusal: String? = nil,
                           status: HTTPStatus = .ok) async throws -> Response {
        let themes = try await EventStore.themes(on: request.db)
        let structures = try await ownStructures(request)
        let response = try await request.view.render("knowledge/form", FormContext(
            layout: Layout(title: heading + " — Passerelle", section: "connaissances",
                           breadcrumbs: [.init(label: "Ce qui marche", href: CommunityPaths.knowledge.link()), .init(label: heading)], request: request),
            heading: heading, action: action, csrf: CSRF.token(for: request), values: values,
            themes: HTMLFragments.options([.init(value: "", label: "Choisir un thème", chosen: (values["theme"] ?? "").isEmpty)]
                + themes.map { .init(value: $0.slug, label: $0.name, chosen: values["theme"] == $0.slug) }),
            structures: structures.count > 1 ? HTMLFragments.options(structures.map { .init(value: $0.id.uuidString.lowercased(), label: $0.name, chosen: values["structure"] == $0.id.uuidString.lowercased()) }) : nil,
            errors: errors.errors, errorList: errors.errorList, refusal: refusal
        )).encodeResponse(for: request)
        response.status = status
        return response
    }

    /// Nil when the actor may propose; the answer to give otherwise.
    package static func refusal(_ request: Request) async throws -> Response? {
        switch Policy.decide(.propose, for: try await request.actor()) {
        case .allowed: return nil
        case .needsSignIn: return request.redirect(to: Links.login(next: request.url.path))
        case .forbidden: throw Abort(.forbidden, reason: "Les retours d’expérience sont proposés par les membres des structures inclusives, pour leur structure. Vous y travaillez ? Demandez à gérer sa fiche depuis l’annuaire.")
        }
    }

    @Sendable
    package func proposalForm(request: Request) async throws -> Response {
        if let refusal = try await Self.refusal(request) { return refusal }
        var values: [String: String] = [:]
        if let structure = try await Self.ownStructures(request).first, let commune = structure.communeCode.flatMap({ try? request.platform.reference.gazetteer.commune($0) }) {
            values["commune_q"] = commune.name.name
            values["commune"] = commune.code
        }
        return try await Self.renderForm(request, heading: "Proposer un retour d’expérience", action: CommunityPaths.propose.link(), values: values)
    }

    /// The form read and checked, with the structure it is about; or the form again with its mistakes.
    private enum Reading {
        case read(KnowledgePlan, Structure?)
        case mistakes(Response)
    }

    private static func read(_ request: Request, heading: String, action: String) async throws -> Reading {
        let form = SubmittedForm(request)
        let gazetteer = try request.platform.reference.gazetteer
        let names = fields.map(\.name) + ["commune"]
        var values = Dictionary(uniqueKeysWithValues: names.map { ($0, form[$0]) })
        let themes = Set(try await EventStore.themes(on: request.db).map(\.slug))
        let structures = try await ownStructures(request)
        let structure = structures.first { $0.id.uuidString.lowercased() == form["structure"].lowercased() } ?? (structures.count == 1 ? structures[0] : nil)
        let commune = CommuneInput.code(typed: form["commune_q"], picked: form["commune"], gazetteer: gazetteer)
        let draft = ReportDraft(title: form["title"], theme: form["theme"], communeCode: commune, activity: form["activity"], finding: form["finding"],
                                actions: form["actions"], results: form["results"], figures: form["figures"], programmes: form["programmes"], links: form["links"])
        var problems: [FieldProblem] = []
        if structures.count > 1 && structure == nil { problems.append(.init(field: "Structure", message: "Choisissez la structure dont vous racontez l’expérience.")) }
        switch draft.validate(themes: themes, communeExists: { gazetteer.commune($0) != nil }) {
        case .success(let checked) where problems.isEmpty:
            return .read(KnowledgePlan(
                kind: .report, title: checked.title, summary: checked.activity, themes: [checked.theme], organisation: structure?.name,
                communeCode: checked.communeCode ?? structure?.communeCode, structureKinds: structure.map { [$0.kind] } ?? [],
                activity: checked.activity, finding: checked.finding, actions: checked.actions, results: checked.results, figures: checked.figures,
                programmes: checked.programmes, links: checked.links.map { .init(label: $0.label, url: $0.url) }), structure)
        case .success:
            break
        case .failure(let found):
            problems += found.list
        }
        values["commune"] = gazetteer.commune(commune) != nil ? commune : ""
        return .mistakes(try await renderForm(request, heading: heading, action: action, values: values,
                                              errors: FormErrors(FieldProblems(problems), fields: fields, fallback: "title"), status: .unprocessableEntity))
    }

    @Sendable
    package func propose(request: Request) async throws -> Response {
        if let refusal = try await Self.refusal(request) { return refusal }
        guard let user = request.signedInUser else { return request.redirect(to: Links.login(next: request.url.path)) }
        let (plan, structure): (KnowledgePlan, Structure?)
        switch try await Self.read(request, heading: "Proposer un retour d’expérience", action: CommunityPaths.propose.link()) {
        case .read(let read, let about): (plan, structure) = (read, about)
        case .mistakes(let response): return response
        }
        let organisation = try await request.actor().memberships.first { $0.structure == structure?.id && structure != nil }?.organisation
        let gazetteer = try request.platform.reference.gazetteer
        let id = try await request.db.retryingTransaction { database in
            let id = try await KnowledgeStore.create(plan, state: .proposed, origin: .init(structure: structure?.id, proposedBy: user.id, organisation: organisation),
                                                     gazetteer: gazetteer, on: database)
            try await Audit.record(.knowledgeProposed, actorID: user.id, actor: user.email, object: "connaissance:\(id.uuidString.lowercased())",
                                   detail: plan.title, address: request.clientAddress, on: database)
            return id
        }
        return request.redirect(to: Links.knowledge(id) + "?fait=proposition")
    }

    /// The author's own proposal of the route, while it is not published.
    private static func ownProposal(_ request: Request) async throws -> KnowledgeRecord {
        guard let user = request.signedInUser, let id = request.parameters.get("id").flatMap(UUID.init(uuidString:)),
              let row = try await KnowledgeStore.item(id, on: request.db), row.proposedBy == user.id else {
            throw Abort(.notFound, reason: "Cette proposition n’existe pas, ou n’est pas la vôtre.")
        }
        guard row.state != .published else { throw Abort(.conflict, reason: "Ce retour d’expérience est publié : écrivez aux pilotes du territoire pour le faire corriger.") }
        return row
    }

    @Sendable
    package func editForm(request: Request) async throws -> Response {
        guard request.signedInUser != nil else { return request.redirect(to: Links.login(next: request.url.path)) }
        let row = try await Self.ownProposal(request)
        let gazetteer = try request.platform.reference.gazetteer
        let values: [String: String] = [
            "title": row.title, "theme": row.themes.first ?? "", "structure": row.structureID?.uuidString.lowercased() ?? "",
            "commune_q": row.communeCode.flatMap { gazetteer.commune($0)?.name.name } ?? "", "commune": row.communeCode ?? "",
            "activity": row.activity ?? "", "finding": row.finding ?? "", "actions": row.actions ?? "", "results": row.results ?? "",
            "figures": row.figures.map(\.text).joined(separator: "\n"), "programmes": row.programmes.joined(separator: "\n"),
            "links": row.links.map { "\($0.label) | \($0.url)" }.joined(separator: "\n"),
        ]
        return try await Self.renderForm(request, heading: "Modifier ma proposition", action: CommunityPaths.editItem.link(row.id), values: values,
                                         refusal: row.state == .refused ? row.refusalReason : nil)
    }

    @Sendable
    package func edit(request: Request) async throws -> Response {
        guard let user = request.signedInUser else { return request.redirect(to: Links.login(next: request.url.path)) }
        let row = try await Self.ownProposal(request)
        let plan: KnowledgePlan
        switch try await Self.read(request, heading: "Modifier ma proposition", action: CommunityPaths.editItem.link(row.id)) {
        case .read(let read, _): plan = read
        case .mistakes(let response): return response
        }
        let gazetteer = try request.platform.reference.gazetteer
        try await request.db.retryingTransaction { database in
            try await KnowledgeStore.replace(row.id, with: plan, gazetteer: gazetteer, on: database)
            try await Audit.record(.knowledgeProposed, actorID: user.id, actor: user.email, object: "connaissance:\(row.id.uuidString.lowercased())",
                                   detail: "Proposée de nouveau : \(plan.title)", address: request.clientAddress, on: database)
        }
        return request.redirect(to: Links.knowledge(row.id) + "?fait=proposition")
    }

    package struct MineContext: Encodable {
        package struct Line: Encodable {
            package var title: String
            package var href: String
            package var state: String
            package var reason: String?
            package var editHref: String?
            package var date: String
        }

        package var layout: Layout
        package var lines: [Line]
    }

    @Sendable
    package func mine(request: Request) async throws -> Response {
        guard let user = request.signedInUser else { return request.redirect(to: Links.login(next: request.url.path)) }
        let rows = try await KnowledgeStore.proposals(by: user.id, on: request.db)
        return try await request.view.render("knowledge/mine", MineContext(
            layout: Layout(title: "Mes propositions — Passerelle", section: "connaissances",
                           breadcrumbs: [.init(label: "Ce qui marche", href: CommunityPaths.knowledge.link()), .init(label: "Mes propositions")], request: request),
            lines: rows.map { row in
                .init(title: row.title, href: Links.knowledge(row.id), state: row.state.label, reason: row.state == .refused ? row.refusalReason : nil,
                      editHref: row.state == .published ? nil : CommunityPaths.editItem.link(row.id), date: DateText.frenchDay(row.updatedAt))
            }
        )).encodeResponse(for: request)
    }

    // MARK: Review

    package struct QueueContext: Encodable {
        package var layout: Layout
        package var cards: [Card]
    }

    private static func reviewer(_ request: Request) async throws -> SignedInUser? {
        switch Policy.decide(.review, for: try await request.actor()) {
        case .allowed: return request.signedInUser
        case .needsSignIn: return nil
        case .forbidden: throw Abort(.forbidden, reason: "La relecture des propositions revient aux pilotes du territoire et à l’équipe de la plateforme.")
        }
    }

    @Sendable
    package func queue(request: Request) async throws -> Response {
        guard try await Self.reviewer(request) != nil else { return request.redirect(to: Links.login(next: request.url.path)) }
        let gazetteer = try request.platform.reference.gazetteer
        let themes = try await EventStore.themes(on: request.db)
        let rows = try await KnowledgeStore.items(state: .proposed, on: request.db)
        return try await request.view.render("knowledge/queue", QueueContext(
            layout: Layout(title: "Propositions à relire — Passerelle", section: "connaissances",
                           breadcrumbs: [.init(label: "Ce qui marche", href: CommunityPaths.knowledge.link()), .init(label: "À relire")], request: request),
            cards: rows.map { Self.card($0, themes: themes, gazetteer: gazetteer) }
        )).encodeResponse(for: request)
    }

    private func decide(_ request: Request, _ decision: KnowledgeReview.Decision) async throws -> Response {
        guard let user = try await Self.reviewer(request) else { return request.redirect(to: Links.login(next: CommunityPaths.review.link())) }
        guard let id = request.parameters.get("id").flatMap(UUID.init(uuidString:)), let row = try await KnowledgeStore.item(id, on: request.db) else {
            throw Abort(.notFound, reason: "Ce contenu n’existe pas.")
        }
        let next: KnowledgeState
        switch KnowledgeReview.next(after: row.state, on: decision) {
        case .success(let state): next = state
        case .failure(let refusal): throw Abort(.conflict, reason: refusal.message)
        }
        let reason: String? = if case .refuse(let text) = decision { String(text.trimmingCharacters(in: .whitespacesAndNewlines).prefix(2_000)) } else { nil }
        let publicURL = request.platform.config.publicURL
        try await request.db.retryingTransaction { database in
            try await KnowledgeStore.setState(id, to: next, reason: reason, by: user.id, on: database, now: Date())
            try await Audit.record(next == .published ? .knowledgePublished : .knowledgeSentBack, actorID: user.id, actor: user.email,
                                   object: "connaissance:\(id.uuidString.lowercased())", detail: reason ?? row.title, address: request.clientAddress, on: database)
            if let author = row.proposedBy, let person = try await AccountQueries.contacts(of: [author], on: database)[author] {
                let published = next == .published
                try await Outbox.enqueue(.compose(
                    to: person.email, subject: published ? "Votre retour d’expérience est publié" : "Votre retour d’expérience vous est renvoyé",
                    greeting: "Bonjour \(person.name),",
                    paragraphs: published ? ["« \(row.title) » est publié dans la base de connaissances de Passerelle et sur la fiche de votre structure. Merci de l’avoir partagé."]
                        : ["Les pilotes du territoire vous renvoient « \(row.title) » avec ce message :", reason ?? "", "Vous pouvez le corriger et le proposer de nouveau."],
                    link: (published ? "Voir le retour d’expérience" : "Corriger ma proposition", publicURL + (published ? Links.knowledge(id) : CommunityPaths.editItem.link(id)))), on: database)
            }
        }
        return request.redirect(to: next == .published ? Links.knowledge(id) + "?fait=publication" : CommunityPaths.review.link())
    }

    @Sendable
    package func publish(request: Request) async throws -> Response { try await decide(request, .publish) }

    @Sendable
    package func sendBack(request: Request) async throws -> Response { try await decide(request, .refuse(reason: SubmittedForm(request)["reason"])) }
}
