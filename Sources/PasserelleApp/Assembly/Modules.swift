import Fluent
import PasserelleAccounts
import PasserelleCommunity
import PasserelleDirectory
import PasserelleJobs
import PasserelleJourneys
import PasserellePlatform
import PasserellePurchasing
import PasserelleServices
import PasserelleTerritory
import Vapor

/// The modules of the product, in the order of `ProductModule`: lower modules first, so that a
/// module's migrations, first content and demo data find those of the modules it builds on.
/// `configure`, `migrate`, `serve` and `--demo` all go through this list; a new module is added
/// here once (see docs/architecture.md, « Adding a module »).
enum Modules {
    static var all: [any ModuleDefinition.Type] {
        [PlatformModule.self, TerritoryModule.self, DirectoryModule.self, AccountsModule.self, PurchasingModule.self, ServicesModule.self, CommunityModule.self, JourneysModule.self, JobsModule.self]
    }

    /// Every migration, in the order of their names: the order they were written in, across modules.
    static var migrations: [any AsyncMigration] {
        all.flatMap { $0.migrations }.sorted { $0.name < $1.name }
    }

    static var referenceFiles: [ReferenceFile] { all.flatMap { $0.referenceFiles } }

    static var accountParticipants: AccountParticipants { AccountParticipants(all.flatMap { $0.accountParticipants }) }

    static func configure(_ app: Application) {
        for module in all { module.configure(app) }
        app.setModuleState(TemplateLinks(byName: templateLinks.mapValues { $0.link() }))
    }

    /// Every module's template links; a name given twice is a mistake that `ModulesTests` catches.
    static var templateLinks: [String: PagePath] {
        all.reduce(into: [:]) { links, module in links.merge(module.templateLinks) { first, _ in first } }
    }

    static func registerPages(on pages: any RoutesBuilder) throws {
        for module in all { try module.registerPages(on: pages) }
    }

    static func loadFirstContent(_ app: Application) async throws {
        for module in all { try await module.loadFirstContent(app) }
    }

    /// `leaving` out some modules' demo data: the tests' demo database has no demo needs, the
    /// purchasing tests publish and count their own.
    static func loadDemo(_ app: Application, leaving: Set<ProductModule> = []) async throws {
        for module in all where !leaving.contains(module.module) { try await module.loadDemo(app) }
    }

    static func jobs(_ app: Application) -> [PeriodicJob] { all.flatMap { $0.jobs(app) } }
}
