import Fluent
import PasserelleDirectory
import PasserellePlatform
import SQLKit

/// Invitations to an organisation's team (a link mailed to one address, valid a week) and requests
/// to join a team, decided by its admins.
package struct M0013CreateInvitationsAndJoinRequests: AsyncMigration {
    package var name: String { "0013-create-invitations-and-join-requests" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("invitations")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
            .field("email", .string, .required)
            .field("role", .string, .required)
            .field("token_hash", .string, .required)
            .field("invited_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("accepted_at", .datetime)
            .field("revoked_at", .datetime)
            .unique(on: "token_hash")
            .create()
        try await database.schema("join_requests")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("message", .string, .required)
            .field("status", .string, .required)
            .field("created_at", .datetime, .required)
            .field("decided_at", .datetime)
            .field("decided_by", .string)
            .create()
        let sql = database.sql
        try await sql.create(index: "invitations_organisation").on("invitations").column("organisation_id").run()
        try await sql.create(index: "join_requests_organisation").on("join_requests").column("organisation_id").column("status").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("join_requests").delete()
        try await database.schema("invitations").delete()
    }
}
