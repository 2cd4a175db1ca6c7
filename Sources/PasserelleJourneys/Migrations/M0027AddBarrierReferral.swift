import Fluent
import PasserellePlatform

/// The referral started from a barrier (a row of the services' module, read through its store,
/// hence no foreign key) and the last answer of it the barrier took into account.
package struct M0027AddBarrierReferral: AsyncMigration {
    package var name: String { "0027-add-barrier-referral" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("plan_barriers").field("referral_id", .uuid).update()
        try await database.schema("plan_barriers").field("referral_state", .string).update()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("plan_barriers").deleteField("referral_state").update()
        try await database.schema("plan_barriers").deleteField("referral_id").update()
    }
}
