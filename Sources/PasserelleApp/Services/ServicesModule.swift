import Fluent
import PasserelleDirectory
import PasserellePlatform
import Vapor

/// Partner services that lift barriers to employment, their search, and referrals to them.
enum ServicesModule: ModuleDefinition {
    static let module = ProductModule.services
    static let templateLinks: [String: PagePath] = [
        "services": ServicesPaths.search, "myServices": ServicesPaths.mine, "newService": ServicesPaths.newService, "barriers": ServicesPaths.barriers,
        "referrals": ServicesPaths.referrals,
    ]

    static func configure(_ app: Application) {
        app.setModuleState(ServiceIndexCache())
    }
    static var migrations: [any AsyncMigration] { [M0019CreateServices(), M0020CreateReferrals()] }
    static let apiOperations: Set<String> = [
        "listServices", "createService", "updateService", "getService", "getServiceDataInclusion", "createReferral", "getReferral",
    ]

    static func registerPages(on pages: any RoutesBuilder) throws {
        try pages.register(collection: ServicePages())
        try pages.register(collection: ServiceSearchPages())
        try pages.register(collection: ReferralPages())
        try pages.register(collection: PublisherPages())
        try pages.register(collection: BarrierPages())
    }

    static func loadDemo(_ app: Application) async throws {
        try await DemoServices.load(app)
        try await DemoReferrals.load(app)
    }

    static func jobs(_ app: Application) -> [PeriodicJob] { [ReferralFlows.job(), ServiceReviews.job()] }
}
