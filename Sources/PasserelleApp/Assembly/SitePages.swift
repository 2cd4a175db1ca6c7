import Fluent
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import Vapor

/// The pages around the modules: home, accessibility statement, legal notice, data credits.
struct SitePages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(PlatformPaths.home, use: home)
        routes.get(PlatformPaths.accessibility) { request in try await Self.plain("platform/accessibility", title: "Déclaration d’accessibilité", request: request) }
        routes.get(PlatformPaths.legal) { request in try await Self.plain("platform/legal", title: "Mentions légales", request: request) }
        routes.get(PlatformPaths.data) { request in try await Self.plain("platform/data", title: "Données et crédits", request: request) }
    }

    struct HomeContext: Encodable {
        struct KindCount: Encodable {
            var label: String
            var count: String
            var href: String
        }

        var layout: Layout
        var total: String
        var families: [KindCount]
        var kinds: [KindCount]
    }

    @Sendable
    func home(request: Request) async throws -> View {
        let index = try await request.directoryIndex()
        let all = index.search(StructureQuery())
        let context = HomeContext(
            layout: Layout(title: "Passerelle — l’inclusion dans l’emploi, sur tout le territoire", section: "accueil", breadcrumbs: [], request: request),
            total: French.count(all.total, "structure inclusive", "structures inclusives"),
            families: StructureKind.Family.allCases.map { family in
                let count = family.kinds.reduce(0) { $0 + (all.countsByKind[$1] ?? 0) }
                return HomeContext.KindCount(label: family.label, count: French.number(count), href: Links.search(family.kinds.map { ("kind", $0.rawValue) }))
            },
            kinds: StructureKind.allCases.map { kind in
                HomeContext.KindCount(label: "\(kind.acronym) — \(kind.label)", count: French.number(all.countsByKind[kind] ?? 0), href: Links.search([("kind", kind.rawValue)]))
            }
        )
        return try await request.view.render("platform/home", context)
    }

    struct PlainContext: Encodable {
        var layout: Layout
        var heading: String
    }

    static func plain(_ template: String, title: String, request: Request) async throws -> View {
        try await request.view.render(template, PlainContext(
            layout: Layout(title: "\(title) — Passerelle", section: "", breadcrumbs: [Layout.Crumb(label: title)], request: request),
            heading: title
        ))
    }
}
