import Fluent
import PasserelleCore
import PasserelleAccounts
import PasserelleDirectory
import PasserellePlatform
import Vapor

/// Purchasing needs, their dissemination to the structures that can answer, answers, groups,
/// awards and insertion hours.
package enum PurchasingModule: ModuleDefinition {
    package static let module = ProductModule.purchasing
    package static let templateLinks: [String: PagePath] = [
        "needs": PurchasingPaths.needs, "newNeed": PurchasingPaths.newNeed, "myNeeds": PurchasingPaths.mine, "moderation": PurchasingPaths.moderation,
        "hours": PurchasingPaths.hours, "dashboard": PurchasingPaths.dashboard, "potential": PurchasingPaths.potential, "awarded": PurchasingPaths.awarded,
    ]

    package static func configure(_ app: Application) {
        app.setModuleState(PurchasingParticipants())
        let runner = Dissemination.Runner()
        app.setModuleState(runner)
        app.lifecycle.use(runner)
        // The account page and a profile's managers' box link to each organisation's purchasing work.
        OrganisationWork.register({ work in
            work.link = { kind, structure in
                switch kind {
                case .structure: structure.map { ("Opportunités d’achat", Links.opportunities($0)) }
                case .publicBuyer, .privateBuyer: ("Mes besoins d’achat", PurchasingPaths.mine.link())
                case .facilitator, .steward: ("Besoins à valider et heures d’insertion", PurchasingPaths.moderation.link())
                default: nil
                }
            }
            work.unread = { structure, database in try await AnswerStore.unreadCount(of: structure, on: database) }
        }, on: app)
        Workspace.register(organisation: PurchasingWorkspace.organisationItems, personal: PurchasingWorkspace.personalItems, on: app)
        // A search that finds few structures invites whoever may post a need to post it, with
        // what was searched: the need reaches structures beyond the search's filters.
        DirectoryParticipants.register({ directory in
            directory.fewResults = { query, request in
                guard NeedFormPages.offersNeedForm(to: try await request.actor()) else { return nil }
                let prefill = NeedPrefill(sector: query.sectors.first, place: query.placeCode, radiusKm: query.near == nil ? nil : query.radiusKm)
                return FewResultsInvitation(
                    text: "Peu de structures pour cette recherche. Déposez votre besoin : il est proposé à toutes celles qui peuvent y répondre, "
                        + "y compris hors de ces filtres, et elles vous répondent.",
                    actionLabel: "Déposer un besoin d’achat", href: PurchasingPaths.newNeed.link(query: prefill.query))
            }
        }, on: app)
    }
    package static var migrations: [any AsyncMigration] {
        [M0014CreateNeeds(), M0015CreateDeliveriesAndAnswers(), M0016CreateGroupsOutcomesAndHours(), M0031AddAnswerReading()]
    }
    package static let apiOperations: Set<String> = [
        "listNeeds", "createNeed", "getNeed", "needsFeed", "needDeadlines", "listNeedAnswers", "answerNeed", "structureOpportunitiesFeed",
        "previewNeedMatches",
    ]

    package static func registerPages(on pages: any RoutesBuilder) throws {
        try pages.register(collection: NeedPages())
        try pages.register(collection: NeedFormPages())
        try pages.register(collection: GroupPages())
        try pages.register(collection: HoursPages())
        try pages.register(collection: DashboardPage())
        try pages.register(collection: PotentialPage())
        try pages.register(collection: AnswerPages())
    }

    package static func loadDemo(_ app: Application) async throws {
        try await DemoNeeds.load(app)
    }

    package static func jobs(_ app: Application) -> [PeriodicJob] { [Dissemination.job()] }
}
