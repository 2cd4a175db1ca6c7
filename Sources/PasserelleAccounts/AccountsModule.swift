import Fluent
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import Vapor

/// Accounts, organisations and their teams, claims of profiles, the back-office.
package enum AccountsModule: ModuleDefinition {
    package static let module = ProductModule.accounts
    package static let templateLinks: [String: PagePath] = [
        "login": AccountsPaths.login, "logout": AccountsPaths.logout, "signUp": AccountsPaths.signUp, "forgottenPassword": AccountsPaths.forgottenPassword,
        "account": AccountsPaths.account, "workspace": AccountsPaths.workspace, "changePassword": AccountsPaths.changePassword, "changeEmail": AccountsPaths.changeEmail,
        "tokens": AccountsPaths.tokens, "personalData": AccountsPaths.personalData, "deleteAccount": AccountsPaths.deleteAccount,
        "backOffice": PlatformPaths.backOffice, "adminOrganisations": AccountsPaths.organisations, "adminUsers": AccountsPaths.users,
        "auditLog": AccountsPaths.auditLog, "claims": AccountsPaths.claims, "verifications": AccountsPaths.verifications,
        "onboarding": AccountsPaths.onboarding, "chooseProfile": AccountsPaths.chooseProfile, "newPassword": AccountsPaths.newPassword, "invitation": AccountsPaths.invitation,
    ]
    package static var migrations: [any AsyncMigration] {
        [M0005CreateAccounts(), M0007CreateOrganisations(), M0008AddTokenPayload(), M0009AddUserDeletion(), M0010CreateAPITokens(),
         M0011CreateClaims(), M0013CreateInvitationsAndJoinRequests(), M0021AddImportedPartners(), M0022AddOnboarding()]
    }
    package static let apiOperations: Set<String> = ["getMe", "createToken"]

    /// Who acts is known from the memberships, kept here; a visitor signs in on the log-in page.
    package static func configure(_ app: Application) {
        app.setModuleState(ActingRules(
            actor: { user, database in try await Policy.Actor.of(user, on: database) }, signIn: { Links.login(next: $0) },
            bearerUser: { token, request in try await APITokens.user(for: token, address: request.clientAddress, on: request.db) }))
        app.setModuleState(OrganisationWork())
        app.setModuleState(Workspace())
        // What the directory shows and does about accounts and organisations.
        DirectoryParticipants.register({ directory in
            directory.management = { structure, request in try await ClaimPages.management(of: structure, for: request) }
            directory.accountNames = { users, database in try await AccountQueries.names(of: users, on: database) }
            directory.members = { structure, database in
                try await OrganisationQueries.members(ofStructure: structure, on: database).map { (email: $0.email, name: $0.name) }
            }
            directory.savePartners = { partners, database, now in try await OrganisationQueries.savePartners(partners, on: database, now: now) }
        }, on: app)
    }

    package static func registerPages(on pages: any RoutesBuilder) throws {
        try pages.register(collection: AccountPages())
        try pages.register(collection: WorkspacePage())
        try pages.register(collection: OnboardingPages())
        try pages.register(collection: VerificationPages())
        try pages.register(collection: BackOfficePages())
        try pages.register(collection: ClaimPages())
        try pages.register(collection: TeamPages())
    }

    /// Mailed links a week after they expired, log-in throttles a day after the last failure,
    /// sessions after their lifetime.
    package static func prune(on database: any Database, auditRetentionDays: Int, now: Date) async throws -> [String: Int] {
        let pruned = try await AccountRetention.prune(on: database, now: now)
        return ["links": pruned.links, "throttles": pruned.throttles, "sessions": pruned.sessions]
    }

    package static func loadDemo(_ app: Application) async throws {
        try await DemoAccounts.load(on: app.db, hasher: app.password, logger: app.logger)
    }
}
