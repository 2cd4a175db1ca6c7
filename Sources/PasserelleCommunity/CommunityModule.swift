import Fluent
import PasserelleAccounts
import PasserelleDirectory
import PasserellePlatform
import Vapor

/// Events and their registrations, the knowledge base, and the first content of the 2023 meeting.
package enum CommunityModule: ModuleDefinition {
    package static let module = ProductModule.community
    package static let templateLinks: [String: PagePath] = [
        "agenda": CommunityPaths.agenda, "newEvent": CommunityPaths.newEvent, "myRegistrations": CommunityPaths.myRegistrations, "themes": CommunityPaths.themes,
        "knowledge": CommunityPaths.knowledge, "propose": CommunityPaths.propose, "practices": CommunityPaths.practices,
        "myProposals": CommunityPaths.myProposals, "review": CommunityPaths.review,
    ]
    package static var migrations: [any AsyncMigration] { [M0017CreateEvents(), M0018CreateKnowledge()] }
    package static let apiOperations: Set<String> = [
        "listEvents", "eventsCalendar", "getEvent", "registerToEvent", "cancelEventRegistration", "listReports", "getReport",
    ]
    package static var accountParticipants: [AccountParticipant] { [RegistrationFlows.accountParticipant] }

    /// A structure's profile lists its published reports.
    package static func configure(_ app: Application) {
        Workspace.register(personal: CommunityWorkspace.personalItems, on: app)
        DirectoryParticipants.register({ directory in
            directory.reports = { structure, database in
                try await KnowledgeStore.reports(of: structure, on: database).map { .init(title: $0.title, href: Links.knowledge($0.id)) }
            }
        }, on: app)
    }

    package static func registerPages(on pages: any RoutesBuilder) throws {
        try pages.register(collection: EventPages())
        try pages.register(collection: OrganiserPages())
        try pages.register(collection: KnowledgePages())
        try pages.register(collection: EventFormPages())
        try pages.register(collection: SessionPages())
        try pages.register(collection: ThemePages())
    }

    package static func loadFirstContent(_ app: Application) async throws {
        try await Meeting2023.load(app)
    }

    package static func loadDemo(_ app: Application) async throws {
        try await DemoEvents.load(app)
    }

    package static func jobs(_ app: Application) -> [PeriodicJob] { [EventReminders.job()] }
}
