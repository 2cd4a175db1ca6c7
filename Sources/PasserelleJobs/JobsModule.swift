import Fluent
import PasserelleAccounts
import PasserellePlatform
import Vapor

/// Jobs and bridges: the offers of inclusive structures and companies, named in the ROME and
/// searched around a commune; the applications to them, answered from the employer's space or a
/// mailed link; the immersion agreements, within their legal bounds and signed by link; the
/// skills profiles, matched with the offers and read by companies under a pseudonym; the board of
/// the companies a structure's team prospects; the companies' own pages and the bridges they offer.
package enum JobsModule: ModuleDefinition {
    package static let module = ProductModule.jobs
    package static let templateLinks: [String: PagePath] = ["offers": JobsPaths.offers, "myOffers": JobsPaths.mine, "newOffer": JobsPaths.newOffer,
                                                                    "applications": JobsPaths.applications,
                                                                    "immersions": JobsPaths.immersions, "profiles": JobsPaths.profiles,
                                                                    "prospects": JobsPaths.prospects, "companies": JobsPaths.companies,
                                                                    "jobsSteering": JobsPaths.steering]

    package static func configure(_ app: Application) {
        app.setModuleState(JobsReference.load(resources: app.directory.resourcesDirectory))
        app.setModuleState(ProfileMatchIndex())
        Workspace.register(organisation: JobsWorkspace.organisationItems, on: app)
    }

    package static var migrations: [any AsyncMigration] {
        [M0032CreateJobOffers(), M0033CreateJobApplications(), M0034CreateImmersionAgreements(), M0035CreateSkillsProfiles(), M0036CreateCompanyProspects(), M0037CreateCompanyPages()]
    }
    package static let apiOperations: Set<String> = ["listOffers", "getOffer", "offersFeed", "checkImmersion", "createApplication", "listApplications", "getApplication",
                                                             "listImmersions", "getImmersion", "listProfiles", "listCompanies", "getCompany"]

    package static func registerPages(on pages: any RoutesBuilder) throws {
        try pages.register(collection: OfferPages())
        try pages.register(collection: OfferFormPages())
        try pages.register(collection: ApplicationPages())
        try pages.register(collection: WelcomePages())
        try pages.register(collection: ImmersionPages())
        try pages.register(collection: SignaturePages())
        try pages.register(collection: ProfilePages())
        try pages.register(collection: ProspectPages())
        try pages.register(collection: CompanyPages())
        try pages.register(collection: SteeringPages())
    }

    package static func jobs(_ app: Application) -> [PeriodicJob] { [OfferExpiry.job(), ApplicationFlows.job()] }

    package static func loadDemo(_ app: Application) async throws {
        try await DemoJobs.load(app)
    }

    package static func loadFirstContent(_ app: Application) async throws {
        if let problem = app.jobsReference.problem { throw Abort(.internalServerError, reason: problem) }
    }
}
