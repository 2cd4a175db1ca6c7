import Fluent
import PasserelleAccounts
import PasserelleDirectory
import PasserellePlatform
import Vapor

/// Partner services that lift barriers to employment, their search, and referrals to them.
package enum ServicesModule: ModuleDefinition {
    package static let module = ProductModule.services
    package static let templateLinks: [String: PagePath] = [
        "services": ServicesPaths.search, "myServices": ServicesPaths.mine, "newService": ServicesPaths.newService, "barriers": ServicesPaths.barriers,
        "referrals": ServicesPaths.referrals,
    ]

    package static func configure(_ app: Application) {
        Workspace.register(organisation: ServicesWorkspace.organisationItems, on: app)
        app.setModuleState(ServiceIndexCache())
    }
    package static var migrations: [any AsyncMigration] { [M0019CreateServices(), M0020CreateReferrals()] }
    package static let apiOperations: Set<String> = [
        "listServices", "createService", "updateService", "getService", "getServiceDataInclusion", "createReferral", "getReferral",
    ]

    package static func registerPages(on pages: any RoutesBuilder) throws {
        try pages.register(collection: ServicePages())
        try pages.register(collection: ServiceSearchPages())
        try pages.register(collection: ReferralPages())
        try pages.register(collection: PublisherPages())
        try pages.register(collection: BarrierPages())
    }

    package static func loadDemo(_ app: Application) async throws {
        try await DemoServices.load(app)
        try await DemoReferrals.load(app)
    }

    package static func jobs(_ app: Application) -> [PeriodicJob] { [ReferralFlows.job(), ServiceReviews.job()] }
}
