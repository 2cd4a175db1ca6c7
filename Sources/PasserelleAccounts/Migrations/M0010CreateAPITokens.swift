import Fluent
import PasserelleDirectory
import PasserellePlatform

/// API tokens of users; only their SHA-256 hash is stored.
package struct M0010CreateAPITokens: AsyncMigration {
    package var name: String { "0010-create-api-tokens" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("api_tokens")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("token_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_used_at", .datetime)
            .field("revoked_at", .datetime)
            .unique(on: "token_hash")
            .create()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("api_tokens").delete()
    }
}
