import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCommunity
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import PasserellePurchasing
import PasserelleServices
import Vapor

/// The pages around the modules: home, accessibility statement, legal notice, data credits.
struct SitePages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(PlatformPaths.home, use: home)
        routes.get(PlatformPaths.accessibility) { request in try await Self.plain("platform/accessibility", title: "Déclaration d’accessibilité", request: request) }
        routes.get(PlatformPaths.legal) { request in try await Self.plain("platform/legal", title: "Mentions légales", request: request) }
        routes.get(PlatformPaths.data) { request in try await Self.plain("platform/data", title: "Données et crédits", request: request) }
        routes.get(PlatformPaths.glossary, use: glossary)
        routes.get(PlatformPaths.developers) { request in
            try await request.view.render("platform/developers", DevelopersContext(
                layout: Layout(title: "Développeurs — Passerelle", section: "api", breadcrumbs: [Layout.Crumb(label: "Développeurs")], request: request),
                agendaCalendar: CommunityPaths.agendaCalendar.link(), servicesCSV: ServicesPaths.searchCSV.link()))
        }
    }

    struct HomeContext: Encodable {
        struct KindCount: Encodable {
            var label: String
            var count: String
            var href: String
        }

        struct Link: Encodable {
            var label: String
            var href: String
        }

        /// « Vous êtes… »: one audience, what it finds here, and one or two ways in.
        struct Audience: Encodable {
            var title: String
            var text: String
            var actions: [Link]
        }

        struct Upcoming: Encodable {
            var title: String
            var href: String
            var when: String
            var place: String
        }

        var layout: Layout
        var total: String
        var figures: [KindCount]
        var audiences: [Audience]
        var events: [Upcoming]
        var reports: [Link]
        var families: [KindCount]
        var kinds: [KindCount]
    }

    @Sendable
    func home(request: Request) async throws -> View {
        let index = try await request.directoryIndex()
        let all = index.search(StructureQuery())
        let reference = try request.platform.reference
        let now = Date()
        let yearStart = DateText.parisYearStart(now)
        let upcoming = try await EventStore.list(EventStore.Filter(upcoming: 3), now: now, on: request.db)
        let published = try await NeedStore.publishedCount(since: yearStart, on: request.db)
        let services = try await ServiceStore.publishedCount(on: request.db)
        let reports = try await KnowledgeStore.overview(on: request.db).latestReports.prefix(3)
        let context = HomeContext(
            layout: Layout(title: "Passerelle — l’inclusion dans l’emploi, sur tout le territoire", section: "accueil", breadcrumbs: [], request: request),
            total: French.count(all.total, "structure inclusive", "structures inclusives"),
            figures: [
                .init(label: all.total > 1 ? "structures inclusives dans l’annuaire" : "structure inclusive dans l’annuaire", count: French.number(all.total), href: Links.search([])),
                .init(label: "besoins d’achat publiés depuis le 1er janvier", count: French.number(published), href: PurchasingPaths.needs.link()),
                .init(label: services > 1 ? "services des partenaires" : "service d’un partenaire", count: French.number(services), href: ServicesPaths.search.link()),
                .init(label: upcoming.total > 1 ? "événements à venir" : "événement à venir", count: French.number(upcoming.total), href: CommunityPaths.agenda.link()),
            ],
            audiences: try await Self.audiences(for: try await request.actor(), request: request),
            events: upcoming.rows.map { row in
                .init(title: row.title, href: Links.event(row.id), when: DateText.frenchDay(row.startsAt), place: EventPages.place(of: row, gazetteer: reference.gazetteer))
            },
            reports: reports.map { .init(label: $0.title, href: Links.knowledge($0.id)) },
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

    /// The ways in of each audience, as far as this visitor or account may take them: a visitor
    /// is offered to sign up with the audience already chosen; an account only what it may open.
    static func audiences(for actor: Policy.Actor, request: Request) async throws -> [HomeContext.Audience] {
        typealias Link = HomeContext.Link
        func signUp(_ profile: SignUpProfile) -> [Link] {
            actor.isSignedIn ? [] : [Link(label: "Créer un compte", href: AccountsPaths.signUp.link(query: [("profil", profile.rawValue)]))]
        }
        let publishes = !(try await PublisherPages.publishers(request)).isEmpty
        return [
            .init(title: "Une structure inclusive", text: "Rendez votre offre visible des acheteurs et des partenaires, recevez les besoins d’achat qui vous concernent.",
                  actions: [Link(label: "Voir les besoins d’achat", href: PurchasingPaths.needs.link())] + signUp(.structure)),
            .init(title: "Un acheteur public ou privé", text: "Mesurez ce que l’offre inclusive peut prendre d’un achat, puis déposez le besoin avec la clause qui convient.",
                  actions: [Link(label: "Mesurer le potentiel d’un achat", href: PurchasingPaths.potential.link())]
                      + (NeedFormPages.offersNeedForm(to: actor) ? [Link(label: "Déposer un besoin", href: PurchasingPaths.newNeed.link())] : [])),
            .init(title: "Un prescripteur ou un partenaire", text: "Trouvez le service qui lève un frein à l’emploi autour de la personne, orientez-la, publiez vos services.",
                  actions: [Link(label: "Chercher un service", href: ServicesPaths.search.link())]
                      + (publishes ? [Link(label: "Mes services", href: ServicesPaths.mine.link())] : signUp(.partner))),
            .init(title: "Une entreprise", text: "Trouvez les structures inclusives de votre territoire pour vos achats, vos recrutements et vos partenariats.",
                  actions: [Link(label: "Chercher dans l’annuaire", href: Links.search([]))] + signUp(.company)),
            .init(title: "Facilitateur, services de l’État ou réseau", text: "Suivez les besoins et les heures d’insertion de votre territoire, partagez ce qui marche.",
                  actions: (actor.moderatesNeeds ? [Link(label: "Tableau de bord des achats", href: PurchasingPaths.dashboard.link())] : signUp(.facilitator))
                      + [Link(label: "Ce qui marche", href: CommunityPaths.knowledge.link())]),
        ]
    }

    struct GlossaryContext: Encodable {
        struct Entry: Encodable {
            var id: String
            var term: String
            var definition: String
        }

        var layout: Layout
        var entries: [Entry]
    }

    /// The words of the field and of the platform, each with its anchor for the pages that link to it.
    @Sendable
    func glossary(request: Request) async throws -> View {
        let glossary = try Self.glossary(resources: request.application.directory.resourcesDirectory)
        return try await request.view.render("platform/glossary", GlossaryContext(
            layout: Layout(title: "Glossaire — Passerelle", section: "", breadcrumbs: [Layout.Crumb(label: "Glossaire")], request: request),
            entries: glossary.entries.map { .init(id: $0.id, term: $0.term, definition: $0.definition) }
        ))
    }

    /// The glossary as its editors wrote it (`Content/glossaire.csv`), read at each visit: a
    /// change shows without a restart.
    static func glossary(resources: String) throws -> Glossary {
        let text = try String(contentsOfFile: resources + "Content/glossaire.csv", encoding: .utf8)
        do { return try Glossary.read(text) } catch { throw Abort(.internalServerError, reason: error.message) }
    }

    /// The feeds and exports that belong to the modules' pages, besides the API's own.
    struct DevelopersContext: Encodable {
        var layout: Layout
        var agendaCalendar: String
        var servicesCSV: String
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
