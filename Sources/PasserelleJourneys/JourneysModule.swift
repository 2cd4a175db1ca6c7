import Fluent
import PasserelleAccounts
import PasserellePlatform
import PasserellePurchasing
import Vapor

/// The journeys of the people the structures accompany, from hiring to a lasting job. Its rules
/// come first: IAE eligibility, versioned by effective day, and the contracts' legal bounds.
package enum JourneysModule: ModuleDefinition {
    package static let module = ProductModule.journeys
    package static let templateLinks: [String: PagePath] = ["journeyRules": JourneysPaths.rules, "eligibilityAdmin": JourneysPaths.eligibilityAdmin, "people": JourneysPaths.people,
                                                                   "personHours": JourneysPaths.hours]

    package static func configure(_ app: Application) {
        app.setModuleState(ContractRules.load(resources: app.directory.resourcesDirectory))
        Workspace.register(organisation: JourneysWorkspace.organisationItems, on: app)
        // A need's month of insertion hours may not be declared below what its people did.
        PurchasingParticipants.register({ purchasing in
            purchasing.attributedHours = { need, month, database in try await PersonHoursStore.attributed(need: need, month: month, on: database) }
        }, on: app)
    }

    package static var migrations: [any AsyncMigration] { [M0023CreateEligibilityRuleSets(), M0024CreatePeople(), M0025CreatePlans(), M0026AddPersonAnonymisation(), M0027AddBarrierReferral(),
                                                          M0028CreatePersonHours(), M0029CreatePersonShares(),
                                                          M0030CreateApprovalChanges()] }
    package static let apiOperations: Set<String> = ["getEligibilityCriteria", "checkEligibility", "checkContract", "listPeople", "getPerson", "getPersonTimeline", "getJourneyStats"]

    package static func registerPages(on pages: any RoutesBuilder) throws {
        try pages.register(collection: RulesPages())
        try pages.register(collection: EligibilityAdminPages())
        try pages.register(collection: PeoplePages())
        try pages.register(collection: HirePages())
        try pages.register(collection: PlanPages())
        try pages.register(collection: DashboardPages())
        try pages.register(collection: PersonDataPages())
        try pages.register(collection: BarrierReferralPages())
        try pages.register(collection: PersonHoursPages())
        try pages.register(collection: PeopleImportPages())
        try pages.register(collection: SharePages())
        try pages.register(collection: ApprovalPages())
    }

    package static func jobs(_ app: Application) -> [PeriodicJob] { [
        JourneyRetentionJob.job(), FollowUpReminders.job(), AppointmentReminders.job(), BarrierReferralSync.job(),
    ] }

    package static func loadDemo(_ app: Application) async throws {
        try await DemoJourneys.load(app)
    }

    package static func loadFirstContent(_ app: Application) async throws {
        if let problem = app.contractRules.problem { throw Abort(.internalServerError, reason: problem) }
        try await EligibilityRuleStore.loadReference(resources: app.directory.resourcesDirectory, on: app.db)
    }
}
