import Fluent

/// Every migration, in the order they run. Append only: a migration that has landed is never
/// edited; a change of schema is a new step.
enum PasserelleMigrations {
    static let all: [any AsyncMigration] = [
        M0001CreatePlatformState(),
        M0002CreateTerritory(),
        M0003CreateSectors(),
        M0004CreateStructures(),
        M0005CreateAccounts(),
        M0006CreateOutbox(),
        M0007CreateOrganisations(),
        M0008AddTokenPayload(),
        M0009AddUserDeletion(),
        M0010CreateAPITokens(),
        M0011CreateClaims(),
        M0012AddEditorsAndModeration(),
        M0013CreateInvitationsAndJoinRequests(),
        M0014CreateNeeds(),
        M0015CreateDeliveriesAndAnswers(),
        M0016CreateGroupsOutcomesAndHours(),
        M0017CreateEvents(),
        M0018CreateKnowledge(),
        M0019CreateServices(),
        M0020CreateReferrals(),
        M0021AddImportedPartners(),
    ]
}

/// Key-value rows that instances share: the directory revision, the versions of reference data.
struct M0001CreatePlatformState: AsyncMigration {
    var name: String { "0001-create-platform-state" }

    func prepare(on database: any Database) async throws {
        try await database.schema("platform_state")
            .field("key", .string, .identifier(auto: false))
            .field("value", .string, .required)
            .field("updated_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("platform_state").delete()
    }
}
