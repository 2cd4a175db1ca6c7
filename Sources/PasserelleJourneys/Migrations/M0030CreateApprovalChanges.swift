import Fluent
import PasserellePlatform
import SQLKit

/// The suspensions and extensions of a journey's IAE approval, from which its end is computed
/// anew (`Approval.end`) each time one is added.
package struct M0030CreateApprovalChanges: AsyncMigration {
    package var name: String { "0030-create-approval-changes" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("approval_changes")
            .id()
            .field("journey_id", .uuid, .required, .references("journeys", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("reason", .string, .required)
            .field("from_on", .string)
            .field("to_on", .string)
            .field("months", .int)
            .field("granted_by", .string)
            .field("recorded_by", .string, .required)
            .field("recorded_at", .datetime, .required)
            .create()
        try await database.sql.create(index: "approval_changes_by_journey").on("approval_changes").column("journey_id").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("approval_changes").delete()
    }
}
