import Fluent
import Foundation
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import SQLKit
import Vapor

/// The platform team renames the community's themes, adds new ones and removes some. A theme's
/// slug never changes (events and the knowledge base refer to it); removing a theme moves what it
/// classifies to another one, in the same transaction.
package struct ThemePages: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get(CommunityPaths.themes, use: list)
        routes.post(CommunityPaths.themes, use: add)
        routes.post(CommunityPaths.theme, use: rename)
        routes.get(CommunityPaths.removeTheme, use: confirmRemove)
        routes.post(CommunityPaths.removeTheme, use: remove)
    }

    package struct Context: Encodable {
        package struct Row: Encodable {
            package var slug: String
            package var name: String
            package var action: String
            package var removeHref: String
        }

        package var layout: Layout
        package var rows: [Row]
        package var csrf: String
        package var error: String?
        package var notice: String?
    }

    private func render(_ request: Request, error: String? = nil, notice: String? = nil, status: HTTPStatus = .ok) async throws -> Response {
        let themes = try await EventStore.themes(on: request.db)
        let response = try await request.view.render("community/themes", Context(
            layout: Layout(title: "Thèmes — Back-office — Passerelle", section: "admin",
                           breadcrumbs: [.init(label: "Back-office", href: PlatformPaths.backOffice.link()), .init(label: "Thèmes")], request: request),
            rows: themes.map { .init(slug: $0.slug, name: $0.name, action: CommunityPaths.theme.link($0.slug), removeHref: CommunityPaths.removeTheme.link($0.slug)) },
            csrf: CSRF.token(for: request), error: error, notice: notice
        )).encodeResponse(for: request)
        response.status = status
        return response
    }

    @Sendable
    package func list(request: Request) async throws -> Response {
        if let refusal = try await request.refusal(of: .editThemes) { return refusal }
        let done = QueryItems.parse(request.url.query).first { $0.0 == "fait" }?.1
        return try await render(request, notice: done == "suppression" ? "Le thème est supprimé ; ce qu’il classait a suivi son remplaçant." : done != nil ? "Les thèmes sont enregistrés." : nil)
    }

    private func existing(_ request: Request) async throws -> [Theme] {
        try await EventStore.themes(on: request.db)
    }

    @Sendable
    package func add(request: Request) async throws -> Response {
        if let refusal = try await request.refusal(of: .editThemes) { return refusal }
        guard let user = request.signedInUser else { return request.redirect(to: Links.login(next: CommunityPaths.themes.link())) }
        let themes = try await existing(request)
        switch Theme.new(named: SubmittedForm(request)["name"], existing: themes) {
        case .failure(let refusal):
            return try await render(request, error: refusal.message, status: .unprocessableEntity)
        case .success(let theme):
            try await request.db.retryingTransaction { database in
                try await database.sql.insert(into: "themes").columns("id", "slug", "name", "position", "created_at")
                    .values(SQLBind(UUID()), SQLBind(theme.slug), SQLBind(theme.name), SQLBind(themes.count), SQLBind(Date())).run()
                try await Audit.record(.themeEdited, actorID: user.id, actor: user.email, object: "theme:\(theme.slug)", detail: "Ajouté : \(theme.name)",
                                       address: request.clientAddress, on: database)
            }
            return request.redirect(to: CommunityPaths.themes.link(query: [("fait", "1")]))
        }
    }

    @Sendable
    package func rename(request: Request) async throws -> Response {
        if let refusal = try await request.refusal(of: .editThemes) { return refusal }
        guard let user = request.signedInUser else { return request.redirect(to: Links.login(next: CommunityPaths.themes.link())) }
        let themes = try await existing(request)
        guard let slug = request.parameters.get("slug"), let theme = themes.first(where: { $0.slug == slug }) else {
            throw Abort(.notFound, reason: "Ce thème n’existe pas.")
        }
        // The same rule as a new name, among the other themes; the slug stays.
        switch Theme.new(named: SubmittedForm(request)["name"], existing: themes.filter { $0.slug != slug }) {
        case .failure(let refusal):
            return try await render(request, error: refusal.message, status: .unprocessableEntity)
        case .success(let renamed):
            try await request.db.retryingTransaction { database in
                try await database.sql.update("themes").set("name", to: SQLBind(renamed.name)).where("slug", .equal, SQLBind(slug)).run()
                try await Audit.record(.themeEdited, actorID: user.id, actor: user.email, object: "theme:\(slug)", detail: "« \(theme.name) » devient « \(renamed.name) »",
                                       address: request.clientAddress, on: database)
            }
            return request.redirect(to: CommunityPaths.themes.link(query: [("fait", "1")]))
        }
    }

    // MARK: Removing a theme

    /// Where a theme is used: events, sessions, contents of the knowledge base.
    package struct Usage: Sendable {
        package var events: Int
        package var sessions: Int
        package var contents: Int
        package var total: Int { events + sessions + contents }

        package static func of(_ slug: String, on database: any Database) async throws -> Usage {
            let sql = database.sql
            func count(_ query: SQLQueryString) async throws -> Int {
                try await sql.raw("SELECT COUNT(*) AS n FROM \(query)").first(decodingColumn: "n", as: Int.self) ?? 0
            }
            let pattern = BarList.pattern(containing: slug)
            return Usage(events: try await count("events WHERE themes LIKE \(bind: pattern)"),
                         sessions: try await count("event_sessions WHERE theme = \(bind: slug)"),
                         contents: try await count("knowledge_items WHERE themes LIKE \(bind: pattern)"))
        }

        package var sentence: String {
            total == 0 ? "Aucun événement, aucune session ni aucun contenu ne l’utilise."
                : "Il classe " + [French.count(events, "événement", "événements"), French.count(sessions, "session", "sessions"),
                                  French.count(contents, "contenu de la base de connaissances", "contenus de la base de connaissances")].joined(separator: ", ") + "."
        }
    }

    package struct RemoveContext: Encodable {
        package var layout: Layout
        package var heading: String
        package var usage: String
        package var used: Bool
        package var replacements: String
        package var action: String
        package var csrf: String
        package var error: String?
    }

    private func theme(_ request: Request, among themes: [Theme]) throws -> Theme {
        guard let slug = request.parameters.get("slug"), let theme = themes.first(where: { $0.slug == slug }) else {
            throw Abort(.notFound, reason: "Ce thème n’existe pas.")
        }
        return theme
    }

    private func renderRemoval(_ request: Request, _ theme: Theme, themes: [Theme], chosen: String = "", error: String? = nil,
                               status: HTTPStatus = .ok) async throws -> Response {
        let usage = try await Usage.of(theme.slug, on: request.db)
        let others = themes.filter { $0.slug != theme.slug }
        let response = try await request.view.render("community/theme-remove", RemoveContext(
            layout: Layout(title: "Supprimer un thème — Back-office — Passerelle", section: "admin",
                           breadcrumbs: [.init(label: "Back-office", href: PlatformPaths.backOffice.link()), .init(label: "Thèmes", href: CommunityPaths.themes.link()), .init(label: "Supprimer")],
                           request: request),
            heading: "Supprimer le thème « \(theme.name) » ?", usage: usage.sentence, used: usage.total > 0,
            replacements: HTMLFragments.options([.init(value: "", label: "Choisir", chosen: chosen.isEmpty)]
                + others.map { .init(value: $0.slug, label: $0.name, chosen: chosen == $0.slug) }),
            action: CommunityPaths.removeTheme.link(theme.slug), csrf: CSRF.token(for: request), error: error
        )).encodeResponse(for: request)
        response.status = status
        return response
    }

    @Sendable
    package func confirmRemove(request: Request) async throws -> Response {
        if let refusal = try await request.refusal(of: .editThemes) { return refusal }
        let themes = try await existing(request)
        return try await renderRemoval(request, try theme(request, among: themes), themes: themes)
    }

    @Sendable
    package func remove(request: Request) async throws -> Response {
        if let refusal = try await request.refusal(of: .editThemes) { return refusal }
        guard let user = request.signedInUser else { return request.redirect(to: Links.login(next: CommunityPaths.themes.link())) }
        let themes = try await existing(request)
        let theme = try theme(request, among: themes)
        let replacement = SubmittedForm(request)["into"]
        let into = replacement.isEmpty ? nil : replacement
        let refusal: String? = try await request.db.retryingTransaction { database in
            let usage = try await Usage.of(theme.slug, on: database)
            if let problem = ThemeRemoval.problem(removing: theme.slug, into: into, themes: themes, uses: usage.total) { return problem }
            let sql = database.sql
            let pattern = BarList.pattern(containing: theme.slug)
            for table in ["events", "knowledge_items"] {
                struct Row: Decodable { var id: UUID; var themes: String }
                for row in try await sql.raw("SELECT id, themes FROM \(ident: table) WHERE themes LIKE \(bind: pattern)").all(decoding: Row.self, table: "knowledge_items", keys: .snakeCaseColumns) {
                    let moved = ThemeRemoval.moved(BarList.split(row.themes), removing: theme.slug, into: into)
                    try await sql.update(table).set("themes", to: SQLBind(BarList.join(moved))).where("id", .equal, SQLBind(row.id)).run()
                }
            }
            try await sql.update("event_sessions").set("theme", to: SQLBind(into)).where("theme", .equal, SQLBind(theme.slug)).run()
            try await sql.delete(from: "themes").where("slug", .equal, SQLBind(theme.slug)).run()
            let target = into.flatMap { slug in themes.first { $0.slug == slug }?.name }
            try await Audit.record(.themeEdited, actorID: user.id, actor: user.email, object: "theme:\(theme.slug)",
                                   detail: "Supprimé : \(theme.name)" + (target.map { " — \(usage.total) usage(s) reporté(s) sur « \($0) »" } ?? ""),
                                   address: request.clientAddress, on: database)
            return nil
        }
        if let refusal { return try await renderRemoval(request, theme, themes: themes, chosen: replacement, error: refusal, status: .unprocessableEntity) }
        return request.redirect(to: CommunityPaths.themes.link(query: [("fait", "suppression")]))
    }
}
