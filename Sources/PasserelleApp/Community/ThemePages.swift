import Fluent
import Foundation
import PasserelleCore
import SQLKit
import Vapor

/// The platform team renames the community's themes and adds new ones. A theme's slug never
/// changes (events and the knowledge base refer to it), so a theme is not deleted either: renaming
/// it is how it evolves.
struct ThemePages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("admin", "themes", use: list)
        routes.post("admin", "themes", use: add)
        routes.post("admin", "themes", ":slug", use: rename)
    }

    struct Context: Encodable {
        struct Row: Encodable {
            var slug: String
            var name: String
            var action: String
        }

        var layout: Layout
        var rows: [Row]
        var csrf: String
        var error: String?
        var notice: String?
    }

    private func render(_ request: Request, error: String? = nil, notice: String? = nil, status: HTTPStatus = .ok) async throws -> Response {
        let themes = try await EventStore.themes(on: request.db)
        let response = try await request.view.render("community/themes", Context(
            layout: Layout(title: "Thèmes — Back-office — Passerelle", section: "admin",
                           breadcrumbs: [.init(label: "Back-office", href: "/admin"), .init(label: "Thèmes")], request: request),
            rows: themes.map { .init(slug: $0.slug, name: $0.name, action: "/admin/themes/" + $0.slug) },
            csrf: CSRF.token(for: request), error: error, notice: notice
        )).encodeResponse(for: request)
        response.status = status
        return response
    }

    @Sendable
    func list(request: Request) async throws -> Response {
        if let refusal = try await request.refusal(of: .editThemes) { return refusal }
        return try await render(request, notice: QueryItems.parse(request.url.query).contains { $0.0 == "fait" } ? "Les thèmes sont enregistrés." : nil)
    }

    private func existing(_ request: Request) async throws -> [Theme] {
        try await EventStore.themes(on: request.db).map { Theme(slug: $0.slug, name: $0.name) }
    }

    @Sendable
    func add(request: Request) async throws -> Response {
        try CSRF.verify(request)
        if let refusal = try await request.refusal(of: .editThemes) { return refusal }
        guard let user = request.signedInUser else { return request.redirect(to: Links.login(next: "/admin/themes")) }
        let themes = try await existing(request)
        switch Theme.new(named: SubmittedForm(request)["name"], existing: themes) {
        case .failure(let refusal):
            return try await render(request, error: refusal.message, status: .unprocessableEntity)
        case .success(let theme):
            try await request.db.retryingTransaction { database in
                try await (database as! any SQLDatabase).insert(into: "themes").columns("id", "slug", "name", "position", "created_at")
                    .values(SQLBind(UUID()), SQLBind(theme.slug), SQLBind(theme.name), SQLBind(themes.count), SQLBind(Date())).run()
                try await Audit.record(.themeEdited, actorID: user.id, actor: user.email, object: "theme:\(theme.slug)", detail: "Ajouté : \(theme.name)",
                                       address: request.clientAddress, on: database)
            }
            return request.redirect(to: "/admin/themes?fait=1")
        }
    }

    @Sendable
    func rename(request: Request) async throws -> Response {
        try CSRF.verify(request)
        if let refusal = try await request.refusal(of: .editThemes) { return refusal }
        guard let user = request.signedInUser else { return request.redirect(to: Links.login(next: "/admin/themes")) }
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
                try await (database as! any SQLDatabase).update("themes").set("name", to: SQLBind(renamed.name)).where("slug", .equal, SQLBind(slug)).run()
                try await Audit.record(.themeEdited, actorID: user.id, actor: user.email, object: "theme:\(slug)", detail: "« \(theme.name) » devient « \(renamed.name) »",
                                       address: request.clientAddress, on: database)
            }
            return request.redirect(to: "/admin/themes?fait=1")
        }
    }
}
